import { citizenProgress, ProgressStep } from "../../src/domain/citizen/citizen-progress";
import { open311Status, parseOpen311Query } from "../../src/domain/citizen/open311";
import { normaliseQueryCode, queryCodeFrom } from "../../src/domain/citizen/query-code";
import { PetitionState } from "../../src/domain/petition-terms";
import { PiiCrypto } from "../../src/platform/pii-crypto";

describe("query codes", () => {
  it("draws 16 symbols from the low 5 bits of each byte, in four groups", () => {
    expect(queryCodeFrom(Uint8Array.from([0, 1, 2, 3, 31, 30, 29, 28, 32, 33, 255, 254, 10, 17, 18, 27]))).toBe("0123-ZYXW-01ZY-AHJV");
    expect(() => queryCodeFrom(new Uint8Array(15))).toThrow();
  });

  it("reads what a citizen typed: case, spaces and Crockford's look-alikes", () => {
    expect(normaliseQueryCode("0123 zyxw 01zy ahjv")).toBe("0123-ZYXW-01ZY-AHJV");
    expect(normaliseQueryCode("o1l3-ZYXW-01ZY-AHJV")).toBe("0113-ZYXW-01ZY-AHJV");
    expect(normaliseQueryCode("0123-ZYXW-01ZY-AHJ")).toBeNull(); // 15 symbols
    expect(normaliseQueryCode("0123-ZYXW-01ZY-AHJU")).toBeNull(); // U is not in the alphabet
  });

  it("matches a keyed digest under the key it names, and nothing else", () => {
    const key = (b: number) => Buffer.alloc(32, b);
    const old = new PiiCrypto({ cipher: "aes-256-gcm", current: "k1", keys: { k1: key(1) }, indexCurrent: "i1", indexKeys: { i1: key(2) } });
    const rotated = new PiiCrypto({ cipher: "aes-256-gcm", current: "k1", keys: { k1: key(1) }, indexCurrent: "i2", indexKeys: { i1: key(2), i2: key(3) } });
    const stored = old.keyedDigest(["queryCode", "0123-ZYXW-01ZY-AHJV"]);
    expect(rotated.matchesKeyedDigest(stored, ["queryCode", "0123-ZYXW-01ZY-AHJV"])).toBe(true);
    expect(rotated.matchesKeyedDigest(stored, ["queryCode", "0123-ZYXW-01ZY-AHJW"])).toBe(false);
    expect(rotated.matchesKeyedDigest(stored.replace(/^i1:/, "i9:"), ["queryCode", "0123-ZYXW-01ZY-AHJV"])).toBe(false);
    expect(rotated.matchesKeyedDigest("garbage", ["queryCode", "x"])).toBe(false);
  });
});

describe("a citizen's steps", () => {
  it("keeps the allow-listed events only, in order, with their dates", () => {
    const at = (d: number) => new Date(Date.UTC(2026, 10, d));
    const moves = ["REGISTER", "START_ROUTING", "FORWARD", "RECEIVE", "OBJECT", "REROUTE", "ASSIGN", "ACCEPT", "START_HANDLING", "EXTEND", "START_HEARING", "ANSWER", "RECORD_DELIVERY", "EVALUATE"].map((event, i) => ({ event, at: at(i + 1) }));
    expect(citizenProgress(moves)).toEqual([
      { step: ProgressStep.REGISTERED, at: at(1) },
      { step: ProgressStep.TRANSFERRED, at: at(3) },
      { step: ProgressStep.RECEIVED_BY_HANDLER, at: at(4) },
      { step: ProgressStep.TRANSFERRED, at: at(7) },
      { step: ProgressStep.ACCEPTED, at: at(8) },
      { step: ProgressStep.EXTENDED, at: at(10) },
      { step: ProgressStep.ANSWERED, at: at(12) },
      { step: ProgressStep.OPINION_SERVED, at: at(13) },
    ]);
  });
});

describe("Open311 parameters", () => {
  const now = new Date("2026-12-02T06:00:00Z");
  const q = (s: string) => parseOpen311Query(new URLSearchParams(s), now);

  it("defaults to the last 90 days before now", () => {
    expect(q("")).toEqual({ ok: true, ids: null, serviceCodes: null, statuses: null, start: new Date("2026-09-03T06:00:00Z"), end: now });
  });

  it("takes 90 days after a start date alone, and refuses a range over 90 days", () => {
    expect(q("start_date=2026-01-01T00:00:00%2B08:00")).toMatchObject({ ok: true, start: new Date("2025-12-31T16:00:00Z"), end: new Date("2026-03-31T16:00:00Z") });
    expect(q("start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:01Z")).toMatchObject({ ok: false, code: 400 });
    expect(q("start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z")).toMatchObject({ ok: false, code: 400 });
  });

  it("accepts the spec's lists and refuses other values", () => {
    expect(q("status=open,closed&service_code=SUGGESTION")).toMatchObject({ ok: true, statuses: ["open", "closed"], serviceCodes: ["SUGGESTION"] });
    expect(q("status=pending")).toMatchObject({ ok: false });
    expect(q("service_code=ACCUSATION")).toMatchObject({ ok: false });
    expect(q("end_date=2026-01-01")).toMatchObject({ ok: false }); // no time and zone
  });

  it("shows answered and ended items as closed, the rest open", () => {
    expect(Object.values(PetitionState).filter((s) => open311Status(s) === "closed").sort()).toEqual(
      ["ANSWERED", "DIVERTED", "EVALUATED", "EVAL_OVERDUE", "MEDIATED", "NOT_ACCEPTED", "REREVIEWED", "REVIEWED", "TERMINATED"].sort(),
    );
  });
});
