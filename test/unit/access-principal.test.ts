import { isBureauOperator } from "../../src/domain/access/bureau-operator";
import { checkClientGrant, MachineClientAuthMethod, usesSecret } from "../../src/domain/access/machine-clients";
import { maskIdNumber, maskPhone } from "../../src/domain/access/personal-data";
import { hasRole, isPetitionDepartment, Principal, seesEverything, systemPrincipal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

// Who the caller is, as pure functions: the city bureau, petition departments, the bureau operator, machine-client
// grants and the masks on personal data. Every expectation is written out by hand.
const who = (orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]): Principal => ({ subject: "u", orgId: 7, orgCode: "X", orgKind, orgLevel, orgPath: [7, 1], roles });

/** The stable code and the issue list of a thrown DomainError, or "OK". */
const refusal = (f: () => unknown) => {
  try {
    f();
    return "OK";
  } catch (e) {
    const err = e as { code?: string; message: string; details?: { issues?: unknown } };
    return { code: err.code, message: err.message, issues: err.details?.issues };
  }
};

describe("principal", () => {
  it("hasRole is true when any one of the named roles is held, false for none or no roles", () => {
    const p = who(OrgKind.DEPARTMENT, OrgLevel.CITY, [Role.HANDLER, Role.LEADER]);
    expect(hasRole(p, Role.LEADER)).toBe(true);
    expect(hasRole(p, Role.REGISTRAR, Role.HANDLER)).toBe(true);
    expect(hasRole(p, Role.REGISTRAR, Role.OPERATOR)).toBe(false);
    expect(hasRole(p)).toBe(false);
    expect(hasRole(who(OrgKind.DEPARTMENT, OrgLevel.CITY, []), Role.HANDLER)).toBe(false);
  });

  it.each([
    [OrgKind.PETITION_BUREAU, true],
    [OrgKind.PETITION_OFFICE, true],
    [OrgKind.GOVERNMENT, false],
    [OrgKind.DEPARTMENT, false],
    [OrgKind.PARTNER_AGENCY, false],
    [OrgKind.SPECIAL_UNIT, false],
  ])("a %s is a petition department: %s", (kind, expected) => {
    expect(isPetitionDepartment(who(kind, OrgLevel.COUNTY, [Role.REGISTRAR]))).toBe(expected);
  });

  it("only the city-level petition bureau sees everything", () => {
    expect(seesEverything(who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, []))).toBe(true);
    expect(seesEverything(who(OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, []))).toBe(false);
    expect(seesEverything(who(OrgKind.PETITION_BUREAU, OrgLevel.COUNTY, []))).toBe(false);
    expect(seesEverything(who(OrgKind.PETITION_OFFICE, OrgLevel.CITY, []))).toBe(false);
    expect(seesEverything(who(OrgKind.DEPARTMENT, OrgLevel.CITY, []))).toBe(false);
  });

  it("systemPrincipal acts as the city bureau's operator under a system: subject", () => {
    expect(systemPrincipal({ id: 3, code: "CITY" }, "sweeper")).toEqual({
      subject: "system:sweeper",
      orgId: 3,
      orgCode: "CITY",
      orgKind: OrgKind.PETITION_BUREAU,
      orgLevel: OrgLevel.CITY,
      orgPath: [3],
      roles: [Role.OPERATOR],
    });
  });
});

describe("isBureauOperator", () => {
  it("is a city-bureau OPERATOR and nobody else", () => {
    expect(isBureauOperator(who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.OPERATOR]))).toBe(true);
    expect(isBureauOperator(who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER, Role.OPERATOR]))).toBe(true);
    expect(isBureauOperator(who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER]))).toBe(false);
    expect(isBureauOperator(who(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.OPERATOR]))).toBe(false);
    expect(isBureauOperator(who(OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, [Role.OPERATOR]))).toBe(false);
  });
  it("is false for no caller at all", () => {
    expect(isBureauOperator(null)).toBe(false);
    expect(isBureauOperator(undefined)).toBe(false);
  });
});

