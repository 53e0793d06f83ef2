import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Redis from "ioredis";
import { loadDeliveryView } from "../../src/db/referral-queries";
import { countPendingPii, rotatePii } from "../../src/db/pii-rotation";
import { maskIdNumber, maskPhone } from "../../src/domain/access/personal-data";
import { Role } from "../../src/domain/petition-terms";
import { createLogger } from "../../src/platform/logger";
import { PiiCrypto } from "../../src/platform/pii-crypto";
import { loadPiiKeyRing, readKeyFile, withNewKey, withoutRetiredKeys, writeKeyFile } from "../../src/platform/pii-keys";
import { freshDatabaseUrl, startTestHub, TEST_DB_KIND, TestHub } from "../factories/test-hub";

// The test's personal data: resident ID numbers and phones that must appear nowhere at rest or in the log.
const PEOPLE = {
  liu: { name: "刘玉梅", idNumber: "370523197904232265", phone: "13805461018" },
  wang: { name: "王海燕", idNumber: "37050219880207124X", phone: "138-0546-1002" },
  sun: { name: "孙立华", idNumber: "370503197608153131", phone: "15905461003" },
};
const SECRETS = Object.values(PEOPLE).flatMap((p) => [p.idNumber, p.phone, p.phone.replace(/\D/g, ""), p.idNumber.slice(6, 14) + p.idNumber.slice(14)]);

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, cb) {
    logLines.push(String(chunk));
    cb();
  },
});
const log = createLogger("debug", logStream);

let dir: string;
let keysFile: string;
let db: { url: string; drop: () => Promise<void> };
let t: TestHub;
const env = () => ({ PII_KEYS_FILE: keysFile, LOG_LEVEL: "debug" });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pii-at-rest-"));
  keysFile = join(dir, "keys", "pii.json");
  db = await freshDatabaseUrl();
  t = await startTestHub(env(), db, { log });
}, 60_000);
afterAll(async () => {
  await t?.stop({ keepDatabase: true });
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function ok<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql<T>(token, query, variables);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

type Person = { name: string; idNumber: string | null; phone: string | null };
const PETITION = `id matterId state petitioners { name idNumber phone }`;
const submit = async (token: string, people: object[], summary = "残疾人两项补贴停发三个月，多次反映无果") => {
  const locality = String((await t.org("GRX_XFJ")).id);
  return (
    await ok<{ submitPetition: { id: string; matterId: string; petitioners: Person[] } }>(token, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { ${PETITION} } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: locality, summary, request: "请求恢复发放并补发", specialGroups: ["DISABLED"], petitioners: people },
    })
  ).submitPetition;
};

