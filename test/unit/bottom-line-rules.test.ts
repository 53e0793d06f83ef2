import { Principal } from "../../src/domain/access/principal";
import { daysSince, daysSinceByLine, groupVisitVerdict, higherLevelLine, isReportLate, isReportOverdue, ledgerPreAlertLine, postVerdict, reportChain } from "../../src/domain/bottom-lines/bottom-line-rules";
import { BottomLine as L, DEFAULT_BOTTOM_LINES, Sentiment } from "../../src/domain/bottom-lines/bottom-line-terms";
import { canSeeBottomLine } from "../../src/domain/bottom-lines/bottom-line-visibility";
import { RiskGrade as G, RiskType as R } from "../../src/domain/early-warning/ledger-terms";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

const S = DEFAULT_BOTTOM_LINES;

describe("line 1: a visit's headcount (defaults: group ≥ 5, large-scale ≥ 50)", () => {
  it.each([
    [1, "NONE"],
    [4, "NONE"],
    [5, "PRE_ALERT"],
    [49, "PRE_ALERT"],
    [50, "BREACH"],
    [300, "BREACH"],
  ])("%i people → %s", (n, verdict) => expect(groupVisitVerdict(n, S)).toBe(verdict));

  it("follows configured thresholds", () => {
    expect(groupVisitVerdict(29, { groupMin: 10, largeGroupMin: 30 })).toBe("PRE_ALERT");
    expect(groupVisitVerdict(30, { groupMin: 10, largeGroupMin: 30 })).toBe("BREACH");
    expect(groupVisitVerdict(9, { groupMin: 10, largeGroupMin: 30 })).toBe("NONE");
  });
});

describe("line 4: a linked post (defaults: watch ≥ 1 000, breach ≥ 10 000)", () => {
  it.each([
    [999, Sentiment.NEGATIVE, "NONE"],
    [1_000, Sentiment.NEGATIVE, "PRE_ALERT"],
    [9_999, Sentiment.NEGATIVE, "PRE_ALERT"],
    [10_000, Sentiment.NEGATIVE, "BREACH"],
    [500_000, Sentiment.NEUTRAL, "NONE"],
    [500_000, Sentiment.POSITIVE, "NONE"],
  ])("reach %i, %s → %s", (reach, sentiment, verdict) => expect(postVerdict(reach, sentiment, S)).toBe(verdict));
});

describe("lines 2 and 3", () => {
  it("maps the higher level to its line", () => {
    expect(higherLevelLine("PROVINCE")).toBe(L.PROVINCE_GROUP);
    expect(higherLevelLine("BEIJING")).toBe(L.BEIJING_GROUP);
  });
  it("pre-alerts from a ledger plan to go to the province or Beijing graded HIGH or MAJOR only", () => {
    expect(ledgerPreAlertLine(R.VISIT_TO_BEIJING, G.HIGH)).toBe(L.BEIJING_GROUP);
    expect(ledgerPreAlertLine(R.VISIT_TO_BEIJING, G.MAJOR)).toBe(L.BEIJING_GROUP);
    expect(ledgerPreAlertLine(R.VISIT_TO_PROVINCE, G.HIGH)).toBe(L.PROVINCE_GROUP);
    expect(ledgerPreAlertLine(R.VISIT_TO_BEIJING, G.MEDIUM)).toBeNull();
    expect(ledgerPreAlertLine(R.GROUP_GATHERING, G.MAJOR)).toBeNull();
  });
});

// Worked by hand: learned at 2026-12-02 09:30 Beijing time (01:30 UTC); city leadership 1 h, province and national 2 h.
describe("the urgent report chain (Art. 25)", () => {
  it("has three reports due the configured hours after the hub learned of the breach", () => {
    const chain = reportChain(new Date("2026-12-02T01:30:00.000Z"), S.reportHours).map((r) => [r.recipient, r.dueAt.toISOString()]);
    expect(chain).toEqual([
      ["CITY_LEADERSHIP", "2026-12-02T02:30:00.000Z"],
      ["PROVINCIAL_BUREAU", "2026-12-02T03:30:00.000Z"],
      ["NATIONAL_BUREAU", "2026-12-02T03:30:00.000Z"],
    ]);
    expect(reportChain(new Date("2026-12-31T23:30:00.000Z"), { CITY_LEADERSHIP: 0.5, PROVINCIAL_BUREAU: 4, NATIONAL_BUREAU: 24 }).map((r) => r.dueAt.toISOString())).toEqual([
      "2027-01-01T00:00:00.000Z",
      "2027-01-01T03:30:00.000Z",
      "2027-01-01T23:30:00.000Z",
    ]);
  });
  it("is late strictly after the due instant", () => {
    const due = new Date("2026-12-02T02:30:00.000Z");
    expect(isReportLate(due, new Date("2026-12-02T02:30:00.000Z"))).toBe(false);
    expect(isReportLate(due, new Date("2026-12-02T02:30:00.001Z"))).toBe(true);
    expect(isReportOverdue({ dueAt: due, reportedAt: null }, new Date("2026-12-02T02:30:00.000Z"))).toBe(false);
    expect(isReportOverdue({ dueAt: due, reportedAt: null }, new Date("2026-12-02T02:30:00.001Z"))).toBe(true);
    expect(isReportOverdue({ dueAt: due, reportedAt: new Date("2026-12-02T05:00:00.000Z") }, new Date("2026-12-03T00:00:00.000Z"))).toBe(false);
  });
});

