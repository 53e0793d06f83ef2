import type { BottomLineSettings } from "../domain/bottom-lines/bottom-line-terms";
import type { Config } from "./config";

type BottomLineKeys =
  | "BOTTOM_LINE_GROUP_MIN"
  | "BOTTOM_LINE_LARGE_GROUP_MIN"
  | "BOTTOM_LINE_OPINION_BREACH_REACH"
  | "BOTTOM_LINE_OPINION_WATCH_REACH"
  | "URGENT_REPORT_CITY_HOURS"
  | "URGENT_REPORT_PROVINCE_HOURS"
  | "URGENT_REPORT_NATIONAL_HOURS"
  | "BOTTOM_LINE_ACK_HOURS"
  | "BOTTOM_LINE_LEADERS"
  | "UTC_OFFSET_MINUTES";

/** The bottom-line settings from validated configuration (BOTTOM_LINE_*, URGENT_REPORT_*). */
export function bottomLinesFrom(config: Pick<Config, BottomLineKeys>): BottomLineSettings {
  const leaders: Record<string, string> = {};
  for (const pair of config.BOTTOM_LINE_LEADERS ? config.BOTTOM_LINE_LEADERS.split(",") : []) {
    const [code, name] = pair.split("=");
    leaders[code] = name.trim();
  }
  return {
    groupMin: config.BOTTOM_LINE_GROUP_MIN,
    largeGroupMin: config.BOTTOM_LINE_LARGE_GROUP_MIN,
    opinionBreachReach: config.BOTTOM_LINE_OPINION_BREACH_REACH,
    opinionWatchReach: config.BOTTOM_LINE_OPINION_WATCH_REACH,
    reportHours: { CITY_LEADERSHIP: config.URGENT_REPORT_CITY_HOURS, PROVINCIAL_BUREAU: config.URGENT_REPORT_PROVINCE_HOURS, NATIONAL_BUREAU: config.URGENT_REPORT_NATIONAL_HOURS },
    breachAckHours: config.BOTTOM_LINE_ACK_HOURS,
    leaders,
    utcOffsetMinutes: config.UTC_OFFSET_MINUTES,
  };
}
