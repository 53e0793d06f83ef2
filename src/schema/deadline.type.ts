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
  @Field(() => WarningLevel, { description: "Colour at read time: red once passed, yellow in the last working day" }) warning: WarningLevel;

  static from(e: DeadlineEntity, calc: DeadlineCalculator, now: Date): DeadlineType {
    const open = e.closedAt === null && (e.state === "OPEN" || e.state === "BREACHED");
    const warning =
      e.nature !== "DUTY" || !open ? WarningLevel.NONE : now > e.dueAt ? WarningLevel.RED : calc.inYellowZone(e.dueAt, now) ? WarningLevel.YELLOW : WarningLevel.NONE;
    return Object.assign(new DeadlineType(), { ...e, id: String(e.id), state: e.state as DeadlineStatus, warning });
  }
}
