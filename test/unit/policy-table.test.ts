import { assertOperationAllowed, POLICY, principalKind, ResourceCheck } from "../../src/domain/access/policy";
import { Principal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

// The operation half of the policy, row by row, for every kind of caller, written out by hand from the rules
// (shared/domain.md §7; Arts. 17, 22–36): petition departments register; the parties to a petition move it; partner
// agencies act on their own referrals; the city bureau runs operations, audit and machine clients. The resource half
// is tested in test/integration/policy-matrix.test.ts; here only which check each row names.
const p = (orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]): Principal => ({ subject: "u", orgId: 9, orgCode: "C9", orgKind, orgLevel, orgPath: [9], roles });
const CB = (r: Role) => p(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [r]);
const CALLERS: [string, Principal | null][] = [
  ["anonymous", null],
  ["city bureau registrar", CB(Role.REGISTRAR)],
  ["city bureau case officer", CB(Role.CASE_OFFICER)],
  ["city bureau leader", CB(Role.LEADER)],
  ["city bureau operator", CB(Role.OPERATOR)],
  ["city bureau auditor", CB(Role.AUDITOR)],
  ["county office case officer", p(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.CASE_OFFICER])],
  ["county office registrar", p(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.REGISTRAR])],
  ["county government handler", p(OrgKind.GOVERNMENT, OrgLevel.COUNTY, [Role.HANDLER])],
  ["department handler", p(OrgKind.DEPARTMENT, OrgLevel.CITY, [Role.HANDLER])],
  ["partner agency handler", p(OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.HANDLER])],
  ["partner agency machine client", p(OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM])],
  ["special unit handler", p(OrgKind.SPECIAL_UNIT, OrgLevel.CITY, [Role.HANDLER])],
  ["special unit machine client", p(OrgKind.SPECIAL_UNIT, OrgLevel.CITY, [Role.AGENCY_SYSTEM])],
  ["provincial bureau registrar (OTHER)", p(OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, [Role.REGISTRAR])],
];

// Patterns, one letter per caller above: A = allowed, U = UNAUTHENTICATED, F = FORBIDDEN.
//                       anon REG CASE LDR OPR AUD COc COr GOV DEP PAh PAs SUh SUs OTH
const PUBLIC = /*     */ "A    A   A    A   A   A   A   A   A   A   A   A   A   A   A";
const ANY = /*        */ "U    A   A    A   A   A   A   A   A   A   A   A   A   A   A";
const MOVE = /*       */ "U    A   A    F   F   F   A   A   A   A   A   F   A   F   F";
const DEPT_DESK = /*  */ "U    A   A    F   F   F   A   A   F   F   F   F   F   F   F";
const REFERRAL = /*   */ "U    F   A    F   F   F   F   F   F   F   A   A   A   A   F";
const RAISE = /*      */ "U    F   F    F   F   F   F   F   F   F   A   A   A   A   F";
const OPERATOR = /*   */ "U    F   F    F   A   F   F   F   F   F   F   F   F   F   F";
const SUPERVISE = /*  */ "U    F   A    A   A   F   F   F   F   F   F   F   F   F   F";
const CB_CASE = /*    */ "U    F   A    F   F   F   F   F   F   F   F   F   F   F   F";
const CB_DESK = /*    */ "U    A   A    F   F   F   F   F   F   F   F   F   F   F   F";
const AUDITOR = /*    */ "U    F   F    F   F   A   F   F   F   F   F   F   F   F   F";
const CONSULT = /*    */ "U    F   A    A   F   F   A   F   F   F   F   F   F   F   F";
const DEPTS = /*      */ "U    A   A    A   A   A   A   A   F   F   F   F   F   F   F";
const CB_CONSULT = /* */ "U    F   A    A   F   F   F   F   F   F   F   F   F   F   F";
const INDICATOR = /*  */ "U    A   A    A   A   A   A   A   A   F   F   F   F   F   F";

const V: ResourceCheck[] = ["PETITION_VISIBLE"];
const ACTOR: ResourceCheck[] = ["PETITION_ACTOR"];
const PARTY: ResourceCheck[] = ["REFERRAL_PARTY"];
const NONE: ResourceCheck[] = ["NONE"];
const LEDGER: ResourceCheck[] = ["LEDGER_VISIBLE"];
const ALERT: ResourceCheck[] = ["ALERT_OWNER"];

