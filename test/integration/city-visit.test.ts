import { submitPetition } from "../../src/commands/submit-petition";
import { linkPetitionToMatter } from "../../src/commands/link-petition-to-matter";
import { sweepCityVisitLetters } from "../../src/commands/sweep-city-visit-letters";
import { Principal } from "../../src/domain/access/principal";
import { Category, Channel, Role } from "../../src/domain/petition-terms";
import { SubmitPetitionInput } from "../../src/commands/petition-input";
import { principalForOrg } from "../../src/db/org-tree";
import { startTestHub, TestHub } from "../factories/test-hub";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The fast track for city visits (来市上访顶格办理), on both backends: what registration opens (and does not), its
// atomicity, numbering, letter responses and supervision, buck-passing, Art. 19, and who sees what.
let t: TestHub;
const ids: Record<string, number> = {};
let bureauP: Principal;
let grxP: Principal;
let bureau = "";
let grx = "";
let ljx = "";
let zjj = "";

const visit = (over: Partial<SubmitPetitionInput> = {}): SubmitPetitionInput =>
  ({ channel: Channel.VISIT, category: Category.APPEAL_REQUEST, localityOrgId: ids.GRX_XFJ, summary: "征地补偿款未足额发放", request: "请求足额发放补偿款", headcount: 3, petitioners: [{ name: "张某", idNumber: "370523197001010011", phone: "13900001111" }], ...over }) as SubmitPetitionInput;
const at = (iso: string) => new Date(iso);
const db = () => t.hub.deps.db;
const count = async (table: string, where = "1=1", params: unknown[] = []) => Number((await db().query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);
const LETTER = `id kind number seq year recipientOrgId title requiredResponse paragraphs responseDueAt respondedAt declaredNotOwn supervisedAt documentId sha256`;
const ENTRY = `id petitionId reason localityOrgId reviewDueAt resolutionDueAt levelSkipped acceptance notToBeAcceptedHere lowerPetitionId listed delistReason letters { ${LETTER} }`;
type Letter = { id: string; kind: string; number: string; responseDueAt: string; paragraphs: string[]; respondedAt: string | null; supervisedAt: string | null; requiredResponse: string; title: string; declaredNotOwn: boolean };
type Entry = { id: string; petitionId: string; reviewDueAt: string; resolutionDueAt: string; levelSkipped: boolean; acceptance: string; notToBeAcceptedHere: boolean; lowerPetitionId: string | null; listed: boolean; localityOrgId: string; letters: Letter[] };
const listOf = async (token: string, args = "") => {
  const r = await t.gql<{ cityControlList: Entry[] }>(token, `{ cityControlList(first: 50${args}) { ${ENTRY} } }`);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.cityControlList;
};
const entryOf = async (petitionId: number) => (await listOf(bureau)).find((e) => e.petitionId === String(petitionId));
const respond = (token: string, letterId: string, notOurMatter = false) =>
  t.gql<{ respondToCityVisitLetter: Letter }>(token, `mutation($l: ID!, $i: CityVisitLetterResponseInput!) { respondToCityVisitLetter(letterId: $l, input: $i) { ${LETTER} } }`, { l: letterId, i: { text: "已落实稳控措施，包案领导为副县长", notOurMatter } });

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ"]) ids[code] = (await t.org(code)).id;
  bureauP = await principalForOrg(db(), await t.org("DY_XFJ"), "bureau-registrar", [Role.REGISTRAR, Role.CASE_OFFICER]);
  grxP = await principalForOrg(db(), await t.org("GRX_XFJ"), "grx-registrar", [Role.REGISTRAR, Role.CASE_OFFICER]);
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
  zjj = await t.token("DY_ZJJ", [Role.HANDLER], "zjj-handler");
});
afterAll(() => t?.stop());

