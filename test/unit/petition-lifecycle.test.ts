import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { DEFAULT_CLOCK_POLICY, DeadlineKind as K } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";
import { PETITION_EVENT_TYPES, PetitionEvent, PetitionEventType } from "../../src/domain/lifecycle/petition-events";
import { OpenDeadline, PetitionSnapshot, TransitionResult, legalFrom, transition } from "../../src/domain/lifecycle/transition";
import { AnswerOutcome, Category, DiversionRoute, PetitionState as S, Satisfaction } from "../../src/domain/petition-terms";

/*
 * All instants are UTC; the bureau is UTC+8, so "local end of day D" is D T15:59:59.999Z.
 * No public holidays fall between 2026-05-26 and 2026-08-31 except the Dragon Boat Festival (Fri 2026-06-19).
 */
const calc = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar());
const at = (iso: string) => new Date(iso);
/** The last millisecond of a local (UTC+8) date. */
const endOf = (localDate: string) => at(`${localDate}T15:59:59.999Z`);

/** When the existing clocks of a snapshot were started: Tue 2026-05-26 10:00 local. */
const STARTED = at("2026-05-26T02:00:00Z");
/** The default "now" of a transition: Mon 2026-06-01 10:00 local. Every window in the snapshots is still open. */
const NOW = at("2026-06-01T02:00:00Z");
/** Fri 2026-06-26 10:00 local: the review windows (ending 2026-06-25) have lapsed. */
const AFTER_REVIEW_WINDOWS = at("2026-06-26T02:00:00Z");

/** Due dates of clocks started at STARTED, as the state they are found in would realistically carry. */
const EXISTING: Record<K, Date> = {
  [K.ROUTING]: endOf("2026-06-10"), // 15 days
  [K.ACCEPTANCE_NOTICE]: endOf("2026-06-10"), // 15 days
  [K.OBJECTION_WINDOW]: endOf("2026-06-02"), // 5 working days: 27, 28, 29 May, 1, 2 June
  [K.HANDLING]: endOf("2026-07-27"), // 60 days = Sat 25 July → Mon 27 July
  [K.ASSIGNED_RESULT]: endOf("2026-06-30"), // set by the assigning organ
  [K.REVIEW_REQUEST_WINDOW]: endOf("2026-06-25"), // 30 days
  [K.REVIEW_OPINION]: endOf("2026-06-25"),
  [K.REREVIEW_REQUEST_WINDOW]: endOf("2026-06-25"),
  [K.REREVIEW_OPINION]: endOf("2026-06-25"),
};

/** The clocks each state realistically has open (an appeal/request matter unless the test says otherwise). */
const OPEN_IN: Record<S, K[]> = {
  [S.RECEIVED]: [],
  [S.REGISTERED]: [K.ROUTING],
  [S.ROUTING]: [K.ROUTING],
  [S.FORWARDED]: [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW],
  [S.ASSIGNED]: [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW, K.ASSIGNED_RESULT],
  [S.OBJECTED]: [K.ROUTING],
  [S.ACCEPTED]: [K.HANDLING],
  [S.NOT_ACCEPTED]: [],
  [S.DIVERTED]: [],
  [S.IN_HANDLING]: [K.HANDLING],
  [S.EXTENDED]: [K.HANDLING],
  [S.HEARING]: [K.HANDLING],
  [S.MEDIATED]: [K.REVIEW_REQUEST_WINDOW],
  [S.ANSWERED]: [K.REVIEW_REQUEST_WINDOW],
  [S.EVALUATED]: [K.REVIEW_REQUEST_WINDOW],
  [S.REVIEW_REQUESTED]: [K.REVIEW_OPINION],
  [S.REVIEWED]: [K.REREVIEW_REQUEST_WINDOW],
  [S.REREVIEW_REQUESTED]: [K.REREVIEW_OPINION],
  [S.REREVIEWED]: [],
  [S.TERMINATED]: [],
};

function snapshot(state: S, over: Partial<PetitionSnapshot> = {}): PetitionSnapshot {
  return {
    state,
    category: Category.APPEAL_REQUEST,
    extended: state === S.EXTENDED,
    hearingReturnState: state === S.HEARING ? S.IN_HANDLING : null,
    hearingStartedAt: state === S.HEARING ? STARTED : null,
    openDeadlines: OPEN_IN[state].map((kind): OpenDeadline => ({ kind, startedAt: STARTED, dueAt: EXISTING[kind] })),
    ...over,
  };
}

const ASSIGNED_RESULT_DUE = endOf("2026-06-30");

