import { createHash } from "node:crypto";

/**
 * The hash chain of the audit log (MLPS 2.0 level 3: records protected against modification and deletion).
 * Pure: canonicalisation, hashing and verification only; reading and appending rows live in src/db/audit-log.ts.
 *
 * hash(n) = H(prev_hash(n) || canonical JSON of entry n's fields), with prev_hash(1) = GENESIS_HASH. Editing any
 * field of an entry breaks its own hash; deleting or reordering entries breaks the seq sequence and the next
 * entry's prev_hash. Deleting the *tail* leaves a shorter but consistent chain, which only an anchor recorded
 * elsewhere (a head hash and seq) reveals: see `checkAnchor`.
 */

/** Hash algorithms an entry may be chained with; the algorithm is stored (and hashed) per entry. */
export type AuditHashAlg = "sha256" | "sm3";
export const AUDIT_HASH_ALGS: readonly AuditHashAlg[] = ["sha256", "sm3"];

/** prev_hash of the first entry: 64 zero hex digits (both SHA-256 and SM3 give 256-bit digests). */
export const GENESIS_HASH = "0".repeat(64);

/** Outcome of a successful action; failures carry the error's stable code instead. */
export const OUTCOME_OK = "OK";

/** Well-known non-GraphQL actions (GraphQL operations use `Mutation.<field>` / `Query.<field>`). */
export const AuditAction = {
  PII_READ: "PII_READ",
  BULLBOARD_ACTION: "BULLBOARD_ACTION",
  DELIVERY_REPLAY: "DELIVERY_REPLAY",
} as const;

/** JSON values allowed in `details` (never personal-data values: ids, codes, names of fields only). */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [k: string]: AuditJson | undefined };

/** Everything an entry says, before it is placed in the chain. */
export interface AuditFacts {
  at: Date;
  actorSubject: string;
  actorOrgId: number | null;
  onBehalfOfOrgId: number | null;
  roles: string[];
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  petitionId: number | null;
  outcome: string;
  requestId: string | null;
  clientIp: string | null;
  details: { [k: string]: AuditJson | undefined } | null;
}

/** A chained entry: its facts plus position, algorithm and hashes. */
export interface AuditEntry extends AuditFacts {
  seq: number;
  alg: AuditHashAlg;
  prevHash: string;
  hash: string;
}

/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by code unit, no whitespace, `undefined`
 * members dropped (as a JSON round trip through the database would), Dates as ISO-8601 with milliseconds.
 * Non-finite numbers are refused: they have no JSON form and would hash differently after storage.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      const keys = Object.keys(value as object)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/** The fields covered by an entry's hash (everything but the hash itself and prev_hash, which is prefixed). */
function hashedFields(e: Omit<AuditEntry, "hash" | "prevHash">): Record<string, unknown> {
  return {
    seq: e.seq,
    alg: e.alg,
    at: e.at,
    actorSubject: e.actorSubject,
    actorOrgId: e.actorOrgId,
    onBehalfOfOrgId: e.onBehalfOfOrgId,
    roles: e.roles,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    petitionId: e.petitionId,
    outcome: e.outcome,
    requestId: e.requestId,
    clientIp: e.clientIp,
    details: e.details,
  };
}

/** H(prev_hash || canonical JSON of the entry's fields), lower-case hex. */
export function entryHash(e: Omit<AuditEntry, "hash">): string {
  // Stryker disable next-line StringLiteral: equivalent, Node hashes a string as UTF-8 when the encoding is empty (test: non-ASCII details)
  return createHash(e.alg).update(e.prevHash, "utf8").update(canonicalJson(hashedFields(e)), "utf8").digest("hex");
}

/** Places facts after `head` in the chain: next seq, head's hash as prev_hash, own hash. */
export function chainEntries(head: { seq: number; hash: string }, facts: AuditFacts[], alg: AuditHashAlg): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = head;
  for (const f of facts) {
    // Millisecond precision is what both databases store; truncate first so the hash survives the round trip.
    const base = { ...f, at: new Date(Math.floor(f.at.getTime())), seq: prev.seq + 1, alg, prevHash: prev.hash };
    const entry = { ...base, hash: entryHash(base) };
    out.push(entry);
    prev = entry;
  }
  return out;
}