describe("registering a visit at the city bureau", () => {
  it("opens the 市控 entry, three numbered letters and the resolution deadline, in the registration", async () => {
    // 2024-03-02 09:00 Beijing = 01:00 UTC.
    const now = at("2024-03-02T01:00:00.000Z");
    const p = await submitPetition(t.hub.deps, { principal: bureauP, now }, visit({ receivedAt: now }));
    const e = (await entryOf(p.id))!;
    expect(e).toMatchObject({
      localityOrgId: String(ids.GRX_XFJ),
      // Default 30 days to review, 60 days to resolve (of 24 hours from registration): hand-worked.
      reviewDueAt: "2024-04-01T01:00:00.000Z",
      resolutionDueAt: "2024-05-01T01:00:00.000Z",
      // Registered on a matter of its own: no earlier lower-level item, so it skipped levels; accepted here.
      levelSkipped: true,
      acceptance: "ACCEPT_HERE",
      notToBeAcceptedHere: false,
      listed: true,
    });
    expect(e.letters.map((l) => [l.kind, l.number, l.responseDueAt])).toEqual([
      ["EARLY_WARNING_REMINDER", "东信预〔2024〕1号", "2024-03-05T01:00:00.000Z"],
      ["RESOLUTION_PROJECT", "东信立〔2024〕1号", "2024-03-09T01:00:00.000Z"],
      ["STABILITY_ASSIGNMENT", "东信交〔2024〕1号", "2024-03-07T01:00:00.000Z"],
    ]);
    const project = e.letters[1];
    expect(project.title).toBe("化解工作立项函");
    expect(project.requiredResponse).toBe("书面反馈化解方案（包案领导、化解措施、时间节点）");
    expect(project.paragraphs).toEqual([
      "广饶县信访局：",
      `经研究，对你地信访事项（编号${p.number}）予以立项化解，市信访局督办，化解期限至2024年5月1日。`,
      "请于2024年3月9日前报送化解方案，明确包案领导、化解措施和时间节点。",
    ]);
    expect(e.letters[0].paragraphs[1]).toBe(`2024年3月2日，你地信访事项（编号${p.number}，3人）到市走访反映：征地补偿款未足额发放。`);
    // No personal data in the letters.
    expect(JSON.stringify(e.letters)).not.toMatch(/张某|370523197001010011|13900001111/);
    const [{ n }] = await db().query("SELECT COUNT(*) AS n FROM outbox WHERE type = 'cityVisit.fastTrackOpened' AND aggregateId = ?", [String(p.id)]);
    expect(Number(n)).toBe(1);
  });

  it("numbers continue within the year, per kind, and restart the next year", async () => {
    const second = await submitPetition(t.hub.deps, { principal: bureauP, now: at("2024-06-01T01:00:00Z") }, visit({ receivedAt: at("2024-06-01T01:00:00Z") }));
    expect((await entryOf(second.id))!.letters.map((l) => l.number)).toEqual(["东信预〔2024〕2号", "东信立〔2024〕2号", "东信交〔2024〕2号"]);
    // 2024-12-31 23:30 Beijing is still 2024 (15:30 UTC); 2025-01-01 00:30 Beijing is 2025 though 2024 in UTC.
    const late = await submitPetition(t.hub.deps, { principal: bureauP, now: at("2024-12-31T15:30:00Z") }, visit({ receivedAt: at("2024-12-31T15:30:00Z") }));
    expect((await entryOf(late.id))!.letters[0].number).toBe("东信预〔2024〕3号");
    const next = await submitPetition(t.hub.deps, { principal: bureauP, now: at("2024-12-31T16:30:00Z") }, visit({ receivedAt: at("2024-12-31T16:30:00Z") }));
    expect((await entryOf(next.id))!.letters.map((l) => l.number)).toEqual(["东信预〔2025〕1号", "东信立〔2025〕1号", "东信交〔2025〕1号"]);
  });

  it("concurrent city visits never share a letter number", async () => {
    const now = at("2023-05-01T01:00:00Z");
    const made = await Promise.all([1, 2, 3, 4].map(() => submitPetition(t.hub.deps, { principal: bureauP, now }, visit({ receivedAt: now }))));
    const numbers = (await Promise.all(made.map(async (p) => (await entryOf(p.id))!.letters[0].number))).sort();
    expect(numbers).toEqual(["东信预〔2023〕1号", "东信预〔2023〕2号", "东信预〔2023〕3号", "东信预〔2023〕4号"]);
  });

  it("a county-level visit or a letter registered at the city opens nothing", async () => {
    const before = [await count("city_control_entry"), await count("city_visit_letter")];
    await submitPetition(t.hub.deps, { principal: grxP }, visit());
    await submitPetition(t.hub.deps, { principal: bureauP }, visit({ channel: Channel.LETTER }));
    expect([await count("city_control_entry"), await count("city_visit_letter")]).toEqual(before);
  });

  it("a failure mid-way leaves nothing: no petition, no 市控 entry, no letters, no counters, no events", async () => {
    const tables = ["petition", "city_control_entry", "city_visit_letter", "deadline", "outbox", "letter_counter"];
    const before = await Promise.all(tables.map((x) => count(x)));
    const counter = await db().query("SELECT kind, year, lastSeq FROM letter_counter ORDER BY kind, year");
    let calls = 0;
    const failing = { ...t.hub.deps, letterDocuments: async () => {
      if (++calls === 2) throw new Error("renderer down");
      return { documentId: 1, sha256: "0".repeat(64) };
    } };
    await expect(submitPetition(failing, { principal: bureauP, now: at("2024-07-01T01:00:00Z") }, visit({ summary: "中途失败的走访", receivedAt: at("2024-07-01T01:00:00Z") }))).rejects.toThrow("renderer down");
    expect(calls).toBe(2);
    expect(await Promise.all(tables.map((x) => count(x)))).toEqual(before);
    expect(await db().query("SELECT kind, year, lastSeq FROM letter_counter ORDER BY kind, year")).toEqual(counter);
    expect(await count("petition", "summary = ?", ["中途失败的走访"])).toBe(0);
  });

  it("keeps each letter's document id and hash when a document writer is wired", async () => {
    const seen: string[] = [];
    const writer = { ...t.hub.deps, letterDocuments: async (_em: unknown, l: { number: string; kindTitle: string; issuedOn: string; issuer: string; recipient: string }) => {
      seen.push(`${l.kindTitle} ${l.number} ${l.issuedOn} ${l.issuer} ${l.recipient}`);
      return { documentId: 900 + seen.length, sha256: String(seen.length).repeat(64) };
    } };
    const p = await submitPetition(writer, { principal: bureauP, now: at("2024-08-08T01:00:00Z") }, visit({ receivedAt: at("2024-08-08T01:00:00Z") }));
    expect(seen).toEqual(["预警提醒函 东信预〔2024〕4号 2024年8月8日 东营市信访局 广饶县信访局", "化解工作立项函 东信立〔2024〕4号 2024年8月8日 东营市信访局 广饶县信访局", "稳控责任交办函 东信交〔2024〕4号 2024年8月8日 东营市信访局 广饶县信访局"]);
    const rows = await db().query("SELECT documentId, sha256 FROM city_visit_letter WHERE petitionId = ? ORDER BY id", [p.id]);
    expect(rows.map((r: { documentId: number; sha256: string }) => [Number(r.documentId), r.sha256])).toEqual([[901, "1".repeat(64)], [902, "2".repeat(64)], [903, "3".repeat(64)]]);
  });
});

