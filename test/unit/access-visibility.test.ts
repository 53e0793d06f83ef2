import {
  clearFieldsOn,
  DEFAULT_PARTNER_PROJECTION,
  DEFAULT_PROJECTIONS,
  mayReadPhoneForReferral,
  NO_VIEW,
  readsPersonalDataInClear,
  parseProjections,
  PETITION_FIELDS,
  petitionViewFor,
  seesWholeEntry,
} from "../../src/domain/access/projection";
import { Principal } from "../../src/domain/access/principal";
import { canSeePetition, isAccusedOrUnder, isActiveGrant, isFormerParty, mayReceiveAccusation } from "../../src/domain/access/visibility";
import { OrgKind, OrgLevel, Role, SpecialGroup } from "../../src/domain/petition-terms";

// Who sees which petition, and how much of it (deny by default; Art. 30 for accusations; PIPL Art. 34 projections).
// Organisation tree used throughout: city bureau 1; county government 10 under the city; county department 11 under
// the county government; the women's federation 20 (a partner agency) under the city.
const who = (orgId: number, orgPath: number[], orgKind: OrgKind, orgLevel: OrgLevel, roles: Role[]): Principal => ({ subject: "u", orgId, orgCode: `O${orgId}`, orgKind, orgLevel, orgPath, roles });
const cityBureau = who(1, [1], OrgKind.PETITION_BUREAU, OrgLevel.CITY, [Role.CASE_OFFICER]);
const countyGov = who(10, [10, 1], OrgKind.GOVERNMENT, OrgLevel.COUNTY, [Role.HANDLER]);
const countyDept = who(11, [11, 10, 1], OrgKind.DEPARTMENT, OrgLevel.COUNTY, [Role.HANDLER]);
const federation = who(20, [20, 1], OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.HANDLER]);

describe("visibility", () => {
  it("a grant is active unless its reason is FORMER", () => {
    expect(isActiveGrant({ orgId: 1, reason: "HANDLER" })).toBe(true);
    expect(isActiveGrant({ orgId: 1, reason: "REFERRAL" })).toBe(true);
    expect(isActiveGrant({ orgId: 1, reason: "FORMER" })).toBe(false);
  });

  it("the accused unit and every unit under it are 'accused or under'; its parent and no accused at all are not", () => {
    expect(isAccusedOrUnder(countyGov, 10)).toBe(true);
    expect(isAccusedOrUnder(countyDept, 10)).toBe(true);
    expect(isAccusedOrUnder(countyGov, 11)).toBe(false);
    expect(isAccusedOrUnder(countyGov, null)).toBe(false);
  });

  it("the city bureau sees every petition, even an accusation against itself and with no access rows", () => {
    expect(canSeePetition(cityBureau, { access: [], accusedOrgId: 1 })).toBe(true);
  });

  it("another organisation sees a petition only through its own active access reason", () => {
    const facts = { access: [{ orgId: 11, reason: "HANDLER" }, { orgId: 20, reason: "FORMER" }], accusedOrgId: null };
    expect(canSeePetition(countyDept, facts)).toBe(true);
    expect(canSeePetition(federation, facts)).toBe(false); // FORMER is no reason to see
    expect(canSeePetition(countyGov, facts)).toBe(false); // the parent of the handler has no row of its own
    expect(canSeePetition(countyGov, { access: [], accusedOrgId: null })).toBe(false);
  });

  it("an accused unit or one under it never sees the accusation, even when it holds an access row (Art. 30)", () => {
    expect(canSeePetition(countyDept, { access: [{ orgId: 11, reason: "HANDLER" }], accusedOrgId: 10 })).toBe(false);
    expect(canSeePetition(countyDept, { access: [{ orgId: 11, reason: "HANDLER" }], accusedOrgId: 20 })).toBe(true);
  });

  it("a former party is one with a FORMER row for itself that is not accused", () => {
    const facts = { access: [{ orgId: 11, reason: "FORMER" }, { orgId: 20, reason: "REFERRAL" }], accusedOrgId: null };
    expect(isFormerParty(countyDept, facts)).toBe(true);
    expect(isFormerParty(federation, facts)).toBe(false); // an active row, not a former one
    expect(isFormerParty(countyGov, facts)).toBe(false); // another organisation's FORMER row
    expect(isFormerParty(countyDept, { ...facts, accusedOrgId: 10 })).toBe(false);
  });

  it("an accusation may go anywhere but to the accused unit or under it", () => {
    expect(mayReceiveAccusation([11, 10, 1], null)).toBe(true);
    expect(mayReceiveAccusation([11, 10, 1], 10)).toBe(false);
    expect(mayReceiveAccusation([11, 10, 1], 11)).toBe(false);
    expect(mayReceiveAccusation([20, 1], 10)).toBe(true);
  });
});

