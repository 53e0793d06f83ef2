/**
 * RFC 9421 signatures and RFC 9530 digests as the partner contract uses them: the RFC's own Ed25519 vector
 * (Appendix B.2.6), our published vectors (docs/partners/test-vectors.json) reproduced byte for byte by the hub's
 * code AND accepted by the simulators' independent verifier, and every refusal of the verifier.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkContentDigest, contentDigest } from "../../src/connectors/http-signatures/content-digest";
import { HubSigningKeys, verifyingKeyFromJwk } from "../../src/connectors/http-signatures/keys";
import { SigningKey, VerifyingKey, rawSign, serializeSignatureParams, signRequest, signatureBase, verifyRequest } from "../../src/connectors/http-signatures/message-signatures";
import { parseDictionary } from "../../src/connectors/http-signatures/structured-fields";
import { allVectors } from "../../scripts/partner-test-vectors";
import { SeenSignatures, verifyHubSignature } from "../simulators/partner-signatures";

// RFC 9421 Appendix B.1.4 test-key-ed25519 and B.2 test-request.
const RFC_PRIVATE = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";
const RFC_PUBLIC = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n";
const RFC_REQUEST = {
  method: "POST",
  targetUri: "https://example.com/foo?param=Value&Pet=dog",
  headers: {
    host: "example.com",
    date: "Tue, 20 Apr 2021 02:07:55 GMT",
    "content-type": "application/json",
    "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
    "content-length": "18",
  },
};
const B26_COMPONENTS = ["date", "@method", "@path", "@authority", "content-type", "content-length"];
const B26_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join("\n");
const B26_SIGNATURE = "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

describe("RFC 9421 Appendix B.2.6 (Ed25519)", () => {
  const key: SigningKey = { kid: "test-key-ed25519", alg: "ed25519", privateKey: createPrivateKey(RFC_PRIVATE) };

  it("builds the RFC's signature base and signature exactly", () => {
    const params = serializeSignatureParams(B26_COMPONENTS, [
      ["created", 1618884473],
      ["keyid", "test-key-ed25519"],
    ]);
    const base = signatureBase(RFC_REQUEST, B26_COMPONENTS, params);
    expect(base).toBe(B26_BASE);
    expect(rawSign(key, base).toString("base64")).toBe(B26_SIGNATURE);
  });

  it("verifies the RFC's Signature-Input/Signature headers (when not requiring the contract's components)", async () => {
    const headers = {
      ...RFC_REQUEST.headers,
      "signature-input": 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      signature: `sig-b26=:${B26_SIGNATURE}:`,
    };
    const publicKey: VerifyingKey = { kid: "test-key-ed25519", alg: "ed25519", publicKey: createPublicKey(RFC_PUBLIC) };
    const policy = { keyFor: () => publicKey, now: new Date(1618884473_000), required: [] };
    await expect(verifyRequest({ ...RFC_REQUEST, headers }, policy)).resolves.toMatchObject({ ok: true, keyid: "test-key-ed25519", label: "sig-b26" });
    const altered = { ...headers, "content-length": "19" };
    await expect(verifyRequest({ ...RFC_REQUEST, headers: altered }, policy)).resolves.toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });
});

describe("docs/partners/test-vectors.json", () => {
  const published = JSON.parse(readFileSync(join(__dirname, "../../docs/partners/test-vectors.json"), "utf8")) as ReturnType<typeof allVectors>;

  it("is what the hub's implementation produces from the same inputs (regenerate with scripts/partner-test-vectors.ts)", () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(allVectors())));
    expect(published.vectors.map((v) => v.name)).toEqual(["callback-ed25519", "delivery-ed25519", "callback-hmac-sha256"]);
  });

  it.each(published.vectors.map((v) => [v.name, v] as const))("%s: the hub verifies it; the simulators' independent verifier accepts it too", async (_name, v) => {
    const headers = { ...v.request.headers, "content-digest": v.expected.contentDigest, "signature-input": v.expected.signatureInput, signature: v.expected.signature };
    expect(contentDigest(v.request.body)).toBe(v.expected.contentDigest);
    const k = v.key as { kid: string; alg: string; publicJwk?: { x: string }; secret?: string };
    const verifying: VerifyingKey = k.secret ? { kid: k.kid, alg: "hmac-sha256", secret: Buffer.from(k.secret) } : verifyingKeyFromJwk({ kty: "OKP", crv: "Ed25519", kid: k.kid, x: k.publicJwk!.x });
    const outcome = await verifyRequest({ method: v.request.method, targetUri: v.request.targetUri, headers }, { keyFor: (kid) => (kid === k.kid ? verifying : undefined), now: new Date(v.created * 1000) });
    expect(outcome).toMatchObject({ ok: true, keyid: k.kid, created: v.created, nonce: v.nonce });

    jest.useFakeTimers({ now: v.created * 1000 + 10_000, doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    try {
      const independent = await verifyHubSignature(
        { method: v.request.method, targetUri: v.request.targetUri, headers, body: v.request.body },
        async (kid) => (kid !== k.kid ? undefined : verifying.alg === "ed25519" ? { alg: "ed25519", key: verifying.publicKey } : { alg: "hmac-sha256", secret: k.secret! }),
        new SeenSignatures(),
      );
      expect(independent).toEqual({ ok: true, kid: k.kid });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("verifyRequest refusals", () => {
  const hub = HubSigningKeys.generate("hub-k1");
  const verifying: VerifyingKey = { kid: "hub-k1", alg: "ed25519", publicKey: createPublicKey(hub.active.alg === "ed25519" ? hub.active.privateKey : "") };
  const NOW = new Date("2026-06-01T02:00:00Z");
  const body = '{"hello":"world"}';
  const target = "https://hub.example.gov.cn/agency-callback";
  const signed = (over: { now?: Date; components?: string[]; key?: SigningKey } = {}) => {
    const headers: Record<string, string> = { "content-digest": contentDigest(body) };
    return { ...headers, ...signRequest({ method: "POST", targetUri: target, headers }, over.key ?? hub.active, { now: over.now ?? NOW, components: over.components }) };
  };
  const verify = (headers: Record<string, string>, over: { method?: string; targetUri?: string } = {}) =>
    verifyRequest({ method: over.method ?? "POST", targetUri: over.targetUri ?? target, headers }, { keyFor: (kid) => (kid === "hub-k1" ? verifying : undefined), now: NOW });

  it("accepts what signRequest makes, covering @method @target-uri content-digest with created, keyid, alg, nonce", async () => {
    const h = signed();
    expect(h["signature-input"]).toMatch(/^hub=\("@method" "@target-uri" "content-digest"\);created=1780279200;keyid="hub-k1";alg="ed25519";nonce="[A-Za-z0-9_-]{22}"$/);
    await expect(verify(h)).resolves.toMatchObject({ ok: true, keyid: "hub-k1", created: 1780279200 });
  });

  it.each([
    ["no signature headers", {}, "SIGNATURE_MISSING"],
    ["a Signature-Input that is not a dictionary", { "signature-input": "hub=(@method)", signature: "hub=:AA==:" }, "SIGNATURE_MALFORMED"],
    ["a Signature without the label", { "signature-input": 'x=("@method");created=1;keyid="hub-k1"', signature: "y=:AA==:" }, "SIGNATURE_MALFORMED"],
  ] as const)("refuses %s", async (_what, headers, code) => {
    await expect(verify({ ...headers })).resolves.toMatchObject({ ok: false, code });
  });

  it("refuses a signature that does not cover content-digest (or @target-uri): SIGNATURE_COMPONENT_MISSING", async () => {
    await expect(verify(signed({ components: ["@method", "@target-uri"] }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_COMPONENT_MISSING" });
    await expect(verify(signed({ components: ["@method", "content-digest"] }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_COMPONENT_MISSING" });
  });

  it("refuses a covered header that is missing from the message", async () => {
    const h = signed();
    delete (h as Record<string, string>)["content-digest"];
    await expect(verify(h)).resolves.toMatchObject({ ok: false, code: "SIGNATURE_COMPONENT_MISSING" });
  });

  it("refuses created more than 300 s away either way, accepts 300 s", async () => {
    await expect(verify(signed({ now: new Date(NOW.getTime() - 301_000) }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_STALE" });
    await expect(verify(signed({ now: new Date(NOW.getTime() + 301_000) }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_STALE" });
    await expect(verify(signed({ now: new Date(NOW.getTime() - 300_000) }))).resolves.toMatchObject({ ok: true });
  });

  it("refuses an unknown key id, a key of another algorithm, another key under the same id, another method or target", async () => {
    await expect(verify(signed({ key: HubSigningKeys.generate("someone").active }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_UNKNOWN_KEY" });
    await expect(verify(signed({ key: { kid: "hub-k1", alg: "hmac-sha256", secret: Buffer.from("x".repeat(32)) } }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_ALG_MISMATCH" });
    await expect(verify(signed({ key: HubSigningKeys.generate("hub-k1").active }))).resolves.toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    await expect(verify(signed(), { method: "PUT" })).resolves.toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    await expect(verify(signed(), { targetUri: "https://hub.example.gov.cn/agency-callback?x=1" })).resolves.toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });
});

describe("Content-Digest (RFC 9530)", () => {
  it("is sha-256 of the exact bytes, checked in constant time; other algorithms alone are not enough", () => {
    expect(contentDigest('{"hello": "world"}')).toBe("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"); // RFC 9530 §2 example
    expect(checkContentDigest(contentDigest("a"), "a")).toEqual({ ok: true });
    expect(checkContentDigest(contentDigest("a"), "b")).toEqual({ ok: false, why: "MISMATCH" });
    expect(checkContentDigest(undefined, "a")).toEqual({ ok: false, why: "MISSING" });
    expect(checkContentDigest(RFC_REQUEST.headers["content-digest"], '{"hello": "world"}')).toEqual({ ok: false, why: "UNSUPPORTED" });
    expect(checkContentDigest("sha-256=abc", "a")).toEqual({ ok: false, why: "MALFORMED" });
  });
});

describe("structured fields", () => {
  it("parses inner lists with parameters and byte sequences, refuses decimals and component parameters", () => {
    const d = parseDictionary('a=("@method" "x");created=1;keyid="k", b=:AAEC:');
    expect(d.get("a")).toEqual({ kind: "list", items: ["@method", "x"], params: new Map<string, unknown>([["created", 1], ["keyid", "k"]]) });
    expect(d.get("b")).toMatchObject({ kind: "item", value: Buffer.from([0, 1, 2]) });
    expect(() => parseDictionary("a=1.5")).toThrow("decimals");
    expect(() => parseDictionary('a=("@query-param";name="x")')).toThrow("component parameters");
    expect(() => parseDictionary("a=1,")).toThrow("trailing comma");
  });
});