describe("the letters as PDF documents of the petition (the hub's own writer)", () => {
  it("renders each letter with its Chinese text, stores it under the petition, and keeps the file's SHA-256 on the letter", async () => {
    const r = await t.gql<{ submitPetition: { id: string } }>(await t.token("DY_XFJ", [Role.REGISTRAR], "bureau-registrar"), `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: String(ids.GRX_XFJ), summary: "拖欠农民工工资", request: "请求督促支付工资", headcount: 3, petitioners: [{ name: "王某" }] },
    });
    expect(r.errors).toBeUndefined();
    const petitionId = r.data!.submitPetition.id;
    const e = (await entryOf(Number(petitionId)))!;
    const letters = e.letters as (Letter & { documentId: string | null; sha256: string | null })[];
    expect(letters.map((l) => l.title)).toEqual(["预警提醒函", "化解工作立项函", "稳控责任交办函"]);
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(); // the letters are numbered in the Beijing year
    const dir = mkdtempSync(join(tmpdir(), "city-letters-"));
    for (const l of letters) {
      expect(l.number).toMatch(new RegExp(`^东信[预立交]〔${year}〕\\d+号$`));
      const res = await fetch(`${t.baseUrl}/documents/${l.documentId}`, { headers: { authorization: `Bearer ${bureau}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(l.sha256);
      const file = join(dir, `${l.id}.pdf`);
      writeFileSync(file, bytes);
      // pdftotext breaks long lines; compare without whitespace.
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8").replace(/\s+/g, "");
      for (const want of [l.title, l.number, "广饶县信访局", "东营市信访局", l.paragraphs[0]]) expect(text).toContain(want.replace(/\s+/g, ""));
    }
    // Listed on the petition as its documents, the same files and hashes.
    const docs = await t.gql<{ petition: { documents: { id: string; kind: string; sha256: string }[] } }>(bureau, `{ petition(id: "${petitionId}") { documents { id kind sha256 } } }`);
    expect(docs.data!.petition.documents.map((d) => [d.id, d.kind, d.sha256])).toEqual(letters.map((l) => [l.documentId, "LETTER", l.sha256]));
    // Another county can neither list nor download them.
    expect((await fetch(`${t.baseUrl}/documents/${letters[0].documentId}`, { headers: { authorization: `Bearer ${ljx}` } })).status).toBe(404);
  });
});

