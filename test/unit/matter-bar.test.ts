import { matterBar, MatterItemFacts, NO_LONGER_ACCEPTED_BASIS, windowLapsed } from "../../src/domain/matters/matter-bar";
import { PetitionState as S } from "../../src/domain/petition-terms";

// Art. 36: only a confirmed link to a matter whose 复核 is complete, or whose review window lapsed after a handling
// opinion, bars acceptance. Times are fixed instants; "now" is 2026-03-10T12:00Z throughout.
const now = new Date("2026-03-10T12:00:00Z");
const due = new Date("2026-03-01T15:59:59.999Z");

const item = (over: Partial<MatterItemFacts> = {}): MatterItemFacts => ({ petitionId: 1, state: S.ANSWERED, link: "OWN", reachedStates: [S.REGISTERED, S.ANSWERED], reviewWindows: [], ...over });
const newItem = { petitionId: 9, link: "CONFIRMED" as const };

describe("windowLapsed", () => {
  it("a window the sweep marked LAPSED has lapsed", () => expect(windowLapsed({ state: "LAPSED", dueAt: due, closedAt: due }, now)).toBe(true));
  it("a used window (MET) never lapsed, even when closed after its due time", () => expect(windowLapsed({ state: "MET", dueAt: due, closedAt: now }, now)).toBe(false));
  it("an open window past its due time has lapsed", () => expect(windowLapsed({ state: "OPEN", dueAt: due, closedAt: null }, now)).toBe(true));
  it("an open window before its due time has not", () => expect(windowLapsed({ state: "OPEN", dueAt: due, closedAt: null }, new Date("2026-03-01T00:00:00Z"))).toBe(false));
  it("an open window at its exact due instant has not lapsed yet", () => expect(windowLapsed({ state: "OPEN", dueAt: due, closedAt: null }, due)).toBe(false));
  it("a window cancelled by a termination after its due time had lapsed", () => expect(windowLapsed({ state: "CANCELLED", dueAt: due, closedAt: new Date("2026-03-02T01:00:00Z") }, now)).toBe(true));
  it("a window cancelled before its due time had not, though now is later", () => expect(windowLapsed({ state: "CANCELLED", dueAt: due, closedAt: new Date("2026-02-20T01:00:00Z") }, now)).toBe(false));
});

