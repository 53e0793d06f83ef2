/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { createServer, Server, Socket, connect } from "node:net";
import { join } from "node:path";
import { Browser, chromium, Page } from "playwright-core";
import { sweepDeadlines } from "../../src/commands/sweep-deadlines";
import { Role } from "../../src/domain/petition-terms";
import { dateParam } from "../../src/db/sql-params";
import { startTestHub, TestHub } from "../factories/test-hub";

// The command screen in a real headless Chromium (Debian's package, driven by playwright-core), against a real hub
// whose HTTP and WebSocket traffic runs through a TCP proxy the test can cut: sign in with a pasted token, watch a
// new petition and its breached deadline arrive by push (no reload) within 2 seconds, see the re-sync state while
// the connection is cut, then the recovered figures (including a change made while it was cut).

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SUBMIT = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number } }`;
jest.setTimeout(90_000);

/** A TCP proxy in front of the hub: `cut()` drops every connection and refuses new ones until `restore()`. */
async function startProxy(targetPort: number): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      refusing = false;
    },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

let t: TestHub;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];

async function submit(summary: string): Promise<{ id: string; number: string }> {
  const token = await t.token("DY_XFJ", [Role.REGISTRAR]);
  const r = await t.gql<{ submitPetition: { id: string; number: string } }>(token, SUBMIT, {
    i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: String((await t.org("KLQ_XFJ")).id), summary, request: "请求处理", anonymous: true },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition;
}

async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const text = (sel: string) => page.locator(sel).innerText();

beforeAll(async () => {
  t = await startTestHub();
  proxy = await startProxy(Number(new URL(t.baseUrl).port));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await t?.stop();
});

describe("the command screen in a browser", () => {
  it("signs in, shows pushed changes without a reload, shows the re-sync state when cut off, then recovers", async () => {
    const base = `http://127.0.0.1:${proxy.port}`;
    // A risk-ledger entry in 垦利 escalated to the joint meeting before sign-in: its alert is on the screen.
    const officer = await t.token("KLQ_XFJ", [Role.CASE_OFFICER]);
    const filed = await t.gql<{ fileLedgerEntry: { id: string } }>(officer, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, {
      i: { subject: "大屏测试 拟聚集", peopleCount: 60, riskType: "GROUP_GATHERING", reliability: "PROBABLE", localityOrgId: String((await t.org("KLQ_XFJ")).id), reporterRole: "GRID_WORKER", reporterName: "网格员某" },
    });
    const consulted = await t.gql(officer, `mutation($e: ID!, $i: ConsultationInput!) { recordConsultation(entryId: $e, input: $i) { entry { state } } }`, {
      e: filed.data!.fileLedgerEntry.id,
      i: { participants: ["王某"], assessment: "评估", grade: "MEDIUM", decision: "ESCALATE_TO_JOINT_MEETING", owner: "副区长某", dueAt: "2030-01-01T00:00:00Z" },
    });
    expect(consulted.errors).toBeUndefined();
    await page.goto(`${base}/dashboard`);
    await page.fill("#token", await t.token("DY_XFJ", [Role.LEADER]));
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#status[data-state=live]", { timeout: 10_000 });
    // A fresh database: nothing open, nothing overdue, no alerts.
    expect(await text("#c-open")).toBe("0");
    expect(await text("#c-overdue")).toBe("0");
    expect(await page.locator("#alerts li[data-petition-id]").count()).toBe(0);
    await page.waitForSelector("#risk-alerts li[data-alert-id]", { timeout: 5_000 });
    expect(await text("#risk-alerts")).toContain("提交联席会议");
    expect(await text("#risk-alerts")).toContain("责任人 副区长某");
    // 意外伤亡 panel: a case opened in 垦利 after sign-in is pushed, with each duty's hours left.
    const accident = await t.gql<{ openAccidentCase: { id: string } }>(officer, `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { id } }`, {
      i: { localityOrgId: String((await t.org("KLQ_XFJ")).id), kind: "DEATH", casualties: 1, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), place: "大屏测试路口", summary: "交通事故", leader: "副区长某" },
    });
    expect(accident.errors).toBeUndefined();
    await page.waitForSelector(`#accident-cases li[data-accident-case-id="${accident.data!.openAccidentCase.id}"]`, { timeout: 5_000 });
    expect(await text("#accident-cases")).toMatch(/死亡1人 · 大屏测试路口 · 包案 副区长某 · 专班 剩(1\.9|2\.0)小时 · 舆情 剩(3\.9|4\.0)小时 · 研判 剩(5\.9|6\.0)小时/);
    let navigations = 0;
    page.on("framenavigated", () => navigations++);

    // Through the API: a petition in 垦利, its routing clock moved an hour into the past, and a sweep that breaches it.
    const p = await submit("垦利 大屏测试");
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [dateParam(t.hub.deps.db, new Date(Date.now() - 3_600_000)), p.id]);
    expect((await sweepDeadlines(t.hub.deps, new Date())).red).toBe(1);
    const swept = Date.now();
    await page.waitForFunction(
      (n) => document.getElementById("c-open")!.textContent === "1" && document.getElementById("c-overdue")!.textContent === "1" && !!document.querySelector(`#alerts li[data-petition-number="${n}"]`),
      p.number,
      { timeout: 2_000, polling: 50 },
    );
    expect(Date.now() - swept).toBeLessThanOrEqual(2_000);
    expect(navigations).toBe(0); // pushed, not reloaded
    expect(await text(`#alerts li[data-petition-number="${p.number}"]`)).toContain("超期");

    // A click on the alert shows the petition's timeline, read through the normal API.
    await page.click(`#alerts li[data-petition-number="${p.number}"]`);
    await page.waitForFunction(() => document.querySelectorAll("#timeline li time").length > 0, undefined, { timeout: 5_000 });
    expect(await text("#timeline-number")).toContain(p.number);
    mkdirSync(join(__dirname, "..", "..", "artifacts"), { recursive: true });
    await page.screenshot({ path: join(__dirname, "..", "..", "artifacts", "dashboard.png"), fullPage: true });

    // Cut the hub off: the page says so.
    proxy.cut();
    await page.waitForSelector("#status[data-state=resync]", { timeout: 5_000 });
    expect(await text("#status")).toBe("连接已断开 — 正在重新同步");
    // A change the page cannot hear about while cut off.
    await submit("垦利 断线期间登记");

    // Back: the page reconnects, re-reads the figures and shows them live again, still without a reload.
    proxy.restore();
    await page.waitForSelector("#status[data-state=live]", { timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById("c-open")!.textContent === "2", undefined, { timeout: 5_000 });
    expect(navigations).toBe(0);
    expect(cspViolations).toEqual([]);
  });

  it("serves GraphiQL from the hub itself and sends a browser at /graphql there", async () => {
    const ide = await browser.newPage();
    const foreign: string[] = [];
    ide.on("request", (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${proxy.port}`) && !r.url().startsWith("ws://127.0.0.1") && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url());
    });
    await ide.goto(`http://127.0.0.1:${proxy.port}/graphql`);
    expect(new URL(ide.url()).pathname).toBe("/graphiql");
    await ide.fill("#token", await t.token("DY_XFJ", [Role.CASE_OFFICER]));
    await ide.click("#auth button[type=submit]");
    // The editor rendered (React + GraphiQL ran under the CSP) and its default query runs with the token.
    await ide.waitForSelector(".graphiql-container", { timeout: 10_000 });
    await ide.click(".graphiql-execute-button");
    await ide.waitForFunction(() => /"openPetitions"/.test(document.querySelector(".result-window")?.textContent ?? ""), undefined, { timeout: 10_000 });
    expect(foreign).toEqual([]);

    // A subscription from the IDE goes over graphql-ws with the same token and shows a change committed afterwards.
    await ide.evaluate((q) => {
      const cm = (document.querySelector(".graphiql-query-editor .CodeMirror") as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror;
      cm.setValue(q);
    }, "subscription Live {\n  changes { cursor type petition { number summary } }\n}\n");
    // The editor parses after a 100 ms debounce; the fetcher picks the socket from that parse, so wait for it.
    await ide.waitForFunction(() => {
      const cm = (document.querySelector(".graphiql-query-editor .CodeMirror") as unknown as { CodeMirror: { documentAST?: { definitions: { operation?: string }[] } | null } }).CodeMirror;
      return cm.documentAST?.definitions[0]?.operation === "subscription";
    });
    const listeners = t.hub.changes.feed!.size;
    await ide.click(".graphiql-execute-button");
    // graphql-ws connects lazily on the first subscription: wait until the hub has its listener before committing.
    await waitFor(() => t.hub.changes.feed!.size > listeners);
    const p = await submit("垦利 IDE 订阅测试");
    await ide.waitForFunction((n) => (document.querySelector(".result-window")?.textContent ?? "").includes(n), p.number, { timeout: 10_000 });
    expect(foreign).toEqual([]);
    await ide.close();
  });
});
