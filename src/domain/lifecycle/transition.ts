import { DeadlineCalculator } from "../deadlines/deadline-calculator";
import { DeadlineKind } from "../deadlines/clock-policy";
import type { DeadlineState } from "../deadlines/deadline-state";
import { BadInputError, DeadlinePassedError, InvalidTransitionError } from "../errors";
import { Category, DiversionRoute, PetitionState as S } from "../petition-terms";
import { PetitionEvent, PetitionEventType } from "./petition-events";

/** An open clock as the state machine sees it. */
export interface OpenDeadline {
  kind: DeadlineKind;
  startedAt: Date;
  dueAt: Date;
  /** OPEN when absent. PAUSED while the law suspends it; BREACHED / LAPSED once the sweep found it overdue. */
  state?: DeadlineState;
  /** When a PAUSED clock stopped running. */
  pausedAt?: Date | null;
}

/** What the machine needs to know about a petition; loaded by the command, never from the database here. */
export interface PetitionSnapshot {
  state: S;
  category: Category;
  /** Art. 34 allows one extension only. */
  extended: boolean;
  /** State to return to when a hearing ends. */
  hearingReturnState: S | null;
  hearingStartedAt: Date | null;
  openDeadlines: OpenDeadline[];
  /** Art. 23: the written-notice periods do not apply when the petitioner's name or address is unknown. */
  anonymous?: boolean;
  /** When the item was received (Art. 22 counts the forwarding period from receipt, even if registered later). */
  receivedAt?: Date;
  /** When the last decision to be served (answer, mediation, review or 复核 opinion) was made. */
  decidedAt?: Date | null;
  /** When that decision was served on the petitioner; null while service is pending. Windows run from here. */
  deliveredAt?: Date | null;
  /**
   * Art. 36: the item is confirmed to be on a matter whose 复核 is complete or whose review window lapsed
   * (src/domain/matters/matter-bar.ts); ACCEPT then records the decision NOT_ACCEPTED ("不再受理") instead.
   */
  noLongerAccepted?: boolean;
}

export interface DeadlineOpening {
  kind: DeadlineKind;
  startedAt: Date;
  dueAt: Date;
  rule: string;
  basis: string;
}

export interface DeadlineClosing {
  kind: DeadlineKind;
  /** MET: fulfilled (late fulfilment is recorded as BREACHED by the command); CANCELLED: no longer applies. */
  outcome: "MET" | "CANCELLED";
}

export interface DeadlineShift {
  kind: DeadlineKind;
  dueAt: Date;
  reason: string;
  /** A clock re-based on a later start (the handler's recorded receipt) also moves its start. */
  startedAt?: Date;
}

/** A clock the law suspends from `at` (it becomes PAUSED). */
export interface DeadlinePause {
  kind: DeadlineKind;
  at: Date;
}

/** A PAUSED clock running again, moved later by exactly the suspended days on its counting rule. */
export interface DeadlineResume {
  kind: DeadlineKind;
  dueAt: Date;
  days: number;
  reason: string;
}

/** A fact to publish through the outbox. */
export interface DomainEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface TransitionResult {
  from: S;
  to: S;
  legalBasis: string;
  open: DeadlineOpening[];
  close: DeadlineClosing[];
  shift: DeadlineShift[];
  pause: DeadlinePause[];
  resume: DeadlineResume[];
  /** Changes to the snapshot fields other than state and deadlines. */
  patch: Partial<Pick<PetitionSnapshot, "extended" | "hearingReturnState" | "hearingStartedAt" | "decidedAt" | "deliveredAt">> & {
    handlerOrgId?: number | null;
  };
  events: DomainEvent[];
}

type Step = (snap: PetitionSnapshot, ev: never, now: Date, calc: DeadlineCalculator) => Partial<TransitionResult> & { to: S };

