import { createHash, createHmac } from "node:crypto";
import { SIGNATURE_HEADERS as H, VerifyInput, canonicalString, signRequest, verifySignedRequest } from "../../src/connectors/signing";

const SECRET = "s3cret-s3cret-s3cret";
const NOW = new Date("2026-06-01T02:00:00Z");
const BODY = JSON.stringify({ caseNo: "DY-2026-000123", summary: "拖欠工资" });

/** A nonce store like the hub's Redis one: remembers what it was asked about. */
function memory() {
  const seen = new Set<string>();
  const calls: { keyId: string; nonce: string; ttl: number }[] = [];
  return {
    calls,
    seenNonce: async (keyId: string, nonce: string, ttl: number) => {
      calls.push({ keyId, nonce, ttl });
      const k = `${keyId}:${nonce}`;
      const before = seen.has(k);
      seen.add(k);
      return before;
    },
  };
}

function verify(headers: Record<string, string>, over: Partial<VerifyInput> = {}) {
  const m = memory();
  return verifySignedRequest({ secretFor: (k) => (k === "hub-1" ? SECRET : undefined), method: "POST", path: "/referrals", body: BODY, headers, now: NOW, seenNonce: m.seenNonce, ...over });
}

describe("signRequest", () => {
  it("signs the canonical string METHOD\\npath\\ntimestamp\\nnonce\\nsha256(body) with HMAC-SHA256, hex", () => {
    const h = signRequest(SECRET, "hub-1", "post", "/api/referrals?x=1", BODY, NOW);
    expect(h[H.keyId]).toBe("hub-1");
    expect(h[H.timestamp]).toBe(String(NOW.getTime() / 1000));
    expect(h[H.nonce]).toMatch(/^[0-9a-f]{32}$/);
    const canonical = `POST\n/api/referrals?x=1\n${h[H.timestamp]}\n${h[H.nonce]}\n${createHash("sha256").update(BODY).digest("hex")}`;
    expect(canonicalString("post", "/api/referrals?x=1", h[H.timestamp], h[H.nonce], BODY)).toBe(canonical);
    expect(h[H.signature]).toBe(createHmac("sha256", SECRET).update(canonical).digest("hex"));
  });

  it("uses a fresh nonce every time", () => {
    expect(signRequest(SECRET, "k", "GET", "/", "", NOW)[H.nonce]).not.toBe(signRequest(SECRET, "k", "GET", "/", "", NOW)[H.nonce]);
  });
});

