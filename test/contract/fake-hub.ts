/**
 * A stand-in for the hub's GraphQL endpoint that agencies call back: just the three referral mutations, typed as
 * issue 3 describes them, so the simulators' callback documents are checked against a schema. It records each
 * call and can be told to fail the next ones.
 */
import * as http from "node:http";
import { buildSchema, execute, parse, validate } from "graphql";
import { close, listen, readBody, sendJson } from "../simulators/http-util";

const SDL = /* GraphQL */ `
  type Referral { id: ID!, state: String! }
  input AttachmentInput { name: String!, mimeType: String!, sizeBytes: Int!, sha256: String, url: String }
  input ReferralResponseInput { opinion: String!, actionsTaken: String, attachments: [AttachmentInput!]! }
  type Query { ok: Boolean }
  type Mutation {
    acknowledgeReferral(id: ID!): Referral!
    respondToReferral(id: ID!, input: ReferralResponseInput!): Referral!
    returnReferral(id: ID!, reason: String!): Referral!
  }
`;

/** One mutation the fake hub executed. */
export interface HubCall {
  field: "acknowledgeReferral" | "respondToReferral" | "returnReferral";
  args: Record<string, unknown>;
  token: string;
}

export interface FakeHub {
  /** The GraphQL endpoint URL. */
  url: string;
  calls: HubCall[];
  /** Answers the next `n` requests with `status`. */
  failNext(n: number, status: number): void;
  stop(): Promise<void>;
}

export async function startFakeHub(): Promise<FakeHub> {
  const schema = buildSchema(SDL);
  const calls: HubCall[] = [];
  let failures = { left: 0, status: 0 };
  const server = http.createServer((req, res) => {
    void (async () => {
      const body = JSON.parse(await readBody(req)) as { query: string; variables?: Record<string, unknown> };
      if (failures.left > 0) {
        failures.left -= 1;
        return sendJson(res, failures.status, { errors: [{ message: "scripted", extensions: { code: "SCRIPTED" } }] });
      }
      const document = parse(body.query);
      const invalid = validate(schema, document);
      if (invalid.length) return sendJson(res, 400, { errors: invalid.map((e) => ({ message: e.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const record = (field: HubCall["field"]) => (args: Record<string, unknown>) => {
        calls.push({ field, args, token });
        return { id: String(args.id), state: field };
      };
      const rootValue = { acknowledgeReferral: record("acknowledgeReferral"), respondToReferral: record("respondToReferral"), returnReferral: record("returnReferral") };
      sendJson(res, 200, await execute({ schema, document, rootValue, variableValues: body.variables }));
    })();
  });
  const base = await listen(server);
  return {
    url: `${base}/graphql`,
    calls,
    failNext: (n, status) => void (failures = { left: n, status }),
    stop: () => close(server),
  };
}
