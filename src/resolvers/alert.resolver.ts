import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { handleAlert } from "../commands/handle-alert";
import { AlertState } from "../domain/alerts/alert-terms";
import { listAlerts } from "../db/ledger-queries";
import { AlertType } from "../schema/alert.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });

/** Alerts: the caller's organisation's own (the city bureau: all), acknowledged and closed by people. */
@Resolver(() => AlertType)
export class AlertResolver {
  @Query(() => [AlertType], { description: "Alerts owned by the caller's organisation (the city bureau: all), newest first" })
  async alerts(@Ctx() ctx: HubContext, @Arg("state", () => AlertState, { nullable: true }) state?: AlertState, @Arg("first", () => Int, { defaultValue: 50 }) first?: number): Promise<AlertType[]> {
    const size = pageSize(first, 200);
    return (await listAlerts(ctx.deps.db, principalOf(ctx), { state, first: size })).map(AlertType.from);
  }

  @Mutation(() => AlertType, { description: "Sign for an alert of the caller's organisation" })
  async acknowledgeAlert(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<AlertType> {
    return AlertType.from(await handleAlert(ctx.deps, cmd(ctx), parseId(id, "id"), { type: "ACKNOWLEDGE" }));
  }

  @Mutation(() => AlertType, { description: "Close an alert with a note of what was done" })
  async closeAlert(@Arg("id", () => ID) id: string, @Arg("note") note: string, @Ctx() ctx: HubContext): Promise<AlertType> {
    return AlertType.from(await handleAlert(ctx.deps, cmd(ctx), parseId(id, "id"), { type: "CLOSE", note }));
  }
}
