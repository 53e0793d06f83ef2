/** Reading a GraphQL answer's envelope and classifying its `errors`. */
import { z } from "zod";
import { ConnectorError } from "../agency-connector";

/** `{ data, errors }` of a GraphQL-over-HTTP answer; `data` is checked by each operation. */
export const graphqlEnvelope = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose())
    .optional(),
});

/** A GraphQL error as the partner sent it. */
export type GraphqlError = NonNullable<z.infer<typeof graphqlEnvelope>["errors"]>[number];

/**
 * Codes meaning the same operation can never succeed: the input was refused, or the document or credentials are
 * wrong. They are what HTTP 400/401/403 mean for REST partners, and some GraphQL servers send them with HTTP 200.
 * Anything else (INTERNAL_SERVER_ERROR, a partner's own codes, none) may pass, so it is retried.
 */
export const PERMANENT_GRAPHQL_CODES = new Set(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "UNAUTHENTICATED", "FORBIDDEN"]);

/** One ConnectorError for the errors of an answer; a single permanent one makes the whole answer permanent. */
export function errorForGraphqlErrors(agencyCode: string, errors: GraphqlError[], status: number): ConnectorError {
  const codes = errors.map((e) => e.extensions?.code ?? "NO_CODE");
  const permanent = codes.some((c) => PERMANENT_GRAPHQL_CODES.has(c));
  const message = `${agencyCode} answered GraphQL errors [${codes.join(", ")}]: ${errors[0].message.slice(0, 200)}`;
  return new ConnectorError(permanent ? "PERMANENT" : "RETRYABLE", message, undefined, status);
}
