/**
 * The part of RFC 8941 (Structured Field Values) that HTTP Message Signatures need: a Dictionary whose members
 * are an Inner List of strings with parameters (Signature-Input) or a Byte Sequence (Signature, Content-Digest).
 * Anything else is refused rather than guessed at: a verifier that reads a malformed header leniently is one an
 * attacker can steer.
 */

/** A bare item as RFC 8941 §3.3 defines it (decimals are not needed here and are refused). */
export type BareItem = string | number | boolean | Buffer | { token: string };

/** One dictionary member: an inner list of strings, or a single bare item, with its parameters. */
export type DictMember = { kind: "list"; items: string[]; params: Map<string, BareItem> } | { kind: "item"; value: BareItem; params: Map<string, BareItem> };

/** Thrown for any text that is not the structured field it should be. */
export class StructuredFieldError extends Error {}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? "";
  }
  eof(): boolean {
    return this.i >= this.s.length;
  }
  skipSp(): void {
    while (this.peek() === " ") this.i++;
  }
  skipOws(): void {
    while (this.peek() === " " || this.peek() === "\t") this.i++;
  }
  fail(what: string): never {
    throw new StructuredFieldError(`${what} at offset ${this.i}`);
  }
}

function parseKey(r: Reader): string {
  const m = /^[a-z*][a-z0-9_\-.*]*/.exec(r.s.slice(r.i));
  if (!m) r.fail("expected a key");
  r.i += m[0].length;
  return m[0];
}

function parseString(r: Reader): string {
  if (r.peek() !== '"') r.fail("expected a string");
  r.i++;
  let out = "";
  for (;;) {
    const c = r.s[r.i++];
    if (c === undefined) r.fail("unterminated string");
    if (c === "\\") {
      const n = r.s[r.i++];
      if (n !== '"' && n !== "\\") r.fail("bad escape in string");
      out += n;
    } else if (c === '"') return out;
    else if (c < " " || c > "~") r.fail("character not allowed in string");
    else out += c;
  }
}

function parseBareItem(r: Reader): BareItem {
  const c = r.peek();
  if (c === '"') return parseString(r);
  if (c === ":") {
    const end = r.s.indexOf(":", r.i + 1);
    if (end < 0) r.fail("unterminated byte sequence");
    const b64 = r.s.slice(r.i + 1, end);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) r.fail("bad base64 in byte sequence");
    r.i = end + 1;
    return Buffer.from(b64, "base64");
  }
  if (c === "?") {
    const v = r.s[r.i + 1];
    if (v !== "0" && v !== "1") r.fail("bad boolean");
    r.i += 2;
    return v === "1";
  }
  const int = /^-?\d{1,15}/.exec(r.s.slice(r.i));
  if (int) {
    if (r.s[r.i + int[0].length] === ".") r.fail("decimals are not accepted here");
    r.i += int[0].length;
    return Number(int[0]);
  }
  const token = /^[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/.exec(r.s.slice(r.i));
  if (token) {
    r.i += token[0].length;
    return { token: token[0] };
  }
  return r.fail("expected an item");
}

function parseParams(r: Reader): Map<string, BareItem> {
  const params = new Map<string, BareItem>();
  while (r.peek() === ";") {
    r.i++;
    r.skipSp();
    const key = parseKey(r);
    let value: BareItem = true;
    if (r.peek() === "=") {
      r.i++;
      value = parseBareItem(r);
    }
    if (params.has(key)) r.fail(`parameter ${key} repeated`);
    params.set(key, value);
  }
  return params;
}

function parseInnerList(r: Reader): string[] {
  r.i++; // "("
  const items: string[] = [];
  for (;;) {
    r.skipSp();
    if (r.peek() === ")") {
      r.i++;
      return items;
    }
    items.push(parseString(r));
    // Component identifiers with parameters (e.g. ;req, ;sf) are not part of this contract.
    if (r.peek() === ";") r.fail("component parameters are not accepted");
    if (r.peek() !== " " && r.peek() !== ")") r.fail("expected a space or ) in inner list");
  }
}

/**
 * Parses a Dictionary (RFC 8941 §4.2.2).
 * @throws StructuredFieldError on anything malformed or outside the supported subset.
 */
export function parseDictionary(text: string): Map<string, DictMember> {
  const r = new Reader(text);
  const out = new Map<string, DictMember>();
  r.skipSp();
  while (!r.eof()) {
    const key = parseKey(r);
    let member: DictMember;
    if (r.peek() === "=") {
      r.i++;
      if (r.peek() === "(") {
        const items = parseInnerList(r);
        member = { kind: "list", items, params: parseParams(r) };
      } else {
        const value = parseBareItem(r);
        member = { kind: "item", value, params: parseParams(r) };
      }
    } else member = { kind: "item", value: true, params: parseParams(r) };
    out.set(key, member); // RFC 8941: a later duplicate key overrides
    r.skipOws();
    if (r.eof()) break;
    if (r.peek() !== ",") r.fail("expected , between members");
    r.i++;
    r.skipOws();
    if (r.eof()) r.fail("trailing comma");
  }
  return out;
}

/** Serialises a string as an sf-string. */
export function serializeString(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new StructuredFieldError("strings must be printable ASCII");
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Serialises parameters in the given order (order matters: it is part of the signature base). */
export function serializeParams(params: [string, string | number][]): string {
  return params.map(([k, v]) => `;${k}=${typeof v === "number" ? String(v) : serializeString(v)}`).join("");
}
