import { AlertSeverity } from "../alerts/alert-terms";
import { AccidentCaseState, AccidentDutyKind, AccidentKind, AccidentSettings } from "./accident-terms";

const HOUR_MS = 3_600_000;

/** Hours after opening each duty falls due. */
export const dutyHours = (kind: AccidentDutyKind, s: AccidentSettings): number =>
  ({ [AccidentDutyKind.WORKING_TEAM]: s.teamHours, [AccidentDutyKind.RISK_CONSULTATION]: s.consultationHours, [AccidentDutyKind.OPINION_WATCH]: s.opinionWatchHours })[kind];

/**
 * When a duty of a case opened at `openedAt` falls due: elapsed hours, not a statutory period, so no day-counting
 * rule (first day not counted, holidays) applies; an accident at 23:00 on a Saturday is due at 01:00 on Sunday.
 */
export const dutyDueAt = (kind: AccidentDutyKind, openedAt: Date, s: AccidentSettings): Date => new Date(openedAt.getTime() + dutyHours(kind, s) * HOUR_MS);

/** True when a duty is not done strictly after its due instant (due at 12:00 is not overdue at 12:00). */
export const isDutyOverdue = (d: { doneAt: Date | null; dueAt: Date }, now: Date): boolean => d.doneAt === null && now.getTime() > d.dueAt.getTime();

/** Why a case cannot be closed, or null when it can. */
export type ClosureRefusal = "CASE_CLOSED" | "DUTIES_OUTSTANDING" | "CLOSURE_BASIS_REQUIRED";

/**
 * Closure needs an open case, all three duties done, and exactly one basis: an agreement or a documented legal route.
 * Duties are checked before the basis: a case whose team was never formed is not ready, whatever was agreed.
 */
export function closureRefusal(state: AccidentCaseState, openDuties: number, bases: { agreement: boolean; legalRoute: boolean }): ClosureRefusal | null {
  if (state !== AccidentCaseState.OPEN) return "CASE_CLOSED";
  if (openDuties > 0) return "DUTIES_OUTSTANDING";
  if (bases.agreement === bases.legalRoute) return "CLOSURE_BASIS_REQUIRED";
  return null;
}

/** An overdue duty of a case with a death is critical; of an injury case, a warning. */
export const dutyOverdueSeverity = (kind: AccidentKind): AlertSeverity => (kind === AccidentKind.DEATH ? AlertSeverity.CRITICAL : AlertSeverity.WARNING);

/** Whole hours (rounded down, negative when overdue) left until `dueAt`, for the command screen. */
export const hoursLeft = (dueAt: Date, now: Date): number => Math.floor((dueAt.getTime() - now.getTime()) / HOUR_MS);
