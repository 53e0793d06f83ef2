import { isSuggestion, MatterKeys, MIN_SPECIFIC_REQUEST, suggestionReasons } from "../../src/domain/matters/matter-suggestions";

const keys = (over: Partial<MatterKeys> = {}): MatterKeys => ({ idIndexes: [], phoneIndexes: [], localityOrgId: 10, accusedOrgId: null, requestDigest: "r1", requestLength: 20, ...over });

describe("suggestionReasons", () => {
  it("names every shared key in a fixed order", () => {
    const a = keys({ idIndexes: ["k1:id-a"], phoneIndexes: ["k1:ph-a"] });
    expect(suggestionReasons(a, keys({ idIndexes: ["k1:id-b", "k1:id-a"], phoneIndexes: ["k1:ph-a"] }))).toEqual(["SAME_PETITIONER_ID", "SAME_PETITIONER_PHONE", "SAME_UNIT", "SAME_REQUEST"]);
  });
  it("nothing shared: no reason", () => {
    expect(suggestionReasons(keys({ idIndexes: ["a"], phoneIndexes: ["p"] }), keys({ idIndexes: ["b"], phoneIndexes: ["q"], localityOrgId: 11, requestDigest: "r2" }))).toEqual([]);
  });
  it("the same accused unit at another locality is the same unit", () => {
    expect(suggestionReasons(keys({ localityOrgId: 1, accusedOrgId: 5 }), keys({ localityOrgId: 2, accusedOrgId: 5, requestDigest: null }))).toEqual(["SAME_UNIT"]);
  });
  it("different accused units at different localities are not the same unit", () => {
    expect(suggestionReasons(keys({ localityOrgId: 1, accusedOrgId: 5 }), keys({ localityOrgId: 2, accusedOrgId: 6, requestDigest: null }))).toEqual([]);
  });
  it("two items without an accused unit are not the same unit by that alone", () => {
    expect(suggestionReasons(keys({ localityOrgId: 1 }), keys({ localityOrgId: 2, requestDigest: null }))).toEqual([]);
  });
  it("a legacy item without a request digest never matches on the request", () => {
    expect(suggestionReasons(keys({ requestDigest: null }), keys({ requestDigest: null, localityOrgId: 99 }))).toEqual([]);
  });
  it("ID indexes and phone indexes are not compared across kinds", () => {
    expect(suggestionReasons(keys({ idIndexes: ["x"], localityOrgId: 1, requestDigest: null }), keys({ phoneIndexes: ["x"], localityOrgId: 2 }))).toEqual([]);
  });
});

describe("isSuggestion", () => {
  it("a shared ID number or phone is enough", () => {
    expect(isSuggestion(["SAME_PETITIONER_ID"], { requestLength: 1 })).toBe(true);
    expect(isSuggestion(["SAME_PETITIONER_PHONE"], { requestLength: 1 })).toBe(true);
  });
  it("without a shared identity: the same unit and the same specific request", () => {
    expect(isSuggestion(["SAME_UNIT", "SAME_REQUEST"], { requestLength: MIN_SPECIFIC_REQUEST })).toBe(true);
    expect(isSuggestion(["SAME_UNIT", "SAME_REQUEST"], { requestLength: MIN_SPECIFIC_REQUEST - 1 })).toBe(false);
  });
  it("a unit alone or a request alone is not", () => {
    expect(isSuggestion(["SAME_UNIT"], { requestLength: 50 })).toBe(false);
    expect(isSuggestion(["SAME_REQUEST"], { requestLength: 50 })).toBe(false);
    expect(isSuggestion([], { requestLength: 50 })).toBe(false);
  });
  it("a generic request is 12 normalised characters short of specific", () => expect(MIN_SPECIFIC_REQUEST).toBe(12));
});
