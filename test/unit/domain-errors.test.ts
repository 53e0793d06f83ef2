import {
  BadInputError,
  DeadlinePassedError,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  NoLongerAcceptedError,
  NotFoundError,
  UnauthenticatedError,
} from "../../src/domain/errors";

// The stable codes and messages the API exposes as extensions.code / message (docs/security.md lists the codes).
const shape = (e: DomainError) => ({ name: e.name, code: e.code, message: e.message, details: e.details });

describe("domain errors", () => {
  it("each carries its stable code, its class name and its details", () => {
    expect(shape(new InvalidTransitionError("ANSWERED", "ACCEPT"))).toEqual({ name: "InvalidTransitionError", code: "INVALID_TRANSITION", message: "cannot ACCEPT a petition in state ANSWERED", details: { from: "ANSWERED", event: "ACCEPT" } });
    expect(new InvalidTransitionError("ANSWERED", "ACCEPT", "why not").message).toBe("cannot ACCEPT a petition in state ANSWERED: why not");
    expect(shape(new DeadlinePassedError("RETURN_WINDOW", new Date("2026-11-30T15:59:59.999Z")))).toEqual({
      name: "DeadlinePassedError",
      code: "DEADLINE_PASSED",
      message: "the RETURN_WINDOW period ended at 2026-11-30T15:59:59.999Z",
      details: { kind: "RETURN_WINDOW", dueAt: "2026-11-30T15:59:59.999Z" },
    });
    expect(shape(new BadInputError("bad"))).toEqual({ name: "BadInputError", code: "BAD_USER_INPUT", message: "bad", details: { issues: [] } });
    expect(new BadInputError("bad", [{ path: "a", message: "b" }]).details).toEqual({ issues: [{ path: "a", message: "b" }] });
    expect(shape(new NotFoundError("petition", 7))).toEqual({ name: "NotFoundError", code: "NOT_FOUND", message: "petition 7 not found", details: { what: "petition", id: "7" } });
    expect(shape(new ForbiddenError())).toEqual({ name: "ForbiddenError", code: "FORBIDDEN", message: "not allowed", details: {} });
    expect(new ForbiddenError("no").message).toBe("no");
    expect(shape(new UnauthenticatedError())).toEqual({ name: "UnauthenticatedError", code: "UNAUTHENTICATED", message: "authentication required", details: {} });
    expect(shape(new NoLongerAcceptedError(5, 3, "复核 complete"))).toEqual({
      name: "NoLongerAcceptedError",
      code: "NO_LONGER_ACCEPTED",
      message: "petition 5 was recorded as NOT_ACCEPTED (信访工作条例 第36条 不再受理): matter 3 is closed (复核 complete); the decision is committed",
      details: { petitionId: 5, matterId: 3, reason: "复核 complete" },
    });
  });
  it("a plain DomainError has empty details and is an Error", () => {
    const e = new DomainError("X", "m");
    expect(shape(e)).toEqual({ name: "DomainError", code: "X", message: "m", details: {} });
    expect(e).toBeInstanceOf(Error);
  });
});
