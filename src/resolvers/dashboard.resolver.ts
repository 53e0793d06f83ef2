import { Ctx, Query, Resolver } from "type-graphql";
import { UnauthenticatedError } from "../domain/errors";
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
}
