import { registerEnumType } from "type-graphql";
import { AlertKind, AlertSeverity, AlertState, AlertSubjectType } from "../domain/alerts/alert-terms";
import { ConsultationDecision, LedgerEntryState, Reliability, RiskGrade, RiskType } from "../domain/early-warning/ledger-terms";

registerEnumType(RiskType, { name: "RiskType", description: "What a grid report warns of" });
registerEnumType(Reliability, { name: "Reliability" });
registerEnumType(RiskGrade, { name: "RiskGrade", description: "Consultation grade; at or above LEDGER_ALERT_GRADE raises an alert" });
registerEnumType(ConsultationDecision, { name: "ConsultationDecision", description: "会商研判 decision" });
registerEnumType(LedgerEntryState, { name: "LedgerEntryState" });
registerEnumType(AlertKind, { name: "AlertKind" });
registerEnumType(AlertSeverity, { name: "AlertSeverity" });
registerEnumType(AlertSubjectType, { name: "AlertSubjectType" });
registerEnumType(AlertState, { name: "AlertState" });
