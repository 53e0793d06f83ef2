import { DeadlineCalculator } from "../deadlines/deadline-calculator";
import { DeadlineKind } from "../deadlines/clock-policy";
import { BadInputError, DeadlinePassedError, InvalidTransitionError } from "../errors";
import { Category, DiversionRoute, PetitionState as S } from "../petition-terms";
import { PetitionEvent, PetitionEventType } from "./petition-events";

/** An open clock as the state machine sees it. */
export interface OpenDeadline {
  kind: DeadlineKind;
  startedAt: Date;
  dueAt: Date;
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
  /** Changes to the snapshot fields other than state and deadlines. */
  patch: Partial<Pick<PetitionSnapshot, "extended" | "hearingReturnState" | "hearingStartedAt">> & {
    handlerOrgId?: number | null;
  };
  events: DomainEvent[];
}

type Step = (snap: PetitionSnapshot, ev: never, now: Date, calc: DeadlineCalculator) => Partial<TransitionResult> & { to: S };

const ROUTED = [S.FORWARDED, S.ASSIGNED];
const HANDLING = [S.IN_HANDLING, S.EXTENDED];
const ANSWERED_LIKE = [S.ANSWERED, S.MEDIATED, S.EVALUATED];

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
  REGISTER: { from: [S.RECEIVED], basis: "第17条、第22条", step: (_s, _e, now, calc) => ({ to: S.REGISTERED, open: [opening(calc, DeadlineKind.ROUTING, now)] }) },
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
  END_HEARING: {
    from: [S.HEARING],
    basis: "第36条 听证时间不计入",
    step: (s, _e, now, calc) => {
      const back = s.hearingReturnState ?? S.IN_HANDLING;
      const shift: DeadlineShift[] = [];
      const r = openOf(s, DeadlineKind.REREVIEW_OPINION);
      if (back === S.REREVIEW_REQUESTED && r && s.hearingStartedAt) {
        // Art. 36 excludes hearing time from the 复核 period: count whole local days the hearing spanned.
        const days = daySpan(calc, s.hearingStartedAt, now);
        shift.push({ kind: DeadlineKind.REREVIEW_OPINION, dueAt: calc.shift(r.dueAt, days), reason: `hearing time excluded (${days} days)` });
      }
      return { to: back, shift, patch: { hearingReturnState: null, hearingStartedAt: null } };
    },
  },
  MEDIATE: {
    from: HANDLING,
    basis: "第33条 调解",
    step: (s, _e, now, calc) => ({ to: S.MEDIATED, close: closeHandling(s), open: [opening(calc, DeadlineKind.REVIEW_REQUEST_WINDOW, now)] }),
  },
  ANSWER: {
    from: HANDLING,
    basis: "第32条 书面答复",
    step: (s, e: Extract<PetitionEvent, { type: "ANSWER" }>, now, calc) => ({
      to: S.ANSWERED,
      close: closeHandling(s),
      open: [opening(calc, DeadlineKind.REVIEW_REQUEST_WINDOW, e.deliveredAt ?? now)],
    }),
  },
  EVALUATE: { from: [S.ANSWERED, S.MEDIATED], basis: "评价", step: () => ({ to: S.EVALUATED }) },
  REQUEST_REVIEW: {
    from: ANSWERED_LIKE,
    basis: "第35条 复查",
    step: (s, e: Extract<PetitionEvent, { type: "REQUEST_REVIEW" }>, now, calc) => {
      const at = notFuture(e.receivedAt, now);
      requireWindow(s, DeadlineKind.REVIEW_REQUEST_WINDOW, at, "REQUEST_REVIEW");
      return { to: S.REVIEW_REQUESTED, close: closing(s, "MET", DeadlineKind.REVIEW_REQUEST_WINDOW), open: [opening(calc, DeadlineKind.REVIEW_OPINION, at)] };
    },
  },
  ISSUE_REVIEW: {
    from: [S.REVIEW_REQUESTED],
    basis: "第35条 复查意见",
    step: (s, e: Extract<PetitionEvent, { type: "ISSUE_REVIEW" }>, now, calc) => ({
      to: S.REVIEWED,
      close: closing(s, "MET", DeadlineKind.REVIEW_OPINION),
      open: [opening(calc, DeadlineKind.REREVIEW_REQUEST_WINDOW, e.deliveredAt ?? now)],
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
    step: (s) => ({ to: S.REREVIEWED, close: closing(s, "MET", DeadlineKind.REREVIEW_OPINION) }),
  },
  TERMINATE: {
    from: [S.NOT_ACCEPTED, S.DIVERTED, S.ANSWERED, S.MEDIATED, S.EVALUATED, S.REVIEWED, S.REREVIEWED],
    basis: "第36条 终结",
    step: (s, _e, now) => {
      const window = s.state === S.REVIEWED ? DeadlineKind.REREVIEW_REQUEST_WINDOW : DeadlineKind.REVIEW_REQUEST_WINDOW;
      if (ANSWERED_LIKE.includes(s.state) || s.state === S.REVIEWED) {
        if (!windowOver(s, window, now)) throw new InvalidTransitionError(s.state, "TERMINATE", `the petitioner's ${window} is still open`);
      }
      return { to: S.TERMINATED, close: closing(s, "CANCELLED", DeadlineKind.REVIEW_REQUEST_WINDOW, DeadlineKind.REREVIEW_REQUEST_WINDOW) };
    },
  },
};

/** Whole local days spanned from `from` to `to`, counting the first day. */
function daySpan(calc: DeadlineCalculator, from: Date, to: Date): number {
  const a = Date.parse(`${calc.calendar.localDate(from)}T00:00:00Z`);
  const b = Date.parse(`${calc.calendar.localDate(to)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
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
  const result: TransitionResult = {
    from: snap.state,
    to: r.to,
    legalBasis: `信访工作条例 ${r.legalBasis ?? entry.basis}`,
    open: r.open ?? [],
    close: r.close ?? [],
    shift: r.shift ?? [],
    patch: r.patch ?? {},
    events: [],
  };
  result.events = [
    {
      type: "petition.transitioned",
      data: { event: event.type, from: result.from, to: result.to, at: now.toISOString() },
    },
    ...result.open.map((d) => ({ type: "deadline.opened", data: { kind: d.kind, dueAt: d.dueAt.toISOString() } })),
    ...result.close.map((d) => ({ type: "deadline.closed", data: { kind: d.kind, outcome: d.outcome } })),
    ...result.shift.map((d) => ({ type: "deadline.shifted", data: { kind: d.kind, dueAt: d.dueAt.toISOString(), reason: d.reason } })),
  ];
  return result;
}
