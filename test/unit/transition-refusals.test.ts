import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { DEFAULT_CLOCK_POLICY, DeadlineKind as K } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";
import { PetitionEvent } from "../../src/domain/lifecycle/petition-events";
import { OpenDeadline, PetitionSnapshot, transition } from "../../src/domain/lifecycle/transition";
import { AnswerOutcome, Category, DiversionRoute, PetitionState as S } from "../../src/domain/petition-terms";

// Every refusal of the lifecycle with its exact code, message and offending field, and how suspended clocks pause
// and resume. Bureau at UTC+8; no holiday between 26 May and 30 June 2026 except Fri 19 June.
const calc = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar());
const STARTED = new Date("2026-05-26T02:00:00Z"); // Tue 26 May 10:00 local
const NOW = new Date("2026-06-01T02:00:00Z"); // Mon 1 June 10:00 local
const DAY = 86_400_000;
const clock = (kind: K, over: Partial<OpenDeadline> = {}): OpenDeadline => ({ kind, startedAt: STARTED, dueAt: new Date("2026-06-25T15:59:59.999Z"), ...over });
const snap = (state: S, openDeadlines: OpenDeadline[] = [], over: Partial<PetitionSnapshot> = {}): PetitionSnapshot => ({
  state,
  category: Category.APPEAL_REQUEST,
  extended: false,
  hearingReturnState: null,
  hearingStartedAt: null,
  openDeadlines,
  ...over,
});
const refusal = (s: PetitionSnapshot, e: PetitionEvent, now = NOW, c = calc) => {
  try {
    transition(s, e, now, c);
    return "allowed";
  } catch (err) {
    const x = err as { code: string; message: string; details: unknown };
    return { code: x.code, message: x.message, details: x.details };
  }
};
const invalid = (from: S, event: string, why: string) => ({ code: "INVALID_TRANSITION", message: `cannot ${event} a petition in state ${from}: ${why}`, details: { from, event } });
const bad = (message: string, path: string, issue: string) => ({ code: "BAD_USER_INPUT", message, details: { issues: [{ path, message: issue }] } });

