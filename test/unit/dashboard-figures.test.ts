import { dailyCounts, dashboardScope, heatPlaces, OPEN_STATES } from "../../src/domain/dashboard/dashboard-figures";
import { OrgKind, OrgLevel, PetitionState, Role } from "../../src/domain/petition-terms";

// China Standard Time, UTC+8, as the bureau's calendar reads it.
const cst = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe("dashboard figures", () => {
  it("counts registrations per local day, oldest first, zero days included", () => {
    const now = new Date("2026-12-02T01:00:00Z"); // 09:00 on 2 December in Dongying
    const got = dailyCounts(
      [
        new Date("2026-12-01T16:30:00Z"), // 00:30 on 2 December local: today
        new Date("2026-12-01T15:59:00Z"), // 23:59 on 1 December local: yesterday
        new Date("2026-12-01T02:00:00Z"), // 1 December
        new Date("2026-11-02T12:00:00Z"), // 2 November 20:00 local: 30 days back, just outside a 30-day window
      ],
      now,
      30,
      cst,
    );
    expect(got).toHaveLength(30);
    expect(got[0]).toEqual({ day: "2026-11-03", count: 0 });
    expect(got[28]).toEqual({ day: "2026-12-01", count: 2 });
    expect(got[29]).toEqual({ day: "2026-12-02", count: 1 });
    expect(got.reduce((a, d) => a + d.count, 0)).toBe(3);
  });

  it("counts an overdue clock under its locality, and also under a special unit handling it", () => {
    const units = new Set([50, 51]);
    expect(heatPlaces(5, null, units)).toEqual([5]);
    expect(heatPlaces(5, 9, units)).toEqual([5]);
    expect(heatPlaces(5, 50, units)).toEqual([5, 50]);
    expect(heatPlaces(50, 50, units)).toEqual([50]);
  });

  it("shares one computation per organisation, and one for the city bureau", () => {
    const p = (orgId: number, orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]) => ({ subject: "s", orgId, orgCode: "X", orgKind, orgLevel, orgPath: [orgId], roles });
    expect(dashboardScope(p(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.LEADER]))).toBe("all");
    expect(dashboardScope(p(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.OPERATOR]))).toBe("all");
    // The provincial bureau is not the city bureau: it sees by access rows like anyone else.
    expect(dashboardScope(p(2, OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, [Role.LEADER]))).toBe("org:2");
    expect(dashboardScope(p(7, OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM]))).toBe("org:7");
  });

  it("open work excludes what waits on the petitioner or is finished", () => {
    for (const s of [PetitionState.REGISTERED, PetitionState.HEARING, PetitionState.EXTENDED, PetitionState.REREVIEW_REQUESTED]) expect(OPEN_STATES).toContain(s);
    for (const s of [PetitionState.ANSWERED, PetitionState.EVALUATED, PetitionState.TERMINATED, PetitionState.NOT_ACCEPTED, PetitionState.DIVERTED, PetitionState.MEDIATED]) expect(OPEN_STATES).not.toContain(s);
  });
});
