import { Role } from "../../src/domain/petition-terms";
import { dateParam } from "../../src/db/sql-params";
import { startTestHub, TestHub } from "../factories/test-hub";

// Matters linked by people, barred only by the statute (Arts. 22, 36), through HTTP. Every item in this file uses
// its own random ID number, phone and request, so suggestions from other tests on the same database cannot appear.

let t: TestHub;
let registrar: string;
let officer: string;
let handler: string;
let reviewer: string;
let rereviewer: string;
let lijin: string;
let guangrao: string;
let auditor: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestHub();
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "matters-registrar");
  officer = await t.token("DY_XFJ", [Role.CASE_OFFICER], "matters-officer");
  handler = await t.token("DY_ZJJ", [Role.HANDLER], "matters-handler");
  reviewer = await t.token("DY_GOV", [Role.HANDLER], "matters-reviewer");
  rereviewer = await t.token("SD_GOV", [Role.HANDLER], "matters-rereviewer");
  lijin = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "matters-lijin");
  guangrao = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "matters-guangrao");
  auditor = await t.token("DY_XFJ", [Role.AUDITOR], "matters-auditor");
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_ZJJ"]) ids[code] = String((await t.org(code)).id);
});
afterAll(() => t?.stop());

async function ok<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql<T>(token, query, variables);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
const idNumber = () => `370523${digits(11)}X`;
const phone = () => `139${digits(8)}`;
/** A specific request (well over 12 normalised characters), unique to the caller. */
const specific = () => `请求依法补发拖欠的安置补偿款，编号${digits(6)}`;

type Person = { name: string; idNumber?: string; phone?: string };
type Item = { id: string; matterId: string; state: string };
const ITEM = "id matterId state";

