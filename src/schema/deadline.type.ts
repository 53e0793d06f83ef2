import { Field, ID, ObjectType } from "type-graphql";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../domain/deadlines/deadline-calculator";
import { DeadlineEntity } from "../db/entities";
import { DeadlineStatus, WarningLevel } from "./enums";

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

  static from(e: DeadlineEntity, calc: DeadlineCalculator, now: Date): DeadlineType {
    // One copy of the row, no intermediate spread object (a list query maps one per open clock of every petition).
    const d = Object.assign(new DeadlineType(), e) as unknown as DeadlineType;
    d.id = String(e.id);
    d.state = e.state as DeadlineStatus;
    d.calc = calc;
    d.now = now;
    return d;
  }
}
