import { ActorFacts, assertMayPerform, issuerOf, PERFORMER } from "../../src/domain/access/lifecycle-permissions";
import { systemPrincipal } from "../../src/domain/access/principal";
import { Principal } from "../../src/domain/access/principal";
import { PetitionEventType } from "../../src/domain/lifecycle/petition-events";
import { OrgKind, OrgLevel, PetitionState, Role } from "../../src/domain/petition-terms";

// Which party performs each lifecycle move, and how the city bureau records a move on a party's behalf.
// Organisations: city bureau 1, county petition office 5, handler department 11, reviewing organ 10 (the level above
// the handler, Art. 35), re-reviewing organ 2 (the level above the reviewing organ, Art. 36), a stranger department 12.
const who = (orgId: number, orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]): Principal => ({ subject: "u", orgId, orgCode: `O${orgId}`, orgKind, orgLevel, orgPath: [orgId, 1], roles });
const facts: ActorFacts = { handlerOrgId: 11, reviewerOrgId: 10, rereviewerOrgId: 2 };
const cityOfficer = who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER]);
const cityRegistrar = who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.REGISTRAR]);
const countyOffice = who(5, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.REGISTRAR]);
const handler = who(11, OrgKind.DEPARTMENT, OrgLevel.COUNTY, [Role.HANDLER]);
const reviewer = who(10, OrgKind.GOVERNMENT, OrgLevel.COUNTY, [Role.CASE_OFFICER]);
const rereviewer = who(2, OrgKind.GOVERNMENT, OrgLevel.CITY, [Role.HANDLER]);
const stranger = who(12, OrgKind.DEPARTMENT, OrgLevel.COUNTY, [Role.HANDLER]);

/** null / an org id when allowed, or "FORBIDDEN: <message>". */
const outcome = (p: Principal, event: PetitionEventType, f = facts) => {
  try {
    return assertMayPerform(p, event, f);
  } catch (e) {
    const err = e as { code: string; message: string };
    return `${err.code}: ${err.message}`;
  }
};

describe("PERFORMER", () => {
  it.each<[PetitionEventType, string[]]>([
    ["REGISTER", ["PETITION_DEPT"]],
    ["START_ROUTING", ["PETITION_DEPT"]],
    ["FORWARD", ["PETITION_DEPT"]],
    ["ASSIGN", ["PETITION_DEPT"]],
    ["RECEIVE", ["HANDLER"]],
    ["REROUTE", ["PETITION_DEPT"]],
    ["OBJECT", ["HANDLER"]],
    ["ACCEPT", ["HANDLER"]],
    ["NOT_ACCEPT", ["HANDLER"]],
    ["DIVERT", ["HANDLER"]],
    ["START_HANDLING", ["HANDLER"]],
    ["EXTEND", ["HANDLER"]],
    ["START_HEARING", ["HANDLER", "REREVIEWER"]],
    ["END_HEARING", ["HANDLER", "REREVIEWER"]],
    ["MEDIATE", ["HANDLER"]],
    ["ANSWER", ["HANDLER"]],
    ["EVALUATE", ["PETITION_DEPT"]],
    ["REQUEST_REVIEW", ["PETITION_DEPT", "REVIEWER"]],
    ["ISSUE_REVIEW", ["REVIEWER"]],
    ["REQUEST_REREVIEW", ["PETITION_DEPT", "REREVIEWER"]],
    ["ISSUE_REREVIEW", ["REREVIEWER"]],
    ["RECORD_DELIVERY", ["HANDLER", "REVIEWER", "REREVIEWER"]],
    ["MARK_EVAL_OVERDUE", []],
    ["TERMINATE", ["BUREAU"]],
  ])("%s is performed by %j", (event, actors) => {
    expect(PERFORMER[event]).toEqual(actors);
  });
});

