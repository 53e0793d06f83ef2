import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The command screen's 意外伤亡 panel: Dashboard.accidentCases, scoped like Query.accidentCases and pushed with the
// figures when a case is opened or a duty done — to the locality and the bureau, not to another county.
interface Figures {
  scope: string;
  accidentCases: { id: string; duties: { kind: string; dueAt: string; done: boolean }[] }[];
}
const FIELDS = "scope accidentCases { id duties { kind dueAt done } }";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

function watch(token: string) {
  const seen: Figures[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({ url: t.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${token}` }, onNonLazyError: () => undefined });
  client.subscribe<{ dashboard: Figures }>(
    { query: `subscription { dashboard { ${FIELDS} } }` },
    { next: (r) => (r.data ? seen.push(r.data.dashboard) : errors.push(r.errors)), error: (e) => errors.push(e), complete: () => undefined },
  );
  return { seen, errors, stop: () => client.dispose() };
}

async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it("pushes an opened case and its duties to the locality and the bureau, not to another county; the query agrees", async () => {
  const grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER]);
  const ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER]);
  const leader = await t.token("DY_XFJ", [Role.LEADER]);
  const bureau = watch(leader);
  const guangrao = watch(grx);
  const lijin = watch(ljx);
  try {
    await until("first figures", () => bureau.seen.length === 1 && guangrao.seen.length === 1 && lijin.seen.length === 1);
    expect(guangrao.seen[0].accidentCases).toEqual([]);
    const opened = await t.gql<{ openAccidentCase: { id: string } }>(grx, `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { id } }`, {
      i: { localityOrgId: String((await t.org("GRX_XFJ")).id), kind: "INJURY", casualties: 4, occurredAt: "2026-01-05T01:30:00Z", place: "某工地", summary: "脚手架倒塌", leader: "副县长赵某" },
    });
    expect(opened.errors).toBeUndefined();
    const id = opened.data!.openAccidentCase.id;
    const newest = (w: ReturnType<typeof watch>) => w.seen.at(-1)!.accidentCases;
    await until("the case pushed to 广饶", () => newest(guangrao).some((c) => c.id === id));
    await until("the case pushed to the bureau", () => newest(bureau).some((c) => c.id === id));
    expect(newest(guangrao)[0].duties.map((d) => `${d.kind}:${d.done}`)).toEqual(["WORKING_TEAM:false", "OPINION_WATCH:false", "RISK_CONSULTATION:false"]);

    const formed = await t.gql(grx, `mutation { formAccidentTeam(caseId: "${id}", input: { leader: "赵某", members: [{ name: "王某", unit: "应急局" }] }) { id } }`);
    expect(formed.errors).toBeUndefined();
    await until("the formed team pushed to 广饶", () => newest(guangrao)[0].duties[0].done);

    // 利津 sees no case of 广饶's and its figures did not change: nothing pushed.
    await new Promise((r) => setTimeout(r, 800));
    expect(lijin.seen).toHaveLength(1);
    expect([bureau.errors, guangrao.errors, lijin.errors]).toEqual([[], [], []]);
    const q = async (token: string) => (await t.gql<{ dashboard: Figures }>(token, `{ dashboard { ${FIELDS} } }`)).data!.dashboard.accidentCases.map((c) => c.id);
    expect(await q(grx)).toEqual([id]);
    expect(await q(ljx)).toEqual([]);
    expect(await q(leader)).toEqual([id]);
  } finally {
    await Promise.all([bureau.stop(), guangrao.stop(), lijin.stop()]);
  }
});
