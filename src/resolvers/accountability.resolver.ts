import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { AccountabilityCause, AccountabilityState } from "../domain/accountability/accountability-terms";
import { listAccountabilityCandidates } from "../db/accountability-queries";
import { AccountabilityCandidateType } from "../schema/accountability.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize } from "./ids";

/** Accountability candidates: the city bureau sees all, a supervisor those it reviews, the responsible unit none. */
@Resolver(() => AccountabilityCandidateType)
export class AccountabilityResolver {
  @Query(() => [AccountabilityCandidateType], { description: "Accountability candidates the caller reviews (the city bureau: all), newest first" })
  async accountabilityCandidates(
    @Ctx() ctx: HubContext,
    @Arg("cause", () => AccountabilityCause, { nullable: true }) cause?: AccountabilityCause,
    @Arg("state", () => AccountabilityState, { nullable: true }) state?: AccountabilityState,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<AccountabilityCandidateType[]> {
    return (await listAccountabilityCandidates(ctx.deps.db, principalOf(ctx), { cause, state, first: pageSize(first, 200) })).map(AccountabilityCandidateType.from);
  }
}