describe("masks on personal data", () => {
  it("an 18-digit ID number keeps the 4-digit region prefix and the last four: 4 + 10 stars + 4", () => {
    expect(maskIdNumber("370502199001011234")).toBe("3705**********1234");
  });
  it("a 9-character ID keeps 4 + 1 star + 4; 8 characters or fewer are all stars", () => {
    expect(maskIdNumber("123456789")).toBe("1234*6789");
    expect(maskIdNumber("12345678")).toBe("********");
    expect(maskIdNumber("1234")).toBe("****");
    expect(maskIdNumber("")).toBe("");
  });
  it("an 11-digit mobile keeps the 3-digit prefix and the last four: 3 + 4 stars + 4", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
  });
  it("an 8-character phone keeps 3 + 1 star + 4; 7 characters or fewer are all stars", () => {
    expect(maskPhone("12345678")).toBe("123*5678");
    expect(maskPhone("1234567")).toBe("*******");
    expect(maskPhone("12")).toBe("**");
  });
});

describe("machine clients", () => {
  it("only the two client_secret methods use a shared secret", () => {
    expect(usesSecret(MachineClientAuthMethod.CLIENT_SECRET_BASIC)).toBe(true);
    expect(usesSecret(MachineClientAuthMethod.CLIENT_SECRET_POST)).toBe(true);
    expect(usesSecret(MachineClientAuthMethod.PRIVATE_KEY_JWT)).toBe(false);
  });

  const agency = { kind: OrgKind.PARTNER_AGENCY, level: OrgLevel.CITY };
  const cityBureau = { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY };

  it("returns the roles once each, in the order given", () => {
    expect(checkClientGrant(agency, [Role.AGENCY_SYSTEM, Role.HANDLER, Role.AGENCY_SYSTEM])).toEqual([Role.AGENCY_SYSTEM, Role.HANDLER]);
  });
  it("refuses an empty grant", () => {
    expect(refusal(() => checkClientGrant(agency, []))).toEqual({ code: "BAD_USER_INPUT", message: "a machine client needs at least one role", issues: [{ path: "roles", message: "empty" }] });
  });
  it("refuses OPERATOR, even to the city bureau", () => {
    expect(refusal(() => checkClientGrant(cityBureau, [Role.AGENCY_SYSTEM, Role.OPERATOR]))).toEqual({
      code: "BAD_USER_INPUT",
      message: "a machine client may not hold OPERATOR",
      issues: [{ path: "roles", message: "OPERATOR is for people" }],
    });
  });
  it("grants GATEWAY alone to the city bureau, and refuses it beside another role", () => {
    expect(checkClientGrant(cityBureau, [Role.GATEWAY, Role.GATEWAY])).toEqual([Role.GATEWAY]);
    expect(refusal(() => checkClientGrant(cityBureau, [Role.GATEWAY, Role.AUDITOR]))).toEqual({
      code: "BAD_USER_INPUT",
      message: "GATEWAY is granted alone",
      issues: [{ path: "roles", message: "GATEWAY with other roles" }],
    });
  });
  it("refuses GATEWAY outside the city bureau (a county office, a provincial bureau, an agency)", () => {
    const outside = { code: "BAD_USER_INPUT", message: "only the city bureau runs the gateway", issues: [{ path: "roles", message: "GATEWAY outside the city bureau" }] };
    expect(refusal(() => checkClientGrant({ kind: OrgKind.PETITION_OFFICE, level: OrgLevel.CITY }, [Role.GATEWAY]))).toEqual(outside);
    expect(refusal(() => checkClientGrant({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.PROVINCE }, [Role.GATEWAY]))).toEqual(outside);
    expect(refusal(() => checkClientGrant(agency, [Role.GATEWAY]))).toEqual(outside);
  });
});
