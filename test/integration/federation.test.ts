/**
 * The federated graph over real HTTP: the hub (a Federation 2 subgraph on a real MariaDB), the veterans
 * affairs bureau's subgraph, and the gateway composing both. The gateway never forwards the caller's token: each
 * subgraph gets a token exchanged for its own audience (RFC 8693, act = the gateway), and enforces its own rules.
 */
import * as http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { Role } from "../../src/domain/petition-terms";
import { GatewayCompositionError, RunningGateway, startGateway } from "../../src/federation/gateway";
import { createLogger } from "../../src/platform/logger";
import { GatewayClientSettings } from "../../src/federation/token-exchanger";
import { createClient } from "../factories/machine-clients";
import { GqlResult, startTestHub, TestHub } from "../factories/test-hub";
import { fakeServiceRecord, startVeteransSubgraph, VeteransSubgraph } from "../simulators/veterans-subgraph";

const HUB_AUDIENCE = "petition-hub";
let client: GatewayClientSettings;
const silent = createLogger("silent");

let t: TestHub;
let vets: VeteransSubgraph;
let gw: RunningGateway;
let registrar: string;
let ids: Record<string, string>;
let veteranPetition: string;
let sharedPetition: string;

async function post<T = Record<string, unknown>>(url: string, token: string | null, query: string, variables?: Record<string, unknown>, extraHeaders: Record<string, string> = {}): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as GqlResult<T>), status: res.status };
}

async function submit(input: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.KLQ_XFJ, request: "请求落实相关待遇", petitioners: [{ name: "赵某" }], ...input },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  vets = await startVeteransSubgraph({ jwksUrl: `${t.baseUrl}/.well-known/jwks.json`, issuer: "petition-hub" });
  const gwClient = await createClient(t, { orgCode: "DY_XFJ", roles: [Role.GATEWAY], name: "federated gateway" });
  client = { tokenUrl: `${t.baseUrl}/oauth/token`, clientId: gwClient.clientId, clientSecret: gwClient.clientSecret! };
  gw = await startGateway({ port: 0, subgraphs: [{ name: "hub", url: t.url }, { name: "veterans", url: vets.url }], client, hubAudience: HUB_AUDIENCE, log: silent });
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
  ids = {};
  for (const code of ["KLQ_XFJ", "DY_TYJR", "DY_FL", "DY_CL"]) ids[code] = String((await t.org(code)).id);
  veteranPetition = await submit({
    summary: "退役士兵安置待遇未落实",
    specialGroups: ["VETERAN_MILITARY"],
    petitioners: [{ name: "刘某", idNumber: "37052319800101123X", veteran: true }],
  });
  sharedPetition = await submit({
    summary: "退役军人家庭家暴,妻子和孩子求助",
    specialGroups: ["WOMEN_CHILDREN", "VETERAN_MILITARY"],
    petitioners: [{ name: "王某", veteran: false }],
  });
});

afterAll(async () => {
  await gw?.stop();
  await vets?.stop();
  await t?.stop();
});

const SPANNING = `query($id: ID!) { petition(id: $id) { id number specialGroups veteranServiceRecord { serviceBranch resettlementStatus } } }`;
type Spanning = { petition: { id: string; number: string; specialGroups: string[]; veteranServiceRecord: { serviceBranch: string; resettlementStatus: string } | null } | null };

