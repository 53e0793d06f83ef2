import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, print } from "graphql";
import { Principal } from "../domain/access/principal";
import { SYSTEM_SUBJECT_PREFIX } from "../domain/referrals/referral-permissions";
import { freshLoaders } from "../resolvers/change-view";
import type { HubContext } from "../resolvers/context";
import { PayloadBatch } from "../streams/change-subscription";

/** One execution per (source event, document + variables + scope), and its JSON, made when first sent. */
interface Shared {
  result: Promise<ExecutionResult>;
  /** The context it ran in: its personal-data reads (there should be none, see below) decide whether it may be sent as is. */
  ctx: HubContext;
  done?: ExecutionResult;
  json?: string;
}

/** Results per source event and per (document, variables, caller's scope): computed once, sent to each subscriber. */
const shared = new WeakMap<object, Map<string, Shared>>();

/**
 * graphql's `subscribe`, except that subscribers of the same process with the same document, variables and scope
 * (organisation, its path, roles) share one execution per event: thousands of dashboards of one bureau cost one
 * execution per event, not thousands. The scope is everything the filter and the projections look at. Documents that
 * select petitioners never share (a clear read must be audited for each reader). A payload shares only when it names
 * its source event (`source`, set by the change feed's views); results are dropped with the event object.
 *
 * A shared result without errors is also SERIALISED once: its JSON is sent as each subscriber's `next` frame through
 * `live.sendNext` (graphql-ws would stringify `{id, type, payload}` per subscriber), without passing through
 * graphql-ws's emit; results with errors, and unshared ones, are yielded to graphql-ws as usual (formatting, audit).
 * A source may yield a `PayloadBatch` (the change feed does): its payloads are sent in order, the shared ones one after
 * another without a wake-up per event.
 */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const ctx = args.contextValue as HubContext;
  const key = scopeKey(args);
  const run = (payload: unknown) => {
    freshLoaders(ctx); // a new batch since this subscriber last read (its own view may have built and primed them)
    return Promise.resolve(execute({ ...args, rootValue: payload }));
  };
  return new SharedResults((source as AsyncIterable<unknown>)[Symbol.asyncIterator](), key, run, ctx, key ? ctx.live?.sendNext : undefined);
}

const DONE: IteratorResult<ExecutionResult> = { value: undefined, done: true };

/**
 * The results of one subscription. Not an async generator on purpose: a shared result it sends itself is not yielded,
 * so it may wait in `next()` for a long time, and graphql-ws's `return()` (the client's `complete`, a closed socket)
 * must end it at once, which an async generator would only do at its next `yield`.
 */
class SharedResults implements AsyncIterableIterator<ExecutionResult> {
  private closed = false;
  /** The payloads of the batch being sent, and the next one's index. */
  private queue: readonly unknown[] = [];
  private at = 0;

  constructor(
    private readonly it: AsyncIterator<unknown>,
    private readonly key: string | null,
    private readonly run: (payload: unknown) => Promise<ExecutionResult>,
    private readonly ctx: HubContext,
    private readonly sendNext: ((json: string) => void) | undefined,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.closed) {
      if (this.at >= this.queue.length) {
        const r = await this.it.next();
        if (r.done || this.closed) return DONE;
        this.queue = r.value instanceof PayloadBatch ? r.value.items : [r.value];
        this.at = 0;
        // Start every shared execution of the batch at once: subscribers that wait for the first find the rest done.
        if (this.key) for (const payload of this.queue) this.sharedOf(payload);
        continue;
      }
      const payload = this.queue[this.at++];
      const hit = this.key ? this.sharedOf(payload) : null;
      if (!hit) return { value: await this.run(payload), done: false };
      // Every subscriber after the first usually finds it done: no further promise per subscriber.
      const result = hit.done ?? (await hit.result);
      if (this.closed) return DONE;
      // Errors are formatted (codes, masking) by graphql-ws's onNext; any clear read goes through its audit.
      if (!this.sendNext || result.errors || hit.ctx.piiReads.length) return { value: result, done: false };
      this.sendNext((hit.json ??= JSON.stringify(result)));
    }
    return DONE;
  }

  /** The shared execution of a payload that names its source event (null: not shareable), started if not yet. */
  private sharedOf(payload: unknown): Shared | null {
    const event = (payload as { source?: object } | null)?.source;
    if (!event || !this.key) return null;
    let m = shared.get(event);
    if (!m) shared.set(event, (m = new Map()));
    let hit = m.get(this.key);
    if (!hit) {
      const h: Shared = (hit = { result: this.run(payload), ctx: this.ctx });
      void h.result.then((x) => (h.done = x), () => undefined);
      m.set(this.key, h);
    }
    return hit;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.closed = true;
    await this.it.return?.();
    return DONE;
  }

  async throw(e?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.closed = true;
    await this.it.return?.();
    throw e;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/**
 * Everything about a caller that visibility and projections look at (not who it is): callers with equal keys see
 * exactly the same events and fields. The system-subject flag is there because `isSystem` reads the subject.
 */
export function accessScopeKey(p: Principal): string {
  return JSON.stringify([p.orgId, p.orgCode, p.orgKind, p.orgLevel, p.orgPath, [...p.roles].sort(), p.subject.startsWith(SYSTEM_SUBJECT_PREFIX)]);
}

function scopeKey(args: ExecutionArgs): string | null {
  const p = (args.contextValue as HubContext).principal;
  const doc = print(args.document);
  if (!p || /\bpetitioners\b/.test(doc)) return null;
  return JSON.stringify([doc, args.variableValues ?? null, args.operationName ?? null, accessScopeKey(p)]);
}