/** A well-formed event of each type (one that passes every guard against the snapshots above at NOW). */
function validEvent(type: PetitionEventType): PetitionEvent {
  switch (type) {
    case "FORWARD":
      return { type, toOrgId: 7 };
    case "ASSIGN":
      return { type, toOrgId: 7, resultDueAt: ASSIGNED_RESULT_DUE };
    case "OBJECT":
      return { type, reason: "the matter belongs to the county" };
    case "NOT_ACCEPT":
      return { type, reason: "already decided by a court" };
    case "DIVERT":
      return { type, route: DiversionRoute.LITIGATION };
    case "EXTEND":
      return { type, days: 30, approver: "Director Wang", reason: "site survey needed", petitionerNotified: true };
    case "MEDIATE":
      return { type, agreement: "compensation agreed" };
    case "ANSWER":
      return { type, outcome: AnswerOutcome.SUPPORT };
    case "EVALUATE":
      return { type, satisfaction: Satisfaction.SATISFIED };
    case "ISSUE_REVIEW":
      return { type, outcome: AnswerOutcome.EXPLAIN };
    case "ISSUE_REREVIEW":
      return { type, outcome: AnswerOutcome.NOT_SUPPORT };
    case "REGISTER":
    case "START_ROUTING":
    case "REROUTE":
    case "ACCEPT":
    case "START_HANDLING":
    case "START_HEARING":
    case "END_HEARING":
    case "REQUEST_REVIEW":
    case "REQUEST_REREVIEW":
    case "TERMINATE":
      return { type };
  }
}

/** The `code` of the DomainError `fn` throws (fails the test if it does not throw). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not a DomainError: ${String(e)}`;
  }
  throw new Error("expected the call to throw");
}

/** Applies a result to a snapshot, as the command layer would persist it. */
function apply(snap: PetitionSnapshot, r: TransitionResult): PetitionSnapshot {
  const closed = new Set(r.close.map((c) => c.kind));
  const open = snap.openDeadlines
    .filter((d) => !closed.has(d.kind))
    .map((d) => {
      const s = r.shift.find((x) => x.kind === d.kind);
      return s ? { ...d, dueAt: s.dueAt } : d;
    });
  const { handlerOrgId: _ignored, ...patch } = r.patch;
  return {
    ...snap,
    ...patch,
    state: r.to,
    openDeadlines: [...open, ...r.open.map(({ kind, startedAt, dueAt }) => ({ kind, startedAt, dueAt }))],
  };
}

// ---------------------------------------------------------------------------------------------
// The expected transition table, written out from shared/domain.md §2 (states and clocks table).
// ---------------------------------------------------------------------------------------------

type Outcome = "MET" | "CANCELLED";
interface Legal {
  from: S;
  event: PetitionEventType;
  to: S;
  /** Clocks opened, with their due instants. */
  open?: Partial<Record<K, Date>>;
  /** Clocks closed, with their outcome. */
  close?: Partial<Record<K, Outcome>>;
  /** Clocks moved, with their new due instants. */
  shift?: Partial<Record<K, Date>>;
  patch?: TransitionResult["patch"];
  /** When the transition happens (default NOW). */
  now?: Date;
}

// Clocks opened at NOW (Mon 2026-06-01 local):
const ROUTING_DUE = endOf("2026-06-16"); // 15 days
const NOTICE_DUE = endOf("2026-06-16"); // 15 days
const OBJECTION_DUE = endOf("2026-06-08"); // 5 working days: 2, 3, 4, 5, 8 June
const HANDLING_DUE = endOf("2026-07-31"); // 60 days
const THIRTY_DAYS = endOf("2026-07-01"); // 30 days, for the review windows and opinions
const EXTENDED_DUE = endOf("2026-08-26"); // existing HANDLING (27 July) + 30 days

const handlerReceipt = { open: { [K.ACCEPTANCE_NOTICE]: NOTICE_DUE, [K.OBJECTION_WINDOW]: OBJECTION_DUE }, close: { [K.ROUTING]: "MET" as const } };
const handlerDecision = { [K.ACCEPTANCE_NOTICE]: "MET" as const, [K.OBJECTION_WINDOW]: "CANCELLED" as const };

