import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, print } from "graphql";
import type { HubContext } from "../resolvers/context";

/** Results per source event and per (document, variables, caller's scope): computed once, sent to each subscriber. */
const shared = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * graphql's `subscribe`, except that subscribers of the same process with the same document, variables and scope
 * (organisation, its path, roles) share one execution per event: thousands of dashboards of one bureau cost one
 * execution per event, not thousands. The scope is everything the filter and the projections look at. Documents that
 * select petitioners never share (a clear read must be audited for each reader). A payload shares only when it names
 * its source event (`source`, set by the change feed's views); results are dropped with the event object.
 */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const it = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = scopeKey(args);
  const run = (payload: unknown) => execute({ ...args, rootValue: payload }) as Promise<ExecutionResult>;
  async function* results(): AsyncGenerator<ExecutionResult> {
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        const event = (r.value as { source?: object } | null)?.source;
        if (!key || !event) {
          yield await run(r.value);
          continue;
        }
        let m = shared.get(event);
        if (!m) shared.set(event, (m = new Map()));
        let hit = m.get(key);
        if (!hit) m.set(key, (hit = run(r.value)));
        yield await hit;
      }
    } finally {
      await it.return?.();
    }
  }
  return results();
}

function scopeKey(args: ExecutionArgs): string | null {
  const p = (args.contextValue as HubContext).principal;
  const doc = print(args.document);
  if (!p || /\bpetitioners\b/.test(doc)) return null;
  return JSON.stringify([doc, args.variableValues ?? null, args.operationName ?? null, p.orgId, p.orgKind, p.orgLevel, p.orgPath, [...p.roles].sort()]);
}
