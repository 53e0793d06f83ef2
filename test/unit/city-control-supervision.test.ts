import { isPetitionResolved, isResolutionOverdue, isReviewOverdue, isValidNextReviewDate } from "../../src/domain/city-visit/city-control-supervision";

// The pure rules of the 市控 supervision sweep, with instants worked by hand.
const due = new Date("2030-05-03T01:00:00.000Z");
const listed = { delistedAt: null, resolutionOverdueAt: null, resolutionDueAt: due };

describe("isResolutionOverdue", () => {
  it("strictly after the deadline, listed, unflagged and unresolved only", () => {
    expect(isResolutionOverdue(listed, "IN_HANDLING", new Date("2030-05-03T01:00:00.000Z"))).toBe(false);
    expect(isResolutionOverdue(listed, "IN_HANDLING", new Date("2030-05-03T01:00:00.001Z"))).toBe(true);
    expect(isResolutionOverdue(listed, "ANSWERED", new Date("2030-05-04T00:00:00Z"))).toBe(false);
    expect(isResolutionOverdue({ ...listed, delistedAt: new Date("2030-04-01T00:00:00Z") }, "IN_HANDLING", new Date("2030-05-04T00:00:00Z"))).toBe(false);
    expect(isResolutionOverdue({ ...listed, resolutionOverdueAt: new Date("2030-05-03T02:00:00Z") }, "IN_HANDLING", new Date("2030-05-04T00:00:00Z"))).toBe(false);
  });
  it("resolved means the one-visit rate's resolved states", () => {
    expect(["MEDIATED", "ANSWERED", "EVALUATED", "REVIEWED", "TERMINATED"].map(isPetitionResolved)).toEqual([true, true, true, true, true]);
    expect(["REGISTERED", "IN_HANDLING", "EXTENDED", "NOT_ACCEPTED", "DIVERTED"].map(isPetitionResolved)).toEqual([false, false, false, false, false]);
  });
});

describe("isReviewOverdue and the next review date", () => {
  it("strictly after the review date, once per round", () => {
    const e = { delistedAt: null, reviewOverdueAt: null, reviewDueAt: new Date("2030-04-03T01:00:00.000Z") };
    expect(isReviewOverdue(e, new Date("2030-04-03T01:00:00.000Z"))).toBe(false);
    expect(isReviewOverdue(e, new Date("2030-04-03T01:00:00.001Z"))).toBe(true);
    expect(isReviewOverdue({ ...e, reviewOverdueAt: new Date("2030-04-03T02:00:00Z") }, new Date("2030-04-04T00:00:00Z"))).toBe(false);
  });
  it("a real date after today", () => {
    expect(isValidNextReviewDate("2030-06-30", "2030-06-29")).toBe(true);
    expect(isValidNextReviewDate("2030-06-29", "2030-06-29")).toBe(false);
    expect(isValidNextReviewDate("2030-02-30", "2030-01-01")).toBe(false);
    expect(isValidNextReviewDate("2030-6-30", "2030-01-01")).toBe(false);
  });
});
