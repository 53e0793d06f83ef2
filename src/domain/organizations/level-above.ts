/**
 * The "level above" chain (上一级机关) that 复核 goes to (Art. 36) must end at the top: an organisation may not be
 * placed above itself, directly or through others (JMC → NGQ → JMC would send a 复核 back to the organ that made
 * the 复查). Pure: the caller passes the current chain as a map from organisation to its level above.
 */

/** The organisations the proposed change would put in a cycle, starting with `orgId`; empty when there is none. */
export function levelAboveCycle(orgId: number, proposedAbove: number, levelAboveOf: ReadonlyMap<number, number | null>): number[] {
  const chain = [orgId];
  // Walk up from the proposed level above. The walk is bounded by the number of organisations: an existing cycle
  // elsewhere (which this rule prevents from arising) cannot make it loop.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,UpdateOperator: equivalent, the two guards are redundant (the chain check below ends any loop the step bound would; a missing id only pushes undefined until one of them stops the walk) and the answer stays []
  for (let id: number | null | undefined = proposedAbove, steps = 0; id != null && steps <= levelAboveOf.size; id = levelAboveOf.get(id), steps++) {
    if (id === orgId) return chain;
    // Stryker disable next-line ConditionalExpression: equivalent, without it the step bound ends the walk with the same []
    if (chain.includes(id)) return [];
    chain.push(id);
  }
  return [];
}