/** With the handler: forwarded or assigned, receipt acknowledged or not (a decision implies receipt). */
const ROUTED = [S.FORWARDED, S.ASSIGNED, S.RECEIVED_BY_HANDLER];
const HANDLING = [S.IN_HANDLING, S.EXTENDED];
/** A handling opinion or mediation agreement stands; the petitioner may evaluate it or (where the law gives one) use the window. */
const ANSWERED_LIKE = [S.ANSWERED, S.MEDIATED, S.EVALUATED, S.EVAL_OVERDUE];

function opening(calc: DeadlineCalculator, kind: DeadlineKind, from: Date): DeadlineOpening {
  const rule = calc.policy.rules[kind];
  return { kind, startedAt: from, dueAt: calc.dueAt(kind, from), rule: `${rule.days} ${rule.counting.toLowerCase()} days`, basis: rule.basis };
}

function openOf(snap: PetitionSnapshot, kind: DeadlineKind): OpenDeadline | undefined {
  return snap.openDeadlines.find((d) => d.kind === kind);
}

/** Closes whichever of `kinds` are open. */
function closing(snap: PetitionSnapshot, outcome: "MET" | "CANCELLED", ...kinds: DeadlineKind[]): DeadlineClosing[] {
  return kinds.filter((k) => openOf(snap, k)).map((kind) => ({ kind, outcome }));
}

/** A petitioner's window must still be open at the time of the request. */
function requireWindow(snap: PetitionSnapshot, kind: DeadlineKind, at: Date, ev: PetitionEventType): void {
  const w = openOf(snap, kind);
  if (!w) throw new InvalidTransitionError(snap.state, ev, `no open ${kind}`);
  if (at < w.startedAt) throw new BadInputError("the request cannot predate the decision it contests", [{ path: "receivedAt", message: "before the window opened" }]);
  if (at > w.dueAt) throw new DeadlinePassedError(kind, w.dueAt);
}

/** A receipt time supplied by the caller may be in the past (a letter logged late) but not in the future. */
function notFuture(at: Date | undefined, now: Date): Date {
  if (at && at > now) throw new BadInputError("receivedAt is in the future", [{ path: "receivedAt", message: "must not be after now" }]);
  return at ?? now;
}

/**
 * Validates the recorded service of a decision on the petitioner: not in the future, and not before the decision.
 * Compared by local day: the windows count from the day of service (the first day not counted), so a service time
 * earlier on the decision's own day changes no due date, while a service dated before that day would shorten them.
 */
function serviceAt(at: Date, decidedAt: Date, now: Date, calc: DeadlineCalculator): Date {
  if (at > now) throw new BadInputError("deliveredAt is in the future", [{ path: "deliveredAt", message: "must not be after now" }]);
  if (calc.calendar.localDate(at) < calc.calendar.localDate(decidedAt))
    throw new BadInputError("deliveredAt is before the decision it serves", [{ path: "deliveredAt", message: "must not be before the day of the decision" }]);
  return at;
}

/** Whether written opinions on this category open the petitioner's review windows (Arts. 35, 36; policy). */
const hasReviewWindows = (s: PetitionSnapshot, calc: DeadlineCalculator) => calc.policy.reviewWindowCategories.includes(s.category);

/**
 * What serving a decision opens, from the moment of service: the petitioner's review window where the law gives one
 * (`window`, for an eligible category), and the evaluation period after an answer or mediation.
 */
function servedOpenings(s: PetitionSnapshot, calc: DeadlineCalculator, at: Date, window: DeadlineKind | null, evaluation: boolean): DeadlineOpening[] {
  const open: DeadlineOpening[] = [];
  if (window && hasReviewWindows(s, calc)) open.push(opening(calc, window, at));
  if (evaluation) open.push(opening(calc, DeadlineKind.EVALUATION, at));
  return open;
}

/** A decision recorded now; served now too when `deliveredAt` is given (validated), else service is pending. */
function decide(s: PetitionSnapshot, calc: DeadlineCalculator, now: Date, deliveredAt: Date | undefined, window: DeadlineKind | null, evaluation: boolean) {
  const served = deliveredAt ? serviceAt(deliveredAt, now, now, calc) : null;
  return {
    open: served ? servedOpenings(s, calc, served, window, evaluation) : [],
    patch: { decidedAt: now, deliveredAt: served },
  };
}

