import { ChildProcess, spawn } from "node:child_process";
import { TEST_PARTNER_KEYS_JSON } from "../factories/partner-keys";
import { join } from "node:path";

/**
 * Runs `src/main.ts` in a child process (real process, real signals) with the given environment; used by the
 * crash tests. Resolves once the process logged its start line. `opts.cwd` runs it in another directory (its
 * `.data/`), `opts.unset` removes inherited variables (e.g. REDIS_URL, for the embedded default).
 */
export async function startHubProcess(env: Record<string, string>, opts: { cwd?: string; unset?: string[] } = {}): Promise<{ child: ChildProcess; output: () => string; kill9: () => Promise<void> }> {
  const root = join(__dirname, "..", "..");
  const inherited = { ...process.env };
  for (const name of opts.unset ?? []) delete inherited[name];
  const child = spawn(process.execPath, ["--require", join(root, "test/support/swc-register.js"), join(root, "src/main.ts")], {
    cwd: opts.cwd ?? root,
    env: { ...inherited, LOG_LEVEL: "info", PARTNER_KEYS_JSON: TEST_PARTNER_KEYS_JSON, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`hub process did not start:\n${out}`)), 30_000);
    const check = () => {
      if (/petition-hub (ready|worker running)/.test(out)) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`hub process exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    kill9: async () => {
      // A process that died of a signal has exitCode null and signalCode set: it is gone all the same.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
