import { createHash } from "node:crypto";
import {
  AuditAction,
  AuditEntry,
  AuditFacts,
  canonicalJson,
  chainEntries,
  ChainVerifier,
  checkAnchor,
  entryHash,
  GENESIS_HASH,
  OUTCOME_OK,
  parseAnchor,
} from "../../src/domain/audit/audit-chain";

// The audit hash chain's exact encodings, fault messages and anchor syntax (MLPS 2.0 level 3: records protected
// against modification and deletion; a fault report must say where and what).
const facts = (i: number, details: AuditFacts["details"] = { n: i }): AuditFacts => ({
  at: new Date(Date.UTC(2026, 0, 1, 8, 0, i, 123)),
  actorSubject: `user:${i}`,
  actorOrgId: 1,
  onBehalfOfOrgId: null,
  roles: ["CASE_OFFICER"],
  action: "Mutation.acceptPetition",
  resourceType: "petition",
  resourceId: String(i),
  petitionId: i,
  outcome: OUTCOME_OK,
  requestId: `r${i}`,
  clientIp: "127.0.0.1",
  details,
});
const chain = (n: number) => chainEntries({ seq: 0, hash: GENESIS_HASH }, Array.from({ length: n }, (_, i) => facts(i + 1)), "sha256");
const HEX64 = "ab".repeat(32);

describe("constants", () => {
  it("the genesis hash is 64 zero hex digits; success is OK; the well-known actions are named after themselves", () => {
    expect(GENESIS_HASH).toBe("0000000000000000000000000000000000000000000000000000000000000000");
    expect(OUTCOME_OK).toBe("OK");
    expect(AuditAction).toEqual({ PII_READ: "PII_READ", BULLBOARD_ACTION: "BULLBOARD_ACTION", DELIVERY_REPLAY: "DELIVERY_REPLAY" });
  });
});

