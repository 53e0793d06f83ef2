import { randomUUID } from "node:crypto";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../domain/errors";
import { Logger } from "./logger";

/** Codes produced by GraphQL/Apollo itself for bad requests; they are safe to show as they are. */
const CLIENT_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "BAD_REQUEST", "OPERATION_RESOLUTION_FAILURE", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "UNAUTHENTICATED"]);

/**
 * Expected failures keep their message and stable `extensions.code`; anything else is logged with a correlation id
 * and masked, so no stack trace or internal detail reaches a caller.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // Refusals before execution (limits, introspection, trusted documents) arrive wrapped without a path, e.g. in
    // Apollo's ValidationError, which relabels them GRAPHQL_VALIDATION_FAILED; their DomainError keeps the real code.
    const original = unwrapped instanceof GraphQLError && !unwrapped.path && unwrapped.originalError instanceof DomainError ? unwrapped.originalError : unwrapped;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_CODES.has(code)) {
      const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
      return { ...base, extensions: ext };
    }
    const correlationId = randomUUID();
    log.error({ err: original, correlationId, path: formatted.path }, "unexpected error");
    return { ...base, message: `Internal server error (correlation id ${correlationId})`, extensions: { code: "INTERNAL_SERVER_ERROR", correlationId } };
  };
}
