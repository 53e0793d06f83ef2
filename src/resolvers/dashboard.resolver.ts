import { Ctx, Query, Resolver, Root, Subscription } from "type-graphql";
import { DomainError, UnauthenticatedError } from "../domain/errors";
import { dashboardPushesFor } from "../http/dashboard-pushes";
import { DashboardType } from "../schema/dashboard.type";
import type { HubContext } from "./context";
import { buildDashboard } from "./dashboard-view";

/** The command screen's aggregates (信访指挥大屏), scoped to the caller. */
@Resolver()
export class DashboardResolver {
  @Query(() => DashboardType, { description: "Live counters, overdue heat, agency backlog, trend and alerts, scoped to the caller" })
  async dashboard(@Ctx() ctx: HubContext): Promise<DashboardType> {
    if (!ctx.principal) throw new UnauthenticatedError();
    return buildDashboard(ctx.deps, ctx.principal, new Date());
  }

  @Subscription(() => DashboardType, {
    name: "dashboard",
    description: "The same figures, now and then again whenever a change this process's feed relays could alter them (debounced, computed once per scope)",
    subscribe: ({ context }) => {
      const ctx = context as HubContext;
      const principal = ctx.principal;
      if (!principal) throw new UnauthenticatedError();
      if (!ctx.live) throw new DomainError("UNAVAILABLE", "subscriptions are served over graphql-ws at /graphql");
      return dashboardPushesFor(ctx.live.feed, ctx.deps, (p) => buildDashboard(ctx.deps, p, new Date())).subscribe(principal);
    },
  })
  dashboardLive(@Root() d: DashboardType): DashboardType {
    return d;
  }
}
