import { DeadlineNature } from "./clock-policy";

/** PAUSED: the law suspends the clock (hearing time in 复核, Art. 36); the sweep skips it and it cannot breach. */
export type DeadlineState = "OPEN" | "PAUSED" | "MET" | "BREACHED" | "LAPSED" | "CANCELLED";

/**
 * The state a deadline ends in when a transition closes it. A breach stays on record even if the duty is
 * fulfilled later (accountability needs it); fulfilling a duty after its due time is a breach.
 */
export function closedState(
  current: DeadlineState,
  outcome: "MET" | "CANCELLED",
  dueAt: Date,
  now: Date,
  nature: DeadlineNature,
  pausedAt: Date | null = null,
): DeadlineState {
  if (current === "BREACHED" || current === "LAPSED") return current;
  if (outcome === "CANCELLED") return "CANCELLED";
  // A paused clock stopped running at pausedAt: only time before the suspension can make it late.
  const effective = current === "PAUSED" && pausedAt ? pausedAt : now;
  if (effective > dueAt) return nature === "DUTY" ? "BREACHED" : "LAPSED";
  return "MET";
}

/** What the sweep does with an open deadline past its due time. */
export const overdueState = (nature: DeadlineNature): DeadlineState => (nature === "DUTY" ? "BREACHED" : "LAPSED");