describe("projections", () => {
  it("names every petition field a projection may hold, and the default partner projection", () => {
    expect([...PETITION_FIELDS]).toEqual([
      "number", "category", "summary", "request", "problemLocality", "specialGroups", "petitioners", "ownReferrals",
      "state", "channel", "matterId", "headcount", "flags", "extended", "receivedAt", "registeredAt", "updatedAt",
      "currentHandler", "registeringUnit", "deadlines", "history", "documents",
    ]);
    expect(DEFAULT_PARTNER_PROJECTION).toEqual(["number", "category", "summary", "request", "problemLocality", "specialGroups", "petitioners", "ownReferrals", "history"]);
    expect(DEFAULT_PROJECTIONS).toEqual({ PARTNER_AGENCY: DEFAULT_PARTNER_PROJECTION, SPECIAL_UNIT: DEFAULT_PARTNER_PROJECTION });
    expect(NO_VIEW.kind).toBe("NONE");
    expect([...NO_VIEW.fields]).toEqual([]);
    expect([...(NO_VIEW.groups as Set<SpecialGroup>)]).toEqual([]);
  });

  const full = (v: ReturnType<typeof petitionViewFor>) => ({ kind: v.kind, fields: [...v.fields], groups: v.groups === "ALL" ? "ALL" : [...v.groups] });
  const FULL = { kind: "FULL", fields: [...PETITION_FIELDS], groups: "ALL" };

  it("the city bureau and organisations without a projection (government, departments) see the whole petition", () => {
    expect(full(petitionViewFor(cityBureau, { access: [] }, DEFAULT_PROJECTIONS, []))).toEqual(FULL);
    // Even a table that names the bureau's kind does not narrow the city bureau's view.
    expect(full(petitionViewFor(cityBureau, { access: [] }, { PETITION_BUREAU: ["number"] }, []))).toEqual(FULL);
    expect(full(petitionViewFor(countyDept, { access: [{ orgId: 11, reason: "LOCALITY" }] }, DEFAULT_PROJECTIONS, []))).toEqual(FULL);
  });

  it("a partner linked by a referral sees its projection and only the groups it serves", () => {
    const v = petitionViewFor(federation, { access: [{ orgId: 20, reason: "REFERRAL" }, { orgId: 11, reason: "HANDLER" }] }, DEFAULT_PROJECTIONS, [SpecialGroup.WOMEN_CHILDREN]);
    expect(full(v)).toEqual({ kind: "PARTNER", fields: [...DEFAULT_PARTNER_PROJECTION], groups: [SpecialGroup.WOMEN_CHILDREN] });
  });

  it("a partner acting as competent handler or reviewing organ sees the whole file (a covered unit, Art. 2)", () => {
    expect(full(petitionViewFor(federation, { access: [{ orgId: 20, reason: "HANDLER" }] }, DEFAULT_PROJECTIONS, []))).toEqual(FULL);
    expect(full(petitionViewFor(federation, { access: [{ orgId: 20, reason: "REVIEWER" }] }, DEFAULT_PROJECTIONS, []))).toEqual(FULL);
    // One acting reason among others is enough.
    expect(full(petitionViewFor(federation, { access: [{ orgId: 20, reason: "REFERRAL" }, { orgId: 20, reason: "HANDLER" }] }, DEFAULT_PROJECTIONS, []))).toEqual(FULL);
    expect(full(petitionViewFor(federation, { access: [{ orgId: 20, reason: "LOCALITY" }] }, DEFAULT_PROJECTIONS, [])).kind).toBe("PARTNER");
  });

  it("a configured projection replaces the default for its kind", () => {
    const v = petitionViewFor(federation, { access: [{ orgId: 20, reason: "REFERRAL" }] }, { PARTNER_AGENCY: ["number", "state"] }, []);
    expect(full(v)).toEqual({ kind: "PARTNER", fields: ["number", "state"], groups: [] });
  });

  describe("clear personal fields", () => {
    const all = ["idNumber", "phone", "disabled", "veteran"];
    it("petition departments' registrars and case officers read all four in clear", () => {
      expect([...clearFieldsOn(cityBureau, { hasOpenReferral: false })]).toEqual(all);
      expect([...clearFieldsOn(who(5, [5, 1], OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.REGISTRAR]), { hasOpenReferral: false })]).toEqual(all);
    });
    it("a petition department's leader, and a department's handler, read none", () => {
      expect([...clearFieldsOn(who(5, [5, 1], OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, [Role.LEADER]), { hasOpenReferral: true })]).toEqual([]);
      expect([...clearFieldsOn(countyDept, { hasOpenReferral: true })]).toEqual([]);
    });
    it("a partner's human handler reads the phone only while it works an open referral; its machine client never", () => {
      expect([...clearFieldsOn(federation, { hasOpenReferral: true })]).toEqual(["phone"]);
      expect([...clearFieldsOn(federation, { hasOpenReferral: false })]).toEqual([]);
      const unit = who(30, [30, 1], OrgKind.SPECIAL_UNIT, OrgLevel.CITY, [Role.HANDLER]);
      expect([...clearFieldsOn(unit, { hasOpenReferral: true })]).toEqual(["phone"]);
      const machine = who(20, [20, 1], OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM]);
      expect([...clearFieldsOn(machine, { hasOpenReferral: true })]).toEqual([]);
      expect(mayReadPhoneForReferral(machine)).toBe(false);
      expect(mayReadPhoneForReferral(countyDept)).toBe(false);
      expect(mayReadPhoneForReferral(federation)).toBe(true);
    });
    it("a caller is read petitioners without ciphertexts exactly when no petition can give it a clear field", () => {
      // The loaders choose the columns by readsPersonalDataInClear: it must never say no where clearFieldsOn says yes.
      let masked = 0;
      for (const kind of Object.values(OrgKind))
        for (const level of Object.values(OrgLevel))
          for (const role of Object.values(Role)) {
            for (const roles of [[role], [role, Role.HANDLER], [role, Role.REGISTRAR]]) {
              const p = who(7, [7, 1], kind, level, roles);
              const any = clearFieldsOn(p, { hasOpenReferral: true }).size > 0 || clearFieldsOn(p, { hasOpenReferral: false }).size > 0;
              expect([kind, level, roles, readsPersonalDataInClear(p)]).toEqual([kind, level, roles, any]);
              if (!any) masked++;
            }
          }
      expect(masked).toBeGreaterThan(0); // not vacuous: machine clients, leaders, departments' handlers
      expect(readsPersonalDataInClear(who(20, [20, 1], OrgKind.PARTNER_AGENCY, OrgLevel.CITY, [Role.AGENCY_SYSTEM]))).toBe(false);
      expect(readsPersonalDataInClear(federation)).toBe(true);
      expect(readsPersonalDataInClear(cityBureau)).toBe(true);
    });
  });

  it("in a partner's projection only its own history entries (or those on its behalf) are whole", () => {
    const partner = petitionViewFor(federation, { access: [{ orgId: 20, reason: "REFERRAL" }] }, DEFAULT_PROJECTIONS, []);
    const whole = petitionViewFor(cityBureau, { access: [] }, DEFAULT_PROJECTIONS, []);
    expect(seesWholeEntry(federation, undefined, { actorOrgId: 11, onBehalfOfOrgId: null })).toBe(true);
    expect(seesWholeEntry(federation, whole, { actorOrgId: 11, onBehalfOfOrgId: null })).toBe(true);
    expect(seesWholeEntry(federation, partner, { actorOrgId: 20, onBehalfOfOrgId: null })).toBe(true);
    expect(seesWholeEntry(federation, partner, { actorOrgId: 1, onBehalfOfOrgId: 20 })).toBe(true);
    expect(seesWholeEntry(federation, partner, { actorOrgId: 11, onBehalfOfOrgId: 1 })).toBe(false);
    expect(seesWholeEntry(federation, NO_VIEW, { actorOrgId: null, onBehalfOfOrgId: null })).toBe(false);
  });

  describe("parseProjections (PARTNER_PROJECTION_JSON)", () => {
    const error = (json: string) => {
      try {
        parseProjections(json);
        return "parsed";
      } catch (e) {
        return (e as Error).message;
      }
    };
    it("replaces the kinds it names and keeps the default for the others; an empty list is allowed", () => {
      expect(parseProjections('{"SPECIAL_UNIT": ["number", "state"]}')).toEqual({ PARTNER_AGENCY: DEFAULT_PARTNER_PROJECTION, SPECIAL_UNIT: ["number", "state"] });
      expect(parseProjections('{"PARTNER_AGENCY": []}')).toEqual({ PARTNER_AGENCY: [], SPECIAL_UNIT: DEFAULT_PARTNER_PROJECTION });
      expect(parseProjections("{}")).toEqual(DEFAULT_PROJECTIONS);
    });
    it("does not change the defaults when it overrides a kind", () => {
      parseProjections('{"PARTNER_AGENCY": ["number"]}');
      expect(DEFAULT_PROJECTIONS.PARTNER_AGENCY).toEqual(DEFAULT_PARTNER_PROJECTION);
    });
    it("refuses what is not JSON, not an object, or an array", () => {
      expect(error("{nope")).toBe("not valid JSON");
      const shape = 'expected {"<organisation kind>": ["<field>", …]}';
      expect(error("null")).toBe(shape);
      expect(error("7")).toBe(shape);
      expect(error('"PARTNER_AGENCY"')).toBe(shape);
      expect(error('[["number"]]')).toBe(shape);
    });
    it("refuses kinds other than the two partner kinds", () => {
      expect(error('{"DEPARTMENT": ["number"]}')).toBe("DEPARTMENT: only PARTNER_AGENCY and SPECIAL_UNIT have projections");
      expect(error('{"SPECIAL_UNIT": ["number"], "PETITION_BUREAU": []}')).toBe("PETITION_BUREAU: only PARTNER_AGENCY and SPECIAL_UNIT have projections");
    });
    it("refuses a field list that is not a list of known fields", () => {
      const fields = `SPECIAL_UNIT: fields must be among ${PETITION_FIELDS.join(", ")}`;
      expect(error('{"SPECIAL_UNIT": "number"}')).toBe(fields);
      expect(error('{"SPECIAL_UNIT": ["number", "idNumber"]}')).toBe(fields);
    });
  });
});