describe("the change stream", () => {
  it("shows the fast track's events to the bureau and the locality, not to the special-group partner the item is referred to", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "bureau-registrar");
    const r = await t.gql<{ submitPetition: { id: string; referrals: { agency: { code: string } }[] } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id referrals { agency { code } } } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: String(ids.GRX_XFJ), summary: "残疾人康复补贴未发放", request: "请求补发", specialGroups: ["DISABLED"], petitioners: [{ name: "李某" }] },
    });
    expect(r.errors).toBeUndefined();
    const id = r.data!.submitPetition.id;
    expect(r.data!.submitPetition.referrals.map((x) => x.agency.code)).toContain("DY_CL");
    const typesFor = async (token: string) => {
      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { data?: { changes: { events: { type: string; petitionId: string | null }[]; nextCursor: string | null } } | null; errors?: unknown } = await t.gql(token, `query($a: String) { changes(after: $a, limit: 500) { events { type petitionId } nextCursor } }`, { a: after });
        if (page.errors) throw new Error(JSON.stringify(page.errors));
        const { events, nextCursor } = page.data!.changes;
        all.push(...events.filter((e) => e.petitionId === id).map((e) => e.type));
        if (!events.length || !nextCursor || nextCursor === after) return all;
        after = nextCursor;
      }
    };
    let bureauTypes: string[] = [];
    for (let i = 0; i < 100 && !bureauTypes.includes("cityVisit.fastTrackOpened"); i++) {
      bureauTypes = await typesFor(bureau);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(bureauTypes).toContain("cityVisit.fastTrackOpened");
    expect(await typesFor(grx)).toContain("cityVisit.fastTrackOpened");
    const partner = await typesFor(await t.token("DY_CL", [Role.HANDLER]));
    expect(partner.length).toBeGreaterThan(0); // it sees the petition's own events
    expect(partner.filter((type) => type.startsWith("cityVisit."))).toEqual([]);
  });
});