const LEGAL: Legal[] = [
  // RECEIVED → REGISTERED: the Art. 22 forwarding clock starts at registration.
  { from: S.RECEIVED, event: "REGISTER", to: S.REGISTERED, open: { [K.ROUTING]: ROUTING_DUE } },
  { from: S.REGISTERED, event: "START_ROUTING", to: S.ROUTING },
  // → FORWARDED | ASSIGNED (straight from registration, or after routing started); Art. 23 clocks start at the handler's receipt.
  ...[S.REGISTERED, S.ROUTING].flatMap((from): Legal[] => [
    { from, event: "FORWARD", to: S.FORWARDED, ...handlerReceipt, patch: { handlerOrgId: 7 } },
    {
      from,
      event: "ASSIGN",
      to: S.ASSIGNED,
      open: { ...handlerReceipt.open, [K.ASSIGNED_RESULT]: ASSIGNED_RESULT_DUE },
      close: handlerReceipt.close,
      patch: { handlerOrgId: 7 },
    },
  ]),
  // (OBJECTED → ROUTING): the objection uses the window; re-routing is the bureau's duty again.
  {
    from: S.FORWARDED,
    event: "OBJECT",
    to: S.OBJECTED,
    close: { [K.OBJECTION_WINDOW]: "MET", [K.ACCEPTANCE_NOTICE]: "CANCELLED" },
    open: { [K.ROUTING]: ROUTING_DUE },
    patch: { handlerOrgId: null },
  },
  {
    from: S.ASSIGNED,
    event: "OBJECT",
    to: S.OBJECTED,
    close: { [K.OBJECTION_WINDOW]: "MET", [K.ACCEPTANCE_NOTICE]: "CANCELLED", [K.ASSIGNED_RESULT]: "CANCELLED" },
    open: { [K.ROUTING]: ROUTING_DUE },
    patch: { handlerOrgId: null },
  },
  { from: S.OBJECTED, event: "REROUTE", to: S.ROUTING },
  // → ACCEPTED | NOT_ACCEPTED | DIVERTED. Acceptance of an appeal/request starts the Art. 34 60-day clock;
  // an assigned matter keeps its result date until it is handled.
  { from: S.FORWARDED, event: "ACCEPT", to: S.ACCEPTED, close: handlerDecision, open: { [K.HANDLING]: HANDLING_DUE } },
  { from: S.ASSIGNED, event: "ACCEPT", to: S.ACCEPTED, close: handlerDecision, open: { [K.HANDLING]: HANDLING_DUE } },
  { from: S.FORWARDED, event: "NOT_ACCEPT", to: S.NOT_ACCEPTED, close: handlerDecision },
  { from: S.ASSIGNED, event: "NOT_ACCEPT", to: S.NOT_ACCEPTED, close: { ...handlerDecision, [K.ASSIGNED_RESULT]: "CANCELLED" } },
  { from: S.FORWARDED, event: "DIVERT", to: S.DIVERTED, close: handlerDecision },
  { from: S.ASSIGNED, event: "DIVERT", to: S.DIVERTED, close: { ...handlerDecision, [K.ASSIGNED_RESULT]: "CANCELLED" } },
  // → IN_HANDLING (EXTENDED, HEARING)
  { from: S.ACCEPTED, event: "START_HANDLING", to: S.IN_HANDLING },
  { from: S.IN_HANDLING, event: "EXTEND", to: S.EXTENDED, shift: { [K.HANDLING]: EXTENDED_DUE }, patch: { extended: true } },
  // Hearings: during handling (Art. 34) and during 复核 (Art. 36).
  ...[S.IN_HANDLING, S.EXTENDED, S.REREVIEW_REQUESTED].map(
    (from): Legal => ({ from, event: "START_HEARING", to: S.HEARING, patch: { hearingReturnState: from, hearingStartedAt: NOW } }),
  ),
  { from: S.HEARING, event: "END_HEARING", to: S.IN_HANDLING, patch: { hearingReturnState: null, hearingStartedAt: null } },
  // → ANSWERED | MEDIATED: handling is done; the Art. 35 review window opens on receipt of the answer.
  ...[S.IN_HANDLING, S.EXTENDED].flatMap((from): Legal[] => [
    { from, event: "ANSWER", to: S.ANSWERED, close: { [K.HANDLING]: "MET" }, open: { [K.REVIEW_REQUEST_WINDOW]: THIRTY_DAYS } },
    { from, event: "MEDIATE", to: S.MEDIATED, close: { [K.HANDLING]: "MET" }, open: { [K.REVIEW_REQUEST_WINDOW]: THIRTY_DAYS } },
  ]),
  // plus EVALUATED after an answer (the review window stays open).
  { from: S.ANSWERED, event: "EVALUATE", to: S.EVALUATED },
  { from: S.MEDIATED, event: "EVALUATE", to: S.EVALUATED },
  // → (REVIEW_REQUESTED → REVIEWED)
  ...[S.ANSWERED, S.MEDIATED, S.EVALUATED].map(
    (from): Legal => ({
      from,
      event: "REQUEST_REVIEW",
      to: S.REVIEW_REQUESTED,
      close: { [K.REVIEW_REQUEST_WINDOW]: "MET" },
      open: { [K.REVIEW_OPINION]: THIRTY_DAYS },
    }),
  ),
  {
    from: S.REVIEW_REQUESTED,
    event: "ISSUE_REVIEW",
    to: S.REVIEWED,
    close: { [K.REVIEW_OPINION]: "MET" },
    open: { [K.REREVIEW_REQUEST_WINDOW]: THIRTY_DAYS },
  },
  // → (REREVIEW_REQUESTED → REREVIEWED)
  {
    from: S.REVIEWED,
    event: "REQUEST_REREVIEW",
    to: S.REREVIEW_REQUESTED,
    close: { [K.REREVIEW_REQUEST_WINDOW]: "MET" },
    open: { [K.REREVIEW_OPINION]: THIRTY_DAYS },
  },
  { from: S.REREVIEW_REQUESTED, event: "ISSUE_REREVIEW", to: S.REREVIEWED, close: { [K.REREVIEW_OPINION]: "MET" } },
  // → TERMINATED: closed matters; after an answer or review only once the petitioner's window has lapsed (Art. 36).
  { from: S.NOT_ACCEPTED, event: "TERMINATE", to: S.TERMINATED },
  { from: S.DIVERTED, event: "TERMINATE", to: S.TERMINATED },
  ...[S.ANSWERED, S.MEDIATED, S.EVALUATED].map(
    (from): Legal => ({ from, event: "TERMINATE", to: S.TERMINATED, now: AFTER_REVIEW_WINDOWS, close: { [K.REVIEW_REQUEST_WINDOW]: "CANCELLED" } }),
  ),
  { from: S.REVIEWED, event: "TERMINATE", to: S.TERMINATED, now: AFTER_REVIEW_WINDOWS, close: { [K.REREVIEW_REQUEST_WINDOW]: "CANCELLED" } },
  { from: S.REREVIEWED, event: "TERMINATE", to: S.TERMINATED },
];

