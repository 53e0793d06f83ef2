/**
 * A partner system with a GraphQL API at POST /graphql, bearer-token authenticated (401 otherwise), built with
 * the `graphql` package alone. Each partner brings its own SDL, which must offer
 *   Mutation.receiveReferral(input: <its input type>!): { ref: ID!, duplicate: Boolean! }
 *   Query.referralStatus(ref: ID!): <its status type>
 * Requests must also carry the hub's RFC 9421 signature (checked by ./partner-signatures.ts; 401 otherwise).
 * Answers as Apollo Server does: 400 for unparsable or invalid documents and bad variables, 200 with `errors`
 * (extensions.code BAD_USER_INPUT) when the partner refuses an input.
 */
import * as http from "node:http";
import { timingSafeEqual } from "node:crypto";
import { DocumentNode, GraphQLError, GraphQLSchema, buildSchema, execute, parse, validate } from "graphql";
import { z } from "zod";
import { CaseBook } from "./case-book";
import { parseJson, sendJson } from "./http-util";
import { SimulatorHandle, startSimulatorServer } from "./simulator-server";
import { SimCase, SimulatorBehaviour } from "./simulator-types";
import { HubKeyCache, SeenSignatures } from "./partner-signatures";
import { verifySignedBy } from "./rest-agency-simulator";

/** One GraphQL partner's own schema and shapes. */
export interface GraphqlPartnerShape {
  sdl: string;
  /** The partner's checks on `receiveReferral`'s input beyond GraphQL types; outputs what the simulator needs. */
  input: z.ZodType<{ referralId: string; idempotencyKey: string }>;
  /** A case as the partner's status object (fields resolved by name). */
  renderStatus(c: SimCase): unknown;
}

/** Options of {@link startGraphqlAgencySimulator}. */
export interface GraphqlSimulatorOptions extends SimulatorBehaviour {
  /** The bearer token the hub must present. */
  token: string;
  /** Where the hub's public keys come from. */
  hubKeys: HubKeyCache;
  /** For a partner that cannot do Ed25519: the shared HMAC key the hub signs with. */
  hmac?: { keyId: string; secret: string };
  shape: GraphqlPartnerShape;
}

const requestBody = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).nullish(), operationName: z.string().nullish() });

const gqlError = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

function authorised(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function rootValue(shape: GraphqlPartnerShape, book: CaseBook) {
  return {
    receiveReferral: ({ input }: { input: unknown }) => {
      const checked = shape.input.safeParse(input);
      if (!checked.success)
        throw new GraphQLError(`invalid referral: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, { extensions: { code: "BAD_USER_INPUT" } });
      const outcome = book.receive(checked.data.referralId, checked.data.idempotencyKey, input);
      if ("conflict" in outcome) throw new GraphQLError(outcome.conflict, { extensions: { code: "BAD_USER_INPUT" } });
      return { ref: outcome.case.ref, duplicate: outcome.duplicate };
    },
    referralStatus: ({ ref }: { ref: string }) => {
      const c = book.find(ref);
      return c ? shape.renderStatus(c) : null;
    },
  };
}

/** A query text's outcome: its parse failure, or its document with the validation errors (empty when valid). */
type CheckedDocument = { parseError: string } | { document: DocumentNode; invalid: string[] };

/**
 * Parsed and validated documents by query text, as Apollo Server's document cache keeps them: a hub sends the
 * same two operation texts every time, and parse + validate were most of the simulator's CPU per delivery.
 * Bounded, since a test may send many distinct (also invalid) texts; the outcome of a text never changes.
 */
class DocumentCache {
  private readonly byText = new Map<string, CheckedDocument>();
  constructor(private readonly schema: GraphQLSchema, private readonly max = 100) {}

  check(query: string): CheckedDocument {
    const hit = this.byText.get(query);
    if (hit) return hit;
    let checked: CheckedDocument;
    try {
      const document = parse(query);
      checked = { document, invalid: validate(this.schema, document).map((e) => e.message) };
    } catch (e) {
      checked = { parseError: (e as Error).message };
    }
    if (this.byText.size >= this.max) this.byText.clear();
    this.byText.set(query, checked);
    return checked;
  }
}

async function handleGraphql(schema: GraphQLSchema, documents: DocumentCache, opts: GraphqlSimulatorOptions, req: http.IncomingMessage, body: string, res: http.ServerResponse, book: CaseBook, seen: SeenSignatures): Promise<void> {
  if ((req.url ?? "").split("?")[0] !== "/graphql") return sendJson(res, 404, { code: "NO_SUCH_ROUTE" });
  if (req.method !== "POST") return sendJson(res, 405, gqlError("METHOD_NOT_ALLOWED", "POST only"));
  if (!authorised(req.headers.authorization, opts.token)) return sendJson(res, 401, gqlError("UNAUTHENTICATED", "missing or wrong bearer token"));
  const verdict = await verifySignedBy(opts, req, req.url ?? "/", body, seen);
  if (!verdict.ok) return sendJson(res, 401, gqlError(verdict.code, "request signature refused"));
  const request = requestBody.safeParse(parseJson(body));
  if (!request.success) return sendJson(res, 400, gqlError("BAD_REQUEST", "expected { query, variables }"));
  const checked = documents.check(request.data.query);
  if ("parseError" in checked) return sendJson(res, 400, gqlError("GRAPHQL_PARSE_FAILED", checked.parseError));
  if (checked.invalid.length) return sendJson(res, 400, { errors: checked.invalid.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
  const document = checked.document;
  const result = await execute({
    schema,
    document,
    rootValue: rootValue(opts.shape, book),
    variableValues: request.data.variables ?? undefined,
    operationName: request.data.operationName ?? undefined,
  });
  // No `data` at all means the variables could not be coerced: a client error, as Apollo reports it.
  if (!("data" in result) || result.data === undefined)
    return sendJson(res, 400, { errors: (result.errors ?? []).map((e) => ({ message: e.message, extensions: { code: "BAD_USER_INPUT" } })) });
  sendJson(res, 200, { data: result.data, ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}) });
}

/** Starts a GraphQL partner simulator on 127.0.0.1 with a free port. */
export function startGraphqlAgencySimulator(opts: GraphqlSimulatorOptions): Promise<SimulatorHandle> {
  const schema = buildSchema(opts.shape.sdl);
  const documents = new DocumentCache(schema);
  const seen = new SeenSignatures();
  return startSimulatorServer(opts, (req, body, res, book) => handleGraphql(schema, documents, opts, req, body, res, book, seen));
}