const ROWS: [string, string, ResourceCheck[]][] = [
  ["Query.petition", ANY, V],
  ["Query.petitions", ANY, V],
  ["Query.myPetitionActions", ANY, V],
  ["Query.referral", ANY, PARTY],
  ["Query.referrals", ANY, PARTY],
  ["Query.organizations", ANY, NONE],
  ["Query.organization", ANY, NONE],
  ["Query.me", ANY, NONE],
  ["Query.agencyBacklog", SUPERVISE, NONE],
  ["Query.failedDeliveries", OPERATOR, NONE],
  ["Query.deadLetters", OPERATOR, NONE],
  ["Query._service", PUBLIC, NONE],
  ["Query._entities", ANY, ["PETITION_VISIBLE", "REFERRAL_PARTY"]],
  ["Mutation.submitPetition", DEPT_DESK, NONE],
  ["Mutation.registerPetition", MOVE, ["PETITION_ACTOR", "PETITION_VISIBLE"]],
  ["Mutation.startRouting", MOVE, ACTOR],
  ["Mutation.forwardPetition", MOVE, ["PETITION_ACTOR", "ROUTING_TARGET"]],
  ["Mutation.assignPetition", MOVE, ["PETITION_ACTOR", "ROUTING_TARGET"]],
  ["Mutation.receivePetition", MOVE, ACTOR],
  ["Mutation.objectToPetition", MOVE, ACTOR],
  ["Mutation.reroutePetition", MOVE, ACTOR],
  ["Mutation.acceptPetition", MOVE, ACTOR],
  ["Mutation.notAcceptPetition", MOVE, ACTOR],
  ["Mutation.divertPetition", MOVE, ACTOR],
  ["Mutation.startHandling", MOVE, ACTOR],
  ["Mutation.extendHandling", MOVE, ACTOR],
  ["Mutation.startHearing", MOVE, ACTOR],
  ["Mutation.endHearing", MOVE, ACTOR],
  ["Mutation.mediatePetition", MOVE, ACTOR],
  ["Mutation.answerPetition", MOVE, ACTOR],
  ["Mutation.evaluateAnswer", MOVE, ACTOR],
  ["Mutation.recordDelivery", MOVE, ACTOR],
  ["Mutation.requestReview", MOVE, ACTOR],
  ["Mutation.issueReview", MOVE, ACTOR],
  ["Mutation.requestSecondReview", MOVE, ACTOR],
  ["Mutation.issueSecondReview", MOVE, ACTOR],
  ["Mutation.terminatePetition", MOVE, ACTOR],
  ["Query.matterSuggestions", DEPT_DESK, V],
  ["Query.matterItems", ANY, V],
  ["Mutation.linkPetitionToMatter", DEPT_DESK, V],
  ["Mutation.unlinkPetitionFromMatter", DEPT_DESK, V],
  ["Mutation.rejectMatterSuggestion", DEPT_DESK, V],
  ["Mutation.acknowledgeReferral", REFERRAL, PARTY],
  ["Mutation.respondToReferral", REFERRAL, PARTY],
  ["Mutation.returnReferral", REFERRAL, PARTY],
  ["Mutation.closeReferral", CB_CASE, NONE],
  ["Mutation.raiseReferral", RAISE, NONE],
  ["Mutation.registerRaisedReferral", CB_DESK, NONE],
  ["Mutation.setOrganizationLevelAbove", OPERATOR, NONE],
  ["Mutation.replayFailedDelivery", OPERATOR, NONE],
  ["Mutation.replayDeadLetters", OPERATOR, NONE],
  ["Query.auditTrail", AUDITOR, NONE],
  ["Query.machineClients", OPERATOR, NONE],
  ["Mutation.createMachineClient", OPERATOR, NONE],
  ["Mutation.rotateMachineClientSecret", OPERATOR, NONE],
  ["Mutation.revokeMachineClient", OPERATOR, NONE],
  ["Query.ledgerEntry", ANY, LEDGER],
  ["Query.ledgerEntries", ANY, LEDGER],
  ["Mutation.fileLedgerEntry", DEPT_DESK, LEDGER],
  ["Mutation.recordConsultation", CONSULT, LEDGER],
  ["Query.disputeCase", ANY, LEDGER],
  ["Query.disputeCases", ANY, LEDGER],
  ["Mutation.closeDisputeCase", CONSULT, LEDGER],
  ["Query.alerts", ANY, ALERT],
  ["Mutation.acknowledgeAlert", CONSULT, ALERT],
  ["Mutation.closeAlert", CONSULT, ALERT],
  ["Query.accountabilityCandidates", CONSULT, ["ACCOUNTABILITY_REVIEWER"]],
  ["Query.accidentCase", ANY, ["ACCIDENT_VISIBLE"]],
  ["Query.accidentCases", ANY, ["ACCIDENT_VISIBLE"]],
  ["Mutation.openAccidentCase", CONSULT, ["ACCIDENT_VISIBLE"]],
  ["Mutation.formAccidentTeam", CONSULT, ["ACCIDENT_VISIBLE"]],
  ["Mutation.recordAccidentConsultation", CONSULT, ["ACCIDENT_VISIBLE"]],
  ["Mutation.startAccidentOpinionWatch", CONSULT, ["ACCIDENT_VISIBLE"]],
  ["Mutation.closeAccidentCase", CONSULT, ["ACCIDENT_VISIBLE"]],
  ["Query.bottomLineBreaches", ANY, ["BOTTOM_LINE_LOCALITY"]],
  ["Query.bottomLineStatus", DEPTS, ["BOTTOM_LINE_LOCALITY"]],
  ["Mutation.reportHigherLevelGroupPetition", CB_CONSULT, NONE],
  ["Mutation.recordPublicOpinionPost", CONSULT, ["BOTTOM_LINE_LOCALITY", "PETITION_VISIBLE"]],
  ["Mutation.recordUrgentReport", CB_CONSULT, NONE],
  ["Mutation.flagKeyPerson", CONSULT, ["PETITION_VISIBLE", "BOTTOM_LINE_LOCALITY"]],
  ["Query.matter", ANY, V],
  ["Query.oneVisitRate", INDICATOR, V],
  ["Mutation.requestMatterReassignment", CONSULT, ["PETITION_VISIBLE", "MATTER_OWNER"]],
  ["Mutation.approveMatterReassignment", CONSULT, ["MATTER_OWNER"]],
  ["Mutation.refuseMatterReassignment", CONSULT, ["MATTER_OWNER"]],
  ["Mutation.reviewCityControlEntry", CB_CONSULT, NONE],
];

