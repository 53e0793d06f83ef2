import { Principal } from "../../src/domain/access/principal";
import { maySeePetitionEventType } from "../../src/domain/access/stream-events";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

const p = (orgKind: OrgKind, orgLevel = OrgLevel.CITY): Principal => ({ subject: "u", orgId: 9, orgCode: "C9", orgKind, orgLevel, orgPath: [9], roles: [Role.HANDLER] });

describe("which petition events a caller who sees the petition sees on the stream", () => {
  it.each([
    ["cityVisit.fastTrackOpened", false],
    ["visit.repeat", false],
    ["bottomLine.keyPersonFlagged", false],
    ["petition.registered", true],
    ["deadline.warning", true],
    ["cityvisit.lowercase", true], // prefixes are exact
  ])("a partner agency, %s → %s", (type, seen) => expect(maySeePetitionEventType(p(OrgKind.PARTNER_AGENCY), type)).toBe(seen));

  it.each([OrgKind.PETITION_BUREAU, OrgKind.PETITION_OFFICE, OrgKind.SPECIAL_UNIT, OrgKind.DEPARTMENT, OrgKind.GOVERNMENT])("%s sees the stability events too", (kind) => {
    const who = p(kind, kind === OrgKind.PETITION_OFFICE ? OrgLevel.COUNTY : OrgLevel.CITY);
    for (const type of ["cityVisit.fastTrackOpened", "visit.repeat", "bottomLine.keyPersonFlagged"]) expect(maySeePetitionEventType(who, type)).toBe(true);
  });
});
