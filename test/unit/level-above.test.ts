import { levelAboveCycle } from "../../src/domain/organizations/level-above";

// The 复核 chain (Art. 36) must end at the top: no organisation above itself, directly or through others.
describe("levelAboveCycle", () => {
  it("no cycle: placing 1 under 2 where 2 → 3 → top", () => {
    expect(levelAboveCycle(1, 2, new Map([[2, 3], [3, null]]))).toEqual([]);
  });
  it("an organisation above itself is a cycle of one", () => {
    expect(levelAboveCycle(1, 1, new Map())).toEqual([1]);
  });
  it("the horse farm (5) under the agricultural zone (6) while 6 is under 5: the cycle, starting with 5", () => {
    expect(levelAboveCycle(5, 6, new Map([[6, 5], [5, null]]))).toEqual([5, 6]);
  });
  it("finds a cycle through every organisation in the map (the walk may take as many steps as there are entries)", () => {
    // 1 under 2, where 2 → 3 → 4 → 1: four steps over a map of three entries that name 1 only as a value.
    expect(levelAboveCycle(1, 2, new Map([[2, 3], [3, 4], [4, 1]]))).toEqual([1, 2, 3, 4]);
    expect(levelAboveCycle(1, 2, new Map([[2, 1]]))).toEqual([1, 2]);
  });
  it("an existing cycle elsewhere does not loop and is not reported as this change's cycle", () => {
    expect(levelAboveCycle(1, 2, new Map([[2, 3], [3, 2]]))).toEqual([]);
  });
  it("an organisation missing from the map ends the walk", () => {
    expect(levelAboveCycle(1, 7, new Map([[2, 1]]))).toEqual([]);
  });
});
