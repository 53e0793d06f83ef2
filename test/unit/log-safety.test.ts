import { Writable } from "node:stream";
import { createLogger } from "../../src/platform/logger";
import { scrubSqlText } from "../../src/platform/log-safety";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
  return { log: createLogger("debug", stream), text: () => lines.join("") };
}

const ID = "370502199001011234";
const PHONE = "13805461001";

describe("logs carry no personal data or secrets", () => {
  it("redacts known fields at any of the first levels", () => {
    const { log, text } = capture();
    log.info({ idNumber: ID, req: { headers: { authorization: "Bearer abc.def.ghi", cookie: "hub_admin=s3cr3t" } }, input: { petitioners: { phone: PHONE } }, client_secret: "cs-123456" }, "x");
    const out = text();
    for (const s of ["abc.def.ghi", "s3cr3t", "cs-123456", ID, PHONE]) expect(out).not.toContain(s);
    expect(out).toContain("[redacted]");
  });

  it("drops SQL parameters and inlined values from errors, keeping code, errno and the statement with ?", () => {
    const { log, text } = capture();
    const err = Object.assign(new Error(`Duplicate entry '${ID}' for key 'PRIMARY'`), {
      name: "QueryFailedError",
      query: "INSERT INTO `petitioner`(`id`, `name`) VALUES (?, ?)",
      parameters: [1, ID],
      sql: `INSERT INTO petitioner VALUES (1, '${ID}')`,
      code: "ER_DUP_ENTRY",
      errno: 1062,
      driverError: { sqlMessage: `Duplicate entry '${ID}'`, sql: `... '${ID}'` },
    });
    log.error({ err }, "failed");
    const line = JSON.parse(text());
    expect(line.err).toMatchObject({ code: "ER_DUP_ENTRY", errno: 1062, query: "INSERT INTO `petitioner`(`id`, `name`) VALUES (?, ?)", message: "Duplicate entry '?' for key 'PRIMARY'" });
    expect(line.err.parameters).toBeUndefined();
    expect(text()).not.toContain(ID);
    expect(text()).not.toContain(ID.slice(6, 14));
  });

  it("scrubs ID-number- and phone-shaped text anywhere in a line, but not timestamps or ids", () => {
    const { log, text } = capture();
    log.warn(`caller typed ${ID} and 138-0546-1001 into a reason; at 1795771000000 job 9a13805461001f`);
    expect(text()).not.toContain(ID);
    expect(text()).not.toContain("138-0546-1001");
    expect(text()).toContain("1795771000000");
    expect(text()).toContain("9a13805461001f");
  });

  it("SQL text loses literals but keeps identifiers", () => {
    expect(scrubSqlText("Data too long for column 'idNumberCipher' at row 1")).toBe("Data too long for column 'idNumberCipher' at row 1");
    expect(scrubSqlText(`WHERE a = 'O''Brien 3705' AND b = 13805461001 LIMIT 20`)).toBe("WHERE a = '?' AND b = ? LIMIT 20");
  });
});
