import { dateParam } from "../../src/db/sql-params";
import { Role } from "../../src/domain/petition-terms";
import { gqlHelpers, SENSITIVE_FRAGMENTS, SENSITIVE_PERSON } from "../factories/sensitive-petitions";
import { startTestHub, TestHub } from "../factories/test-hub";

// The read-only Open311 GeoReport v2 view over HTTP. Every body is checked WHOLE against petitions carrying a name,
// ID number, phone, content and an accusation: statuses, fixed notes, agencies and dates only.

const { name: NAME, idNumber: ID_NUMBER, phone: PHONE } = SENSITIVE_PERSON;
const SUMMARY = "残疾人欧阳振华的拆迁补偿款被克扣";
const REQUEST = "请求补发补偿款并追究经办人";
const ACCUSATION = "举报广饶县住建局科长周某某受贿";
const ANSWER = "经查补偿款已于三月发放至欧阳振华账户";
const FORBIDDEN = [...SENSITIVE_FRAGMENTS, SUMMARY, REQUEST, ACCUSATION, "周某某", "受贿", ANSWER, "广饶", "GRX_XFJ", "DISABLED", "残疾", "r311-registrar", "r311-handler"];
const FIELDS = ["agency_responsible", "expected_datetime", "requested_datetime", "service_code", "service_name", "service_request_id", "status", "status_notes"];

let t: TestHub;
const { ok, move } = gqlHelpers(() => t);
let registrar: string;
let handler: string;
const ids: Record<string, string> = {};
let appeal: { id: string; number: string };
let suggestion: { id: string; number: string };
let accusation: { id: string; number: string };

const submit = (i: Record<string, unknown>) =>
  ok<{ submitPetition: { id: string; number: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number } }`, {
    i: { channel: "LETTER", localityOrgId: ids.GRX_XFJ, request: REQUEST, petitioners: [{ name: NAME, idNumber: ID_NUMBER, phone: PHONE, disabled: true }], ...i },
  }).then((d) => d.submitPetition);

/** GET an Open311 path: status and the raw body as sent. */
async function get(path: string, method = "GET"): Promise<{ status: number; text: string; json: unknown }> {
  const res = await fetch(`${t.baseUrl}/open311/v2/${path}`, { method });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}
const leaks = (text: string) => FORBIDDEN.filter((s) => text.includes(s));

beforeAll(async () => {
  t = await startTestHub();
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "r311-registrar");
  handler = await t.token("DY_ZJJ", [Role.HANDLER], "r311-handler");
  for (const code of ["GRX_XFJ", "DY_ZJJ"]) ids[code] = String((await t.org(code)).id);
  appeal = await submit({ category: "APPEAL_REQUEST", summary: SUMMARY, specialGroups: ["DISABLED"] });
  await move(registrar, "startRouting", appeal.id);
  await move(registrar, "forwardPetition", appeal.id, `toOrgId: "${ids.DY_ZJJ}"`);
  await move(handler, "receivePetition", appeal.id);
  await move(handler, "acceptPetition", appeal.id);
  // Pinned by hand: the open 60-day handling clock ends Tue 15 Jan 2030, end of day in UTC+8.
  await t.hub.deps.db.query(`UPDATE deadline SET dueAt = ? WHERE petitionId = ? AND kind = 'HANDLING' AND closedAt IS NULL`, [dateParam(t.hub.deps.db, new Date("2030-01-15T15:59:59.999Z")), appeal.id]);
  suggestion = await submit({ category: "SUGGESTION", summary: SUMMARY });
  await move(registrar, "startRouting", suggestion.id);
  await move(registrar, "forwardPetition", suggestion.id, `toOrgId: "${ids.DY_ZJJ}"`);
  await move(handler, "receivePetition", suggestion.id);
  await move(handler, "acceptPetition", suggestion.id);
  await move(handler, "startHandling", suggestion.id);
  await move(handler, "answerPetition", suggestion.id, `outcome: SUPPORT, text: "${ANSWER}"`);
  accusation = await submit({ category: "ACCUSATION", summary: ACCUSATION, accusedOrgId: ids.DY_ZJJ });
});
afterAll(() => t?.stop());

describe("Open311 GeoReport v2 (read-only)", () => {
  it("lists the public services: no accusations, no special groups", async () => {
    const r = await get("services.json");
    expect(r.status).toBe(200);
    expect((r.json as { service_code: string }[]).map((s) => s.service_code)).toEqual(["SUGGESTION", "APPEAL_REQUEST"]);
    expect(r.text).not.toContain("ACCUSATION");
    expect(leaks(r.text)).toEqual([]);
  });

  it("answers requests with the GeoReport fields only, and no personal data or content anywhere in the body", async () => {
    const r = await get("requests.json");
    expect(r.status).toBe(200);
    expect(leaks(r.text)).toEqual([]);
    const list = r.json as Record<string, unknown>[];
    for (const item of list) expect(Object.keys(item).sort()).toEqual(FIELDS);
    expect(list.map((i) => i.service_request_id).sort()).toEqual([appeal.number, suggestion.number].sort());
    expect(r.text).not.toContain(accusation.number); // an accusation is not public, not even its existence
    const a = list.find((i) => i.service_request_id === appeal.number)!;
    expect(a).toMatchObject({ status: "open", status_notes: "已受理", service_code: "APPEAL_REQUEST", agency_responsible: "东营市住房和城乡建设局", expected_datetime: "2030-01-15T15:59:59.999Z" });
    const s = list.find((i) => i.service_request_id === suggestion.number)!;
    expect(s).toMatchObject({ status: "closed", status_notes: "已出具处理意见", service_code: "SUGGESTION", expected_datetime: null });
  });

  it("filters by status and service_code, and serves one request by id", async () => {
    expect((await get("requests.json?status=closed")).json).toEqual([expect.objectContaining({ service_request_id: suggestion.number })]);
    expect((await get("requests.json?status=open&service_code=APPEAL_REQUEST")).json).toEqual([expect.objectContaining({ service_request_id: appeal.number })]);
    expect((await get("requests.json?service_code=SUGGESTION&status=open")).json).toEqual([]);
    const one = await get(`requests/${appeal.number}.json`);
    expect(one.status).toBe(200);
    expect(leaks(one.text)).toEqual([]);
    expect((one.json as { service_request_id: string }[]).map((x) => x.service_request_id)).toEqual([appeal.number]);
    expect((await get(`requests/${accusation.number}.json`)).status).toBe(404);
    expect((await get(`requests.json?service_request_id=${accusation.number},${suggestion.number}`)).json).toEqual([expect.objectContaining({ service_request_id: suggestion.number })]);
  });

  it("keeps to the spec's limits and answers errors in its format", async () => {
    // 1 Jan to 2 Apr 2026 is 91 days: over the 90-day maximum.
    const wide = await get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z");
    expect([wide.status, wide.json]).toEqual([400, [{ code: 400, description: "the date range may span at most 90 days" }]]);
    // 1 Jan to 1 Apr 2026 is exactly 90 days: allowed (and empty: nothing was received then).
    expect((await get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z")).json).toEqual([]);
    expect((await get("requests.json?status=pending")).status).toBe(400);
    expect((await get("requests.json?service_code=ACCUSATION")).status).toBe(400);
    expect((await get("requests.json?start_date=yesterday")).status).toBe(400);
    expect((await get("requests.json", "POST")).status).toBe(405);
    expect((await get("requests.xml")).status).toBe(404);
    expect((await get("requests/%E0%A4%A.json")).status).toBe(400); // not valid percent-encoding
  });
});
