/**
 * Keys of the partner contract: the hub's own Ed25519 delivery-signing keys (published as a JWKS at
 * GET /.well-known/partner-keys.json) and each partner's callback-verifying keys (configured JWKS, several keys
 * for rotation overlap, selected by `keyid`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { SigningKey, VerifyingKey } from "./message-signatures";

/** A public Ed25519 JWK as partners publish and the hub configures them. */
export const ed25519PublicJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a base64url 32-byte public key"),
  kid: z.string().min(1).max(200),
  alg: z.enum(["EdDSA", "Ed25519", "ed25519"]).optional(),
  use: z.literal("sig").optional(),
});

/** A JWKS of public Ed25519 keys. */
export const ed25519Jwks = z.object({ keys: z.array(ed25519PublicJwk).min(1) });
export type Ed25519Jwks = z.infer<typeof ed25519Jwks>;

const privateJwk = ed25519PublicJwk.extend({ d: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a base64url 32-byte private key") });
const privateJwks = z.object({ keys: z.array(privateJwk).min(1) });

/** A partner's public key, ready for {@link VerifyingKey} lookups. */
export function verifyingKeyFromJwk(jwk: z.infer<typeof ed25519PublicJwk>): VerifyingKey {
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x } as JsonWebKey, format: "jwk" });
  return { kid: jwk.kid, alg: "ed25519", publicKey };
}

/** The hub's delivery-signing keys: the first signs, all are published (so a retired key stays verifiable for a while). */
export class HubSigningKeys {
  constructor(private readonly keys: { kid: string; privateKey: KeyObject }[]) {
    if (keys.length === 0) throw new Error("at least one signing key is required");
  }

  /** The key new signatures are made with. */
  get active(): SigningKey {
    return { kid: this.keys[0].kid, alg: "ed25519", privateKey: this.keys[0].privateKey };
  }

  /** The public JWKS partners verify deliveries with. */
  jwks(): { keys: (JsonWebKey & { kid: string; alg: string; use: string })[] } {
    return {
      keys: this.keys.map((k) => {
        const { kty, crv, x } = createPublicKey(k.privateKey).export({ format: "jwk" });
        return { kty, crv, x, kid: k.kid, alg: "EdDSA", use: "sig" };
      }),
    };
  }

  /** Builds the key set from a private JWKS (JSON text). Values are never echoed in errors. */
  static fromJwksJson(json: string, source: string): HubSigningKeys {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error(`${source}: not valid JSON`);
    }
    const parsed = privateJwks.safeParse(raw);
    if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return new HubSigningKeys(parsed.data.keys.map((k) => ({ kid: k.kid, privateKey: createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x: k.x, d: k.d } as JsonWebKey, format: "jwk" }) })));
  }

  /** A fresh key pair (tests, first start). */
  static generate(kid = `hub-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString("hex")}`): HubSigningKeys {
    return new HubSigningKeys([{ kid, privateKey: generateKeyPairSync("ed25519").privateKey }]);
  }

  /** The private JWKS text for storage. */
  toPrivateJwksJson(): string {
    return JSON.stringify({ keys: this.keys.map((k) => ({ ...k.privateKey.export({ format: "jwk" }), kid: k.kid })) });
  }

  /**
   * Loads the key file, or creates it with a new key on first start. Creation is atomic (write a temporary file,
   * hard-link it into place), so two processes starting at once end up with the same key.
   */
  static loadOrCreate(file: string): HubSigningKeys {
    if (existsSync(file)) return HubSigningKeys.fromJwksJson(readFileSync(file, "utf8"), file);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(tmp, HubSigningKeys.generate().toPrivateJwksJson(), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(tmp);
    }
    return HubSigningKeys.fromJwksJson(readFileSync(file, "utf8"), file);
  }
}