/** The window a served decision in `state` opens, and whether it opens the evaluation period. */
function servedBy(state: S): { window: DeadlineKind | null; evaluation: boolean } {
  if (state === S.ANSWERED) return { window: DeadlineKind.REVIEW_REQUEST_WINDOW, evaluation: true };
  if (state === S.REVIEWED) return { window: DeadlineKind.REREVIEW_REQUEST_WINDOW, evaluation: false };
  // Stryker disable next-line ObjectLiteral: equivalent, absent fields are falsy like null and false, so service opens nothing either way
  return { window: null, evaluation: false };
}

/** True when the window is absent or has run out at `now`. */
function windowOver(snap: PetitionSnapshot, kind: DeadlineKind, now: Date): boolean {
  const w = openOf(snap, kind);
  return !w || now > w.dueAt;
}

/** Opens the handler's acceptance and objection clocks on receipt (Art. 23). */
function handlerReceipt(snap: PetitionSnapshot, now: Date, calc: DeadlineCalculator) {
  const notice = snap.anonymous ? [] : [opening(calc, DeadlineKind.ACCEPTANCE_NOTICE, now)];
  return {
    open: [...notice, opening(calc, DeadlineKind.OBJECTION_WINDOW, now)],
    close: closing(snap, "MET", DeadlineKind.ROUTING),
  };
}

/** Closes the handler-side clocks when the handler decides on acceptance. */
function handlerDecision(snap: PetitionSnapshot): DeadlineClosing[] {
  return [...closing(snap, "MET", DeadlineKind.ACCEPTANCE_NOTICE), ...closing(snap, "CANCELLED", DeadlineKind.OBJECTION_WINDOW)];
}

const closeHandling = (snap: PetitionSnapshot) => closing(snap, "MET", DeadlineKind.HANDLING, DeadlineKind.ASSIGNED_RESULT);

/**
 * The transition table: for each event, the states it may start from and what it does.
 * Missing (state, event) pairs are illegal.
 */
