/** The headers the hub adds to every request it sends a partner: Content-Digest, Signature-Input, Signature. */
import { contentDigest } from "./content-digest";
import { SigningKey, signRequest } from "./message-signatures";

/** Signs one outgoing request; called afresh for every attempt (each gets its own `created` and nonce). */
export type RequestSigner = (method: string, url: string, body: string) => Record<string, string>;

/** A signer for one key (the hub's Ed25519 key, or a partner's HMAC secret where the partner cannot do better). */
export function requestSigner(key: SigningKey): RequestSigner {
  return (method, url, body) => {
    const headers: Record<string, string> = { "content-digest": contentDigest(body) };
    return { ...headers, ...signRequest({ method, targetUri: url, headers }, key) };
  };
}
