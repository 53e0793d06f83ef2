import { registerEnumType } from "type-graphql";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { AnswerOutcome, Category, Channel, DiversionRoute, EvaluationSource, OrgKind, OrgLevel, PetitionState, Role, Satisfaction, SpecialGroup } from "../domain/petition-terms";

/** Deadline states as exposed in the API (mirrors domain/deadlines/deadline-state). */
export enum DeadlineStatus {
  OPEN = "OPEN",
  /** Suspended by law (hearing time in 复核, Art. 36): no warning, no breach; resumes moved by the suspended days. */
  PAUSED = "PAUSED",
  MET = "MET",
  BREACHED = "BREACHED",
  LAPSED = "LAPSED",
  CANCELLED = "CANCELLED",
}

/** Early-warning colour of a deadline at read time. */
export enum WarningLevel {
  NONE = "NONE",
  YELLOW = "YELLOW",
  RED = "RED",
}

registerEnumType(PetitionState, { name: "PetitionState", description: "Lifecycle state (信访工作条例 2022)" });
registerEnumType(Channel, { name: "Channel", description: "Art. 17 channel" });
registerEnumType(Category, { name: "Category", description: "Arts. 29–31 category" });
registerEnumType(SpecialGroup, { name: "SpecialGroup" });
registerEnumType(AnswerOutcome, { name: "AnswerOutcome" });
registerEnumType(DiversionRoute, { name: "DiversionRoute" });
registerEnumType(Satisfaction, { name: "Satisfaction" });
registerEnumType(EvaluationSource, { name: "EvaluationSource", description: "The petitioner, or a return visit by the petition department" });
registerEnumType(OrgKind, { name: "OrgKind" });
registerEnumType(OrgLevel, { name: "OrgLevel" });
registerEnumType(Role, { name: "Role" });
registerEnumType(DeadlineKind, { name: "DeadlineKind" });
registerEnumType(DeadlineStatus, { name: "DeadlineStatus" });
registerEnumType(WarningLevel, { name: "WarningLevel" });
