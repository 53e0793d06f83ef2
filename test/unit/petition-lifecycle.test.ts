import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { DEFAULT_CLOCK_POLICY, DeadlineKind as K } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";
import { closedState, overdueState } from "../../src/domain/deadlines/deadline-state";
import { assertMayPerform, issuerOf } from "../../src/domain/access/lifecycle-permissions";
import { Principal } from "../../src/domain/access/principal";
import { PETITION_EVENT_TYPES, PetitionEvent, PetitionEventType } from "../../src/domain/lifecycle/petition-events";
import { OpenDeadline, PetitionSnapshot, TransitionResult, legalFrom, transition } from "../../src/domain/lifecycle/transition";
import { AnswerOutcome, Category, DiversionRoute, EvaluationSource, OrgKind, OrgLevel, PetitionState as S, Role, Satisfaction } from "../../src/domain/petition-terms";

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
  [K.EVALUATION]: endOf("2026-06-25"), // 30 days
};

/** The clocks each state realistically has open (an appeal/request matter unless the test says otherwise). */
const OPEN_IN: Record<S, K[]> = {
  [S.RECEIVED]: [],
  [S.REGISTERED]: [K.ROUTING],
  [S.ROUTING]: [K.ROUTING],
  [S.FORWARDED]: [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW],
  [S.ASSIGNED]: [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW, K.ASSIGNED_RESULT],
  [S.RECEIVED_BY_HANDLER]: [K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW],
  [S.OBJECTED]: [K.ROUTING],
  [S.ACCEPTED]: [K.HANDLING],
  [S.NOT_ACCEPTED]: [],
  [S.DIVERTED]: [],
  [S.IN_HANDLING]: [K.HANDLING],
  [S.EXTENDED]: [K.HANDLING],
  [S.HEARING]: [K.HANDLING],
  // Default policy: a mediation agreement ends the matter (no review window); the evaluation period runs.
  [S.MEDIATED]: [K.EVALUATION],
  [S.ANSWERED]: [K.REVIEW_REQUEST_WINDOW, K.EVALUATION],
  [S.EVALUATED]: [K.REVIEW_REQUEST_WINDOW],
  [S.EVAL_OVERDUE]: [K.REVIEW_REQUEST_WINDOW],
  [S.REVIEW_REQUESTED]: [K.REVIEW_OPINION],
  [S.REVIEWED]: [K.REREVIEW_REQUEST_WINDOW],
  [S.REREVIEW_REQUESTED]: [K.REREVIEW_OPINION],
  [S.REREVIEWED]: [],
  [S.TERMINATED]: [],
};

/** States whose last decision (answer, mediation, review or 复核 opinion) was made and served at STARTED. */
const SERVED = [S.ANSWERED, S.MEDIATED, S.EVALUATED, S.EVAL_OVERDUE, S.REVIEWED, S.REREVIEWED];

