import { Arg, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import { BadInputError, DomainError } from "../domain/errors";
import { ChangeEventType, ChangePageType } from "../schema/change-event.type";
import { ResyncRequiredError } from "../streams/change-stream";
import { changeEvents, RESYNC } from "../streams/change-subscription";
import { principalOf } from "./auth-checker";
import { accessScopeKey } from "../http/shared-subscribe";
import { changeViews, sharedChangeViews, staleLoaders } from "./change-view";
import type { HubContext } from "./context";

const MAX_PAGE = 500;

/** The changes feed: polled page by page (`changes` query) or followed live (`changes` subscription), same events. */
@Resolver()
export class ChangesResolver {
  @Query(() => ChangePageType, { description: "Committed changes after `after` (exclusive) that the caller may see, oldest first. Without `after`: from the oldest retained. CURSOR_EXPIRED: re-sync with a query." })
  async changes(@Arg("after", () => String, { nullable: true }) after: string | null, @Arg("limit", () => Int, { defaultValue: 100 }) limit: number, @Ctx() ctx: HubContext): Promise<ChangePageType> {
    principalOf(ctx);
    if (limit < 1 || limit > MAX_PAGE) throw new BadInputError(`limit must be between 1 and ${MAX_PAGE}`, [{ path: "limit", message: `1..${MAX_PAGE}` }]);
    const stream = ctx.deps.changes;
    if (!stream) throw new DomainError("UNAVAILABLE", "the change stream is not configured in this process");
    const entries = await stream.after(after ?? null, limit);
    const page = new ChangePageType();
    page.events = await changeViews(ctx, entries);
    // Entries the caller may not see still advance its cursor: the next page starts after them.
    page.nextCursor = entries.length ? entries[entries.length - 1].id : (after ?? (await stream.lastId()));
    return page;
  }

  @Subscription(() => ChangeEventType, {
    name: "changes",
    description: "Committed changes the caller may see, live. With `after`, first what was missed since that cursor (none lost or repeated). Ends with CURSOR_EXPIRED or RESYNC_REQUIRED: re-sync with a query.",
    subscribe: async ({ args, context }) => {
      const ctx = context as HubContext;
      const p = principalOf(ctx);
      const stream = ctx.deps.changes;
      if (!stream || !ctx.live) throw new DomainError("UNAVAILABLE", "subscriptions are served over graphql-ws at /graphql");
      const after = (args as { after?: string | null }).after ?? null;
      if (after !== null) stream.assertCursor(after);
      const scope = accessScopeKey(p);
      return changeEvents(
        ctx.live.feed,
        stream,
        after,
        ctx.live.bufferSize,
        (events) => {
          // Fresh loaders per batch (built when first needed): a long-lived subscription sees access rows as they are now.
          staleLoaders(ctx);
          return sharedChangeViews(ctx, scope, events);
        },
        ctx.live.sharing,
      );
    },
  })
  changesLive(@Root() e: ChangeEventType | typeof RESYNC, @Arg("after", () => String, { nullable: true }) _after: string | null): ChangeEventType {
    if (e === RESYNC) throw new ResyncRequiredError(0);
    return e;
  }
}