describe("matterBar (Art. 36)", () => {
  it("records the statute's own basis", () => expect(NO_LONGER_ACCEPTED_BASIS).toBe("信访工作条例 第36条 不再受理"));

  it("no other items: no bar", () => expect(matterBar(newItem, [], now)).toEqual({ barred: false }));

  it("a confirmed link to an item whose 复核 opinion was issued bars, whatever state it is in now", () => {
    expect(matterBar(newItem, [item({ petitionId: 4, state: S.TERMINATED, reachedStates: [S.REVIEWED, S.REREVIEW_REQUESTED, S.REREVIEWED, S.TERMINATED] })], now)).toEqual({ barred: true, byPetitionId: 4, reason: "REREVIEW_COMPLETE" });
    expect(matterBar(newItem, [item({ petitionId: 5, state: S.REREVIEWED, reachedStates: [S.REREVIEWED] })], now)).toEqual({ barred: true, byPetitionId: 5, reason: "REREVIEW_COMPLETE" });
  });

  it("a lapsed review window after an answer bars", () => {
    const answered = item({ petitionId: 6, reviewWindows: [{ state: "LAPSED", dueAt: due, closedAt: due }] });
    expect(matterBar(newItem, [answered], now)).toEqual({ barred: true, byPetitionId: 6, reason: "REVIEW_WINDOW_LAPSED" });
  });

  it("an open window, or one the petitioner used, does not bar", () => {
    expect(matterBar(newItem, [item({ reviewWindows: [{ state: "OPEN", dueAt: new Date("2026-04-01T00:00:00Z"), closedAt: null }] })], now)).toEqual({ barred: false });
    expect(matterBar(newItem, [item({ state: S.REVIEW_REQUESTED, reviewWindows: [{ state: "MET", dueAt: due, closedAt: new Date("2026-02-20T00:00:00Z") }] })], now)).toEqual({ barred: false });
  });

  it("an item reviewed (复查) but not yet 复核 does not bar on that alone", () => {
    expect(matterBar(newItem, [item({ state: S.REVIEWED, reachedStates: [S.ANSWERED, S.REVIEW_REQUESTED, S.REVIEWED] })], now)).toEqual({ barred: false });
  });

  it("NOT_ACCEPTED and DIVERTED items never bar, even with a lapsed window or a 复核 on record", () => {
    const lapsed = [{ state: "LAPSED", dueAt: due, closedAt: due }];
    expect(matterBar(newItem, [item({ state: S.NOT_ACCEPTED, reviewWindows: lapsed, reachedStates: [S.REREVIEWED] })], now)).toEqual({ barred: false });
    expect(matterBar(newItem, [item({ state: S.DIVERTED, reviewWindows: lapsed, reachedStates: [S.REREVIEWED] })], now)).toEqual({ barred: false });
  });

  it("an unconfirmed (automatic, legacy) membership bars nothing, on either side", () => {
    const closed = item({ petitionId: 4, reachedStates: [S.REREVIEWED] });
    expect(matterBar({ petitionId: 9, link: "UNCONFIRMED" }, [closed], now)).toEqual({ barred: false });
    expect(matterBar(newItem, [{ ...closed, link: "UNCONFIRMED" }], now)).toEqual({ barred: false });
  });

  it("the item that opened the matter is barred by an item a person confirmed onto it", () => {
    expect(matterBar({ petitionId: 9, link: "OWN" }, [item({ petitionId: 2, link: "CONFIRMED", reachedStates: [S.REREVIEWED] })], now)).toEqual({ barred: true, byPetitionId: 2, reason: "REREVIEW_COMPLETE" });
  });

  it("the item itself never bars itself", () => {
    expect(matterBar(newItem, [item({ petitionId: 9, reachedStates: [S.REREVIEWED] })], now)).toEqual({ barred: false });
  });

  it("looks past items that do not bar to one that does", () => {
    const others = [item({ petitionId: 2, state: S.NOT_ACCEPTED }), item({ petitionId: 3, link: "UNCONFIRMED", reachedStates: [S.REREVIEWED] }), item({ petitionId: 7, reviewWindows: [{ state: "OPEN", dueAt: due, closedAt: null }] })];
    expect(matterBar(newItem, others, now)).toEqual({ barred: true, byPetitionId: 7, reason: "REVIEW_WINDOW_LAPSED" });
  });

  describe("a mediation agreement (Shandong Art. 46(1))", () => {
    const mediated = item({ petitionId: 5, state: S.MEDIATED, reachedStates: [S.REGISTERED, S.ACCEPTED, S.IN_HANDLING, S.MEDIATED] });
    it("bars the matter where the province ends a matter on it", () =>
      expect(matterBar(newItem, [mediated], now, { mediationEndsMatter: true })).toEqual({ barred: true, byPetitionId: 5, reason: "MEDIATION_AGREEMENT" }));
    it("bars nothing where mediation leaves the review route open (the default of the pure rule)", () => {
      expect(matterBar(newItem, [mediated], now, { mediationEndsMatter: false })).toEqual({ barred: false });
      expect(matterBar(newItem, [mediated], now)).toEqual({ barred: false });
    });
    it("an unconfirmed mediated item bars nothing", () =>
      expect(matterBar(newItem, [{ ...mediated, link: "UNCONFIRMED" }], now, { mediationEndsMatter: true })).toEqual({ barred: false }));
    it("an item still in handling (never mediated) bars nothing", () =>
      expect(matterBar(newItem, [item({ state: S.IN_HANDLING, reachedStates: [S.REGISTERED, S.ACCEPTED, S.IN_HANDLING] })], now, { mediationEndsMatter: true })).toEqual({ barred: false }));
  });
});
