import { AuthChecker } from "type-graphql";
import { Role } from "../domain/petition-terms";
import { ForbiddenError, UnauthenticatedError } from "../domain/errors";
import type { HubContext } from "./context";

/** Deny by default: @Authorized() needs a principal; @Authorized(roles) needs one of the roles. */
export const authChecker: AuthChecker<HubContext, Role> = ({ context }, roles) => {
  if (!context.principal) throw new UnauthenticatedError();
  if (roles.length && !roles.some((r) => context.principal!.roles.includes(r))) throw new ForbiddenError(`requires role ${roles.join(" or ")}`);
  return true;
};

/** The caller's principal, or UNAUTHENTICATED. */
export function principalOf(ctx: HubContext) {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}
