import { assertOperationAllowed } from "../../src/domain/access/policy";
import { Principal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

// The operation half of the policy as a pure function: deny by default, then kind, then role.
const who = (orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]): Principal => ({ subject: "u", orgId: 1, orgCode: "X", orgKind, orgLevel, orgPath: [1], roles });
const code = (f: () => void) => {
  try {
    f();
    return "ALLOWED";
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe("assertOperationAllowed", () => {
  const officer = who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER]);
  it("refuses an operation the table does not know, even for the city bureau (deny by default)", () => {
    expect(code(() => assertOperationAllowed(officer, "Mutation.dropEverything"))).toBe("FORBIDDEN");
  });
  it("lets anyone reach a PUBLIC row and nobody unauthenticated reach any other", () => {
    expect(code(() => assertOperationAllowed(null, "Query._service"))).toBe("ALLOWED");
    expect(code(() => assertOperationAllowed(null, "Query.petitions"))).toBe("UNAUTHENTICATED");
  });
  it("checks the caller's kind before its roles", () => {
    const countyOfficer = who(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.CASE_OFFICER]);
    expect(code(() => assertOperationAllowed(countyOfficer, "Mutation.registerRaisedReferral"))).toBe("FORBIDDEN");
    expect(code(() => assertOperationAllowed(officer, "Mutation.registerRaisedReferral"))).toBe("ALLOWED");
    expect(code(() => assertOperationAllowed(who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.LEADER]), "Mutation.registerRaisedReferral"))).toBe("FORBIDDEN");
    // A provincial bureau is not the city bureau, whatever its roles.
    expect(code(() => assertOperationAllowed(who(OrgKind.PETITION_BUREAU, OrgLevel.PROVINCE, [Role.OPERATOR]), "Mutation.setOrganizationLevelAbove"))).toBe("FORBIDDEN");
  });
});