describe("verifySignedRequest", () => {
  const signed = () => signRequest(SECRET, "hub-1", "POST", "/referrals", BODY, NOW);

  it("accepts a correctly signed request and reports its key id", async () => {
    await expect(verify(signed())).resolves.toEqual({ ok: true, keyId: "hub-1" });
  });

  it("matches header names case-insensitively and takes the first of repeated headers", async () => {
    const h = signed();
    const upper = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(verify(upper)).resolves.toEqual({ ok: true, keyId: "hub-1" });
    const m = memory();
    const arrays: Record<string, string[]> = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v, "x"]]));
    await expect(verifySignedRequest({ secretFor: () => SECRET, method: "POST", path: "/referrals", body: BODY, headers: arrays, now: NOW, seenNonce: m.seenNonce })).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ["body", { body: BODY.replace("拖欠", "缓发") }],
    ["path", { path: "/referrals/other" }],
    ["method", { method: "PUT" }],
  ])("refuses a request whose %s was changed: BAD_SIGNATURE", async (_what, over) => {
    await expect(verify(signed(), over)).resolves.toEqual({ ok: false, code: "BAD_SIGNATURE" });
  });

  it.each([
    ["signed with another secret", (h: Record<string, string>) => ({ ...h, [H.signature]: signRequest("other-secret-other", "hub-1", "POST", "/referrals", BODY, NOW)[H.signature] })],
    ["truncated", (h: Record<string, string>) => ({ ...h, [H.signature]: h[H.signature].slice(0, 40) })],
    ["not hex", (h: Record<string, string>) => ({ ...h, [H.signature]: "z".repeat(64) })],
    ["for another nonce", (h: Record<string, string>) => ({ ...h, [H.nonce]: "0".repeat(32) })],
  ])("refuses a signature %s: BAD_SIGNATURE", async (_what, tamper) => {
    await expect(verify(tamper(signed()))).resolves.toEqual({ ok: false, code: "BAD_SIGNATURE" });
  });

  it.each(Object.values(H))("refuses a request without %s: MISSING_HEADERS", async (name) => {
    const h: Record<string, string> = signed();
    delete h[name];
    await expect(verify(h)).resolves.toEqual({ ok: false, code: "MISSING_HEADERS" });
  });

  it("refuses an unknown key id, also when the secret lookup is async: UNKNOWN_KEY", async () => {
    const h = signRequest(SECRET, "hub-2", "POST", "/referrals", BODY, NOW);
    await expect(verify(h)).resolves.toEqual({ ok: false, code: "UNKNOWN_KEY" });
    await expect(verify(h, { secretFor: async () => undefined })).resolves.toEqual({ ok: false, code: "UNKNOWN_KEY" });
  });

  it("accepts a timestamp up to maxSkewSeconds either way and refuses beyond it: STALE_TIMESTAMP", async () => {
    const at = (s: number) => new Date(NOW.getTime() + s * 1000);
    await expect(verify(signed(), { now: at(300) })).resolves.toMatchObject({ ok: true });
    await expect(verify(signed(), { now: at(-300) })).resolves.toMatchObject({ ok: true });
    await expect(verify(signed(), { now: at(301) })).resolves.toEqual({ ok: false, code: "STALE_TIMESTAMP" });
    await expect(verify(signed(), { now: at(-301) })).resolves.toEqual({ ok: false, code: "STALE_TIMESTAMP" });
    await expect(verify(signed(), { now: at(61), maxSkewSeconds: 60 })).resolves.toEqual({ ok: false, code: "STALE_TIMESTAMP" });
  });

  it("refuses a timestamp that is not whole seconds: STALE_TIMESTAMP", async () => {
    await expect(verify({ ...signed(), [H.timestamp]: "1780279200.5" })).resolves.toEqual({ ok: false, code: "STALE_TIMESTAMP" });
    await expect(verify({ ...signed(), [H.timestamp]: "soon" })).resolves.toEqual({ ok: false, code: "STALE_TIMESTAMP" });
  });

  it("refuses the same signed request the second time: REPLAYED, remembering the nonce for twice the skew", async () => {
    const m = memory();
    const input = { secretFor: () => SECRET, method: "POST", path: "/referrals", body: BODY, headers: signed(), now: NOW, seenNonce: m.seenNonce };
    await expect(verifySignedRequest(input)).resolves.toMatchObject({ ok: true });
    await expect(verifySignedRequest(input)).resolves.toEqual({ ok: false, code: "REPLAYED" });
    expect(m.calls.map((c) => c.ttl)).toEqual([600, 600]);
    expect(m.calls[0].keyId).toBe("hub-1");
  });

  it("does not record nonces of requests that fail earlier checks, so forgeries cannot fill the store", async () => {
    const m = memory();
    const h = { ...signed(), [H.signature]: "0".repeat(64) };
    await verifySignedRequest({ secretFor: () => SECRET, method: "POST", path: "/referrals", body: BODY, headers: h, now: NOW, seenNonce: m.seenNonce });
    expect(m.calls).toEqual([]);
  });

  it("signs and verifies an empty GET body", async () => {
    const h = signRequest(SECRET, "hub-1", "GET", "/referrals/R1/status", "", NOW);
    await expect(verify(h, { method: "GET", path: "/referrals/R1/status", body: "" })).resolves.toMatchObject({ ok: true });
  });
});