function snapshot(state: S, over: Partial<PetitionSnapshot> = {}): PetitionSnapshot {
  const served = SERVED.includes(state);
  return {
    state,
    category: Category.APPEAL_REQUEST,
    extended: state === S.EXTENDED,
    hearingReturnState: state === S.HEARING ? S.IN_HANDLING : null,
    hearingStartedAt: state === S.HEARING ? STARTED : null,
    openDeadlines: OPEN_IN[state].map((kind): OpenDeadline => ({ kind, startedAt: STARTED, dueAt: EXISTING[kind] })),
    decidedAt: served ? STARTED : null,
    deliveredAt: served ? STARTED : null,
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
      return { type, satisfaction: Satisfaction.SATISFIED, source: EvaluationSource.PETITIONER };
    case "RECORD_DELIVERY":
      return { type, deliveredAt: NOW, method: "EMS" };
    case "ISSUE_REVIEW":
      return { type, outcome: AnswerOutcome.EXPLAIN };
    case "ISSUE_REREVIEW":
      return { type, outcome: AnswerOutcome.NOT_SUPPORT };
    case "REGISTER":
    case "RECEIVE":
    case "MARK_EVAL_OVERDUE":
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
    .map((d): OpenDeadline => {
      const s = r.shift.find((x) => x.kind === d.kind);
      const moved = s ? { ...d, dueAt: s.dueAt, startedAt: s.startedAt ?? d.startedAt } : d;
      const p = r.pause.find((x) => x.kind === d.kind);
      if (p) return { ...moved, state: "PAUSED", pausedAt: p.at };
      const x = r.resume.find((y) => y.kind === d.kind);
      return x ? { ...moved, state: "OPEN", pausedAt: null, dueAt: x.dueAt } : moved;
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
  /** Clocks paused (suspended by law) at the transition. */
  pause?: K[];
  patch?: TransitionResult["patch"];
  /** When the transition happens (default NOW). */
  now?: Date;
  /** Overrides of the default snapshot of `from`. */
  snap?: Partial<PetitionSnapshot>;
  /** The legal basis recorded, after "信访工作条例 " (default: BASIS[event]). */
  basis?: string;
}

/** The legal basis each move records, written out from the articles (the state machine prefixes "信访工作条例 "). */
const BASIS: Record<PetitionEventType, string> = {
  REGISTER: "第17条、第22条",
  START_ROUTING: "第22条",
  FORWARD: "第22条 转送",
  ASSIGN: "第22条 交办",
  RECEIVE: "第23条 收到",
  OBJECT: "第23条 异议",
  REROUTE: "第23条",
  ACCEPT: "第23条 受理告知",
  NOT_ACCEPT: "第23条 不予受理",
  DIVERT: "第31条 诉访分离",
  START_HANDLING: "第32条",
  EXTEND: "第34条 延期",
  START_HEARING: "第34条、第36条 听证",
  END_HEARING: "第36条 听证时间不计入",
  MEDIATE: "第33条 调解；山东省信访条例 第46条第1项 调解协议 终结",
  ANSWER: "第32条 书面答复",
  EVALUATE: "满意度评价",
  MARK_EVAL_OVERDUE: "满意度评价 逾期",
  RECORD_DELIVERY: "送达 (第35条、第36条 自收到之日起)",
  REQUEST_REVIEW: "第35条 复查",
  ISSUE_REVIEW: "第35条 复查意见",
  REQUEST_REREVIEW: "第36条 复核",
  ISSUE_REREVIEW: "第36条 复核意见",
  TERMINATE: "第36条 终结",
};

// Clocks opened at NOW (Mon 2026-06-01 local):
const ROUTING_DUE = endOf("2026-06-16"); // 15 days
const NOTICE_DUE = endOf("2026-06-16"); // 15 days
const OBJECTION_DUE = endOf("2026-06-08"); // 5 working days: 2, 3, 4, 5, 8 June
const HANDLING_DUE = endOf("2026-07-31"); // 60 days
const THIRTY_DAYS = endOf("2026-07-01"); // 30 days, for the review windows and opinions
const EXTENDED_DUE = endOf("2026-08-26"); // existing HANDLING (27 July) + 30 days

const handlerReceipt = { open: { [K.ACCEPTANCE_NOTICE]: NOTICE_DUE, [K.OBJECTION_WINDOW]: OBJECTION_DUE }, close: { [K.ROUTING]: "MET" as const } };
const handlerDecision = { [K.ACCEPTANCE_NOTICE]: "MET" as const, [K.OBJECTION_WINDOW]: "CANCELLED" as const };

const decidedNow = { decidedAt: NOW, deliveredAt: null };
const ROUTED_STATES = [S.FORWARDED, S.ASSIGNED, S.RECEIVED_BY_HANDLER];

const LEGAL: Legal[] = [
  // RECEIVED → REGISTERED: the Art. 22 forwarding clock starts at receipt (here: no earlier receipt known, so now).
  { from: S.RECEIVED, event: "REGISTER", to: S.REGISTERED, open: { [K.ROUTING]: ROUTING_DUE } },
  { from: S.REGISTERED, event: "START_ROUTING", to: S.ROUTING },
  // → FORWARDED | ASSIGNED (straight from registration, or after routing started); Art. 23 clocks start at the
  // handler's receipt, which an electronic forwarding is at once.
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
  // → RECEIVED_BY_HANDLER: the handler acknowledges; without a later receipt time the clocks stay as they are.
  { from: S.FORWARDED, event: "RECEIVE", to: S.RECEIVED_BY_HANDLER },
  { from: S.ASSIGNED, event: "RECEIVE", to: S.RECEIVED_BY_HANDLER },
  // (OBJECTED → ROUTING): the objection uses the window; re-routing is the bureau's duty again.
  ...[S.FORWARDED, S.RECEIVED_BY_HANDLER].map(
    (from): Legal => ({
      from,
      event: "OBJECT",
      to: S.OBJECTED,
      close: { [K.OBJECTION_WINDOW]: "MET", [K.ACCEPTANCE_NOTICE]: "CANCELLED" },
      open: { [K.ROUTING]: ROUTING_DUE },
      patch: { handlerOrgId: null },
    }),
  ),
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
  // an assigned matter keeps its result date until it is handled. A decision implies receipt.
  ...ROUTED_STATES.map((from): Legal => ({ from, event: "ACCEPT", to: S.ACCEPTED, close: handlerDecision, open: { [K.HANDLING]: HANDLING_DUE } })),
  { from: S.FORWARDED, event: "NOT_ACCEPT", to: S.NOT_ACCEPTED, close: handlerDecision },
  { from: S.RECEIVED_BY_HANDLER, event: "NOT_ACCEPT", to: S.NOT_ACCEPTED, close: handlerDecision },
  { from: S.ASSIGNED, event: "NOT_ACCEPT", to: S.NOT_ACCEPTED, close: { ...handlerDecision, [K.ASSIGNED_RESULT]: "CANCELLED" } },
  { from: S.FORWARDED, event: "DIVERT", to: S.DIVERTED, close: handlerDecision },
  { from: S.RECEIVED_BY_HANDLER, event: "DIVERT", to: S.DIVERTED, close: handlerDecision },
  { from: S.ASSIGNED, event: "DIVERT", to: S.DIVERTED, close: { ...handlerDecision, [K.ASSIGNED_RESULT]: "CANCELLED" } },
  // → IN_HANDLING (EXTENDED, HEARING)
  { from: S.ACCEPTED, event: "START_HANDLING", to: S.IN_HANDLING },
  { from: S.IN_HANDLING, event: "EXTEND", to: S.EXTENDED, shift: { [K.HANDLING]: EXTENDED_DUE }, patch: { extended: true } },
  // Hearings: during handling (Art. 34; the handling clock runs on by default) and during 复核 (Art. 36: paused).
  ...[S.IN_HANDLING, S.EXTENDED].map(
    (from): Legal => ({ from, event: "START_HEARING", to: S.HEARING, patch: { hearingReturnState: from, hearingStartedAt: NOW } }),
  ),
  {
    from: S.REREVIEW_REQUESTED,
    event: "START_HEARING",
    to: S.HEARING,
    pause: [K.REREVIEW_OPINION],
    patch: { hearingReturnState: S.REREVIEW_REQUESTED, hearingStartedAt: NOW },
  },
  { from: S.HEARING, event: "END_HEARING", to: S.IN_HANDLING, patch: { hearingReturnState: null, hearingStartedAt: null } },
  // → ANSWERED | MEDIATED: handling is done. The answer's windows wait for its service (none given here); the
  // mediation agreement is served when signed and ends the matter (no review window), the evaluation period runs.
  ...[S.IN_HANDLING, S.EXTENDED].flatMap((from): Legal[] => [
    { from, event: "ANSWER", to: S.ANSWERED, close: { [K.HANDLING]: "MET" }, patch: decidedNow },
    { from, event: "MEDIATE", to: S.MEDIATED, close: { [K.HANDLING]: "MET" }, open: { [K.EVALUATION]: THIRTY_DAYS }, patch: { decidedAt: NOW, deliveredAt: NOW } },
  ]),
  // Service recorded later opens what the decision served opens, from the service.
  {
    from: S.ANSWERED,
    event: "RECORD_DELIVERY",
    to: S.ANSWERED,
    snap: { deliveredAt: null, openDeadlines: [] },
    open: { [K.REVIEW_REQUEST_WINDOW]: THIRTY_DAYS, [K.EVALUATION]: THIRTY_DAYS },
    patch: { deliveredAt: NOW },
  },
  { from: S.REVIEWED, event: "RECORD_DELIVERY", to: S.REVIEWED, snap: { deliveredAt: null, openDeadlines: [] }, open: { [K.REREVIEW_REQUEST_WINDOW]: THIRTY_DAYS }, patch: { deliveredAt: NOW } },
  { from: S.REREVIEWED, event: "RECORD_DELIVERY", to: S.REREVIEWED, snap: { deliveredAt: null }, patch: { deliveredAt: NOW } },
  // EVALUATED after a served answer or mediation (the review window stays open), also late (EVAL_OVERDUE).
  { from: S.ANSWERED, event: "EVALUATE", to: S.EVALUATED, close: { [K.EVALUATION]: "MET" } },
  { from: S.MEDIATED, event: "EVALUATE", to: S.EVALUATED, close: { [K.EVALUATION]: "MET" } },
  { from: S.EVAL_OVERDUE, event: "EVALUATE", to: S.EVALUATED },
  // The sweep's move once the evaluation period (ending 25 June) has run out.
  { from: S.ANSWERED, event: "MARK_EVAL_OVERDUE", to: S.EVAL_OVERDUE, now: AFTER_REVIEW_WINDOWS, close: { [K.EVALUATION]: "CANCELLED" } },
  { from: S.MEDIATED, event: "MARK_EVAL_OVERDUE", to: S.EVAL_OVERDUE, now: AFTER_REVIEW_WINDOWS, close: { [K.EVALUATION]: "CANCELLED" } },
  // → (REVIEW_REQUESTED → REVIEWED); asking for review ends the wait for an evaluation.
  { from: S.ANSWERED, event: "REQUEST_REVIEW", to: S.REVIEW_REQUESTED, close: { [K.REVIEW_REQUEST_WINDOW]: "MET", [K.EVALUATION]: "CANCELLED" }, open: { [K.REVIEW_OPINION]: THIRTY_DAYS } },
  // A mediated item has a window only under a policy where mediation does not end the matter.
  {
    from: S.MEDIATED,
    event: "REQUEST_REVIEW",
    to: S.REVIEW_REQUESTED,
    snap: { openDeadlines: [{ kind: K.REVIEW_REQUEST_WINDOW, startedAt: STARTED, dueAt: EXISTING.REVIEW_REQUEST_WINDOW }] },
    close: { [K.REVIEW_REQUEST_WINDOW]: "MET" },
    open: { [K.REVIEW_OPINION]: THIRTY_DAYS },
  },
  ...[S.EVALUATED, S.EVAL_OVERDUE].map(
    (from): Legal => ({ from, event: "REQUEST_REVIEW", to: S.REVIEW_REQUESTED, close: { [K.REVIEW_REQUEST_WINDOW]: "MET" }, open: { [K.REVIEW_OPINION]: THIRTY_DAYS } }),
  ),
  { from: S.REVIEW_REQUESTED, event: "ISSUE_REVIEW", to: S.REVIEWED, close: { [K.REVIEW_OPINION]: "MET" }, patch: decidedNow },
  // → (REREVIEW_REQUESTED → REREVIEWED)
  {
    from: S.REVIEWED,
    event: "REQUEST_REREVIEW",
    to: S.REREVIEW_REQUESTED,
    close: { [K.REREVIEW_REQUEST_WINDOW]: "MET" },
    open: { [K.REREVIEW_OPINION]: THIRTY_DAYS },
  },
  { from: S.REREVIEW_REQUESTED, event: "ISSUE_REREVIEW", to: S.REREVIEWED, close: { [K.REREVIEW_OPINION]: "MET" }, patch: decidedNow },
  // → TERMINATED: only after a served decision, once the petitioner's window has lapsed (Art. 36); a mediation
  // agreement at once (Shandong Art. 46(1)). Never from NOT_ACCEPTED or DIVERTED.
  ...[S.ANSWERED, S.EVALUATED, S.EVAL_OVERDUE].map(
    (from): Legal => ({
      from,
      event: "TERMINATE",
      to: S.TERMINATED,
      now: AFTER_REVIEW_WINDOWS,
      close: { [K.REVIEW_REQUEST_WINDOW]: "CANCELLED", ...(from === S.ANSWERED ? { [K.EVALUATION]: "CANCELLED" as const } : {}) },
    }),
  ),
  { from: S.MEDIATED, event: "TERMINATE", to: S.TERMINATED, close: { [K.EVALUATION]: "CANCELLED" } },
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
    expect(ALL_STATES).toHaveLength(22);
    expect(PETITION_EVENT_TYPES).toHaveLength(24);
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
    const run = () => transition(snapshot(l.from, l.snap), validEvent(l.event), now, calc);

    it("moves to the expected state and records the legal basis", () => {
      const r = run();
      expect(r.from).toBe(l.from);
      expect(r.to).toBe(l.to);
      expect(r.legalBasis).toBe(`信访工作条例 ${l.basis ?? BASIS[l.event]}`);
    });

    it("opens, closes and shifts exactly the expected clocks", () => {
      const r = run();
      const open = Object.fromEntries(r.open.map((d) => [d.kind, iso(d.dueAt)]));
      expect(open).toEqual(Object.fromEntries(Object.entries(l.open ?? {}).map(([k, d]) => [k, iso(d)])));
      // Statutory clocks record their article; the evaluation period is the bureau's own configured rule.
      expect(r.open.every((d) => d.startedAt.getTime() === now.getTime() && d.basis.startsWith(d.kind === K.EVALUATION ? "满意度评价" : "信访工作条例"))).toBe(true);
      expect(Object.fromEntries(r.close.map((c) => [c.kind, c.outcome]))).toEqual(l.close ?? {});
      expect(Object.fromEntries(r.shift.map((s) => [s.kind, iso(s.dueAt)]))).toEqual(
        Object.fromEntries(Object.entries(l.shift ?? {}).map(([k, d]) => [k, iso(d)])),
      );
      expect(r.patch).toEqual(l.patch ?? {});
      expect(r.pause).toEqual((l.pause ?? []).map((kind) => ({ kind, at: now })));
      expect(r.resume).toEqual([]);
    });

    it("publishes petition.transitioned with from/to, then one event per clock change", () => {
      const r = run();
      expect(r.events[0]).toEqual({ type: "petition.transitioned", data: { event: l.event, from: l.from, to: l.to, at: iso(now) } });
      expect(r.events.filter((e) => e.type === "petition.transitioned")).toHaveLength(1);
      expect(r.events.filter((e) => e.type === "deadline.opened").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.open));
      expect(r.events.filter((e) => e.type === "deadline.closed").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.close));
      expect(r.events.filter((e) => e.type === "deadline.shifted").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.shift));
      expect(r.events.filter((e) => e.type === "deadline.paused").map((e) => e.data.kind).sort()).toEqual(sortedKinds(r.pause));
      expect(r.events).toHaveLength(1 + r.open.length + r.close.length + r.shift.length + r.pause.length + r.resume.length);
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
    // The snapshot's answer was served at STARTED (Tue 26 May 10:00 local): the window ends at the end of Thu 25 June.
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

    it("is accepted at the window's last instant (23:59:59.999 local on 25 June) and refused 1 ms later", () => {
      const last = endOf("2026-06-25");
      expect(transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW" }, last, calc).to).toBe(S.REVIEW_REQUESTED);
      const late = new Date(last.getTime() + 1);
      expect(codeOf(() => transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW" }, late, calc))).toBe("DEADLINE_PASSED");
      // The same edges for a request received by letter and recorded later.
      expect(transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: last }, AFTER_REVIEW_WINDOWS, calc).to).toBe(S.REVIEW_REQUESTED);
      expect(codeOf(() => transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: late }, AFTER_REVIEW_WINDOWS, calc))).toBe("DEADLINE_PASSED");
    });

    it("a request dated before the answer it contests was served is refused (BAD_USER_INPUT)", () => {
      const before = new Date(STARTED.getTime() - 1);
      let err: unknown;
      try {
        transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: before }, NOW, calc);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: "BAD_USER_INPUT", details: { issues: [{ path: "receivedAt", message: "before the window opened" }] } });
      // At the very instant of service it is in time.
      expect(transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: STARTED }, NOW, calc).to).toBe(S.REVIEW_REQUESTED);
    });

    it.each([S.ANSWERED, S.EVALUATED, S.EVAL_OVERDUE])("from %s after the window fails with DEADLINE_PASSED", (from) => {
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW" }, AFTER_REVIEW_WINDOWS, calc))).toBe("DEADLINE_PASSED");
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW", receivedAt: AFTER_REVIEW_WINDOWS }, AFTER_REVIEW_WINDOWS, calc))).toBe(
        "DEADLINE_PASSED",
      );
      // A receipt time in the future is bad input, not a way round the window.
      expect(codeOf(() => transition(snapshot(from), { type: "REQUEST_REVIEW", receivedAt: AFTER_REVIEW_WINDOWS }, NOW, calc))).toBe("BAD_USER_INPUT");
    });

    it("REQUEST_REREVIEW after its window fails with DEADLINE_PASSED too; at its last instant it is in time", () => {
      expect(codeOf(() => transition(snapshot(S.REVIEWED), { type: "REQUEST_REREVIEW" }, AFTER_REVIEW_WINDOWS, calc))).toBe("DEADLINE_PASSED");
      expect(transition(snapshot(S.REVIEWED), { type: "REQUEST_REREVIEW" }, endOf("2026-06-25"), calc).to).toBe(S.REREVIEW_REQUESTED);
      expect(codeOf(() => transition(snapshot(S.REVIEWED), { type: "REQUEST_REREVIEW", receivedAt: new Date(STARTED.getTime() - 1) }, NOW, calc))).toBe("BAD_USER_INPUT");
    });

    it("there is no window while the answer awaits service, after a mediation agreement, or for a suggestion (INVALID_TRANSITION)", () => {
      expect(codeOf(() => transition(snapshot(S.ANSWERED, { deliveredAt: null, openDeadlines: [] }), { type: "REQUEST_REVIEW" }, NOW, calc))).toBe("INVALID_TRANSITION");
      expect(codeOf(() => transition(snapshot(S.MEDIATED), { type: "REQUEST_REVIEW" }, NOW, calc))).toBe("INVALID_TRANSITION");
      const suggestion = snapshot(S.ANSWERED, { category: Category.SUGGESTION, openDeadlines: [] });
      expect(codeOf(() => transition(suggestion, { type: "REQUEST_REVIEW" }, NOW, calc))).toBe("INVALID_TRANSITION");
    });
  });

  describe("TERMINATE (Art. 36)", () => {
    it.each([S.ANSWERED, S.EVALUATED, S.EVAL_OVERDUE, S.REVIEWED])("from %s while the petitioner's window is open → INVALID_TRANSITION", (from) => {
      expect(codeOf(() => transition(snapshot(from), { type: "TERMINATE" }, NOW, calc))).toBe("INVALID_TRANSITION");
      // Still open at its very last millisecond.
      expect(codeOf(() => transition(snapshot(from), { type: "TERMINATE" }, endOf("2026-06-25"), calc))).toBe("INVALID_TRANSITION");
    });

    it.each([S.ANSWERED, S.EVALUATED, S.EVAL_OVERDUE, S.REVIEWED])("from %s once the window has lapsed → TERMINATED", (from) => {
      const justAfter = new Date(endOf("2026-06-25").getTime() + 1);
      expect(transition(snapshot(from), { type: "TERMINATE" }, justAfter, calc).to).toBe(S.TERMINATED);
    });

    it.each([
      ["just after the opinion", NOW],
      ["much later", at("2027-03-01T02:00:00Z")],
    ])("from REREVIEWED is always allowed once served (%s)", (_when, now) => {
      expect(transition(snapshot(S.REREVIEWED), { type: "TERMINATE" }, now, calc).to).toBe(S.TERMINATED);
    });

    it.each([S.ANSWERED, S.REVIEWED, S.REREVIEWED])("from %s waits for the decision's service, however late (INVALID_TRANSITION)", (from) => {
      const unserved = snapshot(from, { deliveredAt: null, openDeadlines: [] });
      expect(codeOf(() => transition(unserved, { type: "TERMINATE" }, at("2027-03-01T02:00:00Z"), calc))).toBe("INVALID_TRANSITION");
    });

    it("a mediation agreement ends the matter: it may be terminated at once (Shandong Art. 46(1))", () => {
      expect(transition(snapshot(S.MEDIATED), { type: "TERMINATE" }, NOW, calc).to).toBe(S.TERMINATED);
    });

    it("an answered suggestion has no review window: terminated as soon as the answer is served", () => {
      const suggestion = snapshot(S.ANSWERED, { category: Category.SUGGESTION, openDeadlines: [{ kind: K.EVALUATION, startedAt: STARTED, dueAt: EXISTING.EVALUATION }] });
      expect(transition(suggestion, { type: "TERMINATE" }, NOW, calc).close).toEqual([{ kind: K.EVALUATION, outcome: "CANCELLED" }]);
    });

    it.each([S.NOT_ACCEPTED, S.DIVERTED])("never from %s: a decision on the item, not the end of the matter", (from) => {
      expect(codeOf(() => transition(snapshot(from), { type: "TERMINATE" }, at("2027-03-01T02:00:00Z"), calc))).toBe("INVALID_TRANSITION");
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
      expect(r.open.find((d) => d.kind === K.ASSIGNED_RESULT)).toEqual({ kind: K.ASSIGNED_RESULT, startedAt: NOW, dueAt: resultDueAt, rule: "set by the assigning organ", basis: "信访工作条例 第22条" });
    });
  });

  describe("hearings and clocks that pause (Art. 36: hearing time is excluded from the 复核 period)", () => {
    it.each([S.IN_HANDLING, S.EXTENDED, S.REREVIEW_REQUESTED])("a hearing started in %s returns to it", (origin) => {
      const before = snapshot(origin);
      const during = apply(before, transition(before, { type: "START_HEARING" }, NOW, calc));
      expect(during).toMatchObject({ state: S.HEARING, hearingReturnState: origin, hearingStartedAt: NOW });
      const after = apply(during, transition(during, { type: "END_HEARING" }, at("2026-06-02T02:00:00Z"), calc));
      expect(after).toMatchObject({ state: origin, hearingReturnState: null, hearingStartedAt: null, extended: before.extended });
    });

    it("by default a hearing during Art. 34 handling neither pauses nor moves the handling clock", () => {
      expect(transition(snapshot(S.IN_HANDLING), { type: "START_HEARING" }, NOW, calc).pause).toEqual([]);
      const during = snapshot(S.HEARING, { hearingReturnState: S.IN_HANDLING, hearingStartedAt: NOW });
      const r = transition(during, { type: "END_HEARING" }, at("2026-06-05T02:00:00Z"), calc);
      expect([r.shift, r.resume]).toEqual([[], []]);
    });

    it("the 复核 opinion clock is PAUSED when the hearing starts", () => {
      const r = transition(snapshot(S.REREVIEW_REQUESTED), { type: "START_HEARING" }, at("2026-06-08T01:00:00Z"), calc);
      expect(r.pause).toEqual([{ kind: K.REREVIEW_OPINION, at: at("2026-06-08T01:00:00Z") }]);
      expect(r.events).toContainEqual({ type: "deadline.paused", data: { kind: K.REREVIEW_OPINION, at: "2026-06-08T01:00:00.000Z" } });
    });

    // REREVIEW_OPINION was due at the end of Thu 25 June; the local days the hearing touched (first and last) are added.
    it.each([
      ["a one-day hearing", "2026-06-08T01:00:00Z", "2026-06-08T09:00:00Z", 1, "2026-06-26"],
      ["a three-day hearing; the result lands on Sun 28 June and moves to Monday", "2026-06-08T01:00:00Z", "2026-06-10T09:00:00Z", 3, "2026-06-29"],
      ["a hearing ending 00:30 local the next day counts 2 local days (still 1 UTC day)", "2026-06-08T01:00:00Z", "2026-06-08T16:30:00Z", 2, "2026-06-29"],
    ])("during REREVIEW_REQUESTED, %s resumes REREVIEW_OPINION moved by exactly those days", (_name, start, end, days, due) => {
      const during = snapshot(S.HEARING, {
        hearingReturnState: S.REREVIEW_REQUESTED,
        hearingStartedAt: at(start),
        openDeadlines: [{ kind: K.REREVIEW_OPINION, startedAt: STARTED, dueAt: EXISTING.REREVIEW_OPINION, state: "PAUSED", pausedAt: at(start) }],
      });
      const r = transition(during, { type: "END_HEARING" }, at(end), calc);
      expect(r.to).toBe(S.REREVIEW_REQUESTED);
      expect(r.shift).toEqual([]);
      const reason = `time in HEARING excluded (${days} days)`;
      expect(r.resume).toEqual([{ kind: K.REREVIEW_OPINION, dueAt: endOf(due), days, reason }]);
      expect(r.events).toContainEqual({ type: "deadline.resumed", data: { kind: K.REREVIEW_OPINION, dueAt: iso(endOf(due)), days, reason } });
    });

    it("a clock already breached before the hearing is not paused: the breach stands", () => {
      const breached = snapshot(S.REREVIEW_REQUESTED, { openDeadlines: [{ kind: K.REREVIEW_OPINION, startedAt: STARTED, dueAt: EXISTING.REREVIEW_OPINION, state: "BREACHED" }] });
      expect(transition(breached, { type: "START_HEARING" }, AFTER_REVIEW_WINDOWS, calc).pause).toEqual([]);
    });

    it("policy: a clock suspended in HEARING on working days pauses during handling and resumes by working days only", () => {
      const policy = { ...DEFAULT_CLOCK_POLICY, rules: { ...DEFAULT_CLOCK_POLICY.rules, HANDLING: { ...DEFAULT_CLOCK_POLICY.rules.HANDLING, counting: "WORKING" as const, suspendedIn: [S.HEARING] } } };
      const working = new DeadlineCalculator(policy, new WorkCalendar());
      expect(transition(snapshot(S.IN_HANDLING), { type: "START_HEARING" }, at("2026-06-05T01:00:00Z"), working).pause).toEqual([{ kind: K.HANDLING, at: at("2026-06-05T01:00:00Z") }]);
      // Hearing Fri 5 June – Mon 8 June local: 4 local days, of which 2 working days (Fri, Mon).
      // HANDLING due Mon 27 July + 2 working days = Wed 29 July.
      const during = snapshot(S.HEARING, {
        hearingReturnState: S.IN_HANDLING,
        hearingStartedAt: at("2026-06-05T01:00:00Z"),
        openDeadlines: [{ kind: K.HANDLING, startedAt: STARTED, dueAt: EXISTING.HANDLING, state: "PAUSED", pausedAt: at("2026-06-05T01:00:00Z") }],
      });
      const r = transition(during, { type: "END_HEARING" }, at("2026-06-08T09:00:00Z"), working);
      expect(r.resume).toEqual([{ kind: K.HANDLING, dueAt: endOf("2026-07-29"), days: 2, reason: "time in HEARING excluded (2 days)" }]);
      // A hearing held over a weekend only (Sat 6 – Sun 7 June) excludes no working day: the due date stays.
      const weekend = { ...during, hearingStartedAt: at("2026-06-06T01:00:00Z"), openDeadlines: [{ ...during.openDeadlines[0], pausedAt: at("2026-06-06T01:00:00Z") }] };
      expect(transition(weekend, { type: "END_HEARING" }, at("2026-06-07T09:00:00Z"), working).resume).toEqual([
        { kind: K.HANDLING, dueAt: EXISTING.HANDLING, days: 0, reason: "time in HEARING excluded (0 days)" },
      ]);
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

describe("service of documents (the petitioner's windows run from delivery)", () => {
  const answer = (deliveredAt?: Date): PetitionEvent => ({ type: "ANSWER", outcome: AnswerOutcome.EXPLAIN, deliveredAt });
  const issueOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as { code: string; details?: { issues: { path: string }[] } };
    }
    throw new Error("expected the call to throw");
  };

  it("an answer served at once opens the review window and the evaluation period from that service", () => {
    // Served Mon 1 June 09:00 local, recorded at 10:00 the same day: 30 days → Wed 1 July.
    const r = transition(snapshot(S.IN_HANDLING), answer(at("2026-06-01T01:00:00Z")), NOW, calc);
    expect(r.open.map((d) => [d.kind, iso(d.startedAt), iso(d.dueAt)])).toEqual([
      [K.REVIEW_REQUEST_WINDOW, "2026-06-01T01:00:00.000Z", iso(endOf("2026-07-01"))],
      [K.EVALUATION, "2026-06-01T01:00:00.000Z", iso(endOf("2026-07-01"))],
    ]);
    expect(r.patch).toEqual({ decidedAt: NOW, deliveredAt: at("2026-06-01T01:00:00Z") });
  });

  it.each([
    ["dated 2020 (a window born lapsed)", at("2020-01-01T02:00:00Z")],
    ["dated the local day before the decision (23:59:59.999 on Sun 31 May)", endOf("2026-05-31")],
  ])("an answer served %s is refused with BAD_USER_INPUT on deliveredAt", (_name, deliveredAt) => {
    const e = issueOf(() => transition(snapshot(S.IN_HANDLING), answer(deliveredAt), NOW, calc));
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", details: { issues: [{ path: "deliveredAt", message: "must not be before the day of the decision" }] } });
  });

  it.each([
    ["dated 2099 (a window open for decades)", at("2099-01-01T02:00:00Z")],
    ["1 ms in the future", new Date(NOW.getTime() + 1)],
  ])("an answer served %s is refused with BAD_USER_INPUT on deliveredAt", (_name, deliveredAt) => {
    const e = issueOf(() => transition(snapshot(S.IN_HANDLING), answer(deliveredAt), NOW, calc));
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", details: { issues: [{ path: "deliveredAt", message: "must not be after now" }] } });
  });

  it("service at local midnight of the decision's day and at the decision's instant are both accepted", () => {
    expect(transition(snapshot(S.IN_HANDLING), answer(at("2026-05-31T16:00:00Z")), NOW, calc).to).toBe(S.ANSWERED);
    expect(transition(snapshot(S.IN_HANDLING), answer(NOW), NOW, calc).to).toBe(S.ANSWERED);
  });

  it("an answer without service opens nothing; RECORD_DELIVERY later opens the window from the recorded service", () => {
    const answered = apply(snapshot(S.IN_HANDLING), transition(snapshot(S.IN_HANDLING), answer(), NOW, calc));
    expect([answered.deliveredAt, answered.openDeadlines]).toEqual([null, []]);
    // The receipt of a registered letter comes back on Fri 12 June, stating service on Thu 4 June.
    const r = transition(answered, { type: "RECORD_DELIVERY", deliveredAt: at("2026-06-04T03:00:00Z"), method: "EMS" }, at("2026-06-12T02:00:00Z"), calc);
    expect(r.to).toBe(S.ANSWERED);
    // 4 June + 30 days = Sat 4 July → Mon 6 July.
    expect(r.open.map((d) => [d.kind, iso(d.dueAt)])).toEqual([
      [K.REVIEW_REQUEST_WINDOW, iso(endOf("2026-07-06"))],
      [K.EVALUATION, iso(endOf("2026-07-06"))],
    ]);
    const served = apply(answered, r);
    expect(codeOf(() => transition(served, { type: "RECORD_DELIVERY", deliveredAt: at("2026-06-05T03:00:00Z") }, at("2026-06-12T02:00:00Z"), calc))).toBe("INVALID_TRANSITION");
  });

  it.each([
    ["before the decision's day", endOf("2026-05-31"), "deliveredAt"],
    ["in the future", new Date(NOW.getTime() + 1), "deliveredAt"],
  ])("RECORD_DELIVERY %s is refused (BAD_USER_INPUT)", (_name, deliveredAt, path) => {
    const pending = snapshot(S.ANSWERED, { decidedAt: NOW, deliveredAt: null, openDeadlines: [] });
    const e = issueOf(() => transition(pending, { type: "RECORD_DELIVERY", deliveredAt }, NOW, calc));
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", details: { issues: [{ path }] } });
  });

  it("review and 复核 opinions record their service too; only the review opinion opens a window", () => {
    const review = transition(snapshot(S.REVIEW_REQUESTED), { type: "ISSUE_REVIEW", outcome: AnswerOutcome.EXPLAIN, deliveredAt: NOW }, NOW, calc);
    expect(review.open.map((d) => [d.kind, iso(d.dueAt)])).toEqual([[K.REREVIEW_REQUEST_WINDOW, iso(THIRTY_DAYS)]]);
    expect(codeOf(() => transition(snapshot(S.REVIEW_REQUESTED), { type: "ISSUE_REVIEW", outcome: AnswerOutcome.EXPLAIN, deliveredAt: at("2020-01-01T00:00:00Z") }, NOW, calc))).toBe("BAD_USER_INPUT");
    const rr = transition(snapshot(S.REREVIEW_REQUESTED), { type: "ISSUE_REREVIEW", outcome: AnswerOutcome.EXPLAIN, deliveredAt: NOW }, NOW, calc);
    expect([rr.open, rr.patch]).toEqual([[], { decidedAt: NOW, deliveredAt: NOW }]);
    expect(codeOf(() => transition(snapshot(S.REREVIEW_REQUESTED), { type: "ISSUE_REREVIEW", outcome: AnswerOutcome.EXPLAIN, deliveredAt: at("2099-01-01T00:00:00Z") }, NOW, calc))).toBe("BAD_USER_INPUT");
  });

  it.each([Category.SUGGESTION, Category.ACCUSATION])("an answer to a %s opens no review window (Art. 35 covers appeal/request opinions), only the evaluation period", (category) => {
    const r = transition(snapshot(S.IN_HANDLING, { category }), answer(NOW), NOW, calc);
    expect(r.open.map((d) => d.kind)).toEqual([K.EVALUATION]);
  });

  it("policy: review windows for every category, and a mediation that does not end the matter", () => {
    const open = new DeadlineCalculator({ ...DEFAULT_CLOCK_POLICY, reviewWindowCategories: Object.values(Category), mediationEndsMatter: false }, new WorkCalendar());
    expect(transition(snapshot(S.IN_HANDLING, { category: Category.SUGGESTION }), answer(NOW), NOW, open).open.map((d) => d.kind)).toEqual([K.REVIEW_REQUEST_WINDOW, K.EVALUATION]);
    const m = transition(snapshot(S.IN_HANDLING), validEvent("MEDIATE"), NOW, open);
    expect(m.open.map((d) => [d.kind, iso(d.dueAt)])).toEqual([[K.REVIEW_REQUEST_WINDOW, iso(THIRTY_DAYS)], [K.EVALUATION, iso(THIRTY_DAYS)]]);
    expect(m.legalBasis).toBe("信访工作条例 第33条 调解");
  });
});

describe("receipt and registration (Arts. 22, 23)", () => {
  it("REGISTER counts the Art. 22 period from the item's receipt, not from its later registration", () => {
    // Received Tue 26 May 10:00 local, registered Mon 1 June: 26 May + 15 days = Wed 10 June.
    const r = transition(snapshot(S.RECEIVED, { receivedAt: STARTED }), { type: "REGISTER" }, NOW, calc);
    expect(r.open).toEqual([{ kind: K.ROUTING, startedAt: STARTED, dueAt: endOf("2026-06-10"), rule: "15 calendar days", basis: "信访工作条例 第22条" }]);
  });

  it("RECEIVE with a later receipt re-bases the Art. 23 clocks to it", () => {
    // Forwarded 26 May; the paper file reached the handler Mon 1 June: notice 15 days → Tue 16 June,
    // objection 5 working days → 2, 3, 4, 5, 8 June.
    const r = transition(snapshot(S.FORWARDED), { type: "RECEIVE", receivedAt: NOW }, at("2026-06-01T05:00:00Z"), calc);
    expect(r.shift).toEqual([
      { kind: K.ACCEPTANCE_NOTICE, startedAt: NOW, dueAt: endOf("2026-06-16"), reason: "counted from the handler's receipt" },
      { kind: K.OBJECTION_WINDOW, startedAt: NOW, dueAt: endOf("2026-06-08"), reason: "counted from the handler's receipt" },
    ]);
  });

  it.each([
    ["before the forwarding", new Date(STARTED.getTime() - 1)],
    ["in the future", new Date(NOW.getTime() + 1)],
  ])("RECEIVE with a receipt %s is refused (BAD_USER_INPUT)", (_name, receivedAt) => {
    expect(codeOf(() => transition(snapshot(S.FORWARDED), { type: "RECEIVE", receivedAt }, NOW, calc))).toBe("BAD_USER_INPUT");
  });

  it("an anonymous item (name or address unknown) has no Art. 23 written-notice clock, only the objection window", () => {
    const fwd = transition(snapshot(S.ROUTING, { anonymous: true }), validEvent("FORWARD"), NOW, calc);
    expect(fwd.open.map((d) => d.kind)).toEqual([K.OBJECTION_WINDOW]);
    const asg = transition(snapshot(S.ROUTING, { anonymous: true }), validEvent("ASSIGN"), NOW, calc);
    expect(asg.open.map((d) => d.kind)).toEqual([K.OBJECTION_WINDOW, K.ASSIGNED_RESULT]);
    const named = transition(snapshot(S.ROUTING, { anonymous: false }), validEvent("FORWARD"), NOW, calc);
    expect(named.open.map((d) => d.kind)).toEqual([K.ACCEPTANCE_NOTICE, K.OBJECTION_WINDOW]);
    const anonymousReceipt = snapshot(S.FORWARDED, { anonymous: true, openDeadlines: [{ kind: K.OBJECTION_WINDOW, startedAt: STARTED, dueAt: EXISTING.OBJECTION_WINDOW }] });
    expect(transition(anonymousReceipt, { type: "RECEIVE", receivedAt: NOW }, NOW, calc).shift.map((x) => x.kind)).toEqual([K.OBJECTION_WINDOW]);
  });
});

describe("evaluation (never the handler's own; EVAL_OVERDUE)", () => {
  it("cannot be recorded before the answer is served", () => {
    expect(codeOf(() => transition(snapshot(S.ANSWERED, { deliveredAt: null, openDeadlines: [] }), validEvent("EVALUATE"), NOW, calc))).toBe("INVALID_TRANSITION");
  });

  it("MARK_EVAL_OVERDUE waits for the evaluation period (end of 25 June) to run out", () => {
    expect(codeOf(() => transition(snapshot(S.ANSWERED), { type: "MARK_EVAL_OVERDUE" }, endOf("2026-06-25"), calc))).toBe("INVALID_TRANSITION");
    expect(transition(snapshot(S.ANSWERED), { type: "MARK_EVAL_OVERDUE" }, new Date(endOf("2026-06-25").getTime() + 1), calc).to).toBe(S.EVAL_OVERDUE);
    expect(codeOf(() => transition(snapshot(S.ANSWERED, { openDeadlines: [] }), { type: "MARK_EVAL_OVERDUE" }, AFTER_REVIEW_WINDOWS, calc))).toBe("INVALID_TRANSITION");
  });
});

describe("deadline states and suspended days", () => {
  const due = endOf("2026-06-25");
  const later = at("2026-07-01T02:00:00Z");
  it.each([
    ["an open duty met in time", "OPEN", "MET", NOW, null, "MET"],
    ["an open duty fulfilled late", "OPEN", "MET", later, null, "BREACHED"],
    ["an open window used late", "OPEN", "MET", later, null, "LAPSED"],
    ["a cancelled clock", "OPEN", "CANCELLED", later, null, "CANCELLED"],
    ["a breach already recorded", "BREACHED", "MET", NOW, null, "BREACHED"],
    ["a lapse already recorded", "LAPSED", "CANCELLED", NOW, null, "LAPSED"],
    ["a paused duty closed after its due date, paused before it", "PAUSED", "MET", later, NOW, "MET"],
    ["a paused duty that was paused after its due date", "PAUSED", "MET", later, at("2026-06-26T02:00:00Z"), "BREACHED"],
    ["a paused duty closed at the last instant before it was paused", "PAUSED", "MET", later, endOf("2026-06-25"), "MET"],
    ["an open duty ignores a stray pausedAt", "OPEN", "MET", later, NOW, "BREACHED"],
    ["an open duty fulfilled at its last instant", "OPEN", "MET", endOf("2026-06-25"), null, "MET"],
  ] as const)("closedState: %s", (name, current, outcome, now, pausedAt, expected) => {
    const nature = name.includes("window") ? "WINDOW" : "DUTY";
    expect(closedState(current, outcome, due, now, nature, pausedAt)).toBe(expected);
  });

  it("overdueState: a duty breaches, a window lapses", () => {
    expect([overdueState("DUTY"), overdueState("WINDOW")]).toEqual(["BREACHED", "LAPSED"]);
  });

  it("suspendedDays counts the local days touched, or only the working days among them", () => {
    // Fri 5 June 09:00 local → Mon 8 June 17:00 local.
    const from = at("2026-06-05T01:00:00Z");
    const to = at("2026-06-08T09:00:00Z");
    expect(calc.suspendedDays(from, to, "CALENDAR")).toBe(4);
    expect(calc.suspendedDays(from, to, "WORKING")).toBe(2);
    expect(calc.suspendedDays(from, from, "CALENDAR")).toBe(1);
  });

  it("shiftBy moves a due date on its own counting rule", () => {
    expect(calc.shiftBy(endOf("2026-06-25"), 3, "CALENDAR")).toEqual(endOf("2026-06-29")); // Sun 28 → Mon 29
    expect(calc.shiftBy(endOf("2026-06-25"), 3, "WORKING")).toEqual(endOf("2026-06-30")); // Fri 26, Mon 29, Tue 30
    expect(calc.shiftBy(at("2026-06-20T09:00:00Z"), 2, "FIXED")).toEqual(at("2026-06-22T09:00:00Z"));
  });
});

describe("who records service, evaluation and the overdue mark", () => {
  // Organisation 1 is the city bureau; 11 the handler, 10 its level above (reviewer), 2 the 复核 organ; 5 a county office.
  const who = (orgId: number, orgKind: OrgKind, roles: Role[], subject = `user-${orgId}`, orgLevel = OrgLevel.CITY): Principal => ({
    subject,
    orgId,
    orgCode: `O${orgId}`,
    orgKind,
    orgLevel,
    orgPath: [orgId],
    roles,
  });
  const facts = (state: S) => ({ handlerOrgId: 11, reviewerOrgId: 10, rereviewerOrgId: 2, state });
  const outcome = (p: Principal, event: PetitionEventType, state: S) => {
    try {
      return assertMayPerform(p, event, facts(state));
    } catch (e) {
      return `${(e as { code: string }).code}: ${(e as Error).message}`;
    }
  };
  const handler = who(11, OrgKind.DEPARTMENT, [Role.HANDLER]);
  const reviewer = who(10, OrgKind.GOVERNMENT, [Role.HANDLER]);
  const rereviewer = who(2, OrgKind.GOVERNMENT, [Role.HANDLER], "u2", OrgLevel.PROVINCE);
  const bureauOfficer = who(1, OrgKind.PETITION_BUREAU, [Role.CASE_OFFICER]);
  const registrar = who(1, OrgKind.PETITION_BUREAU, [Role.REGISTRAR]);
  const county = who(5, OrgKind.PETITION_OFFICE, [Role.CASE_OFFICER], "u5", OrgLevel.COUNTY);

  it("issuerOf: the reviewer serves a review opinion, the 复核 organ its opinion, the handler everything else", () => {
    expect([issuerOf(S.REVIEWED), issuerOf(S.REREVIEWED), issuerOf(S.ANSWERED), issuerOf(undefined)]).toEqual(["REVIEWER", "REREVIEWER", "HANDLER", "HANDLER"]);
  });

  it.each([
    [S.ANSWERED, "handler"],
    [S.REVIEWED, "reviewer"],
    [S.REREVIEWED, "rereviewer"],
  ] as const)("RECORD_DELIVERY in %s: only the %s that issued it, or the bureau's case officer on its behalf", (state, issuer) => {
    const parties = { handler, reviewer, rereviewer };
    for (const [name, p] of Object.entries(parties)) expect([name, outcome(p, "RECORD_DELIVERY", state)]).toEqual([name, name === issuer ? null : `FORBIDDEN: ${p.orgCode} may not RECORD_DELIVERY this petition`]);
    const onBehalf = { ANSWERED: 11, REVIEWED: 10, REREVIEWED: 2 }[state];
    expect(outcome(bureauOfficer, "RECORD_DELIVERY", state)).toBe(onBehalf);
    expect(outcome(registrar, "RECORD_DELIVERY", state)).toBe("FORBIDDEN: O1 may not RECORD_DELIVERY this petition");
    expect(outcome(county, "RECORD_DELIVERY", state)).toBe("FORBIDDEN: O5 may not RECORD_DELIVERY this petition");
  });

  it("EVALUATE: petition departments record it; the handler rated never, even when it is a petition office", () => {
    expect(outcome(registrar, "EVALUATE", S.ANSWERED)).toBeNull();
    expect(outcome(county, "EVALUATE", S.ANSWERED)).toBeNull();
    expect(outcome(handler, "EVALUATE", S.ANSWERED)).toBe("FORBIDDEN: O11 handled this petition and may not record its evaluation");
    expect(outcome(reviewer, "EVALUATE", S.ANSWERED)).toBe("FORBIDDEN: O10 may not EVALUATE this petition");
    const localHandler = who(11, OrgKind.PETITION_OFFICE, [Role.CASE_OFFICER], "u11", OrgLevel.COUNTY);
    expect(outcome(localHandler, "EVALUATE", S.ANSWERED)).toBe("FORBIDDEN: O11 handled this petition and may not record its evaluation");
  });

  it("MARK_EVAL_OVERDUE: only the hub's own system principal of the city bureau", () => {
    expect(outcome(who(1, OrgKind.PETITION_BUREAU, [Role.OPERATOR], "system:deadline-sweep"), "MARK_EVAL_OVERDUE", S.ANSWERED)).toBeNull();
    expect(outcome(bureauOfficer, "MARK_EVAL_OVERDUE", S.ANSWERED)).toBe("FORBIDDEN: MARK_EVAL_OVERDUE is recorded by the hub's deadline sweep only");
    expect(outcome(who(5, OrgKind.PETITION_OFFICE, [Role.OPERATOR], "system:x", OrgLevel.COUNTY), "MARK_EVAL_OVERDUE", S.ANSWERED)).toBe(
      "FORBIDDEN: MARK_EVAL_OVERDUE is recorded by the hub's deadline sweep only",
    );
  });

  it("RECEIVE: the handler acknowledges its own receipt", () => {
    expect(outcome(handler, "RECEIVE", S.FORWARDED)).toBeNull();
    expect(outcome(registrar, "RECEIVE", S.FORWARDED)).toBe("FORBIDDEN: O1 may not RECEIVE this petition");
    expect(outcome(bureauOfficer, "RECEIVE", S.FORWARDED)).toBe(11);
  });
});

describe("refusals name the rule they apply (message, path and event)", () => {
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      const d = e as { code: string; message: string; details: Record<string, unknown> };
      return { code: d.code, message: d.message, details: d.details };
    }
    throw new Error("expected the call to throw");
  };
  const bad = (message: string, path: string, issue: string) => ({ code: "BAD_USER_INPUT", message, details: { issues: [{ path, message: issue }] } });
  const invalid = (from: S, event: PetitionEventType, why: string) => ({ code: "INVALID_TRANSITION", message: `cannot ${event} a petition in state ${from}: ${why}`, details: { from, event } });
  const future = new Date(NOW.getTime() + 1);
  const unserved = (state: S) => snapshot(state, { deliveredAt: null, openDeadlines: [] });

  it.each([
    ["a review request received in the future", () => transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: future }, NOW, calc), bad("receivedAt is in the future", "receivedAt", "must not be after now")],
    ["a review request before the service", () => transition(snapshot(S.ANSWERED), { type: "REQUEST_REVIEW", receivedAt: new Date(STARTED.getTime() - 1) }, NOW, calc), bad("the request cannot predate the decision it contests", "receivedAt", "before the window opened")],
    ["a service in the future", () => transition(snapshot(S.IN_HANDLING), { type: "ANSWER", outcome: AnswerOutcome.SUPPORT, deliveredAt: future }, NOW, calc), bad("deliveredAt is in the future", "deliveredAt", "must not be after now")],
    ["a service before the decision's day", () => transition(snapshot(S.IN_HANDLING), { type: "ANSWER", outcome: AnswerOutcome.SUPPORT, deliveredAt: endOf("2026-05-31") }, NOW, calc), bad("deliveredAt is before the decision it serves", "deliveredAt", "must not be before the day of the decision")],
    ["an assignment due now", () => transition(snapshot(S.ROUTING), { type: "ASSIGN", toOrgId: 7, resultDueAt: NOW }, NOW, calc), bad("the result due date must be in the future", "resultDueAt", "must be after now")],
    ["a receipt before the forwarding", () => transition(snapshot(S.FORWARDED), { type: "RECEIVE", receivedAt: new Date(STARTED.getTime() - 1) }, NOW, calc), bad("the handler cannot receive an item before it was forwarded", "receivedAt", "before the forwarding")],
    ["a receipt in the future", () => transition(snapshot(S.FORWARDED), { type: "RECEIVE", receivedAt: future }, NOW, calc), bad("receivedAt is in the future", "receivedAt", "must not be after now")],
    ["an evaluation before service", () => transition(unserved(S.ANSWERED), validEvent("EVALUATE"), NOW, calc), invalid(S.ANSWERED, "EVALUATE", "the answer has not been served on the petitioner yet")],
    ["an overdue mark too early", () => transition(snapshot(S.ANSWERED), { type: "MARK_EVAL_OVERDUE" }, NOW, calc), invalid(S.ANSWERED, "MARK_EVAL_OVERDUE", "the evaluation period has not run out")],
    ["a second service record", () => transition(snapshot(S.ANSWERED), validEvent("RECORD_DELIVERY"), NOW, calc), invalid(S.ANSWERED, "RECORD_DELIVERY", "its service is already recorded")],
    ["termination before service", () => transition(unserved(S.REREVIEWED), { type: "TERMINATE" }, NOW, calc), invalid(S.REREVIEWED, "TERMINATE", "the decision has not been served on the petitioner yet")],
    ["termination inside the window", () => transition(snapshot(S.ANSWERED), { type: "TERMINATE" }, NOW, calc), invalid(S.ANSWERED, "TERMINATE", "the petitioner's REVIEW_REQUEST_WINDOW is still open")],
    ["termination inside the 复核 window", () => transition(snapshot(S.REVIEWED), { type: "TERMINATE" }, NOW, calc), invalid(S.REVIEWED, "TERMINATE", "the petitioner's REREVIEW_REQUEST_WINDOW is still open")],
    ["a review request without a window", () => transition(snapshot(S.MEDIATED), { type: "REQUEST_REVIEW" }, NOW, calc), invalid(S.MEDIATED, "REQUEST_REVIEW", "no open REVIEW_REQUEST_WINDOW")],
    ["a 复核 request without a window", () => transition(unserved(S.REVIEWED), { type: "REQUEST_REREVIEW" }, NOW, calc), invalid(S.REVIEWED, "REQUEST_REREVIEW", "no open REREVIEW_REQUEST_WINDOW")],
    ["an objection without a window", () => transition(snapshot(S.FORWARDED, { openDeadlines: [] }), validEvent("OBJECT"), NOW, calc), invalid(S.FORWARDED, "OBJECT", "no open OBJECTION_WINDOW")],
    ["a suggestion diverted", () => transition(snapshot(S.FORWARDED, { category: Category.SUGGESTION }), validEvent("DIVERT"), NOW, calc), invalid(S.FORWARDED, "DIVERT", "SUGGESTION cannot go to LITIGATION")],
    ["a second extension", () => transition(snapshot(S.IN_HANDLING, { extended: true }), validEvent("EXTEND"), NOW, calc), invalid(S.IN_HANDLING, "EXTEND", "the handling period may be extended only once")],
    ["an extension without a handling clock", () => transition(snapshot(S.IN_HANDLING, { openDeadlines: [] }), validEvent("EXTEND"), NOW, calc), invalid(S.IN_HANDLING, "EXTEND", "no open handling period")],
  ] as const)("%s", (_name, fn, expected) => {
    expect(errorOf(fn)).toEqual(expected);
  });

  it("an extension wrong in every way lists every issue", () => {
    const e = errorOf(() => transition(snapshot(S.IN_HANDLING), { type: "EXTEND", days: 0, approver: " ", reason: "  ", petitionerNotified: false }, NOW, calc));
    expect(e).toEqual({
      code: "BAD_USER_INPUT",
      message: "invalid extension",
      details: {
        issues: [
          { path: "days", message: "must be a whole number from 1 to 30" },
          { path: "approver", message: "the head who approved is required" },
          { path: "reason", message: "required" },
          { path: "petitionerNotified", message: "the petitioner must be told the reason" },
        ],
      },
    });
  });

  it("a receipt at the very instant of the forwarding is accepted", () => {
    expect(transition(snapshot(S.FORWARDED), { type: "RECEIVE", receivedAt: STARTED }, NOW, calc).shift.map((x) => iso(x.startedAt!))).toEqual([iso(STARTED), iso(STARTED)]);
  });

  it("every result lists exactly the clocks it changes (no stray entries)", () => {
    for (const l of LEGAL) {
      const r = transition(snapshot(l.from, l.snap), validEvent(l.event), l.now ?? NOW, calc);
      expect([l.from, l.event, r.close.length, r.open.length, r.shift.length]).toEqual([
        l.from,
        l.event,
        Object.keys(l.close ?? {}).length,
        Object.keys(l.open ?? {}).length,
        Object.keys(l.shift ?? {}).length,
      ]);
    }
  });
});

