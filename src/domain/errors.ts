/**
 * Expected business failures. Each carries a stable `code` that the API exposes as
 * `extensions.code`; anything that is not a DomainError is an internal error and is masked.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The requested lifecycle move is not allowed from the current state. */
export class InvalidTransitionError extends DomainError {
  constructor(from: string, event: string, why?: string) {
    super("INVALID_TRANSITION", `cannot ${event} a petition in state ${from}${why ? `: ${why}` : ""}`, { from, event });
  }
}

/** A statutory window or duty period has already ended. */
export class DeadlinePassedError extends DomainError {
  constructor(kind: string, dueAt: Date) {
    super("DEADLINE_PASSED", `the ${kind} period ended at ${dueAt.toISOString()}`, { kind, dueAt: dueAt.toISOString() });
  }
}

/** Input that fails validation; `details.issues` lists the offending fields. */
export class BadInputError extends DomainError {
  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super("BAD_USER_INPUT", message, { issues });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super("NOT_FOUND", `${what} ${id} not found`, { what, id: String(id) });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "not allowed") {
    super("FORBIDDEN", message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "authentication required") {
    super("UNAUTHENTICATED", message);
  }
}

/**
 * Art. 36: the item is on a matter (confirmed by a person) whose 复核 is complete or whose review window lapsed, so
 * the acceptance decision was recorded as NOT_ACCEPTED ("不再受理"). That decision IS committed; the error tells the
 * caller that its ACCEPT became a NOT_ACCEPTED, and why. It does not name the barring item: the caller may not see it.
 */
export class NoLongerAcceptedError extends DomainError {
  constructor(petitionId: number, matterId: number, reason: string) {
    super(
      "NO_LONGER_ACCEPTED",
      `petition ${petitionId} was recorded as NOT_ACCEPTED (信访工作条例 第36条 不再受理): matter ${matterId} is closed (${reason}); the decision is committed`,
      { petitionId, matterId, reason },
    );
  }
}