describe("canonicalJson edges", () => {
  it("writes a top-level array as an array, and an undefined element as null (as JSON.stringify does)", () => {
    expect(canonicalJson([2, 1])).toBe("[2,1]");
    expect(canonicalJson([1, undefined, "a"])).toBe('[1,null,"a"]');
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
  });
  it("names what it refuses", () => {
    const message = (v: unknown) => {
      try {
        return canonicalJson(v);
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    expect(message(Infinity)).toBe("TypeError: canonicalJson: non-finite number");
    expect(message(NaN)).toBe("TypeError: canonicalJson: non-finite number");
    expect(message(() => 1)).toBe("TypeError: canonicalJson: cannot encode function");
    expect(message(BigInt(1))).toBe("TypeError: canonicalJson: cannot encode bigint");
    expect(message(undefined)).toBe("TypeError: canonicalJson: cannot encode undefined");
  });
});

describe("entry hashes", () => {
  it("hash non-ASCII content as UTF-8 and give lower-case hex", () => {
    const [e] = chainEntries({ seq: 0, hash: GENESIS_HASH }, [facts(1, { reason: "不属于本会职责" })], "sha256");
    const { hash, ...rest } = e;
    const { prevHash: _p, ...fields } = rest;
    // Computed independently: the prefix and the canonical JSON as UTF-8 bytes.
    const expected = createHash("sha256").update(Buffer.from(GENESIS_HASH, "utf8")).update(Buffer.from(canonicalJson(fields), "utf8")).digest("hex");
    expect(hash).toBe(expected);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(rest)).toBe(expected);
  });
});

describe("ChainVerifier", () => {
  it("counts the entries it verified and reports the last one as head (a copy)", () => {
    const c = chain(3);
    const v = new ChainVerifier();
    expect(v.head).toEqual({ seq: 0, hash: GENESIS_HASH });
    for (const e of c) expect(v.push(e)).toBeNull();
    expect(v.count).toBe(3);
    const head = v.head;
    expect(head).toEqual({ seq: 3, hash: c[2].hash });
    head.seq = 99;
    expect(v.head.seq).toBe(3);
  });

  it("keeps reporting the first fault, even for good entries after it and at the end", () => {
    const c = chain(3);
    const v = new ChainVerifier();
    v.push(c[0]);
    const fault = v.push(c[2]);
    expect(fault).toEqual({ seq: 2, kind: "MISSING", message: "entry 2 is missing (next present is 3): deleted or reordered" });
    expect(v.push(c[1])).toBe(fault);
    expect(v.finish(null)).toBe(fault);
    expect(v.count).toBe(1);
  });

  it("says which link is broken, and which entry was modified", () => {
    const c = chain(2);
    const broken = new ChainVerifier();
    broken.push(c[0]);
    expect(broken.push({ ...c[1], prevHash: HEX64 })).toEqual({ seq: 2, kind: "BROKEN_LINK", message: "entry 2: prev_hash does not match the hash of entry 1" });
    const edited = new ChainVerifier();
    expect(edited.push({ ...c[0], outcome: "FORBIDDEN" })).toEqual({ seq: 1, kind: "MODIFIED", message: "entry 1: hash does not match its contents (modified)" });
    // An algorithm the hub does not know is a modification, whatever hash it carries.
    expect(new ChainVerifier().push({ ...c[0], alg: "md5" } as unknown as AuditEntry)).toMatchObject({ seq: 1, kind: "MODIFIED" });
  });

  it("compares the stored head by seq and by hash", () => {
    const c = chain(2);
    const run = (head: { seq: number; hash: string } | null) => {
      const v = new ChainVerifier();
      for (const e of c) v.push(e);
      return v.finish(head);
    };
    expect(run(null)).toBeNull();
    expect(run({ seq: 2, hash: c[1].hash })).toBeNull();
    // Same seq, other hash: the head was altered.
    expect(run({ seq: 2, hash: HEX64 })).toEqual({
      seq: 2,
      kind: "HEAD_MISMATCH",
      message: "chain head says seq 2 but the log ends at 2: entries after 2 deleted, or the head was altered",
    });
    // The head is ahead of the log: the first missing entry is 3.
    expect(run({ seq: 5, hash: c[1].hash })).toEqual({
      seq: 3,
      kind: "HEAD_MISMATCH",
      message: "chain head says seq 5 but the log ends at 2: entries after 2 deleted, or the head was altered",
    });
    // The head is behind the log (rewound): reported at the head's seq.
    expect(run({ seq: 1, hash: c[0].hash })).toMatchObject({ seq: 1, kind: "HEAD_MISMATCH" });
  });
});

describe("anchors", () => {
  it("parse seq:hash or seq hash, surrounded by whitespace, and lower-case the hash", () => {
    expect(parseAnchor(`12:${HEX64}`)).toEqual({ seq: 12, hash: HEX64 });
    expect(parseAnchor(`  \t12 ${HEX64.toUpperCase()}\n`)).toEqual({ seq: 12, hash: HEX64 });
    expect(parseAnchor(`7::${HEX64}`)).toEqual({ seq: 7, hash: HEX64 });
    expect(parseAnchor(`7 : ${HEX64}`)).toEqual({ seq: 7, hash: HEX64 });
  });
  it("refuse anything before the seq, after the hash, or a hash of another length", () => {
    expect(parseAnchor(`x12:${HEX64}`)).toBeNull();
    expect(parseAnchor(`12:${HEX64}0`)).toBeNull();
    expect(parseAnchor(`12:${HEX64} x`)).toBeNull();
    expect(parseAnchor(`12:${HEX64.slice(2)}`)).toBeNull();
    expect(parseAnchor(`12-${HEX64}`)).toBeNull();
    expect(parseAnchor(`:${HEX64}`)).toBeNull();
  });
  it("a missing anchored entry means a deleted tail; a different hash a rewritten chain", () => {
    expect(checkAnchor({ seq: 9, hash: HEX64 }, undefined)).toEqual({ seq: 9, kind: "ANCHOR_MISMATCH", message: "anchored entry 9 is no longer in the log: the tail was deleted" });
    expect(checkAnchor({ seq: 9, hash: HEX64 }, GENESIS_HASH)).toEqual({ seq: 9, kind: "ANCHOR_MISMATCH", message: "entry 9 has a different hash than its anchor: the chain was rewritten" });
    expect(checkAnchor({ seq: 9, hash: HEX64 }, HEX64)).toBeNull();
  });
});
