import type { AccidentSettings } from "../domain/accidents/accident-terms";
import type { Config } from "./config";

/** The accident-case settings from validated configuration (ACCIDENT_*_HOURS). */
export function accidentsFrom(config: Pick<Config, "ACCIDENT_TEAM_HOURS" | "ACCIDENT_CONSULTATION_HOURS" | "ACCIDENT_OPINION_WATCH_HOURS">): AccidentSettings {
  return { teamHours: config.ACCIDENT_TEAM_HOURS, consultationHours: config.ACCIDENT_CONSULTATION_HOURS, opinionWatchHours: config.ACCIDENT_OPINION_WATCH_HOURS };
}