const TABLE: { [E in PetitionEventType]: { from: readonly S[]; basis: string; step: Step } } = {
  // Art. 22 counts from receipt: an item registered days after it arrived keeps its clock from arrival.
  REGISTER: { from: [S.RECEIVED], basis: "第17条、第22条", step: (s, _e, now, calc) => ({ to: S.REGISTERED, open: [opening(calc, DeadlineKind.ROUTING, s.receivedAt ?? now)] }) },
  START_ROUTING: { from: [S.REGISTERED], basis: "第22条", step: () => ({ to: S.ROUTING }) },
  FORWARD: {
    from: [S.REGISTERED, S.ROUTING],
    basis: "第22条 转送",
    step: (s, e: Extract<PetitionEvent, { type: "FORWARD" }>, now, calc) => ({ to: S.FORWARDED, ...handlerReceipt(s, now, calc), patch: { handlerOrgId: e.toOrgId } }),
  },
  ASSIGN: {
    from: [S.REGISTERED, S.ROUTING],
    basis: "第22条 交办",
    step: (s, e: Extract<PetitionEvent, { type: "ASSIGN" }>, now, calc) => {
      if (e.resultDueAt <= now) throw new BadInputError("the result due date must be in the future", [{ path: "resultDueAt", message: "must be after now" }]);
      const r = handlerReceipt(s, now, calc);
      const rule = calc.policy.rules.ASSIGNED_RESULT;
      return {
        to: S.ASSIGNED,
        ...r,
        open: [...r.open, { kind: DeadlineKind.ASSIGNED_RESULT, startedAt: now, dueAt: e.resultDueAt, rule: "set by the assigning organ", basis: rule.basis }],
        patch: { handlerOrgId: e.toOrgId },
      };
    },
  },
  RECEIVE: {
    from: [S.FORWARDED, S.ASSIGNED],
    basis: "第23条 收到",
    step: (s, e: Extract<PetitionEvent, { type: "RECEIVE" }>, now, calc) => {
      // Electronic forwarding reaches the handler at once, so the Art. 23 clocks already run from the forwarding;
      // a later receipt (a paper file by post) is recorded with its time and re-bases them to it.
      if (!e.receivedAt) return { to: S.RECEIVED_BY_HANDLER };
      const at = notFuture(e.receivedAt, now);
      const kinds = [DeadlineKind.ACCEPTANCE_NOTICE, DeadlineKind.OBJECTION_WINDOW];
      const forwardedAt = kinds.map((k) => openOf(s, k)?.startedAt).find((d) => d);
      if (forwardedAt && at < forwardedAt)
        throw new BadInputError("the handler cannot receive an item before it was forwarded", [{ path: "receivedAt", message: "before the forwarding" }]);
      return {
        to: S.RECEIVED_BY_HANDLER,
        shift: kinds.filter((k) => openOf(s, k)).map((kind) => ({ kind, startedAt: at, dueAt: calc.dueAt(kind, at), reason: "counted from the handler's receipt" })),
      };
    },
  },
  OBJECT: {
    from: ROUTED,
    basis: "第23条 异议",
    step: (s, _e, now, calc) => {
      requireWindow(s, DeadlineKind.OBJECTION_WINDOW, now, "OBJECT");
      return {
        to: S.OBJECTED,
        close: [
          ...closing(s, "MET", DeadlineKind.OBJECTION_WINDOW),
          ...closing(s, "CANCELLED", DeadlineKind.ACCEPTANCE_NOTICE, DeadlineKind.ASSIGNED_RESULT),
        ],
        // Re-routing is the bureau's duty again; default: a fresh Art. 22 period from the objection.
        open: [opening(calc, DeadlineKind.ROUTING, now)],
        patch: { handlerOrgId: null },
      };
    },
  },
  REROUTE: { from: [S.OBJECTED], basis: "第23条", step: () => ({ to: S.ROUTING }) },
  ACCEPT: {
    from: ROUTED,
    basis: "第23条 受理告知",
    step: (s, _e, now, calc) =>
      s.noLongerAccepted
        ? { to: S.NOT_ACCEPTED, legalBasis: "第36条 不再受理", close: [...handlerDecision(s), ...closing(s, "CANCELLED", DeadlineKind.ASSIGNED_RESULT)] }
        : {
            to: S.ACCEPTED,
            close: handlerDecision(s),
            open: calc.policy.handlingClockCategories.includes(s.category) ? [opening(calc, DeadlineKind.HANDLING, now)] : [],
          },
  },
  NOT_ACCEPT: {
    from: ROUTED,
    basis: "第23条 不予受理",
    step: (s) => ({ to: S.NOT_ACCEPTED, close: [...handlerDecision(s), ...closing(s, "CANCELLED", DeadlineKind.ASSIGNED_RESULT)] }),
  },
  DIVERT: {
    from: ROUTED,
    basis: "第31条 诉访分离",
    step: (s, e: Extract<PetitionEvent, { type: "DIVERT" }>) => {
      if (s.category === Category.ACCUSATION ? e.route !== DiversionRoute.DISCIPLINE_INSPECTION : s.category !== Category.APPEAL_REQUEST)
        throw new InvalidTransitionError(s.state, "DIVERT", `${s.category} cannot go to ${e.route}`);
      return { to: S.DIVERTED, close: [...handlerDecision(s), ...closing(s, "CANCELLED", DeadlineKind.ASSIGNED_RESULT)] };
    },
  },
  START_HANDLING: { from: [S.ACCEPTED], basis: "第32条", step: () => ({ to: S.IN_HANDLING }) },
  EXTEND: {
    from: [S.IN_HANDLING],
    basis: "第34条 延期",
    step: (s, e: Extract<PetitionEvent, { type: "EXTEND" }>, now, calc) => {
      if (s.extended) throw new InvalidTransitionError(s.state, "EXTEND", "the handling period may be extended only once");
      const h = openOf(s, DeadlineKind.HANDLING);
      if (!h) throw new InvalidTransitionError(s.state, "EXTEND", "no open handling period");
      if (now > h.dueAt) throw new DeadlinePassedError(DeadlineKind.HANDLING, h.dueAt);
      const issues = [];
      if (!Number.isInteger(e.days) || e.days < 1 || e.days > calc.policy.maxExtensionDays)
        issues.push({ path: "days", message: `must be a whole number from 1 to ${calc.policy.maxExtensionDays}` });
      if (!e.approver.trim()) issues.push({ path: "approver", message: "the head who approved is required" });
      if (!e.reason.trim()) issues.push({ path: "reason", message: "required" });
      if (!e.petitionerNotified) issues.push({ path: "petitionerNotified", message: "the petitioner must be told the reason" });
      if (issues.length) throw new BadInputError("invalid extension", issues);
      return {
        to: S.EXTENDED,
        shift: [{ kind: DeadlineKind.HANDLING, dueAt: calc.shift(h.dueAt, e.days), reason: `extended ${e.days} days, approved by ${e.approver}` }],
        patch: { extended: true },
      };
    },
  },
  START_HEARING: {
    from: [S.IN_HANDLING, S.EXTENDED, S.REREVIEW_REQUESTED],
    basis: "第34条、第36条 听证",
    step: (s, _e, now) => ({ to: S.HEARING, patch: { hearingReturnState: s.state, hearingStartedAt: now } }),
  },
  // Suspended clocks (Art. 36: hearing time in 复核) pause and resume in transition() by the policy, not here.
  END_HEARING: {
    from: [S.HEARING],
    basis: "第36条 听证时间不计入",
    step: (s) => ({ to: s.hearingReturnState ?? S.IN_HANDLING, patch: { hearingReturnState: null, hearingStartedAt: null } }),
  },
  MEDIATE: {
    from: HANDLING,
    basis: "第33条 调解",
    // The agreement is signed by the petitioner, so it is served when made. Shandong Art. 46(1): it ends the matter.
    step: (s, _e, now, calc) => ({
      to: S.MEDIATED,
      close: closeHandling(s),
      open: servedOpenings(s, calc, now, calc.policy.mediationEndsMatter ? null : DeadlineKind.REVIEW_REQUEST_WINDOW, true),
      patch: { decidedAt: now, deliveredAt: now },
      ...(calc.policy.mediationEndsMatter ? { legalBasis: "第33条 调解；山东省信访条例 第46条第1项 调解协议 终结" } : {}),
    }),
  },
  ANSWER: {
    from: HANDLING,
    basis: "第32条 书面答复",
    step: (s, e: Extract<PetitionEvent, { type: "ANSWER" }>, now, calc) => {
      const d = decide(s, calc, now, e.deliveredAt, DeadlineKind.REVIEW_REQUEST_WINDOW, true);
      return { to: S.ANSWERED, close: closeHandling(s), ...d };
    },
  },
  EVALUATE: {
    from: [S.ANSWERED, S.MEDIATED, S.EVAL_OVERDUE],
    basis: "满意度评价",
    step: (s) => {
      if (!s.deliveredAt) throw new InvalidTransitionError(s.state, "EVALUATE", "the answer has not been served on the petitioner yet");
      return { to: S.EVALUATED, close: closing(s, "MET", DeadlineKind.EVALUATION) };
    },
  },
  MARK_EVAL_OVERDUE: {
    from: [S.ANSWERED, S.MEDIATED],
    basis: "满意度评价 逾期",
    step: (s, _e, now) => {
      if (!openOf(s, DeadlineKind.EVALUATION) || !windowOver(s, DeadlineKind.EVALUATION, now))
        throw new InvalidTransitionError(s.state, "MARK_EVAL_OVERDUE", "the evaluation period has not run out");
      return { to: S.EVAL_OVERDUE, close: closing(s, "CANCELLED", DeadlineKind.EVALUATION) };
    },
  },
  RECORD_DELIVERY: {
    from: [S.ANSWERED, S.REVIEWED, S.REREVIEWED],
    basis: "送达 (第35条、第36条 自收到之日起)",
    step: (s, e: Extract<PetitionEvent, { type: "RECORD_DELIVERY" }>, now, calc) => {
      if (s.deliveredAt) throw new InvalidTransitionError(s.state, "RECORD_DELIVERY", "its service is already recorded");
      const at = serviceAt(e.deliveredAt, s.decidedAt ?? now, now, calc);
      const { window, evaluation } = servedBy(s.state);
      return { to: s.state, open: servedOpenings(s, calc, at, window, evaluation), patch: { deliveredAt: at } };
    },
  },
  REQUEST_REVIEW: {
    from: ANSWERED_LIKE,
    basis: "第35条 复查",
    step: (s, e: Extract<PetitionEvent, { type: "REQUEST_REVIEW" }>, now, calc) => {
      const at = notFuture(e.receivedAt, now);
      requireWindow(s, DeadlineKind.REVIEW_REQUEST_WINDOW, at, "REQUEST_REVIEW");
      // Asking for review is the petitioner's answer to the opinion: no evaluation is awaited any more.
      return {
        to: S.REVIEW_REQUESTED,
        close: [...closing(s, "MET", DeadlineKind.REVIEW_REQUEST_WINDOW), ...closing(s, "CANCELLED", DeadlineKind.EVALUATION)],
        open: [opening(calc, DeadlineKind.REVIEW_OPINION, at)],
      };
    },
  },
  ISSUE_REVIEW: {
    from: [S.REVIEW_REQUESTED],
    basis: "第35条 复查意见",
    step: (s, e: Extract<PetitionEvent, { type: "ISSUE_REVIEW" }>, now, calc) => ({
      to: S.REVIEWED,
      close: closing(s, "MET", DeadlineKind.REVIEW_OPINION),
      ...decide(s, calc, now, e.deliveredAt, DeadlineKind.REREVIEW_REQUEST_WINDOW, false),
    }),
  },
  REQUEST_REREVIEW: {
    from: [S.REVIEWED],
    basis: "第36条 复核",
    step: (s, e: Extract<PetitionEvent, { type: "REQUEST_REREVIEW" }>, now, calc) => {
      const at = notFuture(e.receivedAt, now);
      requireWindow(s, DeadlineKind.REREVIEW_REQUEST_WINDOW, at, "REQUEST_REREVIEW");
      return { to: S.REREVIEW_REQUESTED, close: closing(s, "MET", DeadlineKind.REREVIEW_REQUEST_WINDOW), open: [opening(calc, DeadlineKind.REREVIEW_OPINION, at)] };
    },
  },
  ISSUE_REREVIEW: {
    from: [S.REREVIEW_REQUESTED],
    basis: "第36条 复核意见",
    step: (s, e: Extract<PetitionEvent, { type: "ISSUE_REREVIEW" }>, now, calc) => ({
      to: S.REREVIEWED,
      close: closing(s, "MET", DeadlineKind.REREVIEW_OPINION),
      ...decide(s, calc, now, e.deliveredAt, null, false),
    }),
  },
  // Ends a matter the statute ends: after a served opinion whose windows lapsed, a 复核 opinion, or a mediation
  // agreement. Not from NOT_ACCEPTED or DIVERTED: those are decisions on an item, and must not bar the matter (Art. 36).
  TERMINATE: {
    from: [...ANSWERED_LIKE, S.REVIEWED, S.REREVIEWED],
    basis: "第36条 终结",
    step: (s, _e, now) => {
      if (!s.deliveredAt) throw new InvalidTransitionError(s.state, "TERMINATE", "the decision has not been served on the petitioner yet");
      const window = s.state === S.REVIEWED ? DeadlineKind.REREVIEW_REQUEST_WINDOW : DeadlineKind.REVIEW_REQUEST_WINDOW;
      if (!windowOver(s, window, now)) throw new InvalidTransitionError(s.state, "TERMINATE", `the petitioner's ${window} is still open`);
      return { to: S.TERMINATED, close: closing(s, "CANCELLED", DeadlineKind.REVIEW_REQUEST_WINDOW, DeadlineKind.REREVIEW_REQUEST_WINDOW, DeadlineKind.EVALUATION) };
    },
  },
};