/** Every byte the database keeps: the SQLite file and its WAL, or a dump of the MariaDB schema. */
function databaseBytes(): string {
  if (TEST_DB_KIND === "sqlite") {
    const file = t.databaseUrl.replace(/^sqlite:/, "");
    return [file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("\n");
  }
  const u = new URL(t.databaseUrl);
  const args = ["--no-defaults", "-h", u.hostname, "-P", u.port, "-u", decodeURIComponent(u.username), `--password=${decodeURIComponent(u.password)}`, "--single-transaction", "--skip-lock-tables", "--skip-extended-insert", "--hex-blob", u.pathname.slice(1)];
  const dump = execFileSync("mariadb-dump", args, { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 }).toString("utf8");
  expect(dump).toContain("INSERT INTO `petitioner`"); // the dump really holds the rows
  return dump;
}

async function redisValues(prefix: string): Promise<string> {
  const r = new Redis(process.env.TEST_REDIS_URL!);
  try {
    const out: string[] = [];
    for (const key of await r.keys(`${prefix}:*`)) {
      const type = await r.type(key);
      if (type === "hash") out.push(JSON.stringify(await r.hgetall(key)));
      else if (type === "string") out.push((await r.get(key)) ?? "");
      else if (type === "stream") out.push(JSON.stringify(await r.xrange(key, "-", "+")));
    }
    return out.join("\n");
  } finally {
    r.disconnect();
  }
}

const found = (haystack: string) => SECRETS.filter((s) => haystack.includes(s));

const suggested = async (token: string, petitionId: string) =>
  (await ok<{ matterSuggestions: { petition: { id: string }; reasons: string[] }[] }>(token, `{ matterSuggestions(petitionId: "${petitionId}") { petition { id } reasons } }`)).matterSuggestions;

describe(`personal data at rest and in logs (${TEST_DB_KIND})`, () => {
  let firstId: string;
  let raisedPetitionId: string;

  it("a full lifecycle: clear and masked reads through HTTP, the same people suggested by blind index, a raised case", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "registrar-wang");
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER], "officer-li");
    const cl = await t.token("DY_CL", [Role.HANDLER], "cl-handler");
    const zjj = await t.token("DY_ZJJ", [Role.HANDLER], "zjj-handler");

    const p = await submit(registrar, [{ ...PEOPLE.liu, disabled: true }, PEOPLE.wang]);
    firstId = p.id;
    expect(p.petitioners).toEqual([
      { name: PEOPLE.liu.name, idNumber: PEOPLE.liu.idNumber, phone: PEOPLE.liu.phone },
      { name: PEOPLE.wang.name, idNumber: PEOPLE.wang.idNumber, phone: PEOPLE.wang.phone },
    ]);
    // Same facts, same people (in another order): a matter of its own (Art. 22), and the earlier item suggested by
    // the ID numbers' blind index; a person confirms the link (matters.test.ts).
    const again = await submit(registrar, [PEOPLE.wang, PEOPLE.liu]);
    expect(again.matterId).not.toBe(p.matterId);
    expect(await suggested(registrar, again.id)).toEqual([{ petition: { id: p.id }, reasons: ["SAME_PETITIONER_ID", "SAME_PETITIONER_PHONE", "SAME_UNIT", "SAME_REQUEST"] }]);
    // Same facts, another person: nothing suggested (the request is too generic to match without an identity).
    expect(await suggested(registrar, (await submit(registrar, [PEOPLE.sun])).id)).toEqual([]);

    // 残联's handler (referred at registration) gets the masked ID number (the stored copy, no decryption) and,
    // working the open referral, the phone in clear.
    const agencyView = await ok<{ petition: { petitioners: Person[] } }>(cl, `{ petition(id: "${p.id}") { petitioners { name idNumber phone } } }`);
    expect(agencyView.petition.petitioners).toEqual([
      { name: PEOPLE.liu.name, idNumber: maskIdNumber(PEOPLE.liu.idNumber), phone: PEOPLE.liu.phone },
      { name: PEOPLE.wang.name, idNumber: maskIdNumber(PEOPLE.wang.idNumber), phone: PEOPLE.wang.phone },
    ]);

    // Route, accept, answer; the handling department reads both fields masked.
    const zjjId = String((await t.org("DY_ZJJ")).id);
    await ok(registrar, `mutation { forwardPetition(id: "${p.id}", toOrgId: "${zjjId}") { id } }`);
    await ok(zjj, `mutation { acceptPetition(id: "${p.id}") { id } }`);
    const masked = await ok<{ petition: { petitioners: Person[] } }>(zjj, `{ petition(id: "${p.id}") { petitioners { name idNumber phone } } }`);
    expect(masked.petition.petitioners).toEqual([
      { name: PEOPLE.liu.name, idNumber: maskIdNumber(PEOPLE.liu.idNumber), phone: maskPhone(PEOPLE.liu.phone) },
      { name: PEOPLE.wang.name, idNumber: maskIdNumber(PEOPLE.wang.idNumber), phone: maskPhone(PEOPLE.wang.phone) },
    ]);
    await ok(zjj, `mutation { startHandling(id: "${p.id}") { id } }`);
    await ok(zjj, `mutation { answerPetition(id: "${p.id}", outcome: SUPPORT, text: "支持：恢复发放两项补贴并补发") { id } }`);

    // The referral to 残联: what a delivery would carry holds masked phones only; the agency answers.
    const refs = await ok<{ petition: { referrals: { id: string; agency: { code: string } }[] } }>(officer, `{ petition(id: "${p.id}") { referrals { id agency { code } } } }`);
    const ref = refs.petition.referrals.find((r) => r.agency.code === "DY_CL")!;
    const view = await loadDeliveryView(t.hub.deps.db, Number(ref.id));
    expect(view!.petitioners).toEqual([
      { name: PEOPLE.liu.name, phoneMasked: maskPhone(PEOPLE.liu.phone) },
      { name: PEOPLE.wang.name, phoneMasked: maskPhone(PEOPLE.wang.phone) },
    ]);
    const clSystem = await t.token("DY_CL", [Role.AGENCY_SYSTEM], "system:DY_CL");
    await ok(clSystem, `mutation { acknowledgeReferral(id: "${ref.id}") { id } }`);
    await ok(clSystem, `mutation { respondToReferral(id: "${ref.id}", input: { opinion: "已协调民政部门恢复发放", attachments: [] }) { state } }`);

    // An agency raises a case with an ID number and phone; the bureau registers it; the values survive.
    const fl = await t.token("DY_FL", [Role.AGENCY_SYSTEM], "system:DY_FL");
    const locality = String((await t.org("HKQ_XFJ")).id);
    const raised = await ok<{ raiseReferral: { id: string } }>(fl, `mutation($i: RaiseReferralInput!) { raiseReferral(input: $i) { id } }`, {
      i: { category: "APPEAL_REQUEST", localityOrgId: locality, summary: "妇联接访：抚养费长期未付", request: "请求协调执行", specialGroups: ["WOMEN_CHILDREN"], petitioners: [{ name: PEOPLE.sun.name, idNumber: PEOPLE.sun.idNumber, phone: PEOPLE.sun.phone }] },
    });
    const reg = await ok<{ registerRaisedReferral: { id: string; petitioners: Person[] } }>(registrar, `mutation { registerRaisedReferral(id: "${raised.raiseReferral.id}") { id petitioners { name idNumber phone } } }`);
    raisedPetitionId = reg.registerRaisedReferral.id;
    expect(reg.registerRaisedReferral.petitioners).toEqual([{ name: PEOPLE.sun.name, idNumber: PEOPLE.sun.idNumber, phone: PEOPLE.sun.phone }]);

    // The README's queries.
    const list = await ok<{ petitions: { nodes: { petitioners: Person[] }[] } }>(
      officer,
      `{ petitions(first: 10) { nodes { number state category specialGroups problemLocality { name } currentHandler { name } petitioners { name idNumber phone } deadlines(openOnly: true) { kind dueAt warning } } } }`,
    );
    expect(list.petitions.nodes.flatMap((n) => n.petitioners.map((x) => x.idNumber)).sort()).toEqual([PEOPLE.liu.idNumber, PEOPLE.liu.idNumber, PEOPLE.sun.idNumber, PEOPLE.sun.idNumber, PEOPLE.wang.idNumber, PEOPLE.wang.idNumber].sort());
    await ok(officer, `{ referrals(first: 20) { nodes { state agency { name } timeline { event at } } } agencyBacklog { agencyCode open overdue averageResponseHours } }`);

    // A failed statement that carries an ID number as a parameter, logged by the hub's logger.
    const failing =
      TEST_DB_KIND === "sqlite"
        ? t.hub.deps.db.query("INSERT INTO petitioner (petitionId, name, idNumberCipher) VALUES (?, NULL, ?)", [Number(p.id), PEOPLE.liu.idNumber])
        : t.hub.deps.db.query("INSERT INTO petitioner (petitionId, name) VALUES (?, ?)", [`id:${PEOPLE.wang.idNumber}`, "x"]); // "Incorrect integer value: 'id:…'"
    const err = await failing.then(() => null, (e: unknown) => e);
    const carried = TEST_DB_KIND === "sqlite" ? PEOPLE.liu.idNumber : PEOPLE.wang.idNumber;
    expect(err).toMatchObject({ name: "QueryFailedError" });
    expect(JSON.stringify((err as { parameters: unknown }).parameters)).toContain(carried);
    if (TEST_DB_KIND !== "sqlite") expect(String((err as Error).message)).toContain(carried); // MariaDB quotes the value
    t.hub.deps.log.error({ err, input: { petitioners: [PEOPLE.liu] } }, "statement failed");
    await new Promise((r) => setTimeout(r, 300)); // let the relay and workers log their debug lines too
  }, 60_000);

  it("no plain ID number or phone in the database, the queue, or the log", async () => {
    const logText = logLines.join("");
    expect(logText).toContain("statement failed");
    expect(logText).toMatch(/"errno":\d+|"code":"SQLITE_CONSTRAINT/);
    expect(found(logText)).toEqual([]);
    expect(found(databaseBytes())).toEqual([]);
    expect(found(await redisValues(t.queuePrefix))).toEqual([]);
    // What is stored instead: ciphertexts under the current key, masked copies and keyed indexes.
    const rows: Record<string, string>[] = await t.hub.deps.db.query("SELECT idNumberCipher, idNumberMasked, idNumberIndex, phoneCipher FROM petitioner ORDER BY id");
    expect(rows.length).toBe(6);
    for (const r of rows) {
      expect(r.idNumberCipher).toMatch(/^v1:k1:/);
      expect(r.phoneCipher).toMatch(/^v1:k1:/);
      expect(r.idNumberIndex).toMatch(/^i1:[0-9a-f]{64}$/);
      expect(r.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
  });

  it("rotation re-encrypts every value under the new keys; values still decrypt, the same people are still suggested, old keys can go", async () => {
    const before = readKeyFile(keysFile);
    writeKeyFile(keysFile, withNewKey(withNewKey(before, "data"), "index"));
    const pii = new PiiCrypto(loadPiiKeyRing({ NODE_ENV: "test", PII_CIPHER: "aes-256-gcm", PII_KEYS_FILE: keysFile }));
    const report = await rotatePii(t.hub.deps.db, pii, { batchSize: 4 });
    // Four items, each on a matter of its own: four fingerprints re-keyed.
    expect(report).toEqual({ petitioners: 6, raisedReferrals: 1, matters: 4 });
    expect(await rotatePii(t.hub.deps.db, pii)).toEqual({ petitioners: 0, raisedReferrals: 0, matters: 0 });

    const stored = JSON.stringify(await t.hub.deps.db.query("SELECT p.idNumberCipher, p.idNumberIndex, p.phoneCipher, p.phoneIndex, m.factsFingerprint FROM petitioner p JOIN petition x ON x.id = p.petitionId JOIN matter m ON m.id = x.matterId"));
    expect(stored).not.toMatch(/v1:k1:|"i1:/);
    expect(stored).toMatch(/v1:k2:/);
    const raised: { raised: string }[] = await t.hub.deps.db.query("SELECT raised FROM referral WHERE raised IS NOT NULL");
    expect(raised[0].raised).toMatch(/v1:k2:/);
    expect(raised[0].raised).not.toMatch(/v1:k1:/);

    // Only the new keys from here on: a hub on the same database reads every value and still finds the same people.
    writeKeyFile(keysFile, withoutRetiredKeys(readKeyFile(keysFile)));
    await t.stop({ keepDatabase: true });
    t = await startTestHub(env(), db, { log });
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER], "officer-li");
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "registrar-wang");
    const read = await ok<{ petition: { matterId: string; petitioners: Person[] } }>(officer, `{ petition(id: "${firstId}") { matterId petitioners { name idNumber phone } } }`);
    expect(read.petition.petitioners.map((x) => [x.idNumber, x.phone])).toEqual([
      [PEOPLE.liu.idNumber, PEOPLE.liu.phone],
      [PEOPLE.wang.idNumber, PEOPLE.wang.phone],
    ]);
    const raisedRead = await ok<{ petition: { petitioners: Person[] } }>(officer, `{ petition(id: "${raisedPetitionId}") { petitioners { idNumber } } }`);
    expect(raisedRead.petition.petitioners[0].idNumber).toBe(PEOPLE.sun.idNumber);
    const later = await submit(registrar, [PEOPLE.liu, PEOPLE.wang]);
    expect((await suggested(registrar, later.id)).map((x) => x.petition.id)).toContain(firstId);
    expect(found(databaseBytes())).toEqual([]);
  }, 60_000);

  it("rows left in clear by an older version are counted, and encrypted when the hub starts (outside production)", async () => {
    const legacy = { idNumber: "370521196803022170", phone: "13905461004" };
    await t.hub.deps.db.query("INSERT INTO petitioner (petitionId, name, idNumberCipher, phoneCipher, representative, disabled, veteran) VALUES (?, ?, ?, ?, 0, 0, 0)", [Number(firstId), "张学文", legacy.idNumber, legacy.phone]);
    expect(await countPendingPii(t.hub.deps.db, t.hub.deps.pii)).toEqual({ petitioners: 1, raisedReferrals: 0, matters: 0 });
    await t.stop({ keepDatabase: true });
    t = await startTestHub(env(), db, { log });
    expect(await countPendingPii(t.hub.deps.db, t.hub.deps.pii)).toEqual({ petitioners: 0, raisedReferrals: 0, matters: 0 });
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER], "officer-li");
    const read = await ok<{ petition: { petitioners: Person[] } }>(officer, `{ petition(id: "${firstId}") { petitioners { name idNumber phone } } }`);
    expect(read.petition.petitioners[2]).toEqual({ name: "张学文", idNumber: legacy.idNumber, phone: legacy.phone });
    const bytes = databaseBytes(); // SQLite: the pass truncated the WAL and vacuumed, so the clear value is gone from the file
    expect([legacy.idNumber, legacy.phone].filter((v) => bytes.includes(v))).toEqual([]);
  }, 60_000);
});