/** Why verification stopped. */
export type ChainFault =
  | { seq: number; kind: "MODIFIED"; message: string }
  | { seq: number; kind: "MISSING"; message: string }
  | { seq: number; kind: "BROKEN_LINK"; message: string }
  | { seq: number; kind: "HEAD_MISMATCH"; message: string }
  | { seq: number; kind: "ANCHOR_MISMATCH"; message: string };

/**
 * Walks entries in seq order, one at a time (so a script can stream millions of rows), and reports the first
 * fault: a gap in seq (deleted or reordered entry), a prev_hash that is not the previous entry's hash, or a hash
 * that does not match the entry's own fields (edited entry).
 */
export class ChainVerifier {
  private last = { seq: 0, hash: GENESIS_HASH };
  private fault: ChainFault | null = null;
  count = 0;

  /** Checks the next entry; returns the first fault found so far (and keeps returning it). */
  push(e: AuditEntry): ChainFault | null {
    if (this.fault) return this.fault;
    const expectedSeq = this.last.seq + 1;
    if (e.seq !== expectedSeq)
      return (this.fault = { seq: expectedSeq, kind: "MISSING", message: `entry ${expectedSeq} is missing (next present is ${e.seq}): deleted or reordered` });
    if (e.prevHash !== this.last.hash)
      return (this.fault = { seq: e.seq, kind: "BROKEN_LINK", message: `entry ${e.seq}: prev_hash does not match the hash of entry ${this.last.seq}` });
    if (!AUDIT_HASH_ALGS.includes(e.alg) || entryHash(e) !== e.hash)
      return (this.fault = { seq: e.seq, kind: "MODIFIED", message: `entry ${e.seq}: hash does not match its contents (modified)` });
    this.last = { seq: e.seq, hash: e.hash };
    this.count++;
    return null;
  }

  /** The last verified entry (seq 0 and GENESIS_HASH for an empty chain). */
  get head(): { seq: number; hash: string } {
    return { ...this.last };
  }

  /**
   * After the last entry: the stored chain head (the row appends lock) must point at the last entry, otherwise
   * entries after it were deleted (or the head was tampered with).
   */
  finish(storedHead: { seq: number; hash: string } | null): ChainFault | null {
    if (this.fault) return this.fault;
    if (storedHead && (storedHead.seq !== this.last.seq || storedHead.hash !== this.last.hash))
      return (this.fault = {
        seq: Math.min(storedHead.seq, this.last.seq + 1),
        kind: "HEAD_MISMATCH",
        message: `chain head says seq ${storedHead.seq} but the log ends at ${this.last.seq}: entries after ${this.last.seq} deleted, or the head was altered`,
      });
    return null;
  }
}

/** An externally recorded `seq:hash` pair; the chain must still contain that entry with that hash. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Parses `seq:hash` (the form audit:verify prints). */
export function parseAnchor(text: string): AuditAnchor | null {
  const m = /^\s*(\d+)[:\s]+([0-9a-f]{64})\s*$/i.exec(text);
  return m ? { seq: Number(m[1]), hash: m[2].toLowerCase() } : null;
}

/** Checks an anchor against the hash the verified chain has at that seq (`undefined` when the chain is shorter). */
export function checkAnchor(anchor: AuditAnchor, hashAtSeq: string | undefined): ChainFault | null {
  if (hashAtSeq === undefined)
    return { seq: anchor.seq, kind: "ANCHOR_MISMATCH", message: `anchored entry ${anchor.seq} is no longer in the log: the tail was deleted` };
  if (hashAtSeq !== anchor.hash) return { seq: anchor.seq, kind: "ANCHOR_MISMATCH", message: `entry ${anchor.seq} has a different hash than its anchor: the chain was rewritten` };
  return null;
}