/**
 * Clocks the policy suspends in the state being entered pause; paused clocks whose suspension ends resume, moved by
 * exactly the suspended days on their own counting rule. A clock already breached or lapsed is not paused: the breach
 * stands. Closed clocks are left to the closing.
 */
function suspensions(snap: PetitionSnapshot, to: S, closed: DeadlineClosing[], shifted: DeadlineShift[], now: Date, calc: DeadlineCalculator) {
  const pause: DeadlinePause[] = [];
  const resume: DeadlineResume[] = [];
  for (const d of snap.openDeadlines) {
    if (closed.some((c) => c.kind === d.kind)) continue;
    const rule = calc.policy.rules[d.kind];
    const suspended = rule.suspendedIn?.includes(to) ?? false;
    const state = d.state ?? "OPEN";
    if (suspended && state === "OPEN") pause.push({ kind: d.kind, at: now });
    if (!suspended && state === "PAUSED") {
      const days = calc.suspendedDays(d.pausedAt ?? now, now, rule.counting);
      const due = shifted.find((x) => x.kind === d.kind)?.dueAt ?? d.dueAt;
      resume.push({ kind: d.kind, days, dueAt: days ? calc.shiftBy(due, days, rule.counting) : due, reason: `time in ${snap.state} excluded (${days} days)` });
    }
  }
  return { pause, resume };
}

