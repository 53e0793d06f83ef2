import { Principal, systemPrincipal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";
import { ReferralEventType } from "../../src/domain/referrals/referral-lifecycle";
import { assertMayActOnReferral, canSeeReferral, isSystem, SYSTEM_SUBJECT_PREFIX } from "../../src/domain/referrals/referral-permissions";
import { isOpenReferral, ReferralState } from "../../src/domain/referrals/referral-terms";

// Who may move a referral (the agency: acknowledge, answer, return; the hub's workers: deliver, escalate; the city
// bureau: close, and record an agency's move on its behalf). Agency 20 is the women's federation, city bureau is 1.
const who = (orgId: number, orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[], subject = "u"): Principal => ({ subject, orgId, orgCode: `O${orgId}`, orgKind, orgLevel, orgPath: [orgId, 1], roles });
const AGENCY = 20;
const worker = systemPrincipal({ id: 1, code: "O1" }, "delivery");
const cityOfficer = who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER]);
const cityRegistrar = who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.REGISTRAR]);
const agencyMachine = who(AGENCY, OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM]);
const agencyHandler = who(AGENCY, OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.HANDLER]);
const agencyLeader = who(AGENCY, OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.LEADER]);
const otherAgency = who(21, OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM]);
const countyOfficer = who(5, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.CASE_OFFICER]);

const may = (p: Principal, event: ReferralEventType) => {
  try {
    assertMayActOnReferral(p, event, AGENCY);
    return "ALLOWED";
  } catch (e) {
    const err = e as { code: string; message: string };
    return `${err.code}: ${err.message}`;
  }
};

describe("isSystem", () => {
  it("is a system: subject acting as the city bureau", () => {
    expect(SYSTEM_SUBJECT_PREFIX).toBe("system:");
    expect(isSystem(worker)).toBe(true);
    // A person whose subject merely contains the prefix later, or a system: subject outside the city bureau, is not.
    expect(isSystem(who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.OPERATOR], "user:system:x"))).toBe(false);
    expect(isSystem(who(5, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.OPERATOR], "system:delivery"))).toBe(false);
    expect(isSystem(cityOfficer)).toBe(false);
  });
});

describe("assertMayActOnReferral", () => {
  it.each<[string, Principal, Record<ReferralEventType, boolean>]>([
    ["the hub's worker", worker, { DELIVER: true, ESCALATE: true, ACKNOWLEDGE: true, RESPOND: true, RETURN: true, CLOSE: false }],
    ["the agency's machine client", agencyMachine, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: true, RESPOND: true, RETURN: true, CLOSE: false }],
    ["the agency's human handler", agencyHandler, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: true, RESPOND: true, RETURN: true, CLOSE: false }],
    ["the agency's leader (no acting role)", agencyLeader, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: false, RESPOND: false, RETURN: false, CLOSE: false }],
    ["another agency", otherAgency, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: false, RESPOND: false, RETURN: false, CLOSE: false }],
    ["a city-bureau case officer", cityOfficer, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: true, RESPOND: true, RETURN: true, CLOSE: true }],
    ["a city-bureau registrar", cityRegistrar, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: false, RESPOND: false, RETURN: false, CLOSE: false }],
    ["a county office's case officer", countyOfficer, { DELIVER: false, ESCALATE: false, ACKNOWLEDGE: false, RESPOND: false, RETURN: false, CLOSE: false }],
  ])("%s", (_name, p, expected) => {
    for (const [event, allowed] of Object.entries(expected) as [ReferralEventType, boolean][]) {
      expect([event, may(p, event)]).toEqual([event, allowed ? "ALLOWED" : `FORBIDDEN: ${p.orgCode} may not ${event} this referral`]);
    }
  });
});

describe("referral visibility and openness", () => {
  it("an agency sees its own referrals, the city bureau all, others none", () => {
    expect(canSeeReferral(agencyMachine, AGENCY)).toBe(true);
    expect(canSeeReferral(cityRegistrar, AGENCY)).toBe(true);
    expect(canSeeReferral(otherAgency, AGENCY)).toBe(false);
    expect(canSeeReferral(countyOfficer, AGENCY)).toBe(false);
  });
  it.each([
    [ReferralState.SENT, true],
    [ReferralState.DELIVERED, true],
    [ReferralState.ACKNOWLEDGED, true],
    [ReferralState.RESPONDED, true],
    [ReferralState.ESCALATED, true],
    [ReferralState.RAISED, true],
    [ReferralState.REGISTERED, true],
    [ReferralState.RETURNED, false],
    [ReferralState.CLOSED, false],
  ])("a %s referral is open: %s", (state, open) => {
    expect(isOpenReferral(state)).toBe(open);
  });
});
