import { Field, ID, ObjectType } from "type-graphql";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../domain/deadlines/deadline-calculator";
import { DeadlineEntity } from "../db/entities";
import { DeadlineStatus, WarningLevel } from "./enums";

/** The deadline columns the schema shows (read paths fetch these only; the sweep's warning marks and pause time stay out). */
export const DEADLINE_COLUMNS = ["id", "petitionId", "kind", "nature", "startedAt", "dueAt", "originalDueAt", "rule", "basis", "state", "closedAt"] as const;
/** A deadline row as the read path holds it. */
export type DeadlineRow = Pick<DeadlineEntity, (typeof DEADLINE_COLUMNS)[number]>;

/** A statutory clock on a petition. */
@ObjectType("Deadline")
export class DeadlineType {
  @Field(() => ID) id: string;
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field({ description: "DUTY binds an organ; WINDOW binds the petitioner or handler" }) nature: string;
  @Field() startedAt: Date;
  @Field() dueAt: Date;
  @Field({ description: "Due date before extensions and excluded hearing time" }) originalDueAt: Date;
  @Field() rule: string;
  @Field({ description: "Legal basis" }) basis: string;
  @Field(() => DeadlineStatus) state: DeadlineStatus;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  /** Colour at read time: red once passed, yellow within the last working day(s). Computed only when selected. */
  @Field(() => WarningLevel, { description: "Colour at read time: red once passed, yellow in the last working day" })
  get warning(): WarningLevel {
    const open = this.closedAt === null && (this.state === DeadlineStatus.OPEN || this.state === DeadlineStatus.BREACHED);
    if (this.nature !== "DUTY" || !open) return WarningLevel.NONE;
    if (this.now > this.dueAt) return WarningLevel.RED;
    return this.calc.inYellowZone(this.dueAt, this.now) ? WarningLevel.YELLOW : WarningLevel.NONE;
  }

  private calc: DeadlineCalculator;
  private now: Date;

  static from(e: DeadlineRow, calc: DeadlineCalculator, now: Date): DeadlineType {
    // Field by field (one shape; a list query maps one per open clock of every petition).
    const d = new DeadlineType();
    d.id = String(e.id);
    d.kind = e.kind;
    d.nature = e.nature;
    d.startedAt = e.startedAt;
    d.dueAt = e.dueAt;
    d.originalDueAt = e.originalDueAt;
    d.rule = e.rule;
    d.basis = e.basis;
    d.state = e.state as DeadlineStatus;
    d.closedAt = e.closedAt;
    d.calc = calc;
    d.now = now;
    return d;
  }
}
