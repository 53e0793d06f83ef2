import { dateBoundsFrom, dateIssues, DEFAULT_DATE_BOUNDS } from "../../src/domain/date-bounds";
import { loadConfig } from "../../src/platform/config";

const NOW = new Date("2026-06-15T04:00:00.000Z");
const at = (iso: string) => new Date(iso);
const one = (value: Date, kind: "past" | "due", bounds = DEFAULT_DATE_BOUNDS) => dateIssues([{ path: "x", value, kind }], bounds, NOW).map((i) => i.message);

describe("date bounds", () => {
  it("the default earliest instant is 1949-10-01 00:00 in Beijing (UTC+8), i.e. 1949-09-30T16:00:00.000Z", () => {
    expect(DEFAULT_DATE_BOUNDS.earliest.toISOString()).toBe("1949-09-30T16:00:00.000Z");
    expect(dateBoundsFrom("1949-10-01", 480, 3650)).toEqual(DEFAULT_DATE_BOUNDS);
    expect(dateBoundsFrom("2000-01-01", 0, 10).earliest.toISOString()).toBe("2000-01-01T00:00:00.000Z");
  });

  it("a fact: from the earliest instant up to now, both ends included", () => {
    expect(one(at("1949-09-30T16:00:00.000Z"), "past")).toEqual([]);
    expect(one(at("1949-09-30T15:59:59.999Z"), "past")).toEqual(["must not be before 1949-09-30T16:00:00.000Z"]);
    expect(one(at("0001-01-01T00:00:00.000Z"), "past")).toEqual(["must not be before 1949-09-30T16:00:00.000Z"]);
    expect(one(NOW, "past")).toEqual([]);
    expect(one(at("2026-06-15T04:00:00.001Z"), "past")).toEqual(["must not be in the future"]);
  });

  it("a due date: after now, up to maxFutureDays ahead (3650 days from NOW is 2036-06-12T04:00Z, worked by hand)", () => {
    expect(one(NOW, "due")).toEqual(["must be in the future"]);
    expect(one(at("2026-06-15T04:00:00.001Z"), "due")).toEqual([]);
    // 2026-06-15 → 2036-06-15 is 10 × 365 days plus the leap days 2028-02-29, 2032-02-29 and 2036-02-29 = 3653 days,
    // so 3650 days after NOW is three days earlier: 2036-06-12, same time of day.
    expect(one(at("2036-06-12T04:00:00.000Z"), "due")).toEqual([]);
    expect(one(at("2036-06-12T04:00:00.001Z"), "due")).toEqual(["must be within 3650 days from now"]);
    expect(one(at("1900-01-01T00:00:00.000Z"), "due")).toEqual(["must not be before 1949-09-30T16:00:00.000Z"]);
  });

  it("absent values are not checked; invalid ones are; every issue keeps its path", () => {
    expect(dateIssues([{ path: "a", value: null, kind: "past" }, { path: "b", value: undefined, kind: "due" }], DEFAULT_DATE_BOUNDS, NOW)).toEqual([]);
    expect(dateIssues([{ path: "a", value: new Date(NaN), kind: "past" }, { path: "b", value: at("2099-01-01T00:00:00Z"), kind: "past" }], DEFAULT_DATE_BOUNDS, NOW)).toEqual([
      { path: "a", message: "not a valid date" },
      { path: "b", message: "must not be in the future" },
    ]);
  });

  it("configurable: DATE_INPUT_EARLIEST and DATE_INPUT_MAX_FUTURE_DAYS, validated at start-up", () => {
    const c = loadConfig({ DATE_INPUT_EARLIEST: "1978-12-18", DATE_INPUT_MAX_FUTURE_DAYS: "30" });
    expect(dateBoundsFrom(c.DATE_INPUT_EARLIEST, c.UTC_OFFSET_MINUTES, c.DATE_INPUT_MAX_FUTURE_DAYS)).toEqual({ earliest: at("1978-12-17T16:00:00.000Z"), maxFutureDays: 30 });
    expect(() => loadConfig({ DATE_INPUT_EARLIEST: "1949-13-01" })).toThrow(/DATE_INPUT_EARLIEST/);
    expect(() => loadConfig({ DATE_INPUT_MAX_FUTURE_DAYS: "0" })).toThrow(/DATE_INPUT_MAX_FUTURE_DAYS/);
  });
});