// Days since = local calendar days (Asia/Shanghai, UTC+8) from the breach's date to today's; worked out by hand.
describe("days since the last breach", () => {
  it.each([
    ["2026-12-01T15:59:59.999Z", "2026-12-01T16:00:00.000Z", 1], // 12-01 23:59:59 → 12-02 00:00 Beijing: the next day
    ["2026-11-30T16:00:00.000Z", "2026-12-01T15:59:00.000Z", 0], // 12-01 00:00 → 12-01 23:59 Beijing: the same day
    ["2026-02-27T20:00:00.000Z", "2026-03-01T01:00:00.000Z", 1], // 02-28 04:00 → 03-01 09:00 (2026 is no leap year)
    ["2025-12-31T17:00:00.000Z", "2026-12-02T04:00:00.000Z", 335], // 2026-01-01 01:00 → 2026-12-02 12:00
    ["2026-12-03T00:00:00.000Z", "2026-12-02T04:00:00.000Z", 0], // recorded after now: today, never negative
  ])("breach %s, now %s → %i", (b, now, want) => expect(daysSince(new Date(b), new Date(now))).toBe(want));

  it("is null when the line was never breached, and follows another offset", () => {
    expect(daysSince(null, new Date("2026-12-02T04:00:00.000Z"))).toBeNull();
    // UTC: 2026-12-01 23:00 → 2026-12-02 01:00 is one day; at UTC+8 both are 12-02.
    expect(daysSince(new Date("2026-12-01T23:00:00.000Z"), new Date("2026-12-02T01:00:00.000Z"), 0)).toBe(1);
    expect(daysSince(new Date("2026-12-01T23:00:00.000Z"), new Date("2026-12-02T01:00:00.000Z"))).toBe(0);
  });

  it("takes each line's latest breach, in the lines' order", () => {
    const now = new Date("2026-12-02T04:00:00.000Z");
    const got = daysSinceByLine(
      [
        { line: L.LARGE_GROUP, occurredAt: new Date("2026-11-20T02:00:00.000Z") },
        { line: L.LARGE_GROUP, occurredAt: new Date("2026-11-29T02:00:00.000Z") },
        { line: L.PUBLIC_OPINION, occurredAt: new Date("2026-12-01T17:00:00.000Z") },
      ],
      now,
    ).map((d) => [d.line, d.daysSince]);
    expect(got).toEqual([
      [L.LARGE_GROUP, 3],
      [L.PROVINCE_GROUP, null],
      [L.BEIJING_GROUP, null],
      [L.PUBLIC_OPINION, 0],
    ]);
  });
});

describe("who sees a bottom line", () => {
  const p = (orgKind: OrgKind, orgLevel: OrgLevel, orgId: number): Principal => ({ subject: "u", orgId, orgCode: "X", orgKind, orgLevel, orgPath: [orgId], roles: [Role.CASE_OFFICER] });
  it("the city bureau all, a county its own locality, agencies and special units nothing", () => {
    expect(canSeeBottomLine(p(OrgKind.PETITION_BUREAU, OrgLevel.CITY, 1), [7, 1])).toBe(true);
    expect(canSeeBottomLine(p(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, 7), [7, 1])).toBe(true);
    expect(canSeeBottomLine(p(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, 8), [7, 1])).toBe(false);
    expect(canSeeBottomLine(p(OrgKind.PARTNER_AGENCY, OrgLevel.CITY, 7), [7, 1])).toBe(false);
    expect(canSeeBottomLine(p(OrgKind.SPECIAL_UNIT, OrgLevel.CITY, 7), [7, 1])).toBe(false);
  });
});
