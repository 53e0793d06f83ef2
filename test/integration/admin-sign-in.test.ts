import { createHash } from "node:crypto";
import Redis from "ioredis";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Operator sign-in to /admin: token in a POST body, a server-side session, only its random id in the cookie.
let t: TestHub;
let redis: Redis;
let operator: string;

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  redis = new Redis(process.env.TEST_REDIS_URL!);
  operator = await t.token("DY_XFJ", [Role.OPERATOR]);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.stop();
});

const form = (token: string, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}/admin/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams({ token }), redirect: "manual" });
const board = (cookie: string) => fetch(`${t.baseUrl}/admin/queues`, { headers: { cookie }, redirect: "manual" });
const sessionKeys = () => redis.keys(`${t.queuePrefix}:admin-session:*`);

describe("/admin sign-in", () => {
  it("GET /admin/login is a self-contained form (no scripts, no CDN); a token in the URL is refused with 400", async () => {
    const page = await fetch(`${t.baseUrl}/admin/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/admin\/login"/);
    expect(html).not.toMatch(/<script|https?:\/\//);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const inUrl = await fetch(`${t.baseUrl}/admin/login?token=${operator}`, { redirect: "manual" });
    expect(inUrl.status).toBe(400);
    expect(inUrl.headers.get("set-cookie")).toBeNull();
    // Not on POST either.
    expect((await fetch(`${t.baseUrl}/admin/login?token=${operator}`, { method: "POST", redirect: "manual" })).status).toBe(400);
  });

  it("an operator's POST creates a session: cookie attributes exactly, random id (not the token), Redis TTL ≤ 8 h; the session opens the board", async () => {
    const before = (await sessionKeys()).length;
    const res = await form(operator, { origin: t.baseUrl });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/queues");
    const setCookie = res.headers.get("set-cookie")!;
    const [pair, ...attrs] = setCookie.split(/;\s*/);
    const [name, id] = pair.split("=");
    expect(name).toBe("hub_admin");
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(setCookie).not.toContain(operator);
    expect(setCookie).not.toContain(operator.split(".")[1]);
    expect(attrs.filter((a) => !a.startsWith("Max-Age=")).sort()).toEqual(["HttpOnly", "Path=/admin", "SameSite=Strict", "Secure"]);
    const maxAge = Number(attrs.find((a) => a.startsWith("Max-Age="))!.split("=")[1]);
    expect(maxAge).toBeGreaterThan(8 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(8 * 3600);
    // Redis keeps the session under the id's hash, never the token.
    const keys = await sessionKeys();
    expect(keys.length).toBe(before + 1);
    const key = `${t.queuePrefix}:admin-session:${createHash("sha256").update(id).digest("hex")}`;
    expect(keys).toContain(key);
    expect(await redis.get(key)).not.toContain(operator);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(8 * 3600);
    const page = await board(pair);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    // A made-up id, or a raw token in the cookie (the old scheme), opens nothing.
    expect((await board(`hub_admin=${"A".repeat(43)}`)).status).toBe(403);
    expect((await board(`hub_admin=${operator}`)).status).toBe(403);
  });

  it("the session ends with the token: TTL = min(token expiry, 8 h)", async () => {
    const short = await t.sign({ sub: "test:short", org: "DY_XFJ", roles: [Role.OPERATOR] }, { ttlSeconds: 120 });
    const res = await form(short);
    expect(res.status).toBe(303);
    const maxAge = Number(/Max-Age=(\d+)/.exec(res.headers.get("set-cookie")!)![1]);
    expect(maxAge).toBeGreaterThan(100);
    expect(maxAge).toBeLessThanOrEqual(120);
  });

  it("the Authorization header works instead of the form body", async () => {
    const res = await fetch(`${t.baseUrl}/admin/login`, { method: "POST", headers: { authorization: `Bearer ${operator}` }, redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^hub_admin=[\w-]{43}; Secure; HttpOnly; SameSite=Strict; Path=\/admin; Max-Age=\d+$/);
  });

  it("non-operators, other organisations' operators, bad tokens and cross-origin posts get no session", async () => {
    const before = (await sessionKeys()).length;
    for (const token of [await t.token("DY_XFJ", [Role.CASE_OFFICER]), await t.token("DY_CL", [Role.OPERATOR]), operator.slice(0, -4) + "AAAA"]) {
      const res = await form(token);
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await form("")).status).toBe(400);
    for (const origin of ["https://evil.example", "null"]) {
      const res = await form(operator, { origin });
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await sessionKeys()).length).toBe(before);
  });

  it("POST /admin/logout deletes the session (cookie cleared, board closed); cross-origin logout is refused", async () => {
    const pair = (await form(operator)).headers.get("set-cookie")!.split(";")[0];
    expect((await board(pair)).status).toBe(200);
    const evil = await fetch(`${t.baseUrl}/admin/logout`, { method: "POST", headers: { cookie: pair, origin: "https://evil.example" }, redirect: "manual" });
    expect(evil.status).toBe(403);
    expect((await board(pair)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/admin/logout`, { headers: { cookie: pair }, redirect: "manual" })).status).toBe(405);
    const out = await fetch(`${t.baseUrl}/admin/logout`, { method: "POST", headers: { cookie: pair, origin: t.baseUrl }, redirect: "manual" });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toBe("hub_admin=; Secure; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=0");
    expect((await board(pair)).status).toBe(403);
  });
});