describe("suspension alongside other clock changes", () => {
  const withRules = (rules: Partial<typeof DEFAULT_CLOCK_POLICY.rules>) => new DeadlineCalculator({ ...DEFAULT_CLOCK_POLICY, rules: { ...DEFAULT_CLOCK_POLICY.rules, ...rules } }, new WorkCalendar());

  it("a clock closed by the move is not also paused", () => {
    const c = withRules({ REVIEW_REQUEST_WINDOW: { ...DEFAULT_CLOCK_POLICY.rules.REVIEW_REQUEST_WINDOW, suspendedIn: [S.REVIEW_REQUESTED] } });
    const r = transition(snapshot(S.EVALUATED), { type: "REQUEST_REVIEW" }, NOW, c);
    expect([r.close, r.pause]).toEqual([[{ kind: K.REVIEW_REQUEST_WINDOW, outcome: "MET" }], []]);
  });

  it("a clock left open pauses even when the same move closes others", () => {
    // ACCEPT from ASSIGNED closes the Art. 23 clocks and leaves the organ's result date running (here: suspended).
    const c = withRules({ ASSIGNED_RESULT: { ...DEFAULT_CLOCK_POLICY.rules.ASSIGNED_RESULT, suspendedIn: [S.ACCEPTED] } });
    const r = transition(snapshot(S.ASSIGNED), { type: "ACCEPT" }, NOW, c);
    expect(r.pause).toEqual([{ kind: K.ASSIGNED_RESULT, at: NOW }]);
  });

  it("a clock shifted and resumed by one move is resumed from its shifted due date", () => {
    // HANDLING paused Sat 30 May → resumed Mon 1 June by the extension: 3 local days. Extended due Wed 26 Aug
    // + 3 days = Sat 29 Aug → Mon 31 Aug.
    const c = withRules({ HANDLING: { ...DEFAULT_CLOCK_POLICY.rules.HANDLING, suspendedIn: [S.IN_HANDLING] } });
    const paused = snapshot(S.IN_HANDLING, { openDeadlines: [{ kind: K.HANDLING, startedAt: STARTED, dueAt: EXISTING.HANDLING, state: "PAUSED", pausedAt: at("2026-05-30T02:00:00Z") }] });
    const r = transition(paused, validEvent("EXTEND"), NOW, c);
    expect(r.shift.map((x) => [x.kind, iso(x.dueAt)])).toEqual([[K.HANDLING, iso(EXTENDED_DUE)]]);
    expect(r.resume).toEqual([{ kind: K.HANDLING, dueAt: endOf("2026-08-31"), days: 3, reason: "time in IN_HANDLING excluded (3 days)" }]);
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
      // Answered in writing and handed over the same day; the review window and the evaluation period run from it.
      [{ type: "ANSWER", outcome: AnswerOutcome.SUPPORT, deliveredAt: at("2026-08-10T02:00:00Z") }, at("2026-08-10T02:00:00Z"), S.ANSWERED, [K.REVIEW_REQUEST_WINDOW, K.EVALUATION]],
      [{ type: "REQUEST_REVIEW" }, at("2026-08-20T02:00:00Z"), S.REVIEW_REQUESTED, [K.REVIEW_OPINION]],
      // The review opinion is mailed; the window waits for the receipt, recorded three days later.
      [validEvent("ISSUE_REVIEW"), at("2026-09-10T02:00:00Z"), S.REVIEWED, []],
      [{ type: "RECORD_DELIVERY", deliveredAt: at("2026-09-10T02:00:00Z") }, at("2026-09-13T02:00:00Z"), S.REVIEWED, [K.REREVIEW_REQUEST_WINDOW]],
      [{ type: "REQUEST_REREVIEW" }, at("2026-09-15T02:00:00Z"), S.REREVIEW_REQUESTED, [K.REREVIEW_OPINION]],
      [{ type: "START_HEARING" }, at("2026-09-21T02:00:00Z"), S.HEARING, [K.REREVIEW_OPINION]],
      [{ type: "END_HEARING" }, at("2026-09-22T02:00:00Z"), S.REREVIEW_REQUESTED, [K.REREVIEW_OPINION]],
      [{ type: "ISSUE_REREVIEW", outcome: AnswerOutcome.NOT_SUPPORT, deliveredAt: at("2026-10-12T02:00:00Z") }, at("2026-10-12T02:00:00Z"), S.REREVIEWED, []],
      [{ type: "TERMINATE" }, at("2026-10-12T03:00:00Z"), S.TERMINATED, []],
    ];
    let snap = snapshot(S.RECEIVED);
    const due: Partial<Record<K, string>> = {};
    for (const [event, now, to, open] of steps) {
      snap = apply(snap, transition(snap, event, now, calc));
      expect([snap.state, sortedKinds(snap.openDeadlines)]).toEqual([to, [...open].sort()]);
      for (const d of snap.openDeadlines) due[d.kind] = iso(d.dueAt);
      // The 复核 clock is suspended exactly while the hearing lasts.
      const rr = snap.openDeadlines.find((d) => d.kind === K.REREVIEW_OPINION);
      if (rr) expect(rr.state === "PAUSED").toBe(snap.state === S.HEARING);
    }
    expect(due).toEqual({
      [K.ROUTING]: iso(endOf("2026-06-16")),
      [K.ACCEPTANCE_NOTICE]: iso(endOf("2026-06-17")),
      [K.OBJECTION_WINDOW]: iso(endOf("2026-06-09")),
      // 3 June + 60 days = Sun 2 Aug → Mon 3 Aug; extended by 30 days → Wed 2 Sep.
      [K.HANDLING]: iso(endOf("2026-09-02")),
      [K.REVIEW_REQUEST_WINDOW]: iso(endOf("2026-09-09")),
      [K.EVALUATION]: iso(endOf("2026-09-09")), // 10 Aug + 30 days, like the review window
      [K.REVIEW_OPINION]: iso(endOf("2026-09-20")), // Sat 19 Sep → Sun 20 Sep, a make-up working day
      // From the recorded service on 10 Sep (not the record of it on 13 Sep): 10 Oct, a make-up working Saturday: no roll.
      [K.REREVIEW_REQUEST_WINDOW]: iso(endOf("2026-10-10")),
      // 15 Sep + 30 days = Thu 15 Oct; the two-day hearing (21–22 Sep) is excluded → Sat 17 Oct → Mon 19 Oct.
      [K.REREVIEW_OPINION]: iso(endOf("2026-10-19")),
    });
  });
});
