/**
 * Prints docs/partners/test-vectors.json: known-answer vectors of the partner contract's signatures, made with the
 * hub's implementation from fixed keys and messages. `npx ts-node`-free: run through jest's transform with
 * `npx jest test/unit/http-signatures.test.ts` (which checks the file), or regenerate with
 * `node -r @swc/register scripts/partner-test-vectors.ts > docs/partners/test-vectors.json` if that is installed.
 */
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { contentDigest } from "../src/connectors/http-signatures/content-digest";
import { SigningKey, serializeSignatureParams, signatureBase, rawSign } from "../src/connectors/http-signatures/message-signatures";

/** A fixed Ed25519 key from a label: seed = SHA-256(label). */
export function fixedEd25519(label: string) {
  const seed = createHash("sha256").update(label).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]), format: "der", type: "pkcs8" });
  return { privateKey, publicJwk: createPublicKey(privateKey).export({ format: "jwk" }), privateJwk: privateKey.export({ format: "jwk" }) };
}

interface VectorInput {
  name: string;
  description: string;
  key: SigningKey;
  keyMaterial: Record<string, unknown>;
  method: string;
  targetUri: string;
  body: string;
  created: number;
  nonce: string;
}

/** One vector: inputs and the expected Content-Digest, signature base and signature. */
export function vector(v: VectorInput) {
  const digest = contentDigest(v.body);
  const components = ["@method", "@target-uri", "content-digest"];
  const params = serializeSignatureParams(components, [
    ["created", v.created],
    ["keyid", v.key.kid],
    ["alg", v.key.alg],
    ["nonce", v.nonce],
  ]);
  const base = signatureBase({ method: v.method, targetUri: v.targetUri, headers: { "content-digest": digest } }, components, params);
  const sig = rawSign(v.key, base).toString("base64");
  return {
    name: v.name,
    description: v.description,
    key: { kid: v.key.kid, alg: v.key.alg, ...v.keyMaterial },
    request: { method: v.method, targetUri: v.targetUri, headers: { "content-type": "application/json" }, body: v.body },
    created: v.created,
    nonce: v.nonce,
    expected: { contentDigest: digest, signatureBase: base, signatureInput: `sig1=${params}`, signature: `sig1=:${sig}:` },
  };
}

/** Every vector of the published file. */
export function allVectors() {
  const partner = fixedEd25519("petition-hub partner contract test key: partner");
  const hub = fixedEd25519("petition-hub partner contract test key: hub");
  const secret = "petition-hub-contract-test-hmac-secret-0123456789";
  const callback = JSON.stringify({ schema: "referral.callback.v1", eventId: "cl-evt-000001", type: "acknowledged", referralId: "4711", occurredAt: "2026-06-01T02:00:00.000Z" });
  const delivery = JSON.stringify({
    schema: "referral.delivery.v1",
    eventId: "referral-4711:delivered",
    type: "delivered",
    idempotencyKey: "referral-4711",
    agencyCode: "DY_CL",
    referral: { id: "4711", role: "LEAD", expected: ["OPINION", "ACTIONS"], responseDueAt: "2026-06-15T15:59:59.999Z" },
    petition: { number: "DY-2026-000123", category: "APPEAL_REQUEST", specialGroups: ["DISABLED"], summary: "残疾人反映补贴未发放", request: "请求落实补贴", locality: "东营区文汇街道" },
    petitioners: [{ name: "张三", phoneMasked: "138****5678" }],
  });
  return {
    contract: "petition-hub partner contract v1 (docs/partners.md)",
    note: "Ed25519 signatures are deterministic (RFC 8032), so your implementation must reproduce every byte. Keys are test keys: never use them for real traffic.",
    vectors: [
      vector({ name: "callback-ed25519", description: "A partner's acknowledged callback to the hub, signed with the partner's Ed25519 key", key: { kid: "partner-test-ed25519", alg: "ed25519", privateKey: partner.privateKey }, keyMaterial: { privateJwk: partner.privateJwk, publicJwk: partner.publicJwk }, method: "POST", targetUri: "https://hub.example.gov.cn/agency-callback", body: callback, created: 1780279200, nonce: "bm9uY2UtY2FsbGJhY2s" }),
      vector({ name: "delivery-ed25519", description: "A referral.delivery.v1 the hub sends a partner, signed with the hub's Ed25519 key", key: { kid: "hub-test-ed25519", alg: "ed25519", privateKey: hub.privateKey }, keyMaterial: { privateJwk: hub.privateJwk, publicJwk: hub.publicJwk }, method: "POST", targetUri: "https://partner.example.gov.cn/api/referrals", body: delivery, created: 1780279200, nonce: "bm9uY2UtZGVsaXZlcnk" }),
      vector({ name: "callback-hmac-sha256", description: "The same callback from a partner configured with HMAC-SHA256 (secret as UTF-8 bytes)", key: { kid: "partner-test-hmac", alg: "hmac-sha256", secret: Buffer.from(secret, "utf8") }, keyMaterial: { secret }, method: "POST", targetUri: "https://hub.example.gov.cn/agency-callback", body: callback, created: 1780279200, nonce: "bm9uY2UtaG1hYw" }),
    ],
  };
}

if (require.main === module) process.stdout.write(`${JSON.stringify(allVectors(), null, 2)}\n`);