describe("the hub as a Federation 2 subgraph (its own /graphql)", () => {
  it("serves _service { sdl } with @key on Petition, Organization and Referral, without a token", async () => {
    const r = await post<{ _service: { sdl: string } }>(t.url, null, `{ _service { sdl } }`);
    expect(r.errors).toBeUndefined();
    const sdl = r.data!._service.sdl;
    expect(sdl).toContain("https://specs.apollo.dev/federation/v2.3");
    for (const type of ["Petition", "Organization", "Referral"]) expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "id"\\)`));
  });

  it("resolves _entities in one batch per type and with the caller's visibility", async () => {
    const vetsToken = await t.token("DY_TYJR", [Role.AGENCY_SYSTEM]);
    const invisible = await submit({ summary: "小区停车位纠纷" });
    const referrals = await t.gql<{ petition: { referrals: { id: string; agency: { code: string } }[] } }>(registrar, `query($id: ID!) { petition(id: $id) { referrals { id agency { code } } } }`, { id: sharedPetition });
    const byAgency = Object.fromEntries(referrals.data!.petition.referrals.map((x) => [x.agency.code, x.id]));
    expect(Object.keys(byAgency).sort()).toEqual(["DY_FL", "DY_TYJR"]);

    // Every SQL statement goes through the data source's logger, whichever API issued it.
    const spy = jest.spyOn(t.hub.deps.db.logger, "logQuery");
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      __typename ... on Petition { id number } ... on Organization { id code } ... on Referral { id state } } }`;
    const representations = [
      { __typename: "Petition", id: veteranPetition },
      { __typename: "Petition", id: invisible },
      { __typename: "Organization", id: ids.DY_TYJR },
      { __typename: "Petition", id: sharedPetition },
      { __typename: "Referral", id: byAgency.DY_TYJR },
      { __typename: "Referral", id: byAgency.DY_FL },
    ];
    const r = await post<{ _entities: ({ __typename: string; id: string } | null)[] }>(t.url, vetsToken, query, { r: representations });
    const petitionQueries = spy.mock.calls.filter(([sql]) => /FROM `petition`(?!_)/.test(sql)).length;
    spy.mockRestore();
    expect(r.errors).toBeUndefined();
    const got = r.data!._entities.map((e) => e && `${e.__typename}:${e.id}`);
    // The veterans bureau sees its petitions and its own referral; not the unrelated petition, not 妇联's referral.
    expect(got).toEqual([`Petition:${veteranPetition}`, null, `Organization:${ids.DY_TYJR}`, `Petition:${sharedPetition}`, `Referral:${byAgency.DY_TYJR}`, null]);
    // Three petition representations, one visibility-filtered SQL query (DataLoader batch).
    expect(petitionQueries).toBe(1);

    const anon = await post(t.url, null, query, { r: representations.slice(0, 1) });
    expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("the gateway over the hub and the veterans subgraph", () => {
  it("answers one query from both subgraphs for the veterans bureau, with its identity forwarded", async () => {
    const token = await t.token("DY_TYJR", [Role.AGENCY_SYSTEM]);
    const before = vets.callers().length;
    const r = await post<Spanning>(gw.url, token, SPANNING, { id: veteranPetition });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    const expected = fakeServiceRecord(veteranPetition);
    expect(r.data!.petition).toEqual({
      id: veteranPetition,
      number: expect.any(String),
      specialGroups: ["VETERAN_MILITARY"],
      veteranServiceRecord: { serviceBranch: expected.serviceBranch, resettlementStatus: expected.resettlementStatus },
    });
    // The veterans subgraph verified (against the hub's JWKS) a token for its own audience, not the caller's.
    expect(vets.callers().slice(before)).toEqual(["DY_TYJR"]);
    const got = vets.tokens().at(-1)!;
    expect(got.raw).not.toBe(token);
    expect(got).toMatchObject({ sub: "test:DY_TYJR", org: "DY_TYJR", roles: ["AGENCY_SYSTEM"], aud: "urn:petition-hub:subgraph:veterans", act: { sub: client.clientId } });
    // Replayed at the hub, that token is refused: its audience is the veterans subgraph alone.
    const replay = await post(t.url, got.raw, `{ petition(id: "${veteranPetition}") { id } }`);
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");

    const bureau = await post<Spanning>(gw.url, await t.token("DY_XFJ", [Role.CASE_OFFICER]), SPANNING, { id: veteranPetition });
    expect(bureau.errors).toBeUndefined();
    expect(bureau.data!.petition!.veteranServiceRecord).not.toBeNull();
  });

  it("lets the hub refuse a caller who may not see the petition (残联): null, and the agency is never asked", async () => {
    const before = vets.callers().length;
    const r = await post<Spanning>(gw.url, await t.token("DY_CL", [Role.AGENCY_SYSTEM]), SPANNING, { id: veteranPetition });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data!.petition).toBeNull();
    expect(vets.callers().length).toBe(before);
  });

  it("lets the agency refuse a caller the hub lets through (妇联 on a shared petition): FORBIDDEN from the veterans subgraph", async () => {
    const r = await post<Spanning>(gw.url, await t.token("DY_FL", [Role.AGENCY_SYSTEM]), SPANNING, { id: sharedPetition });
    expect(r.status).toBe(200);
    expect(r.data!.petition).toEqual({ id: sharedPetition, number: expect.any(String), specialGroups: ["WOMEN_CHILDREN"], veteranServiceRecord: null }); // 妇联 learns only of the group it serves
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ["petition", "veteranServiceRecord"], extensions: { code: "FORBIDDEN", serviceName: "veterans" } });
    expect(vets.callers().at(-1)).toBe("DY_FL");
  });

  it("passes mutations through to the hub under the caller's identity", async () => {
    const r = await post<{ submitPetition: { id: string; specialGroups: string[] } }>(
      gw.url,
      registrar,
      `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id specialGroups } }`,
      { i: { channel: "LETTER", category: "APPEAL_REQUEST", localityOrgId: ids.KLQ_XFJ, summary: "经网关登记的退役军人来信", request: "请求核实", specialGroups: ["VETERAN_MILITARY"], petitioners: [{ name: "孙某", veteran: true }] } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitPetition.specialGroups).toEqual(["VETERAN_MILITARY"]);
    // The audit log names both: the registrar acted, the gateway carried it (RFC 8693 act).
    const [entry] = await t.hub.deps.db.query("SELECT actorSubject, outcome FROM audit_log WHERE action = 'Mutation.submitPetition' AND resourceId = ?", [r.data!.submitPetition.id]);
    expect(entry).toEqual({ actorSubject: expect.stringMatching(/^test:DY_XFJ via \S+$/), outcome: "OK" });
    // A handler may not register: the hub's own role check, through the gateway.
    const handler = await post(gw.url, await t.token("DY_ZJJ", [Role.HANDLER]), `mutation { submitPetition(input: { channel: LETTER, category: SUGGESTION, localityOrgId: "${ids.KLQ_XFJ}", summary: "x", request: "y", anonymous: true }) { id } }`);
    expect(handler.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", serviceName: "hub" });
  });

  it("answers a body over 1 MB with 413 PAYLOAD_TOO_LARGE like the hub: before `100 Continue` when announced, without a reset when sent", async () => {
    const u = new URL(gw.url);
    const post = (expect100: boolean) =>
      new Promise<{ status: number; code: string; continued: boolean; clientError: string | null }>((resolve) => {
        let continued = false;
        let clientError: string | null = null;
        const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": 2_000_000, ...(expect100 ? { expect: "100-continue" } : {}) } });
        req.on("continue", () => ((continued = true), req.end(Buffer.alloc(2_000_000, 0x20))));
        req.on("error", (e) => (clientError = (e as NodeJS.ErrnoException).code ?? e.message));
        req.on("response", (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => setTimeout(() => resolve({ status: res.statusCode ?? 0, code: JSON.parse(body).errors[0].extensions.code, continued, clientError }), 50));
        });
        if (expect100) req.flushHeaders();
        else req.end(Buffer.alloc(2_000_000, 0x20));
      });
    expect(await post(true)).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", continued: false, clientError: null });
    expect(await post(false)).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", continued: false, clientError: null });
  });

  it("refuses a request without a valid token before any subgraph is asked", async () => {
    const before = vets.callers().length;
    const none = await post(gw.url, null, SPANNING, { id: veteranPetition });
    expect(none.status).toBe(401);
    expect(none.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(none.data).toBeUndefined();
    const forged = (await t.token("DY_XFJ", [Role.CASE_OFFICER])).replace(/.{6}$/, "AAAAAA");
    const f = await post(gw.url, forged, SPANNING, { id: veteranPetition });
    expect(f.status).toBe(401);
    expect(f.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const basic = await post(gw.url, null, `{ __typename }`, undefined, { authorization: "Basic dXNlcjpwYXNz" });
    expect(basic.status).toBe(401);
    expect(vets.callers().length).toBe(before);
  });

  it("fails loudly when an agency subgraph's schema does not compose with the hub's", async () => {
    // Declares Petition.number as Int (the hub's is String!) and without @shareable.
    const bad = new ApolloServer({
      schema: buildSubgraphSchema([
        {
          typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
            type Petition @key(fields: "id") { id: ID! number: Int }`),
          resolvers: { Petition: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, number: 1 }) } },
        },
      ]),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(bad, { listen: { port: 0, host: "127.0.0.1" } });
    try {
      const attempt = startGateway({ port: 0, subgraphs: [{ name: "hub", url: t.url }, { name: "bad-agency", url }], client, hubAudience: HUB_AUDIENCE, log: silent });
      await expect(attempt).rejects.toThrow(GatewayCompositionError);
      await expect(attempt).rejects.toThrow(/could not compose the supergraph.*composition errors were found[\s\S]*Petition\.number/);
    } finally {
      await bad.stop();
    }
  });

  it("fails when a subgraph cannot be reached at start-up", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", () => resolve()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(startGateway({ port: 0, subgraphs: [{ name: "hub", url: t.url }, { name: "gone", url: `http://127.0.0.1:${port}/graphql` }], client, hubAudience: HUB_AUDIENCE, log: silent })).rejects.toThrow(
      GatewayCompositionError,
    );
  });
});