describe("letter responses and supervision", () => {
  it("the locality answers its letter once; another county and the bureau cannot; agencies see nothing", async () => {
    const p = await submitPetition(t.hub.deps, { principal: bureauP }, visit());
    const [l] = (await entryOf(p.id))!.letters;
    expect((await respond(ljx, l.id)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await respond(bureau, l.id)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await respond(zjj, l.id)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const ok = await respond(grx, l.id);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.respondToCityVisitLetter.respondedAt).not.toBeNull();
    expect((await respond(grx, l.id)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    // Scoping of the lists: 广饶 sees its locality's, 利津 and 住建局 nothing of it.
    expect((await listOf(grx)).some((e) => e.petitionId === String(p.id))).toBe(true);
    expect((await listOf(ljx)).some((e) => e.petitionId === String(p.id))).toBe(false);
    expect((await listOf(zjj))).toEqual([]);
    const letters = async (token: string) => (await t.gql<{ cityVisitLetters: { id: string }[] }>(token, `{ cityVisitLetters(petitionId: "${p.id}") { id } }`)).data!.cityVisitLetters.length;
    expect([await letters(bureau), await letters(grx), await letters(ljx), await letters(zjj)]).toEqual([3, 3, 0, 0]);
    expect((await listOf(bureau, `, localityOrgId: "${ids.LJX_XFJ}"`)).some((e) => e.petitionId === String(p.id))).toBe(false);
    // The command screen's figures are scoped alike: 利津 counts nothing of 广饶's, the bureau and 广饶 count it.
    const screen = async (token: string) => (await t.gql<{ dashboard: { cityVisit: { lettersAwaiting: number; listedByLocality: { orgId: string; count: number }[] } } }>(token, `{ dashboard { cityVisit { lettersAwaiting listedByLocality { orgId count } } } }`)).data!.dashboard.cityVisit;
    const [b, g, other] = [await screen(bureau), await screen(grx), await screen(ljx)];
    expect(other).toEqual({ lettersAwaiting: 0, listedByLocality: [] });
    expect(g.listedByLocality.map((x) => x.orgId)).toEqual([String(ids.GRX_XFJ)]);
    expect(g.lettersAwaiting).toBeGreaterThanOrEqual(2);
    expect(b.listedByLocality.find((x) => x.orgId === String(ids.GRX_XFJ))!.count).toBe(g.listedByLocality[0].count);
  });

  it("an overdue response goes to supervision once, alerting the city bureau; a second overdue letter raises a candidate", async () => {
    const now = at("2024-09-02T01:00:00Z");
    const p = await submitPetition(t.hub.deps, { principal: bureauP, now }, visit({ receivedAt: now }));
    const [reminder, project, assignment] = (await entryOf(p.id))!.letters;
    expect((await respond(grx, project.id)).errors).toBeUndefined();
    // The reminder is due 2024-09-05 01:00 UTC: at that instant not yet overdue.
    await sweepCityVisitLetters(t.hub.deps, at("2024-09-05T01:00:00Z"));
    expect((await entryOf(p.id))!.letters[0].supervisedAt).toBeNull();
    await sweepCityVisitLetters(t.hub.deps, at("2024-09-05T01:00:00.001Z"));
    await sweepCityVisitLetters(t.hub.deps, at("2024-09-05T02:00:00Z"));
    const after = (await entryOf(p.id))!.letters;
    expect(after.map((l) => l.supervisedAt)).toEqual(["2024-09-05T01:00:00.001Z", null, null]);
    expect(await count("alert", "kind = 'CITY_LETTER_RESPONSE_OVERDUE' AND subjectId = ?", [p.id])).toBe(1);
    expect(await count("alert", "kind = 'CITY_LETTER_RESPONSE_OVERDUE' AND subjectId = ? AND ownerOrgId = ?", [p.id, ids.DY_XFJ])).toBe(1);
    expect(await count("outbox", "type = 'cityVisit.letterSupervised' AND aggregateId = ?", [String(p.id)])).toBe(1);
    expect(await count("accountability_candidate", "subjectType = 'PETITION' AND subjectId = ?", [p.id])).toBe(0);
    // The assignment (due 2024-09-07 01:00 UTC) is the second overdue letter of the case: 拖延, a candidate once.
    await sweepCityVisitLetters(t.hub.deps, at("2024-09-07T01:00:01Z"));
    await sweepCityVisitLetters(t.hub.deps, at("2024-09-08T01:00:00Z"));
    expect((await entryOf(p.id))!.letters.map((l) => l.supervisedAt !== null)).toEqual([true, false, true]);
    const cands = await db().query("SELECT cause, responsibleOrgId, article FROM accountability_candidate WHERE subjectType = 'PETITION' AND subjectId = ?", [p.id]);
    expect(cands.map((c: { cause: string; responsibleOrgId: number; article: string }) => [c.cause, Number(c.responsibleOrgId), c.article])).toEqual([["LETTER_RESPONSE_OVERDUE", ids.GRX_XFJ, "信访工作条例 第四十五条"]]);
    expect([reminder.id, assignment.id]).toHaveLength(2);
  });

  it("buck-passing: the bureau rejects a 'not our matter' declaration and a candidate is raised against the locality", async () => {
    const p = await submitPetition(t.hub.deps, { principal: bureauP }, visit());
    const [l] = (await entryOf(p.id))!.letters;
    const reject = (token: string) => t.gql<{ rejectNotOwnDeclaration: { notOwnRejectedAt: string | null } }>(token, `mutation { rejectNotOwnDeclaration(letterId: "${l.id}", reason: "土地位于广饶县辖区") { notOwnRejectedAt } }`);
    expect((await reject(bureau)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION"); // nothing declared yet
    expect((await respond(grx, l.id, true)).data!.respondToCityVisitLetter.declaredNotOwn).toBe(true);
    expect((await reject(grx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await reject(bureau)).errors).toBeUndefined();
    expect((await reject(bureau)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    const cands = await db().query("SELECT cause, responsibleOrgId FROM accountability_candidate WHERE subjectType = 'LETTER' AND subjectId = ?", [Number(l.id)]);
    expect(cands.map((c: { cause: string; responsibleOrgId: number }) => [c.cause, Number(c.responsibleOrgId)])).toEqual([["BUCK_PASSING", ids.GRX_XFJ]]);
  });

  it("the bureau delists with a reason and changes the resolution deadline; a county cannot", async () => {
    const p = await submitPetition(t.hub.deps, { principal: bureauP }, visit());
    const e = (await entryOf(p.id))!;
    const setDue = (token: string) => t.gql<{ setCityVisitResolutionDeadline: { resolutionDueAt: string } }>(token, `mutation { setCityVisitResolutionDeadline(entryId: "${e.id}", dueAt: "2030-06-30T16:00:00.000Z", reason: "案情复杂") { resolutionDueAt } }`);
    expect((await setDue(grx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await setDue(bureau)).data!.setCityVisitResolutionDeadline.resolutionDueAt).toBe("2030-06-30T16:00:00.000Z");
    expect(await count("outbox", "type = 'cityVisit.resolutionDeadlineChanged' AND aggregateId = ?", [String(p.id)])).toBe(1);
    const name = (token: string) => t.gql<{ setCityControlResponsiblePerson: { responsiblePerson: string } }>(token, `mutation { setCityControlResponsiblePerson(entryId: "${e.id}", person: "广饶县副县长 某某") { responsiblePerson } }`);
    expect((await name(grx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await name(bureau)).data!.setCityControlResponsiblePerson.responsiblePerson).toBe("广饶县副县长 某某");
    const delist = (token: string) => t.gql<{ delistCityControl: { listed: boolean; delistReason: string } }>(token, `mutation { delistCityControl(entryId: "${e.id}", reason: "已化解息诉") { listed delistReason } }`);
    expect((await delist(grx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await delist(bureau)).data!.delistCityControl).toEqual({ listed: false, delistReason: "已化解息诉" });
    expect((await delist(bureau)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    expect((await listOf(bureau, ", listed: true")).some((x) => x.id === e.id)).toBe(false);
    expect((await listOf(bureau, ", listed: false")).some((x) => x.id === e.id)).toBe(true);
    expect((await name(bureau)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
  });
});

describe("Art. 19 and level skipping, judged when the city item is linked to the matter", () => {
  // A county item registered 2024-10-08 09:00 Beijing (01:00 UTC): its routing duty (Art. 22, 15 days) runs to the end
  // of 2024-10-23 Beijing (a Wednesday, a working day) = 2024-10-23T15:59:59.999Z.
  const countyAt = at("2024-10-08T01:00:00Z");

  it("the same matter within its handling period below: flagged not to be accepted here (由下级处理)", async () => {
    const county = await submitPetition(t.hub.deps, { principal: grxP, now: countyAt }, visit({ receivedAt: countyAt }));
    const cityAt = at("2024-10-18T01:00:00Z"); // ten days later, within the routing period
    const city = await submitPetition(t.hub.deps, { principal: bureauP, now: cityAt }, visit({ receivedAt: cityAt }));
    expect((await entryOf(city.id))!.acceptance).toBe("ACCEPT_HERE");
    await linkPetitionToMatter(t.hub.deps, { principal: bureauP, now: at("2024-10-23T15:59:59.000Z") }, city.id, { toPetitionId: county.id }, "同一征地补偿事项");
    expect(await entryOf(city.id)).toMatchObject({ levelSkipped: false, acceptance: "LOWER_LEVEL_HANDLES", notToBeAcceptedHere: true, lowerPetitionId: String(county.id) });
    expect(await count("outbox", "type = 'cityVisit.acceptanceAssessed' AND aggregateId = ?", [String(city.id)])).toBe(1);
  });

  it("after the lower level's period ended, the city item is accepted here (and did not skip levels)", async () => {
    const county = await submitPetition(t.hub.deps, { principal: grxP, now: countyAt }, visit({ receivedAt: countyAt }));
    const city = await submitPetition(t.hub.deps, { principal: bureauP, now: at("2024-10-24T01:00:00Z") }, visit({ receivedAt: at("2024-10-24T01:00:00Z") }));
    await linkPetitionToMatter(t.hub.deps, { principal: bureauP, now: at("2024-10-24T02:00:00Z") }, city.id, { toPetitionId: county.id }, "同一征地补偿事项");
    expect(await entryOf(city.id)).toMatchObject({ levelSkipped: false, acceptance: "ACCEPT_HERE", notToBeAcceptedHere: false, lowerPetitionId: null });
  });

  it("the registrar's levelSkipping flag is kept whatever the matter holds", async () => {
    const city = await submitPetition(t.hub.deps, { principal: bureauP }, visit({ levelSkipping: true }));
    expect((await entryOf(city.id))!.levelSkipped).toBe(true);
  });
});
