import { OperationTypeNode, ValidationRule } from "graphql";
import { refusal } from "./graphql-limits";

/**
 * Refuses subscription operations sent to POST/GET /graphql. Apollo would execute one as if it were a query and fail
 * inside (an INTERNAL_SERVER_ERROR with no hint); the caller needs to be told where subscriptions are served. The
 * mirror rule on the socket (subscriptions.ts) refuses queries and mutations there.
 */
export const subscriptionsOverHttpRule: ValidationRule = (ctx) => ({
  OperationDefinition(node) {
    if (node.operation === OperationTypeNode.SUBSCRIPTION)
      ctx.reportError(refusal("BAD_REQUEST", "subscriptions are served over graphql-ws (WebSocket) at /graphql, not over HTTP"));
  },
});
