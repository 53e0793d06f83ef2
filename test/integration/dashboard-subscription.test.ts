import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Subscription.dashboard over a real graphql-ws client: each subscriber gets its own scope's figures at once, then a
// push when a commit changes them; a commit in another county pushes nothing to a county whose figures stay put;
// an anonymous socket is refused.

interface Figures {
  scope: string;
  openPetitions: number;
  riskAlerts?: { id: string; kind: string; severity: string }[];
}

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

function watch(token: string | null, fields = "scope openPetitions") {
  const seen: Figures[] = [];
  const errors: unknown[] = [];
  let closeCode: number | null = null;
  const client: Client = createClient({
    url: t.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (e) => void (closeCode = (e as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  client.subscribe<{ dashboard: Figures }>(
    { query: `subscription { dashboard { ${fields} } }` },
    { next: (r) => (r.data ? seen.push(r.data.dashboard) : errors.push(r.errors)), error: (e) => errors.push(e), complete: () => undefined },
  );
  return {
    seen,
    errors,
    get closeCode() {
      return closeCode;
    },
    stop: () => client.dispose(),
  };
}

async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function submitAt(code: string): Promise<void> {
  const r = await t.gql(await t.token("DY_XFJ", [Role.REGISTRAR]), `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "SUGGESTION", localityOrgId: String((await t.org(code)).id), summary: "建议", request: "建议", anonymous: true },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

describe("Subscription.dashboard", () => {
  it("pushes each scope its own figures when they change, and nothing when they do not", async () => {
    const bureau = watch(await t.token("DY_XFJ", [Role.LEADER]));
    const hekou = watch(await t.token("HKQ_XFJ", [Role.CASE_OFFICER]));
    const lijin = watch(await t.token("LJX_XFJ", [Role.CASE_OFFICER]));
    try {
      await until("first figures", () => bureau.seen.length === 1 && hekou.seen.length === 1 && lijin.seen.length === 1);
      expect(bureau.seen[0]).toEqual({ scope: "all", openPetitions: 0 });
      expect(hekou.seen[0]).toEqual({ scope: `org:${(await t.org("HKQ_XFJ")).id}`, openPetitions: 0 });

      await submitAt("HKQ_XFJ");
      await until("pushes after the 河口 petition", () => bureau.seen.length === 2 && hekou.seen.length === 2);
      expect(bureau.seen[1].openPetitions).toBe(1);
      expect(hekou.seen[1].openPetitions).toBe(1);
      // 利津's figures did not change: computed, not pushed. Give the debounce and relay time to have done it.
      await new Promise((r) => setTimeout(r, 800));
      expect(lijin.seen).toHaveLength(1);

      await submitAt("LJX_XFJ");
      await until("push to 利津", () => lijin.seen.length === 2);
      expect(lijin.seen[1].openPetitions).toBe(1);
      await until("bureau sees both", () => bureau.seen.at(-1)!.openPetitions === 2);
      expect([bureau.errors, hekou.errors, lijin.errors]).toEqual([[], [], []]);
    } finally {
      await Promise.all([bureau.stop(), hekou.stop(), lijin.stop()]);
    }
  });

  it("pushes a new risk alert to the scope that owns it (and the bureau), not to another county", async () => {
    const FIELDS = "scope openPetitions riskAlerts { id kind severity }";
    const grxToken = await t.token("GRX_XFJ", [Role.CASE_OFFICER]);
    const bureau = watch(await t.token("DY_XFJ", [Role.LEADER]), FIELDS);
    const guangrao = watch(grxToken, FIELDS);
    const lijin = watch(await t.token("LJX_XFJ", [Role.CASE_OFFICER]), FIELDS);
    try {
      await until("first figures", () => bureau.seen.length === 1 && guangrao.seen.length === 1 && lijin.seen.length === 1);
      const before = { bureau: bureau.seen[0].riskAlerts!.length, guangrao: guangrao.seen[0].riskAlerts!.length, lijin: lijin.seen[0].riskAlerts!.length };
      // 广饶 files a report and escalates it to the joint meeting: a critical alert owned by 广饶 (early-warning.test.ts).
      const filed = await t.gql<{ fileLedgerEntry: { id: string } }>(grxToken, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, {
        i: { subject: "拟聚集讨薪", peopleCount: 30, riskType: "GROUP_GATHERING", reliability: "PROBABLE", localityOrgId: String((await t.org("GRX_XFJ")).id), reporterRole: "GRID_WORKER", reporterName: "网格员" },
      });
      expect(filed.errors).toBeUndefined();
      const consulted = await t.gql(grxToken, `mutation($e: ID!, $i: ConsultationInput!) { recordConsultation(entryId: $e, input: $i) { entry { state } } }`, {
        e: filed.data!.fileLedgerEntry.id,
        i: { participants: ["信访局"], assessment: "风险较大", grade: "MEDIUM", decision: "ESCALATE_TO_JOINT_MEETING", owner: "副县长", dueAt: "2030-01-01T00:00:00Z" },
      });
      expect(consulted.errors).toBeUndefined();
      const newest = (w: ReturnType<typeof watch>) => w.seen.at(-1)!.riskAlerts!;
      await until("the alert pushed to 广饶", () => newest(guangrao).length === before.guangrao + 1);
      await until("the alert pushed to the bureau", () => newest(bureau).length === before.bureau + 1);
      expect(newest(guangrao)[0]).toMatchObject({ kind: "LEDGER_ESCALATED", severity: "CRITICAL" });
      expect(newest(bureau).map((a) => a.id)).toContain(newest(guangrao)[0].id);
      // 利津 owns no new alert and its figures did not change: nothing pushed. Give the debounce and relay time.
      await new Promise((r) => setTimeout(r, 800));
      expect(lijin.seen).toHaveLength(1);
      expect(lijin.seen[0].riskAlerts!.map((a) => a.id)).not.toContain(newest(guangrao)[0].id);
      expect([bureau.errors, guangrao.errors, lijin.errors]).toEqual([[], [], []]);
    } finally {
      await Promise.all([bureau.stop(), guangrao.stop(), lijin.stop()]);
    }
  });

  it("refuses an anonymous socket", async () => {
    const anon = watch(null);
    try {
      await until("close", () => anon.closeCode !== null);
      expect(anon.closeCode).toBe(4403);
      expect(anon.seen).toEqual([]);
    } finally {
      await anon.stop();
    }
  });
});
