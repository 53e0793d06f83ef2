import { DeadlineNature } from "./clock-policy";

export type DeadlineState = "OPEN" | "MET" | "BREACHED" | "LAPSED" | "CANCELLED";

/**
 * The state a deadline ends in when a transition closes it. A breach stays on record even if the duty is
 * fulfilled later (accountability needs it); fulfilling a duty after its due time is a breach.
 */
export function closedState(current: DeadlineState, outcome: "MET" | "CANCELLED", dueAt: Date, now: Date, nature: DeadlineNature): DeadlineState {
  if (current === "BREACHED" || current === "LAPSED") return current;
  if (outcome === "CANCELLED") return "CANCELLED";
  if (now > dueAt) return nature === "DUTY" ? "BREACHED" : "LAPSED";
  return "MET";
}

/** What the sweep does with an open deadline past its due time. */
export const overdueState = (nature: DeadlineNature): DeadlineState => (nature === "DUTY" ? "BREACHED" : "LAPSED");
