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
  /** Its JSON and the `next` message's closing brace, as UTF-8: what every subscriber's frame carries after its own id. */
  bytes?: Buffer;
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
 * A shared result without errors is also SERIALISED and ENCODED once: its bytes are sent as each subscriber's `next`
 * frame through `live.sendPayload` after the subscription's own `{"id":…` (graphql-ws would stringify `{id, type,
 * payload}` per subscriber), without passing through graphql-ws's emit; results with errors, and unshared ones, are
 * yielded to graphql-ws as usual (formatting, audit). A source may yield a `PayloadBatch` (the change feed does): its
 * payloads are sent in order, the shared ones one after another without a wake-up per event. A shareable subscription
 * also gets `live.sharing`, with which the change feed's subscription joins a fan-out group once it has caught up
 * (src/streams/fan-out-group.ts): then one computation and one loop per batch serve every member.
 */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const ctx = args.contextValue as HubContext;
  const key = scopeKey(args);
  const run = (payload: unknown) => {
    freshLoaders(ctx); // a new batch since this subscriber last read (its own view may have built and primed them)
    return Promise.resolve(execute({ ...args, rootValue: payload }));
  };
  const send = key ? ctx.live?.sendPayload : undefined;
  // Set before the source is created: the change feed's subscription reads it to join the fan-out group of `key`.
  if (key && send && ctx.live) ctx.live.sharing = { key, encode: (payloads) => encodeShared(payloads, key, run, ctx), deliver: (bodies) => bodies.forEach(send) };
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  return new SharedResults((source as AsyncIterable<unknown>)[Symbol.asyncIterator](), key, run, ctx, send);
}

/** What a shared result sends as its frame's body, or null when it must go through graphql-ws (errors, clear reads). */
function plainBytes(hit: Shared, result: ExecutionResult): Buffer | null {
  if (result.errors || hit.ctx.piiReads.length) return null;
  return (hit.bytes ??= Buffer.from(JSON.stringify(result) + "}"));
}

/**
 * A fan-out group's batch (src/streams/fan-out-group.ts): the payloads' shared results, encoded once for every member,
 * or null when one of them cannot be sent as is (the members then send the batch through their own path).
 */
async function encodeShared(payloads: readonly unknown[], key: string, run: (payload: unknown) => Promise<ExecutionResult>, ctx: HubContext): Promise<Buffer[] | null> {
  const hits = payloads.map((p) => sharedOf(p, key, run, ctx));
  const out: Buffer[] = [];
  for (const hit of hits) {
    if (!hit) return null;
    const body = plainBytes(hit, hit.done ?? (await hit.result));
    if (!body) return null;
    out.push(body);
  }
  return out;
}

/** The shared execution of a payload that names its source event (null: not shareable), started if not yet. */
function sharedOf(payload: unknown, key: string, run: (payload: unknown) => Promise<ExecutionResult>, ctx: HubContext): Shared | null {
  const event = (payload as { source?: object } | null)?.source;
  if (!event) return null;
  let m = shared.get(event);
  if (!m) shared.set(event, (m = new Map()));
  let hit = m.get(key);
  if (!hit) {
    const h: Shared = (hit = { result: run(payload), ctx });
    void h.result.then((x) => (h.done = x), () => undefined);
    m.set(key, h);
  }
  return hit;
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
    private readonly send: ((body: Buffer) => void) | undefined,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.closed) {
      if (this.at >= this.queue.length) {
        const r = await this.it.next();
        if (r.done || this.closed) return DONE;
        this.queue = r.value instanceof PayloadBatch ? r.value.items : [r.value];
        this.at = 0;
        // Start every shared execution of the batch at once: subscribers that wait for the first find the rest done.
        if (this.key) for (const payload of this.queue) sharedOf(payload, this.key, this.run, this.ctx);
        continue;
      }
      const payload = this.queue[this.at++];
      const hit = this.key ? sharedOf(payload, this.key, this.run, this.ctx) : null;
      if (!hit) return { value: await this.run(payload), done: false };
      // Every subscriber after the first usually finds it done: no further promise per subscriber.
      const result = hit.done ?? (await hit.result);
      if (this.closed) return DONE;
      // Errors are formatted (codes, masking) by graphql-ws's onNext; any clear read goes through its audit.
      const body = this.send ? plainBytes(hit, result) : null;
      if (!body) return { value: result, done: false };
      this.send!(body);
    }
    return DONE;
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
