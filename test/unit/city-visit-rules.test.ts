import { CityAcceptance, LetterKind } from "../../src/domain/city-visit/city-visit-terms";
import { assessFastTrack, isResponseOverdue, letterNumber, opensFastTrack } from "../../src/domain/city-visit/fast-track-rules";
import { chineseDate } from "../../src/domain/city-visit/letter-document-port";
import { DEFAULT_LETTER_TEMPLATES, renderParagraphs } from "../../src/domain/city-visit/letter-templates";
import { Channel, OrgKind, OrgLevel } from "../../src/domain/petition-terms";
import { cityVisitFrom } from "../../src/platform/city-visit-config";

const d = (iso: string) => new Date(iso);
const cfg = { CITY_VISIT_LETTER_PREFIX: "东信", CITY_VISIT_ISSUER: "东营市信访局", CITY_VISIT_REMINDER_RESPONSE_DAYS: 3, CITY_VISIT_PROJECT_RESPONSE_DAYS: 7, CITY_VISIT_ASSIGNMENT_RESPONSE_DAYS: 5, CITY_VISIT_RESOLUTION_DAYS: 60, CITY_VISIT_REVIEW_DAYS: 30, CITY_VISIT_LETTER_TEMPLATES_FILE: undefined };

describe("city-visit fast-track rules", () => {
  it("opens only for a visit registered by the city bureau", () => {
    expect(opensFastTrack(Channel.VISIT, { orgKind: OrgKind.PETITION_BUREAU, orgLevel: OrgLevel.CITY })).toBe(true);
    expect(opensFastTrack(Channel.LETTER, { orgKind: OrgKind.PETITION_BUREAU, orgLevel: OrgLevel.CITY })).toBe(false);
    expect(opensFastTrack(Channel.VISIT, { orgKind: OrgKind.PETITION_OFFICE, orgLevel: OrgLevel.COUNTY })).toBe(false);
    expect(opensFastTrack(Channel.VISIT, { orgKind: OrgKind.PETITION_BUREAU, orgLevel: OrgLevel.PROVINCE })).toBe(false);
  });

  it("numbers letters as 东信预〔2026〕7号", () => {
    expect(letterNumber("东信", LetterKind.EARLY_WARNING_REMINDER, 2026, 7)).toBe("东信预〔2026〕7号");
    expect(letterNumber("垦信", LetterKind.STABILITY_ASSIGNMENT, 2027, 1)).toBe("垦信交〔2027〕1号");
    expect(chineseDate("2026-03-02")).toBe("2026年3月2日");
  });

  it("Art. 19: an earlier county item with a duty due after now makes it LOWER_LEVEL_HANDLES; levels skipped only without one", () => {
    const county = { petitionId: 5, receivedAt: d("2026-03-01T01:00:00Z"), registeredAtLevel: OrgLevel.COUNTY, openDutyDueAts: [d("2026-03-16T15:59:59.999Z")] };
    const item = { levelSkippingFlag: false, receivedAt: d("2026-03-10T01:00:00Z") };
    expect(assessFastTrack(item, [county], d("2026-03-16T15:59:59.998Z"))).toEqual({ levelSkipped: false, acceptance: CityAcceptance.LOWER_LEVEL_HANDLES, lowerPetitionId: 5 });
    expect(assessFastTrack(item, [county], d("2026-03-16T15:59:59.999Z"))).toEqual({ levelSkipped: false, acceptance: CityAcceptance.ACCEPT_HERE, lowerPetitionId: null });
    // A later county item, or a city-level one, is not "earlier at a lower level".
    expect(assessFastTrack(item, [{ ...county, receivedAt: d("2026-03-11T01:00:00Z") }], d("2026-03-12T00:00:00Z")).levelSkipped).toBe(true);
    expect(assessFastTrack(item, [{ ...county, registeredAtLevel: OrgLevel.CITY }], d("2026-03-12T00:00:00Z"))).toEqual({ levelSkipped: true, acceptance: CityAcceptance.ACCEPT_HERE, lowerPetitionId: null });
    expect(assessFastTrack({ ...item, levelSkippingFlag: true }, [county], d("2026-03-20T00:00:00Z")).levelSkipped).toBe(true);
  });

  it("a response is overdue strictly after its due instant, and never once answered", () => {
    const due = d("2026-03-05T01:00:00Z");
    expect(isResponseOverdue({ respondedAt: null, responseDueAt: due }, due)).toBe(false);
    expect(isResponseOverdue({ respondedAt: null, responseDueAt: due }, d("2026-03-05T01:00:00.001Z"))).toBe(true);
    expect(isResponseOverdue({ respondedAt: due, responseDueAt: due }, d("2026-04-01T00:00:00Z"))).toBe(false);
  });
});

describe("letter templates", () => {
  const facts = { recipient: "利津县信访局", petitionNumber: "XF20260302-000007", receivedOn: "2026年3月2日", summary: "拖欠工资", headcount: "12", responseDueOn: "2026年3月7日", resolutionDueOn: "2026年5月1日", issuer: "东营市信访局" };
  it("renders the default assignment letter with the case's facts", () => {
    expect(renderParagraphs(DEFAULT_LETTER_TEMPLATES.STABILITY_ASSIGNMENT, facts)).toEqual([
      "利津县信访局：",
      "现将信访事项（编号XF20260302-000007）的稳控责任交由你单位落实，属地负责，谁主管谁负责。",
      "请于2026年3月7日前书面反馈稳控责任落实情况。",
    ]);
  });

  it("a configured file replaces parts of a template; the rest stays default; a bad file is refused", () => {
    const file = JSON.stringify({ RESOLUTION_PROJECT: { paragraphs: ["{recipient}：请于{responseDueOn}前报送{petitionNumber}化解方案。{unknown}"] } });
    const c = cityVisitFrom({ ...cfg, CITY_VISIT_LETTER_TEMPLATES_FILE: "/x.json" }, () => file);
    expect(renderParagraphs(c.templates.RESOLUTION_PROJECT, facts)).toEqual(["利津县信访局：请于2026年3月7日前报送XF20260302-000007化解方案。{unknown}"]);
    expect(c.templates.RESOLUTION_PROJECT.title).toBe("化解工作立项函");
    expect(c.templates.EARLY_WARNING_REMINDER).toEqual(DEFAULT_LETTER_TEMPLATES.EARLY_WARNING_REMINDER);
    expect(c.responseDays).toEqual({ EARLY_WARNING_REMINDER: 3, RESOLUTION_PROJECT: 7, STABILITY_ASSIGNMENT: 5 });
    expect(() => cityVisitFrom({ ...cfg, CITY_VISIT_LETTER_TEMPLATES_FILE: "/x.json" }, () => JSON.stringify({ OTHER: {} }))).toThrow();
    expect(() => cityVisitFrom({ ...cfg, CITY_VISIT_LETTER_TEMPLATES_FILE: "/x.json" }, () => JSON.stringify({ RESOLUTION_PROJECT: { paragraphs: [] } }))).toThrow();
  });
});
