import { ConfigError, loadConfig } from "../../src/platform/config";
import { accidentsFrom } from "../../src/platform/accident-config";

describe("accident case settings", () => {
  it("default to 2 h for the team, 6 h for the consultation, 4 h for the opinion watch; each configurable and bounded", () => {
    expect(accidentsFrom(loadConfig({}))).toEqual({ teamHours: 2, consultationHours: 6, opinionWatchHours: 4 });
    expect(accidentsFrom(loadConfig({ ACCIDENT_TEAM_HOURS: "1", ACCIDENT_CONSULTATION_HOURS: "12", ACCIDENT_OPINION_WATCH_HOURS: "0.5" }))).toEqual({ teamHours: 1, consultationHours: 12, opinionWatchHours: 0.5 });
    let msg = "";
    try {
      loadConfig({ ACCIDENT_TEAM_HOURS: "0", ACCIDENT_CONSULTATION_HOURS: "100", ACCIDENT_OPINION_WATCH_HOURS: "soon" });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      msg = (e as Error).message;
    }
    for (const v of ["ACCIDENT_TEAM_HOURS", "ACCIDENT_CONSULTATION_HOURS", "ACCIDENT_OPINION_WATCH_HOURS"]) expect(msg).toContain(v);
  });
});
