import { MiddlewareFn } from "type-graphql";
import { assertOperationAllowed } from "../domain/access/policy";
import type { HubContext } from "./context";

const ROOT_TYPES = new Set(["Query", "Mutation", "Subscription"]);

/**
 * Global middleware: every root field asks the one policy (domain/access/policy.ts) before its resolver runs.
 * A root field with no policy row is refused, so forgetting to ask cannot open an operation.
 */
export const policyMiddleware: MiddlewareFn<HubContext> = ({ info, context }, next) => {
  if (ROOT_TYPES.has(info.parentType.name)) assertOperationAllowed(context.principal, `${info.parentType.name}.${info.fieldName}`);
  return next();
};