async function submit(p: { people: Person[]; request?: string; summary?: string; locality?: string; token?: string; channel?: string }): Promise<Item> {
  const r = await ok<{ submitPetition: Item }>(p.token ?? registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { ${ITEM} } }`, {
    i: { channel: p.channel ?? "LETTER", category: "APPEAL_REQUEST", localityOrgId: p.locality ?? ids.GRX_XFJ, summary: p.summary ?? "小区拆迁安置补偿款至今未发放", request: p.request ?? specific(), petitioners: p.people },
  });
  return r.submitPetition;
}

const suggestions = async (token: string, petitionId: string) =>
  (await ok<{ matterSuggestions: { petition: { id: string }; reasons: string[] }[] }>(token, `{ matterSuggestions(petitionId: "${petitionId}") { petition { id } reasons } }`)).matterSuggestions;

const link = (token: string, petitionId: string, toPetitionId: string, reason = "同一信访人同一事项") =>
  t.gql<{ linkPetitionToMatter: Item }>(token, `mutation { linkPetitionToMatter(petitionId: "${petitionId}", toPetitionId: "${toPetitionId}", reason: "${reason}") { ${ITEM} } }`);

const move = (token: string, mutation: string, id: string, args = "") => ok<Record<string, Item>>(token, `mutation { ${mutation}(id: "${id}"${args ? `, ${args}` : ""}) { ${ITEM} } }`);

/** Forwards to 住建局 (DY_ZJJ) and lets the handler try to accept. */
async function forwardAndAccept(id: string) {
  await move(registrar, "forwardPetition", id, `toOrgId: "${ids.DY_ZJJ}"`);
  return t.gql<{ acceptPetition: Item }>(handler, `mutation { acceptPetition(id: "${id}") { ${ITEM} } }`);
}

/** Drives an item through answer, 复查 and 复核 to REREVIEWED (each opinion served on the petitioner at once). */
async function rereviewed(people: Person[]): Promise<Item> {
  const a = await submit({ people });
  expect((await forwardAndAccept(a.id)).data?.acceptPetition.state).toBe("ACCEPTED");
  await move(handler, "startHandling", a.id);
  await move(handler, "answerPetition", a.id, `outcome: NOT_SUPPORT, text: "不予支持"`);
  await ok(handler, `mutation { recordDelivery(petitionId: "${a.id}", deliveredAt: "${new Date().toISOString()}") { id } }`);
  await move(registrar, "requestReview", a.id, `reason: "对答复不服"`);
  await move(reviewer, "issueReview", a.id, `outcome: NOT_SUPPORT, text: "复查维持"`);
  await ok(reviewer, `mutation { recordDelivery(petitionId: "${a.id}", deliveredAt: "${new Date().toISOString()}") { id } }`);
  await move(registrar, "requestSecondReview", a.id);
  const done = (await move(rereviewer, "issueSecondReview", a.id, `outcome: NOT_SUPPORT, text: "复核维持"`)).issueSecondReview;
  expect(done.state).toBe("REREVIEWED");
  return done;
}

const history = async (id: string) =>
  (await ok<{ petition: { history: { event: string; toState: string; legalBasis: string; actor: string }[] } }>(registrar, `{ petition(id: "${id}") { history { event toState legalBasis actor } } }`)).petition.history;

const auditOf = async (petitionId: string) =>
  (await ok<{ auditTrail: { nodes: { action: string; outcome: string; actorSubject: string; details: string | null }[] } }>(auditor, `{ auditTrail(first: 50, filter: { petitionId: "${petitionId}" }) { nodes { action outcome actorSubject details } } }`)).auditTrail.nodes;

describe("registration is never refused (Art. 22)", () => {
  it("the same facts after a terminated matter register as a new item on a matter of its own, and the earlier item is suggested", async () => {
    const person = { name: "刘某", idNumber: idNumber() };
    const request = specific();
    const first = await submit({ people: [person], request });
    await t.hub.deps.db.query("UPDATE matter SET terminatedAt = ? WHERE id = ?", [dateParam(t.hub.deps.db, new Date()), Number(first.matterId)]);
    const again = await submit({ people: [person], request: ` ${request}。`, channel: "VISIT" });
    expect(again.state).toBe("REGISTERED");
    expect(again.matterId).not.toBe(first.matterId);
    // Same ID number (blind index), same locality, same request once spaces and punctuation are gone.
    expect(await suggestions(registrar, again.id)).toEqual([{ petition: { id: first.id }, reasons: ["SAME_PETITIONER_ID", "SAME_UNIT", "SAME_REQUEST"] }]);
    // Suggestions look back only: the earlier item is not offered the later one.
    expect(await suggestions(registrar, first.id)).toEqual([]);
  });
});

describe("suggestions at registration", () => {
  it("a stranger with the same name and a generic text gets no suggestion", async () => {
    const generic = { summary: "反映问题", request: "请求解决问题" };
    const a = await submit({ people: [{ name: "张伟" }], ...generic });
    const b = await submit({ people: [{ name: "张伟" }], ...generic });
    const c = await submit({ people: [{ name: "张伟", idNumber: idNumber() }], ...generic });
    const d = await submit({ people: [{ name: "张伟", idNumber: idNumber() }], ...generic });
    for (const x of [a, b, c, d]) expect(await suggestions(registrar, x.id)).toEqual([]);
  });

  it("the same ID number is suggested with its reasons, even with another name, request and locality", async () => {
    const id = idNumber();
    const a = await submit({ people: [{ name: "李某", idNumber: id }] });
    const b = await submit({ people: [{ name: "李某某", idNumber: id }], locality: ids.LJX_XFJ });
    expect(await suggestions(registrar, b.id)).toEqual([{ petition: { id: a.id }, reasons: ["SAME_PETITIONER_ID"] }]);
  });

  it("a telephone item without an ID number is suggested by the same phone", async () => {
    const tel = phone();
    const a = await submit({ people: [{ name: "赵某", idNumber: idNumber(), phone: tel }] });
    const b = await submit({ people: [{ name: "赵某", phone: tel }], channel: "TELEPHONE" });
    expect(await suggestions(registrar, b.id)).toEqual([{ petition: { id: a.id }, reasons: ["SAME_PETITIONER_PHONE", "SAME_UNIT"] }]);
  });

  it("without a shared identity, the same specific request at the same unit is suggested", async () => {
    const request = specific();
    const a = await submit({ people: [{ name: "钱某" }], request });
    const b = await submit({ people: [{ name: "孙某" }], request });
    const elsewhere = await submit({ people: [{ name: "孙某" }], request, locality: ids.LJX_XFJ });
    expect(await suggestions(registrar, b.id)).toEqual([{ petition: { id: a.id }, reasons: ["SAME_UNIT", "SAME_REQUEST"] }]);
    expect(await suggestions(registrar, elsewhere.id)).toEqual([]);
  });

  it("a rejected suggestion is not suggested again, and the rejection is audited", async () => {
    const id = idNumber();
    const a = await submit({ people: [{ name: "周某", idNumber: id }] });
    const b = await submit({ people: [{ name: "周某", idNumber: id }] });
    expect((await suggestions(registrar, b.id)).map((s) => s.petition.id)).toEqual([a.id]);
    await ok(registrar, `mutation { rejectMatterSuggestion(petitionId: "${b.id}", otherPetitionId: "${a.id}", reason: "不同事项") { id } }`);
    expect(await suggestions(registrar, b.id)).toEqual([]);
    expect(await auditOf(b.id)).toEqual(expect.arrayContaining([expect.objectContaining({ action: "Mutation.rejectMatterSuggestion", outcome: "OK", actorSubject: "matters-registrar" })]));
  });

  it("suggestions never reveal items the caller cannot see", async () => {
    const id = idNumber();
    const a = await submit({ people: [{ name: "吴某", idNumber: id }] }); // 广饶: 利津 cannot see it
    const l = await submit({ people: [{ name: "吴某", idNumber: id }], locality: ids.LJX_XFJ, token: lijin });
    expect(await suggestions(lijin, l.id)).toEqual([]);
    expect(await suggestions(registrar, l.id)).toEqual([{ petition: { id: a.id }, reasons: ["SAME_PETITIONER_ID"] }]);
  });
});

describe("links confirmed by a person, and the Art. 36 bar", () => {
  it("a confirmed link to a matter whose 复核 is complete makes ACCEPT record NOT_ACCEPTED (Art. 36) and answer NO_LONGER_ACCEPTED", async () => {
    const person = { name: "郑某", idNumber: idNumber() };
    const a = await rereviewed([person]);
    const b = await submit({ people: [person] });
    expect((await suggestions(registrar, b.id)).map((s) => s.petition.id)).toEqual([a.id]);
    const linked = await link(registrar, b.id, a.id);
    expect(linked.errors).toBeUndefined();
    expect(linked.data?.linkPetitionToMatter.matterId).toBe(a.matterId);

    const r = await forwardAndAccept(b.id);
    expect(r.errors?.[0].extensions?.code).toBe("NO_LONGER_ACCEPTED");
    expect(r.errors?.[0].message).toContain("committed");
    // The NOT_ACCEPTED decision is committed, with the statute's basis, as the handler's ACCEPT.
    expect((await ok<{ petition: Item }>(registrar, `{ petition(id: "${b.id}") { ${ITEM} } }`)).petition.state).toBe("NOT_ACCEPTED");
    expect((await history(b.id)).at(-1)).toEqual({ event: "ACCEPT", toState: "NOT_ACCEPTED", legalBasis: "信访工作条例 第36条 不再受理", actor: "matters-handler" });
    // The audit log has the link, and the committed decision beside the refusal code.
    const audit = await auditOf(b.id);
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: "Mutation.linkPetitionToMatter", outcome: "OK" })]));
    const acc = audit.filter((e) => e.action === "Mutation.acceptPetition");
    expect(acc.map((e) => e.outcome).sort()).toEqual(["NO_LONGER_ACCEPTED", "OK"]);
    expect(acc.find((e) => e.outcome === "NO_LONGER_ACCEPTED")?.details).toContain("committedEntry");
  });

  it("an unconfirmed suggestion or a rejected one does not bar", async () => {
    const person = { name: "王某", idNumber: idNumber() };
    const a = await rereviewed([person]);
    const b = await submit({ people: [person] });
    const c = await submit({ people: [person] });
    expect((await suggestions(registrar, b.id)).map((s) => s.petition.id)).toEqual([a.id]);
    await ok(registrar, `mutation { rejectMatterSuggestion(petitionId: "${c.id}", otherPetitionId: "${a.id}", reason: "不同事项") { id } }`);
    expect((await forwardAndAccept(b.id)).data?.acceptPetition.state).toBe("ACCEPTED");
    expect((await forwardAndAccept(c.id)).data?.acceptPetition.state).toBe("ACCEPTED");
  });

  it("a lapsed review window after an answer bars a confirmed link; an item not accepted on the matter does not", async () => {
    const person = { name: "冯某", idNumber: idNumber() };
    const a = await submit({ people: [person] });
    await forwardAndAccept(a.id);
    await move(handler, "startHandling", a.id);
    await move(handler, "answerPetition", a.id, `outcome: NOT_SUPPORT, text: "不予支持"`);
    await ok(handler, `mutation { recordDelivery(petitionId: "${a.id}", deliveredAt: "${new Date().toISOString()}") { id } }`);
    // An item on the matter that was not accepted bars nothing.
    const n = await submit({ people: [person] });
    await move(registrar, "forwardPetition", n.id, `toOrgId: "${ids.DY_ZJJ}"`);
    await move(handler, "notAcceptPetition", n.id, `reason: "不属受理范围"`);
    const b = await submit({ people: [person] });
    expect((await link(registrar, b.id, n.id)).errors).toBeUndefined();
    // a's 复查 window runs out unused (moved into the past, as the sweep would find it).
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ? AND kind = 'REVIEW_REQUEST_WINDOW'", [dateParam(t.hub.deps.db, new Date(Date.now() - 60_000)), Number(a.id)]);
    const c = await submit({ people: [person] });
    expect((await link(registrar, c.id, a.id)).errors).toBeUndefined();
    expect((await forwardAndAccept(b.id)).data?.acceptPetition.state).toBe("ACCEPTED");
    const barred = await forwardAndAccept(c.id);
    expect(barred.errors?.[0].extensions?.code).toBe("NO_LONGER_ACCEPTED");
    expect(barred.errors?.[0].extensions?.reason ?? barred.errors?.[0].message).toContain("REVIEW_WINDOW_LAPSED");
  });

  it("an item auto-joined before links were confirmed (UNCONFIRMED) bars nothing until a person confirms it", async () => {
    const person = { name: "韩某", idNumber: idNumber() };
    const a = await rereviewed([person]);
    const b = await submit({ people: [person] });
    const c = await submit({ people: [person] });
    // What migration MatterLinks leaves for items the old fingerprint had joined to a's matter.
    await t.hub.deps.db.query("UPDATE petition SET matterId = ?, matterLink = 'UNCONFIRMED' WHERE id IN (?, ?)", [Number(a.matterId), Number(b.id), Number(c.id)]);
    const items = await ok<{ matterItems: { petition: { id: string }; link: string }[] }>(registrar, `{ matterItems(petitionId: "${a.id}") { petition { id } link } }`);
    expect(items.matterItems).toEqual([{ petition: { id: a.id }, link: "OWN" }, { petition: { id: b.id }, link: "UNCONFIRMED" }, { petition: { id: c.id }, link: "UNCONFIRMED" }]);
    expect((await forwardAndAccept(b.id)).data?.acceptPetition.state).toBe("ACCEPTED");
    // Confirming c on the matter it is already on makes the link count.
    const confirmed = await link(registrar, c.id, a.id, "经核实为同一事项");
    expect(confirmed.data?.linkPetitionToMatter.matterId).toBe(a.matterId);
    expect((await forwardAndAccept(c.id)).errors?.[0].extensions?.code).toBe("NO_LONGER_ACCEPTED");
  });

  it("unlink gives the item a matter of its own again, nothing bars it, and the unlink is audited", async () => {
    const person = { name: "陈某", idNumber: idNumber() };
    const a = await rereviewed([person]);
    const b = await submit({ people: [person] });
    await link(officer, b.id, a.id);
    const items = await ok<{ matterItems: { petition: { id: string }; link: string }[] }>(registrar, `{ matterItems(petitionId: "${a.id}") { petition { id } link } }`);
    expect(items.matterItems).toEqual([{ petition: { id: a.id }, link: "OWN" }, { petition: { id: b.id }, link: "CONFIRMED" }]);
    const un = await ok<{ unlinkPetitionFromMatter: Item }>(officer, `mutation { unlinkPetitionFromMatter(petitionId: "${b.id}", reason: "经核实并非同一事项") { ${ITEM} } }`);
    expect(un.unlinkPetitionFromMatter.matterId).not.toBe(a.matterId);
    expect((await ok<{ matterItems: { petition: { id: string } }[] }>(registrar, `{ matterItems(petitionId: "${a.id}") { petition { id } } }`)).matterItems).toEqual([{ petition: { id: a.id } }]);
    // The only item of its matter cannot be unlinked again.
    const twice = await t.gql(officer, `mutation { unlinkPetitionFromMatter(petitionId: "${b.id}", reason: "再次") { id } }`);
    expect(twice.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await forwardAndAccept(b.id)).data?.acceptPetition.state).toBe("ACCEPTED");
    expect(await auditOf(b.id)).toEqual(expect.arrayContaining([expect.objectContaining({ action: "Mutation.unlinkPetitionFromMatter", outcome: "OK", actorSubject: "matters-officer" })]));
  });

  it("a county office cannot link items it cannot see (NOT_FOUND), nor read another matter's items; the locality's office can", async () => {
    const id = idNumber();
    const a = await submit({ people: [{ name: "褚某", idNumber: id }] }); // 广饶
    const b = await submit({ people: [{ name: "褚某", idNumber: id }] }); // 广饶
    const l = await submit({ people: [{ name: "褚某", idNumber: id }], locality: ids.LJX_XFJ, token: lijin });
    expect((await link(lijin, l.id, a.id)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await link(lijin, b.id, a.id)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const byMatter = await t.gql(lijin, `mutation { linkPetitionToMatter(petitionId: "${l.id}", matterId: "${a.matterId}", reason: "同一事项") { id } }`);
    expect(byMatter.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql(lijin, `{ matterItems(petitionId: "${a.id}") { petition { id } } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    // Nothing moved for the refused attempts.
    expect((await ok<{ petition: Item }>(registrar, `{ petition(id: "${l.id}") { ${ITEM} } }`)).petition.matterId).toBe(l.matterId);
    // A handler may not link at all (policy), whatever it sees.
    expect((await link(handler, b.id, a.id)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    // 广饶's office sees both of its locality's items and links them, by matter id too.
    const g = await t.gql<{ linkPetitionToMatter: Item }>(guangrao, `mutation { linkPetitionToMatter(petitionId: "${b.id}", matterId: "${a.matterId}", reason: "同一事项") { ${ITEM} } }`);
    expect(g.data?.linkPetitionToMatter.matterId).toBe(a.matterId);
    // The bureau sees all three and links the 利津 item too; 利津 then sees its own item only in the matter list.
    expect((await link(registrar, l.id, a.id)).errors).toBeUndefined();
    expect((await ok<{ matterItems: { petition: { id: string } }[] }>(lijin, `{ matterItems(petitionId: "${l.id}") { petition { id } } }`)).matterItems).toEqual([{ petition: { id: l.id } }]);
    expect((await ok<{ matterItems: { petition: { id: string } }[] }>(registrar, `{ matterItems(petitionId: "${l.id}") { petition { id } } }`)).matterItems.map((x) => x.petition.id)).toEqual([a.id, b.id, l.id]);
  });

  it("link input is checked: a reason is required, not to itself, exactly one target", async () => {
    const a = await submit({ people: [{ name: "卫某" }] });
    const b = await submit({ people: [{ name: "蒋某" }] });
    expect((await link(registrar, b.id, a.id, " ")).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await link(registrar, b.id, b.id)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const both = await t.gql(registrar, `mutation { linkPetitionToMatter(petitionId: "${b.id}", toPetitionId: "${a.id}", matterId: "${a.matterId}", reason: "x") { id } }`);
    expect(both.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const none = await t.gql(registrar, `mutation { linkPetitionToMatter(petitionId: "${b.id}", reason: "x") { id } }`);
    expect(none.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