describe("refusals", () => {
  it("an assignment's result date must lie ahead; a valid one opens ASSIGNED_RESULT as set by the organ (Art. 22)", () => {
    expect(refusal(snap(S.ROUTING, [clock(K.ROUTING)]), { type: "ASSIGN", toOrgId: 2, resultDueAt: NOW })).toEqual(bad("the result due date must be in the future", "resultDueAt", "must be after now"));
    const due = new Date("2026-06-30T15:59:59.999Z");
    const r = transition(snap(S.ROUTING, [clock(K.ROUTING)]), { type: "ASSIGN", toOrgId: 2, resultDueAt: due }, NOW, calc);
    expect(r.open.find((d) => d.kind === K.ASSIGNED_RESULT)).toEqual({ kind: K.ASSIGNED_RESULT, startedAt: NOW, dueAt: due, rule: "set by the assigning organ", basis: "信访工作条例 第22条" });
  });

  it("a receipt may not lie in the future nor before the forwarding; exactly at the forwarding it is accepted", () => {
    const forwarded = snap(S.FORWARDED, [clock(K.ACCEPTANCE_NOTICE), clock(K.OBJECTION_WINDOW)]);
    expect(refusal(forwarded, { type: "RECEIVE", receivedAt: new Date(NOW.getTime() + 1) })).toEqual(bad("receivedAt is in the future", "receivedAt", "must not be after now"));
    expect(refusal(forwarded, { type: "RECEIVE", receivedAt: new Date(STARTED.getTime() - 1) })).toEqual(bad("the handler cannot receive an item before it was forwarded", "receivedAt", "before the forwarding"));
    expect(transition(forwarded, { type: "RECEIVE", receivedAt: STARTED }, NOW, calc).to).toBe(S.RECEIVED_BY_HANDLER);
  });

  it("an objection needs the open objection window", () => {
    expect(refusal(snap(S.FORWARDED, [clock(K.ACCEPTANCE_NOTICE)]), { type: "OBJECT", reason: "不属本单位" })).toEqual(invalid(S.FORWARDED, "OBJECT", "no open OBJECTION_WINDOW"));
  });

  it("a review request needs its window, and may not predate the opinion it contests", () => {
    expect(refusal(snap(S.ANSWERED, [], { deliveredAt: STARTED }), { type: "REQUEST_REVIEW" })).toEqual(invalid(S.ANSWERED, "REQUEST_REVIEW", "no open REVIEW_REQUEST_WINDOW"));
    expect(refusal(snap(S.ANSWERED, [clock(K.REVIEW_REQUEST_WINDOW)], { deliveredAt: STARTED }), { type: "REQUEST_REVIEW", receivedAt: new Date(STARTED.getTime() - 1) })).toEqual(
      bad("the request cannot predate the decision it contests", "receivedAt", "before the window opened"),
    );
    expect(refusal(snap(S.REVIEWED, [], { deliveredAt: STARTED }), { type: "REQUEST_REREVIEW" })).toEqual(invalid(S.REVIEWED, "REQUEST_REREVIEW", "no open REREVIEW_REQUEST_WINDOW"));
  });

  it("a diversion names the category and the route it cannot take (Art. 31)", () => {
    expect(refusal(snap(S.FORWARDED, [], { category: Category.SUGGESTION }), { type: "DIVERT", route: DiversionRoute.LITIGATION })).toEqual(invalid(S.FORWARDED, "DIVERT", "SUGGESTION cannot go to LITIGATION"));
  });

  it("an extension: once only, with an open handling period, and every missing element named (Art. 34)", () => {
    const ok = { type: "EXTEND", days: 10, approver: "局长", reason: "需补充调查", petitionerNotified: true } as const;
    expect(refusal(snap(S.IN_HANDLING, [clock(K.HANDLING)], { extended: true }), ok)).toEqual(invalid(S.IN_HANDLING, "EXTEND", "the handling period may be extended only once"));
    expect(refusal(snap(S.IN_HANDLING, []), ok)).toEqual(invalid(S.IN_HANDLING, "EXTEND", "no open handling period"));
    expect(refusal(snap(S.IN_HANDLING, [clock(K.HANDLING)]), { type: "EXTEND", days: 0, approver: " ", reason: " ", petitionerNotified: false })).toEqual({
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

  it("evaluation and an overdue evaluation wait for service and for the period", () => {
    expect(refusal(snap(S.ANSWERED, [clock(K.EVALUATION)], { deliveredAt: null }), { type: "EVALUATE", satisfaction: "SATISFIED" } as PetitionEvent)).toEqual(
      invalid(S.ANSWERED, "EVALUATE", "the answer has not been served on the petitioner yet"),
    );
    expect(refusal(snap(S.ANSWERED, [clock(K.EVALUATION)], { deliveredAt: STARTED }), { type: "MARK_EVAL_OVERDUE" })).toEqual(invalid(S.ANSWERED, "MARK_EVAL_OVERDUE", "the evaluation period has not run out"));
  });

  it("service is recorded once, not in the future, not before the decision's day", () => {
    const answered = snap(S.ANSWERED, [], { decidedAt: NOW, deliveredAt: null });
    expect(refusal({ ...answered, deliveredAt: NOW }, { type: "RECORD_DELIVERY", deliveredAt: NOW })).toEqual(invalid(S.ANSWERED, "RECORD_DELIVERY", "its service is already recorded"));
    expect(refusal(answered, { type: "RECORD_DELIVERY", deliveredAt: new Date(NOW.getTime() + 1) })).toEqual(bad("deliveredAt is in the future", "deliveredAt", "must not be after now"));
    expect(refusal(answered, { type: "RECORD_DELIVERY", deliveredAt: new Date(NOW.getTime() - DAY) })).toEqual(bad("deliveredAt is before the decision it serves", "deliveredAt", "must not be before the day of the decision"));
  });

  it("a 复核 opinion's service opens no window and no evaluation", () => {
    const r = transition(snap(S.REREVIEWED, [], { decidedAt: NOW, deliveredAt: null }), { type: "RECORD_DELIVERY", deliveredAt: NOW }, NOW, calc);
    expect([r.to, r.open, r.close, r.shift, r.patch]).toEqual([S.REREVIEWED, [], [], [], { deliveredAt: NOW }]);
  });

  it("termination waits for service and for the petitioner's window (Art. 36)", () => {
    expect(refusal(snap(S.ANSWERED, [clock(K.REVIEW_REQUEST_WINDOW)], { deliveredAt: null }), { type: "TERMINATE" })).toEqual(invalid(S.ANSWERED, "TERMINATE", "the decision has not been served on the petitioner yet"));
    expect(refusal(snap(S.ANSWERED, [clock(K.REVIEW_REQUEST_WINDOW)], { deliveredAt: STARTED }), { type: "TERMINATE" })).toEqual(invalid(S.ANSWERED, "TERMINATE", "the petitioner's REVIEW_REQUEST_WINDOW is still open"));
    expect(refusal(snap(S.REVIEWED, [clock(K.REREVIEW_REQUEST_WINDOW)], { deliveredAt: STARTED }), { type: "TERMINATE" })).toEqual(invalid(S.REVIEWED, "TERMINATE", "the petitioner's REREVIEW_REQUEST_WINDOW is still open"));
  });
});

describe("suspended clocks", () => {
  it("a move with nothing to close, shift, open or patch returns empty lists", () => {
    const r = transition(snap(S.REGISTERED, [clock(K.ROUTING)]), { type: "START_ROUTING" }, NOW, calc);
    expect([r.open, r.close, r.shift, r.pause, r.resume, r.patch]).toEqual([[], [], [], [], [], {}]);
    expect(r.events).toEqual([{ type: "petition.transitioned", data: { event: "START_ROUTING", from: S.REGISTERED, to: S.ROUTING, at: NOW.toISOString() } }]);
  });

  it("the 复核 opinion clock pauses on a hearing and resumes moved by the days the hearing touched (Art. 36)", () => {
    const due = new Date("2026-06-25T15:59:59.999Z");
    const start = transition(snap(S.REREVIEW_REQUESTED, [clock(K.REREVIEW_OPINION, { dueAt: due })]), { type: "START_HEARING" }, NOW, calc);
    expect(start.pause).toEqual([{ kind: K.REREVIEW_OPINION, at: NOW }]);
    // Hearing from Mon 1 June to Tue 2 June: two local days excluded; 25 June + 2 = Sat 27 June → Mon 29 June.
    const end = new Date("2026-06-02T02:00:00Z");
    const paused = snap(S.HEARING, [clock(K.REREVIEW_OPINION, { dueAt: due, state: "PAUSED", pausedAt: NOW })], { hearingReturnState: S.REREVIEW_REQUESTED, hearingStartedAt: NOW });
    const resumed = transition(paused, { type: "END_HEARING" }, end, calc);
    expect(resumed.resume).toEqual([{ kind: K.REREVIEW_OPINION, days: 2, dueAt: new Date("2026-06-29T15:59:59.999Z"), reason: "time in HEARING excluded (2 days)" }]);
  });

  it("a clock the move closes is neither paused nor resumed, even where the policy suspends it in the new state", () => {
    const policy = { ...DEFAULT_CLOCK_POLICY, rules: { ...DEFAULT_CLOCK_POLICY.rules, HANDLING: { ...DEFAULT_CLOCK_POLICY.rules.HANDLING, suspendedIn: [S.ANSWERED] } } };
    const c = new DeadlineCalculator(policy, new WorkCalendar());
    const r = transition(snap(S.IN_HANDLING, [clock(K.HANDLING), clock(K.ASSIGNED_RESULT)]), { type: "ANSWER", outcome: AnswerOutcome.SUPPORT }, NOW, c);
    expect(r.close).toEqual([{ kind: K.HANDLING, outcome: "MET" }, { kind: K.ASSIGNED_RESULT, outcome: "MET" }]);
    expect(r.pause).toEqual([]);
    // Another open clock the policy suspends in the new state does pause.
    const policy2 = { ...policy, rules: { ...policy.rules, EVALUATION: { ...policy.rules.EVALUATION, suspendedIn: [S.ANSWERED] } } };
    const r2 = transition(snap(S.IN_HANDLING, [clock(K.HANDLING), clock(K.EVALUATION)]), { type: "ANSWER", outcome: AnswerOutcome.SUPPORT }, NOW, new DeadlineCalculator(policy2, new WorkCalendar()));
    expect(r2.pause).toEqual([{ kind: K.EVALUATION, at: NOW }]);
  });

  it("a paused clock resuming on a move that shifts another clock keeps its own due date", () => {
    // Policy: the assigned-result date (fixed by the organ) is suspended while in handling. Paused Sun 31 May 10:00,
    // resumed by the extension on Mon 1 June: two local days touched → 30 June 23:59:59.999 + 2 × 24 h = 2 July.
    const policy = { ...DEFAULT_CLOCK_POLICY, rules: { ...DEFAULT_CLOCK_POLICY.rules, ASSIGNED_RESULT: { ...DEFAULT_CLOCK_POLICY.rules.ASSIGNED_RESULT, suspendedIn: [S.IN_HANDLING] } } };
    const c = new DeadlineCalculator(policy, new WorkCalendar());
    const s = snap(S.IN_HANDLING, [
      clock(K.HANDLING, { dueAt: new Date("2026-07-27T15:59:59.999Z") }),
      clock(K.ASSIGNED_RESULT, { dueAt: new Date("2026-06-30T15:59:59.999Z"), state: "PAUSED", pausedAt: new Date("2026-05-31T02:00:00Z") }),
    ]);
    const r = transition(s, { type: "EXTEND", days: 10, approver: "局长", reason: "需补充调查", petitionerNotified: true }, NOW, c);
    expect(r.shift.map((x) => x.kind)).toEqual([K.HANDLING]);
    expect(r.resume).toEqual([{ kind: K.ASSIGNED_RESULT, days: 2, dueAt: new Date("2026-07-02T15:59:59.999Z"), reason: "time in IN_HANDLING excluded (2 days)" }]);
  });
});
