import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `npm start` and the Docker image run the tsc build, not jest's transform. The two differ where module order
// matters: jest hoists every import, tsc's CommonJS output requires them in source order. A merge once left imports
// below the migration lists that use them; under jest all passed, and the built hub died at start. This loads the
// build's own modules in plain node.
const ROOT = join(__dirname, "..", "..");

it("the tsc build loads in plain node: the hub and both migration lists in timestamp order", () => {
  const out = mkdtempSync(join(tmpdir(), "hub-build-"));
  try {
    symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir"); // the build resolves the project's packages
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", out], { cwd: ROOT, stdio: "pipe" });
    const script = `
      require(${JSON.stringify(join(out, "src/hub.js"))});
      const m = require(${JSON.stringify(join(out, "src/db/migrations/index.js"))});
      const ts = (list) => list.map((c) => Number(/(\\d{13})$/.exec(c.name)[1]));
      console.log(JSON.stringify({ mysql: ts(m.MYSQL_MIGRATIONS), sqlite: ts(m.SQLITE_MIGRATIONS) }));`;
    const got = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, stdio: "pipe" }).toString().trim().split("\n").pop()!) as { mysql: number[]; sqlite: number[] };
    for (const list of [got.mysql, got.sqlite]) {
      expect(list.length).toBeGreaterThanOrEqual(21);
      expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    expect(got.mysql.length).toBe(got.sqlite.length);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 240_000);
