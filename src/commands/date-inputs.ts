import { DateInput, dateIssues, DEFAULT_DATE_BOUNDS } from "../domain/date-bounds";
import { BadInputError } from "../domain/errors";
import type { HubDeps } from "./command-context";

/** Refuses, before anything is read or written, dates outside the configured range (BAD_USER_INPUT with each path). */
export function assertDateInputs(deps: Pick<HubDeps, "dateBounds">, now: Date, inputs: readonly DateInput[]): void {
  const issues = dateIssues(inputs, deps.dateBounds ?? DEFAULT_DATE_BOUNDS, now);
  if (issues.length) throw new BadInputError(`${issues.map((i) => i.path).join(", ")} out of range`, issues);
}

/** Due dates an event may carry; every other date of an event is a fact that has happened. */
const DUE_FIELDS = new Set(["resultDueAt"]);

/**
 * Checks every Date field of a lifecycle event (receivedAt, deliveredAt, resultDueAt, and any added later), so a new
 * event field is bounded without a second list to keep in step.
 */
export function assertEventDates(deps: Pick<HubDeps, "dateBounds">, event: object, now: Date): void {
  const inputs = Object.entries(event)
    .filter(([, v]) => v instanceof Date)
    .map(([path, value]) => ({ path, value: value as Date, kind: DUE_FIELDS.has(path) ? ("due" as const) : ("past" as const) }));
  assertDateInputs(deps, now, inputs);
}
