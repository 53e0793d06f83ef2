import type { EarlyWarningSettings } from "../domain/early-warning/ledger-terms";
import type { Config } from "./config";

/** The early-warning settings from validated configuration (LEDGER_*, ALERT_ACK_HOURS). */
export function earlyWarningFrom(config: Pick<Config, "LEDGER_CONSULTATION_DAYS" | "LEDGER_REPORTER_ROLES" | "LEDGER_ALERT_GRADE" | "ALERT_ACK_HOURS">): EarlyWarningSettings {
  return {
    consultationDays: config.LEDGER_CONSULTATION_DAYS,
    reporterRoles: config.LEDGER_REPORTER_ROLES.split(","),
    alertGrade: config.LEDGER_ALERT_GRADE,
    alertAckHours: config.ALERT_ACK_HOURS,
  };
}
