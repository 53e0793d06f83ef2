import { Principal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";
import { approvalRefusal, canSeeReassignment, mayOwnMatter, mayRequestReassignment } from "../../src/domain/visit-once/matter-owner";
import { oneVisitRate } from "../../src/domain/visit-once/one-visit-rate";
import { mayBeAlertedAbout, repeatVisitKeys, repeatVisits, VisitItemFacts } from "../../src/domain/visit-once/repeat-visit";

// 最多访一次 / 首接首办, the pure rules, against hand-worked cases.
const at = (iso: string) => new Date(iso);
const item = (petitionId: number, channel: string, receivedAt: string, link: VisitItemFacts["link"] = "CONFIRMED"): VisitItemFacts => ({ petitionId, channel, link, receivedAt: at(receivedAt) });

describe("repeat visits", () => {
  it("are every in-person item but the earliest, by receipt then id", () => {
    expect(repeatVisits([item(1, "VISIT", "2026-06-01T02:00:00Z", "OWN")])).toEqual([]);
    expect(repeatVisits([item(1, "VISIT", "2026-06-01T02:00:00Z", "OWN"), item(2, "VISIT", "2026-06-03T02:00:00Z")])).toEqual([2]);
    // An earlier visit linked into a later one's matter: the later one is the repeat.
    expect(repeatVisits([item(5, "VISIT", "2026-06-09T02:00:00Z", "OWN"), item(3, "VISIT", "2026-06-02T02:00:00Z")])).toEqual([5]);
    // Same instant: the lower id came first.
    expect(repeatVisits([item(8, "VISIT", "2026-06-01T02:00:00Z"), item(7, "VISIT", "2026-06-01T02:00:00Z", "OWN")])).toEqual([8]);
    // Letters, calls and online items are not visits; a first letter does not make the first visit a repeat.
    expect(repeatVisits([item(1, "LETTER", "2026-05-01T02:00:00Z", "OWN"), item(2, "VISIT", "2026-06-01T02:00:00Z"), item(3, "TELEPHONE", "2026-06-02T02:00:00Z")])).toEqual([]);
    // A legacy automatic join (UNCONFIRMED) counts for nothing.
    expect(repeatVisits([item(1, "VISIT", "2026-06-01T02:00:00Z", "OWN"), item(2, "VISIT", "2026-06-02T02:00:00Z", "UNCONFIRMED")])).toEqual([]);
    expect(repeatVisits([item(1, "VISIT", "2026-06-01T02:00:00Z", "UNCONFIRMED"), item(2, "VISIT", "2026-06-02T02:00:00Z", "OWN"), item(4, "VISIT", "2026-06-04T02:00:00Z")])).toEqual([4]);
  });

  it("alert once per item and recipient", () => {
    expect(repeatVisitKeys(42)).toEqual({ owner: "repeat-visit:42:owner", supervisor: "repeat-visit:42:supervisor" });
  });

  it("never alert the accused unit or a unit under it about an accusation; the city bureau is exempt (Art. 30)", () => {
    const county = { orgId: 5, path: [5, 2, 1], cityBureau: false };
    expect([null, 9, 5, 2].map((accused) => mayBeAlertedAbout(county, accused))).toEqual([true, true, false, false]);
    expect(mayBeAlertedAbout({ orgId: 1, path: [1, 0], cityBureau: true }, 0)).toBe(true);
  });
});

describe("the one-visit rate", () => {
  it("counts resolved first items and those without a later visit", () => {
    expect(oneVisitRate([])).toEqual({ resolvedFirstItems: 0, withoutRepeatVisit: 0, rate: null });
    const rows = [
      { matterId: 1, firstState: "ANSWERED", laterVisits: 0 },
      { matterId: 2, firstState: "ANSWERED", laterVisits: 1 },
      { matterId: 3, firstState: "TERMINATED", laterVisits: 0 },
      { matterId: 4, firstState: "IN_HANDLING", laterVisits: 0 },
      { matterId: 5, firstState: "NOT_ACCEPTED", laterVisits: 0 },
      { matterId: 6, firstState: "DIVERTED", laterVisits: 0 },
      { matterId: 7, firstState: "MEDIATED", laterVisits: 2 },
      { matterId: 8, firstState: "REREVIEWED", laterVisits: 0 },
    ];
    // Resolved: 1, 2, 3, 7, 8 (5); without a later visit: 1, 3, 8 (3) → 0.6.
    expect(oneVisitRate(rows)).toEqual({ resolvedFirstItems: 5, withoutRepeatVisit: 3, rate: 0.6 });
  });
});

describe("reassigning the first receiving unit", () => {
  const P = (orgId: number, kind: OrgKind, level: OrgLevel, subject = `u${orgId}`): Principal => ({ subject, orgId, orgCode: `O${orgId}`, orgKind: kind, orgLevel: level, orgPath: [orgId], roles: [Role.CASE_OFFICER] });
  const BUREAU = 1;
  const GRX = 2;
  const LJX = 3;
  const bureau = P(BUREAU, OrgKind.PETITION_BUREAU, OrgLevel.CITY, "bureau-officer");
  const grx = P(GRX, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, "grx-officer");
  const ljx = P(LJX, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY);
  const owner = { orgId: GRX, supervisorId: BUREAU };

  it("is asked by the owner or a higher level only", () => {
    expect([mayRequestReassignment(grx, owner), mayRequestReassignment(bureau, owner), mayRequestReassignment(ljx, owner)]).toEqual([true, true, false]);
    // A county whose configured supervisor is another county office (not the case in the seed) may ask for it.
    expect(mayRequestReassignment(ljx, { orgId: GRX, supervisorId: LJX })).toBe(true);
  });

  it("is decided by a higher level other than the requester and the owner", () => {
    const r = { requestedBy: "grx-officer", fromOrgId: GRX };
    expect(approvalRefusal(bureau, r, BUREAU)).toBeNull();
    expect(approvalRefusal(grx, r, BUREAU)).toBe("the requester cannot decide its own request");
    expect(approvalRefusal(P(GRX, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, "grx-leader"), r, BUREAU)).toBe("the owner cannot approve its own reassignment");
    expect(approvalRefusal(ljx, r, BUREAU)).toBe("only the owner's supervisor or the city bureau decides");
    // The bureau asked itself: another bureau officer decides, the same one cannot.
    expect(approvalRefusal(bureau, { requestedBy: "bureau-officer", fromOrgId: GRX }, BUREAU)).toBe("the requester cannot decide its own request");
    // A matter the bureau owns: its supervisor (the province) does not sign in here, so another bureau officer decides.
    expect(approvalRefusal(P(BUREAU, OrgKind.PETITION_BUREAU, OrgLevel.CITY, "other"), { requestedBy: "bureau-officer", fromOrgId: BUREAU }, 99)).toBeNull();
    // A county owner's configured supervisor decides like the bureau; the owner's own people never do.
    expect(approvalRefusal(ljx, r, LJX)).toBeNull();
  });

  it("is seen by the units it concerns and a higher level; owned by petition departments only", () => {
    const r = { fromOrgId: GRX, toOrgId: LJX, requestedByOrgId: GRX };
    expect([canSeeReassignment(bureau, r, BUREAU), canSeeReassignment(grx, r, BUREAU), canSeeReassignment(ljx, r, BUREAU), canSeeReassignment(P(4, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY), r, BUREAU)]).toEqual([true, true, true, false]);
    expect([OrgKind.PETITION_BUREAU, OrgKind.PETITION_OFFICE, OrgKind.DEPARTMENT, OrgKind.PARTNER_AGENCY, OrgKind.SPECIAL_UNIT, OrgKind.GOVERNMENT].map((kind) => mayOwnMatter({ kind }))).toEqual([true, true, false, false, false, false]);
  });
});
