import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DeadlineKind } from "../../domain/deadlines/clock-policy";
import type { DeadlineNature } from "../../domain/deadlines/clock-policy";
import { dateColumn, textColumn } from "./columns";

import type { DeadlineState } from "../../domain/deadlines/deadline-state";
export type { DeadlineState };

/** A statutory clock on a petition, stored so the sweep and the API see one truth. */
@Entity("deadline")
@Index(["state", "dueAt"])
@Index(["petitionId", "state"])
export class DeadlineEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(30))
  kind: DeadlineKind;

  @Column(textColumn(10))
  nature: DeadlineNature;

  @Column(dateColumn())
  startedAt: Date;

  @Column(dateColumn())
  dueAt: Date;

  /** The due date as first computed, before extensions or excluded hearing time. */
  @Column(dateColumn())
  originalDueAt: Date;

  @Column(textColumn(60))
  rule: string;

  @Column(textColumn(60))
  basis: string;

  @Column(textColumn(12))
  state: DeadlineState;

  @Column(dateColumn({ nullable: true }))
  closedAt: Date | null;

  @Column(dateColumn({ nullable: true }))
  yellowWarnedAt: Date | null;

  @Column(dateColumn({ nullable: true }))
  redWarnedAt: Date | null;

  /** While PAUSED: when the law suspended the clock (resumption moves it by the suspended days). */
  @Column(dateColumn({ nullable: true }))
  pausedAt: Date | null;
}