const letter = (caller: Principal | null, operation: string) => {
  try {
    assertOperationAllowed(caller, operation);
    return "A";
  } catch (e) {
    return ({ UNAUTHENTICATED: "U", FORBIDDEN: "F" } as Record<string, string>)[(e as { code: string }).code] ?? "?";
  }
};

describe("the policy table, operation half", () => {
  it.each(ROWS)("%s", (operation, pattern, resource) => {
    const expected = pattern.split(/\s+/);
    expect(CALLERS.map(([name, caller]) => `${name}: ${letter(caller, operation)}`)).toEqual(CALLERS.map(([name], i) => `${name}: ${expected[i]}`));
    expect(POLICY[operation].resource).toEqual(resource);
  });

  it("every row says why it is what it is", () => {
    for (const [operation] of ROWS) expect([operation, POLICY[operation].why.length > 15]).toEqual([operation, true]);
  });

  it("names the caller's organisation and the roles needed in its refusals", () => {
    const refusal = (caller: Principal | null, operation: string) => {
      try {
        assertOperationAllowed(caller, operation);
        return "allowed";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(refusal(CB(Role.REGISTRAR), "Mutation.nothing")).toBe("Mutation.nothing has no authorization policy");
    expect(refusal(p(OrgKind.DEPARTMENT, OrgLevel.CITY, [Role.REGISTRAR]), "Mutation.submitPetition")).toBe("Mutation.submitPetition is not open to C9");
    expect(refusal(CB(Role.LEADER), "Mutation.submitPetition")).toBe("Mutation.submitPetition requires role REGISTRAR or CASE_OFFICER");
    expect(refusal(null, "Query.me")).toBe("authentication required");
  });
});

describe("principalKind", () => {
  it.each([
    [OrgKind.PETITION_BUREAU, OrgLevel.CITY, "CITY_BUREAU"],
    [OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, "OTHER"],
    [OrgKind.PETITION_BUREAU, OrgLevel.COUNTY, "OTHER"],
    [OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, "COUNTY_OFFICE"],
    [OrgKind.PETITION_OFFICE, OrgLevel.CITY, "OTHER"],
    [OrgKind.PETITION_OFFICE, OrgLevel.TOWNSHIP, "OTHER"],
    [OrgKind.GOVERNMENT, OrgLevel.COUNTY, "GOVERNMENT"],
    [OrgKind.DEPARTMENT, OrgLevel.CITY, "DEPARTMENT"],
    [OrgKind.PARTNER_AGENCY, OrgLevel.CITY, "PARTNER_AGENCY"],
    [OrgKind.SPECIAL_UNIT, OrgLevel.CITY, "SPECIAL_UNIT"],
  ])("%s at %s → %s", (kind, level, expected) => {
    expect(principalKind(p(kind, level, []))).toBe(expected);
  });
});