describe("assertMayPerform", () => {
  it("refuses callers without an acting role, naming their roles", () => {
    expect(outcome(who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.AUDITOR, Role.LEADER]), "REGISTER")).toBe("FORBIDDEN: role AUDITOR,LEADER cannot change petitions");
    expect(outcome(who(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY, []), "REGISTER")).toBe("FORBIDDEN: role none cannot change petitions");
  });

  it("petition departments perform the routing moves; other organisations may not", () => {
    expect(outcome(countyOffice, "REGISTER")).toBeNull();
    expect(outcome(countyOffice, "FORWARD")).toBeNull();
    expect(outcome(cityRegistrar, "ASSIGN")).toBeNull();
    expect(outcome(handler, "REGISTER")).toBe("FORBIDDEN: O11 may not REGISTER this petition");
  });

  it("only the handler organisation performs handler moves", () => {
    expect(outcome(handler, "ACCEPT")).toBeNull();
    expect(outcome(handler, "ANSWER")).toBeNull();
    expect(outcome(stranger, "ACCEPT")).toBe("FORBIDDEN: O12 may not ACCEPT this petition");
    expect(outcome(countyOffice, "ANSWER")).toBe("FORBIDDEN: O5 may not ANSWER this petition");
    expect(outcome(reviewer, "ACCEPT")).toBe("FORBIDDEN: O10 may not ACCEPT this petition");
    // No handler yet: nobody is the handler, not even an organisation whose id is missing.
    expect(outcome(handler, "ACCEPT", { handlerOrgId: null, reviewerOrgId: null, rereviewerOrgId: null })).toBe("FORBIDDEN: O11 may not ACCEPT this petition");
  });

  it("the reviewing organ issues the 复查 opinion and the re-reviewing organ the 复核 opinion, not each other", () => {
    expect(outcome(reviewer, "ISSUE_REVIEW")).toBeNull();
    expect(outcome(rereviewer, "ISSUE_REVIEW")).toBe("FORBIDDEN: O2 may not ISSUE_REVIEW this petition");
    expect(outcome(handler, "ISSUE_REVIEW")).toBe("FORBIDDEN: O11 may not ISSUE_REVIEW this petition");
    expect(outcome(rereviewer, "ISSUE_REREVIEW")).toBeNull();
    expect(outcome(reviewer, "ISSUE_REREVIEW")).toBe("FORBIDDEN: O10 may not ISSUE_REREVIEW this petition");
    expect(outcome(handler, "ISSUE_REREVIEW")).toBe("FORBIDDEN: O11 may not ISSUE_REREVIEW this petition");
  });

  it("requests for review are recorded by a petition department or the organ asked", () => {
    expect(outcome(reviewer, "REQUEST_REVIEW")).toBeNull();
    expect(outcome(countyOffice, "REQUEST_REVIEW")).toBeNull();
    expect(outcome(handler, "REQUEST_REVIEW")).toBe("FORBIDDEN: O11 may not REQUEST_REVIEW this petition");
    expect(outcome(rereviewer, "REQUEST_REREVIEW")).toBeNull();
    expect(outcome(reviewer, "REQUEST_REREVIEW")).toBe("FORBIDDEN: O10 may not REQUEST_REREVIEW this petition");
  });

  it("hearings are held by the handler or, during 复核, the re-reviewing organ", () => {
    expect(outcome(handler, "START_HEARING")).toBeNull();
    expect(outcome(rereviewer, "END_HEARING")).toBeNull();
    expect(outcome(reviewer, "START_HEARING")).toBe("FORBIDDEN: O10 may not START_HEARING this petition");
  });

  it("only the city bureau terminates; a county office may not", () => {
    expect(outcome(cityRegistrar, "TERMINATE")).toBeNull();
    expect(outcome(countyOffice, "TERMINATE")).toBe("FORBIDDEN: O5 may not TERMINATE this petition");
  });

  it("a city-bureau case officer records a party's move on its behalf and learns which party", () => {
    expect(outcome(cityOfficer, "ACCEPT")).toBe(11);
    expect(outcome(cityOfficer, "START_HEARING")).toBe(11); // the handler comes first among its performers
    expect(outcome(cityOfficer, "ISSUE_REVIEW")).toBe(10);
    expect(outcome(cityOfficer, "ISSUE_REREVIEW")).toBe(2);
    // Moves the bureau performs itself as a petition department are not on anyone's behalf.
    expect(outcome(cityOfficer, "REQUEST_REVIEW")).toBeNull();
    expect(outcome(cityOfficer, "EVALUATE")).toBeNull();
  });

  it("a city-bureau registrar, or a county office's case officer, may not act on a party's behalf", () => {
    expect(outcome(cityRegistrar, "ACCEPT")).toBe("FORBIDDEN: O1 may not ACCEPT this petition");
    expect(outcome(who(5, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.CASE_OFFICER]), "ISSUE_REVIEW")).toBe("FORBIDDEN: O5 may not ISSUE_REVIEW this petition");
    expect(outcome(who(1, OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, [Role.CASE_OFFICER]), "ACCEPT")).toBe("FORBIDDEN: O1 may not ACCEPT this petition");
  });

  it("the service of a decision is recorded by the organ that issued it: handler, reviewer or 复核 organ by state", () => {
    expect(issuerOf(PetitionState.ANSWERED)).toBe("HANDLER");
    expect(issuerOf(PetitionState.REVIEWED)).toBe("REVIEWER");
    expect(issuerOf(PetitionState.REREVIEWED)).toBe("REREVIEWER");
    expect(issuerOf(undefined)).toBe("HANDLER");
    const at = (state: PetitionState) => ({ ...facts, state });
    expect(outcome(handler, "RECORD_DELIVERY", at(PetitionState.ANSWERED))).toBeNull();
    expect(outcome(reviewer, "RECORD_DELIVERY", at(PetitionState.ANSWERED))).toBe("FORBIDDEN: O10 may not RECORD_DELIVERY this petition");
    expect(outcome(reviewer, "RECORD_DELIVERY", at(PetitionState.REVIEWED))).toBeNull();
    expect(outcome(handler, "RECORD_DELIVERY", at(PetitionState.REVIEWED))).toBe("FORBIDDEN: O11 may not RECORD_DELIVERY this petition");
    expect(outcome(rereviewer, "RECORD_DELIVERY", at(PetitionState.REREVIEWED))).toBeNull();
    expect(outcome(reviewer, "RECORD_DELIVERY", at(PetitionState.REREVIEWED))).toBe("FORBIDDEN: O10 may not RECORD_DELIVERY this petition");
    // The bureau records it on behalf of the issuing organ.
    expect(outcome(cityOfficer, "RECORD_DELIVERY", at(PetitionState.ANSWERED))).toBe(11);
    expect(outcome(cityOfficer, "RECORD_DELIVERY", at(PetitionState.REVIEWED))).toBe(10);
    expect(outcome(cityOfficer, "RECORD_DELIVERY", at(PetitionState.REREVIEWED))).toBe(2);
  });

  it("an overdue evaluation is marked by the hub's own sweep only, never by a person", () => {
    expect(outcome(systemPrincipal({ id: 1, code: "O1" }, "sweep"), "MARK_EVAL_OVERDUE")).toBeNull();
    expect(outcome(cityOfficer, "MARK_EVAL_OVERDUE")).toBe("FORBIDDEN: MARK_EVAL_OVERDUE is recorded by the hub's deadline sweep only");
    const countySystem = { ...countyOffice, subject: "system:sweep" };
    expect(outcome(countySystem, "MARK_EVAL_OVERDUE")).toBe("FORBIDDEN: MARK_EVAL_OVERDUE is recorded by the hub's deadline sweep only");
  });

  it("the evaluation is recorded by a petition department, never by the handler being rated", () => {
    expect(outcome(countyOffice, "EVALUATE")).toBeNull();
    expect(outcome(handler, "EVALUATE")).toBe("FORBIDDEN: O11 handled this petition and may not record its evaluation");
    // A county office handling the matter locally may not rate itself either.
    expect(outcome(countyOffice, "EVALUATE", { ...facts, handlerOrgId: 5 })).toBe("FORBIDDEN: O5 handled this petition and may not record its evaluation");
  });
});
