import { createHash } from "node:crypto";
import { AuditEntry, AuditFacts, canonicalJson, chainEntries, ChainVerifier, checkAnchor, entryHash, GENESIS_HASH, parseAnchor } from "../../src/domain/audit/audit-chain";

const facts = (i: number): AuditFacts => ({
  at: new Date(Date.UTC(2026, 0, 1, 8, 0, i, 123)),
  actorSubject: `user:${i}`,
  actorOrgId: 1,
  onBehalfOfOrgId: null,
  roles: ["CASE_OFFICER"],
  action: "Mutation.acceptPetition",
  resourceType: "petition",
  resourceId: String(i),
  petitionId: i,
  outcome: "OK",
  requestId: `r${i}`,
  clientIp: "127.0.0.1",
  details: { field: "acceptPetition", args: { id: String(i) } },
});

const chain = (n: number, alg: "sha256" | "sm3" = "sha256") => chainEntries({ seq: 0, hash: GENESIS_HASH }, Array.from({ length: n }, (_, i) => facts(i + 1)), alg);

function verify(entries: AuditEntry[], head?: { seq: number; hash: string } | null) {
  const v = new ChainVerifier();
  for (const e of entries) if (v.push(e)) break;
  return v.finish(head === undefined ? v.head : head);
}

describe("canonical JSON", () => {
  it("sorts keys at every level, drops undefined members, writes dates as ISO", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, "x", null], c: undefined, b: true } })).toBe('{"a":{"b":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson(new Date(Date.UTC(2026, 0, 1)))).toBe('"2026-01-01T00:00:00.000Z"');
    expect(canonicalJson({ x: "中文\n" })).toBe('{"x":"中文\\n"}');
  });
  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe("hash chain", () => {
  it("hash = H(prev_hash || canonical JSON of the fields), SHA-256 by default and SM3 when chosen", () => {
    const [e] = chain(1);
    const { hash: _h, prevHash, ...rest } = e;
    const expected = createHash("sha256").update(GENESIS_HASH + canonicalJson({ ...rest })).digest("hex");
    expect(e.hash).toBe(expected);
    expect(e.prevHash).toBe(GENESIS_HASH);
    expect(prevHash).toBe(GENESIS_HASH);
    const [s] = chain(1, "sm3");
    expect(s.hash).toBe(createHash("sm3").update(GENESIS_HASH + canonicalJson({ ...rest, alg: "sm3" })).digest("hex"));
    expect(s.hash).not.toBe(e.hash);
  });

  it("links each entry to the previous one and numbers them without gaps", () => {
    const c = chain(5);
    expect(c.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < c.length; i++) expect(c[i].prevHash).toBe(c[i - 1].hash);
    expect(verify(c)).toBeNull();
  });

  it("finds an edited field at its own seq, whichever field it is", () => {
    for (const edit of [{ outcome: "FORBIDDEN" }, { details: { field: "x" } }, { at: new Date(0) }, { actorSubject: "someone-else" }, { roles: ["AUDITOR"] }, { alg: "sm3" as const }]) {
      const c = chain(5);
      c[2] = { ...c[2], ...edit };
      expect(verify(c)).toMatchObject({ seq: 3, kind: "MODIFIED" });
    }
  });

  it("finds an entry whose hash was recomputed after editing, at the next entry's link", () => {
    const c = chain(5);
    const edited = { ...c[2], outcome: "FORBIDDEN" };
    c[2] = { ...edited, hash: entryHash(edited) };
    expect(verify(c)).toMatchObject({ seq: 4, kind: "BROKEN_LINK" });
  });

  it("finds a deleted middle entry and a reordering as a missing seq", () => {
    const c = chain(5);
    expect(verify([c[0], c[1], c[3], c[4]])).toMatchObject({ seq: 3, kind: "MISSING" });
    expect(verify([c[0], c[2], c[1], c[3], c[4]])).toMatchObject({ seq: 2, kind: "MISSING" });
    // Renumbering the rest after a deletion breaks the link (and the renumbered entries' hashes).
    const renumbered = [c[0], c[1], { ...c[3], seq: 3 }, { ...c[4], seq: 4 }];
    expect(verify(renumbered)).toMatchObject({ seq: 3, kind: "BROKEN_LINK" });
  });

  it("finds a deleted tail against the stored head, and against an anchor even if the head was rewound", () => {
    const c = chain(5);
    const head = { seq: 5, hash: c[4].hash };
    expect(verify(c.slice(0, 3), head)).toMatchObject({ seq: 4, kind: "HEAD_MISMATCH" });
    const rewound = { seq: 3, hash: c[2].hash };
    expect(verify(c.slice(0, 3), rewound)).toBeNull();
    const anchor = parseAnchor(`5:${c[4].hash}`)!;
    expect(checkAnchor(anchor, undefined)).toMatchObject({ seq: 5, kind: "ANCHOR_MISMATCH" });
    expect(checkAnchor(anchor, c[4].hash)).toBeNull();
    expect(checkAnchor(anchor, c[3].hash)).toMatchObject({ kind: "ANCHOR_MISMATCH" });
    expect(parseAnchor("five:abc")).toBeNull();
  });

  it("continues a chain from any head", () => {
    const c = chain(3);
    const more = chainEntries({ seq: 3, hash: c[2].hash }, [facts(4)], "sm3");
    expect(more[0]).toMatchObject({ seq: 4, prevHash: c[2].hash, alg: "sm3" });
    expect(verify([...c, ...more])).toBeNull();
  });
});
