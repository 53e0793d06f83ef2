import { ForbiddenError } from "../domain/errors";
import type { HubContext } from "./context";

/**
 * The process's queues, for the operators' queue views. Who may call them is the policy's decision
 * (domain/access/policy.ts); this only says whether this process has queues at all.
 */
export function requireQueues(ctx: HubContext) {
  if (!ctx.deps.ops) throw new ForbiddenError("queue access is not available in this process");
  return ctx.deps.ops;
}
