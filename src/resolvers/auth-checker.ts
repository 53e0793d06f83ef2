import { UnauthenticatedError } from "../domain/errors";
import type { HubContext } from "./context";

/** The caller's principal, or UNAUTHENTICATED. */
export function principalOf(ctx: HubContext) {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}