const ALL_STATES = Object.values(S);
const isLegal = (from: S, event: PetitionEventType) => LEGAL.some((l) => l.from === from && l.event === event);
const ILLEGAL = ALL_STATES.flatMap((from) => PETITION_EVENT_TYPES.filter((event) => !isLegal(from, event)).map((event) => ({ from, event })));

const sortedKinds = (xs: { kind: K }[]) => xs.map((x) => x.kind).sort();
const iso = (d: Date) => d.toISOString();

describe("petition lifecycle: the full (state × event) table", () => {
  it("covers every state and every event type, and each legal pair once", () => {
    expect(ALL_STATES).toHaveLength(20);
    expect(PETITION_EVENT_TYPES).toHaveLength(21);
    const keys = LEGAL.map((l) => `${l.from}/${l.event}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(LEGAL.length + ILLEGAL.length).toBe(ALL_STATES.length * PETITION_EVENT_TYPES.length);
  });

  it.each(PETITION_EVENT_TYPES.map((event) => [event]))("legalFrom(%s) agrees with the expected table", (event) => {
    const expected = LEGAL.filter((l) => l.event === event).map((l) => l.from);
    expect([...legalFrom(event)].sort()).toEqual([...expected].sort());
  });

  describe.each(LEGAL.map((l) => [`${l.from} --${l.event}--> ${l.to}`, l] as const))("legal: %s", (_name, l) => {
    const now = l.now ?? NOW;
    const run = () => transition(snapshot(l.from), validEvent(l.event), now, calc);

    it("moves to the expected state and records the legal basis", () => {
      const r = run();
      expect(r.from).toBe(l.from);
      expect(r.to).toBe(l.to);
      expect(r.legalBasis).toMatch(/^信访工作条例 /);
    });

    it("opens, closes and shifts exactly the expected clocks", () => {
      const r = run();
      const open = Object.fromEntries(r.open.map((d) => [d.kind, iso(d.dueAt)]));
      expect(open).toEqual(Object.fromEntries(Object.entries(l.open ?? {}).map(([k, d]) => [k, iso(d)])));
      expect(r.open.every((d) => d.startedAt.getTime() === now.getTime() && d.basis.startsWith("信访工作条例"))).toBe(true);
      expect(Object.fromEntries(r.close.map((c) => [c.kind, c.outcome]))).toEqual(l.close ?? {});
      expect(Object.fromEntries(r.shift.map((s) => [s.kind, iso(s.dueAt)]))).toEqual(
        Object.fromEntries(Object.entries(l.shift ?? {}).map(([k, d]) => [k, iso(d)])),
      );
      expect(r.patch).toEqual(l.patch ?? {});
    });

    it("publishes petition.transitioned with from/to, then one event per clock change", () => {
      const r = run();
      expect(r.events[0]).toEqual({ type: "petition.transitioned", data: { event: l.event, from: l.from, to: l.to, at: iso(now) } });
      expect(r.events.filter((e) => e.type === "petition.transitioned")).toHaveLength(1);
      expect(r.events.filter((e) => e.type === "deadline.opened").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.open));
      expect(r.events.filter((e) => e.type === "deadline.closed").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.close));
      expect(r.events.filter((e) => e.type === "deadline.shifted").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.shift));
      expect(r.events).toHaveLength(1 + r.open.length + r.close.length + r.shift.length);
    });
  });

  it.each(ILLEGAL.map(({ from, event }) => [from, event]))("illegal: %s cannot %s (INVALID_TRANSITION)", (from, event) => {
    expect(codeOf(() => transition(snapshot(from), validEvent(event), NOW, calc))).toBe("INVALID_TRANSITION");
  });
});

describe("guards", () => {
  describe("EXTEND (Art. 34: once, ≤ 30 days, head's approval, petitioner told why)", () => {
    const extend = (over: Partial<Extract<PetitionEvent, { type: "EXTEND" }>> = {}) =>
      ({ ...(validEvent("EXTEND") as Extract<PetitionEvent, { type: "EXTEND" }>), ...over });

    it("may not be granted twice: EXTENDED cannot EXTEND, nor IN_HANDLING once already extended", () => {
      expect(codeOf(() => transition(snapshot(S.EXTENDED), extend(), NOW, calc))).toBe("INVALID_TRANSITION");
      expect(codeOf(() => transition(snapshot(S.IN_HANDLING, { extended: true }), extend(), NOW, calc))).toBe("INVALID_TRANSITION");
    });

    it("requires an open handling period", () => {
      expect(codeOf(() => transition(snapshot(S.IN_HANDLING, { openDeadlines: [] }), extend(), NOW, calc))).toBe("INVALID_TRANSITION");
    });

    it.each([
      [1, endOf("2026-07-28")],
      [15, endOf("2026-08-11")],
      [30, endOf("2026-08-26")],
    ])("accepts %i day(s), moving the handling due date (27 July) to %s", (days, due) => {
      const r = transition(snapshot(S.IN_HANDLING), extend({ days }), NOW, calc);
      expect(r.to).toBe(S.EXTENDED);
      expect(r.shift).toEqual([{ kind: K.HANDLING, dueAt: due, reason: expect.stringContaining(`${days} days`) }]);
    });

    it.each([0, -1, 31, 60, 1.5])("rejects %p days with BAD_USER_INPUT", (days) => {
      expect(codeOf(() => transition(snapshot(S.IN_HANDLING), extend({ days }), NOW, calc))).toBe("BAD_USER_INPUT");
    });

    it.each([
      ["approver", { approver: "" }],
      ["approver", { approver: "   " }],
      ["reason", { reason: "" }],
      ["petitionerNotified", { petitionerNotified: false }],
    ] as const)("requires %s (%j)", (path, over) => {
      let err: unknown;
      try {
        transition(snapshot(S.IN_HANDLING), extend(over), NOW, calc);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: "BAD_USER_INPUT", details: { issues: [expect.objectContaining({ path })] } });
    });

    it("is still possible at the last millisecond of the handling period", () => {
      expect(transition(snapshot(S.IN_HANDLING), extend(), EXISTING.HANDLING, calc).to).toBe(S.EXTENDED);
    });

    it("after the handling due date fails with DEADLINE_PASSED", () => {
      const justAfter = new Date(EXISTING.HANDLING.getTime() + 1);
      expect(codeOf(() => transition(snapshot(S.IN_HANDLING), extend(), justAfter, calc))).toBe("DEADLINE_PASSED");
      expect(codeOf(() => transition(snapshot(S.IN_HANDLING), extend(), at("2026-07-30T02:00:00Z"), calc))).toBe("DEADLINE_PASSED");
    });
  });

  describe("OBJECT (Art. 23: within 5 working days of receipt)", () => {
    // The snapshot's window started Tue 26 May and ends at the end of Tue 2 June (local).
    it.each([
      ["on the first working day", at("2026-05-27T01:00:00Z")],
      ["at 23:59 local on the last day", at("2026-06-02T15:59:00Z")],
    ])("is allowed %s", (_when, now) => {
      expect(transition(snapshot(S.FORWARDED), validEvent("OBJECT"), now, calc).to).toBe(S.OBJECTED);
    });

    it.each([
      ["00:00 local the day after", at("2026-06-02T16:00:00Z")],
      ["a week later", at("2026-06-09T02:00:00Z")],
    ])("fails with DEADLINE_PASSED at %s", (_when, now) => {
      expect(codeOf(() => transition(snapshot(S.FORWARDED), validEvent("OBJECT"), now, calc))).toBe("DEADLINE_PASSED");
      expect(codeOf(() => transition(snapshot(S.ASSIGNED), validEvent("OBJECT"), now, calc))).toBe("DEADLINE_PASSED");
    });
  });

  describe("REQUEST_REVIEW (Art. 35: within 30 days of receiving the answer)", () => {
    // The snapshot's window ends at the end of Thu 25 June (local).
    it("within the window opens a 30-day review-opinion clock from the request", () => {
      const r = transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW" }, at("2026-06-25T15:00:00Z"), calc);
      expect(r.to).toBe(S.REVIEW_REQUESTED);
      expect(r.open.map((d) => [d.kind, iso(d.dueAt)])).toEqual([[K.REVIEW_OPINION, iso(endOf("2026-07-27"))]]); // 25 July is a Saturday
    });

    it("received in time but recorded after the window counts from its receipt", () => {
      const r = transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: at("2026-06-24T02:00:00Z") }, AFTER_REVIEW_WINDOWS, calc);
      expect(r.to).toBe(S.REVIEW_REQUESTED);
      expect(iso(r.open[0].dueAt)).toBe(iso(endOf("2026-07-24")));
    });

    it.each([S.ANSWERED, S.MEDIATED, S.EVALUATED])("from %s after the window fails with DEADLINE_PASSED", (from) => {
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW" }, AFTER_REVIEW_WINDOWS, calc))).toBe("DEADLINE_PASSED");
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW", receivedAt: AFTER_REVIEW_WINDOWS }, AFTER_REVIEW_WINDOWS, calc))).toBe(
        "DEADLINE_PASSED",
      );
      // A receipt time in the future is bad input, not a way round the window.
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW", receivedAt: AFTER_REVIEW_WINDOWS }, NOW, calc))).toBe("BAD_USER_INPUT");
    });

    it("REQUEST_REREVIEW after its window fails with DEADLINE_PASSED too", () => {
      expect(codeOf(() => transition(snapshot(S.REVIEWED), { type: "REQUEST_REREVIEW" }, AFTER_REVIEW_WINDOWS, calc))).toBe("DEADLINE_PASSED");
    });
  });

  describe("TERMINATE (Art. 36)", () => {
    it.each([S.ANSWERED, S.MEDIATED, S.EVALUATED, S.REVIEWED])("from %s while the petitioner's window is open → INVALID_TRANSITION", (from) => {
      expect(codeOf(() => transition(snapshot(from), { type: "TERMINATE" }, NOW, calc))).toBe("INVALID_TRANSITION");
      // Still open at its very last millisecond.
      expect(codeOf(() => transition(snapshot(from), { type: "TERMINATE" }, endOf("2026-06-25"), calc))).toBe("INVALID_TRANSITION");
    });

    it.each([S.ANSWERED, S.MEDIATED, S.EVALUATED, S.REVIEWED])("from %s once the window has lapsed → TERMINATED", (from) => {
      const justAfter = new Date(endOf("2026-06-25").getTime() + 1);
      expect(transition(snapshot(from), { type: "TERMINATE" }, justAfter, calc).to).toBe(S.TERMINATED);
    });

    it.each([
      ["just after the opinion", NOW],
      ["much later", at("2027-03-01T02:00:00Z")],
    ])("from REREVIEWED is always allowed (%s)", (_when, now) => {
      expect(transition(snapshot(S.REREVIEWED), { type: "TERMINATE" }, now, calc).to).toBe(S.TERMINATED);
    });
  });

  describe("DIVERT (Art. 31, 诉访分离)", () => {
    const divert = (category: Category, route: DiversionRoute) => () =>
      transition(snapshot(S.FORWARDED, { category }), { type: "DIVERT", route }, NOW, calc);

    it.each(Object.values(DiversionRoute))("a suggestion cannot be diverted (to %s)", (route) => {
      expect(codeOf(divert(Category.SUGGESTION, route))).toBe("INVALID_TRANSITION");
    });

    it.each([DiversionRoute.LITIGATION, DiversionRoute.ARBITRATION, DiversionRoute.ADMINISTRATIVE_RECONSIDERATION, DiversionRoute.OTHER_STATUTORY])(
      "an appeal/request may go to %s",
      (route) => {
        expect(divert(Category.APPEAL_REQUEST, route)().to).toBe(S.DIVERTED);
      },
    );

    it("an accusation goes to discipline inspection", () => {
      expect(divert(Category.ACCUSATION, DiversionRoute.DISCIPLINE_INSPECTION)().to).toBe(S.DIVERTED);
    });

    it.each(Object.values(DiversionRoute).filter((r) => r !== DiversionRoute.DISCIPLINE_INSPECTION))(
      "an accusation cannot go to %s",
      (route) => {
        expect(codeOf(divert(Category.ACCUSATION, route))).toBe("INVALID_TRANSITION");
      },
    );
  });

  describe("ASSIGN (Art. 22: result date set by the assigning organ)", () => {
    it.each([
      ["in the past", at("2026-05-31T02:00:00Z")],
      ["equal to now", NOW],
    ])("with resultDueAt %s → BAD_USER_INPUT", (_when, resultDueAt) => {
      expect(codeOf(() => transition(snapshot(S.ROUTING), { type: "ASSIGN", toOrgId: 7, resultDueAt }, NOW, calc))).toBe("BAD_USER_INPUT");
    });

    it("keeps the organ's date as given (no holiday rule applied)", () => {
      const resultDueAt = at("2026-06-20T09:00:00Z"); // a Saturday, not end of day
      const r = transition(snapshot(S.ROUTING), { type: "ASSIGN", toOrgId: 7, resultDueAt }, NOW, calc);
      expect(r.open.find((d) => d.kind === K.ASSIGNED_RESULT)?.dueAt).toEqual(resultDueAt);
    });
  });

  describe("hearings", () => {
    it.each([S.IN_HANDLING, S.EXTENDED, S.REREVIEW_REQUESTED])("a hearing started in %s returns to it", (origin) => {
      const before = snapshot(origin);
      const during = apply(before, transition(before, { type: "START_HEARING" }, NOW, calc));
      expect(during).toMatchObject({ state: S.HEARING, hearingReturnState: origin, hearingStartedAt: NOW });
      const after = apply(during, transition(during, { type: "END_HEARING" }, at("2026-06-02T02:00:00Z"), calc));
      expect(after).toMatchObject({ state: origin, hearingReturnState: null, hearingStartedAt: null, extended: before.extended });
    });

    it("a hearing during handling does not move the handling due date", () => {
      const during = snapshot(S.HEARING, { hearingReturnState: S.IN_HANDLING, hearingStartedAt: NOW });
      expect(transition(during, { type: "END_HEARING" }, at("2026-06-05T02:00:00Z"), calc).shift).toEqual([]);
    });

    // REREVIEW_OPINION is due at the end of Thu 25 June; hearing days (first and last included) are added on top.
    it.each([
      ["a one-day hearing", "2026-06-08T01:00:00Z", "2026-06-08T09:00:00Z", 1, "2026-06-26"],
      ["a three-day hearing; the result lands on Sun 28 June and moves to Monday", "2026-06-08T01:00:00Z", "2026-06-10T09:00:00Z", 3, "2026-06-29"],
      ["a hearing ending 00:30 local the next day counts 2 local days (still 1 UTC day)", "2026-06-08T01:00:00Z", "2026-06-08T16:30:00Z", 2, "2026-06-29"],
    ])("during REREVIEW_REQUESTED, %s shifts REREVIEW_OPINION (Art. 36)", (_name, start, end, days, due) => {
      const during = snapshot(S.HEARING, {
        hearingReturnState: S.REREVIEW_REQUESTED,
        hearingStartedAt: at(start),
        openDeadlines: [{ kind: K.REREVIEW_OPINION, startedAt: STARTED, dueAt: EXISTING.REREVIEW_OPINION }],
      });
      const r = transition(during, { type: "END_HEARING" }, at(end), calc);
      expect(r.to).toBe(S.REREVIEW_REQUESTED);
      expect(r.shift).toEqual([{ kind: K.REREVIEW_OPINION, dueAt: endOf(due), reason: `hearing time excluded (${days} days)` }]);
      expect(r.events).toContainEqual({
        type: "deadline.shifted",
        data: { kind: K.REREVIEW_OPINION, dueAt: iso(endOf(due)), reason: `hearing time excluded (${days} days)` },
      });
    });
  });

  describe("ACCEPT and the Art. 34 handling clock (default policy: appeal/request only)", () => {
    it.each([Category.SUGGESTION, Category.ACCUSATION])("accepting a %s opens no HANDLING clock", (category) => {
      const r = transition(snapshot(S.FORWARDED, { category }), { type: "ACCEPT" }, NOW, calc);
      expect(r.to).toBe(S.ACCEPTED);
      expect(r.open).toEqual([]);
    });

    it("accepting an appeal/request opens a 60-day HANDLING clock", () => {
      const r = transition(snapshot(S.FORWARDED, { category: Category.APPEAL_REQUEST }), { type: "ACCEPT" }, NOW, calc);
      expect(r.open).toEqual([
        { kind: K.HANDLING, startedAt: NOW, dueAt: endOf("2026-07-31"), rule: "60 calendar days", basis: "信访工作条例 第34条" },
      ]);
    });

    it("a policy covering every category opens it for a suggestion too", () => {
      const all = new DeadlineCalculator({ ...DEFAULT_CLOCK_POLICY, handlingClockCategories: Object.values(Category) }, new WorkCalendar());
      const r = transition(snapshot(S.FORWARDED, { category: Category.SUGGESTION }), { type: "ACCEPT" }, NOW, all);
      expect(r.open.map((d) => d.kind)).toEqual([K.HANDLING]);
    });
  });
});

describe("a whole appeal, registration to termination", () => {
  it("walks the main path with the clocks each step leaves open", () => {
    const steps: [PetitionEvent, Date, S, K[]][] = [
      [{ type: "REGISTER" }, at("2026-06-01T02:00:00Z"), S.REGISTERED, [K.ROUTING]],
      [{ type: "START_ROUTING" }, at("2026-06-01T03:00:00Z"), S.ROUTING, [K.ROUTING]],
      [validEvent("FORWARD"), at("2026-06-02T02:00:00Z"), S.FORWARDED, [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW]],
      [{ type: "ACCEPT" }, at("2026-06-03T02:00:00Z"), S.ACCEPTED, [K.HANDLING]],
      [{ type: "START_HANDLING" }, at("2026-06-03T03:00:00Z"), S.IN_HANDLING, [K.HANDLING]],
      [validEvent("EXTEND"), at("2026-07-20T02:00:00Z"), S.EXTENDED, [K.HANDLING]],
      [validEvent("ANSWER"), at("2026-08-10T02:00:00Z"), S.ANSWERED, [K.REVIEW_REQUEST_WINDOW]],
      [{ type: "REQUEST_REVIEW" }, at("2026-08-20T02:00:00Z"), S.REVIEW_REQUESTED, [K.REVIEW_OPINION]],
      [validEvent("ISSUE_REVIEW"), at("2026-09-10T02:00:00Z"), S.REVIEWED, [K.REREVIEW_REQUEST_WINDOW]],
      [{ type: "REQUEST_REREVIEW" }, at("2026-09-15T02:00:00Z"), S.REREVIEW_REQUESTED, [K.REREVIEW_OPINION]],
      [{ type: "START_HEARING" }, at("2026-09-21T02:00:00Z"), S.HEARING, [K.REREVIEW_OPINION]],
      [{ type: "END_HEARING" }, at("2026-09-22T02:00:00Z"), S.REREVIEW_REQUESTED, [K.REREVIEW_OPINION]],
      [validEvent("ISSUE_REREVIEW"), at("2026-10-12T02:00:00Z"), S.REREVIEWED, []],
      [{ type: "TERMINATE" }, at("2026-10-12T03:00:00Z"), S.TERMINATED, []],
    ];
    let snap = snapshot(S.RECEIVED);
    const due: Partial<Record<K, string>> = {};
    for (const [event, now, to, open] of steps) {
      snap = apply(snap, transition(snap, event, now, calc));
      expect([snap.state, sortedKinds(snap.openDeadlines)]).toEqual([to, [...open].sort()]);
      for (const d of snap.openDeadlines) due[d.kind] = iso(d.dueAt);
    }
    expect(due).toEqual({
      [K.ROUTING]: iso(endOf("2026-06-16")),
      [K.ACCEPTANCE_NOTICE]: iso(endOf("2026-06-17")),
      [K.OBJECTION_WINDOW]: iso(endOf("2026-06-09")),
      // 3 June + 60 days = Sun 2 Aug → Mon 3 Aug; extended by 30 days → Wed 2 Sep.
      [K.HANDLING]: iso(endOf("2026-09-02")),
      [K.REVIEW_REQUEST_WINDOW]: iso(endOf("2026-09-09")),
      [K.REVIEW_OPINION]: iso(endOf("2026-09-20")), // Sat 19 Sep → Sun 20 Sep, a make-up working day
      [K.REREVIEW_REQUEST_WINDOW]: iso(endOf("2026-10-10")), // a make-up working Saturday: no roll
      // 15 Sep + 30 days = Thu 15 Oct; the two-day hearing (21–22 Sep) is excluded → Sat 17 Oct → Mon 19 Oct.
      [K.REREVIEW_OPINION]: iso(endOf("2026-10-19")),
    });
  });
});