/** States from which `event` is legal. */
export function legalFrom(event: PetitionEventType): readonly S[] {
  return TABLE[event].from;
}

/**
 * The petition lifecycle: given a snapshot, an event and the current time, returns the next state,
 * the deadlines to open, close and shift, and the domain events to publish. Pure: no I/O, no clock.
 * Throws InvalidTransitionError for an illegal move, DeadlinePassedError for a lapsed window.
 */
export function transition(snap: PetitionSnapshot, event: PetitionEvent, now: Date, calc: DeadlineCalculator): TransitionResult {
  const entry = TABLE[event.type];
  if (!entry.from.includes(snap.state)) throw new InvalidTransitionError(snap.state, event.type);
  const r = entry.step(snap, event as never, now, calc);
  const close = r.close ?? [];
  const shift = r.shift ?? [];
  const changes: Omit<TransitionResult, "events"> = {
    from: snap.state,
    to: r.to,
    legalBasis: `信访工作条例 ${r.legalBasis ?? entry.basis}`,
    open: r.open ?? [],
    close,
    shift,
    ...suspensions(snap, r.to, close, shift, now, calc),
    patch: r.patch ?? {},
  };
  return { ...changes, events: eventsOf(changes, event.type, now) };
}

/** The facts a transition publishes: the move itself, then one event per clock change. */
function eventsOf(c: Omit<TransitionResult, "events">, event: PetitionEventType, now: Date): DomainEvent[] {
  return [
    { type: "petition.transitioned", data: { event, from: c.from, to: c.to, at: now.toISOString() } },
    ...c.open.map((d) => ({ type: "deadline.opened", data: { kind: d.kind, dueAt: d.dueAt.toISOString() } })),
    ...c.close.map((d) => ({ type: "deadline.closed", data: { kind: d.kind, outcome: d.outcome } })),
    ...c.shift.map((d) => ({ type: "deadline.shifted", data: { kind: d.kind, dueAt: d.dueAt.toISOString(), reason: d.reason } })),
    ...c.pause.map((d) => ({ type: "deadline.paused", data: { kind: d.kind, at: d.at.toISOString() } })),
    ...c.resume.map((d) => ({ type: "deadline.resumed", data: { kind: d.kind, dueAt: d.dueAt.toISOString(), days: d.days, reason: d.reason } })),
  ];
}
