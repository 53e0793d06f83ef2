import { Role } from "../../src/domain/petition-terms";
import { registerPetition } from "../factories/referrals";
import { freshDatabaseUrl, startTestHub, TestHub } from "../factories/test-hub";

// Queries run on graphql-jit by default; the reference graphql-js executor stays selectable. Both must answer
// the same data and the same coded errors.
let jit: TestHub;
let ref: TestHub;
beforeAll(async () => {
  const db = await freshDatabaseUrl();
  jit = await startTestHub({ HUB_ROLE: "api" }, db);
  ref = await startTestHub({ HUB_ROLE: "api", GRAPHQL_EXECUTOR: "graphql-js" }, { url: db.url, drop: async () => undefined });
  await registerPetition(jit, { specialGroups: ["DISABLED"], summary: "辅助器具适配", petitioners: [{ name: "周某", idNumber: "370502198001011234", phone: "13911112222" }] });
  await registerPetition(jit, { summary: "噪音扰民" });
});
afterAll(async () => {
  await ref?.stop();
  await jit?.stop();
});

const LIST = `query($f: PetitionFilterInput) { petitions(first: 10, filter: $f) { pageInfo { hasNextPage } nodes { id number state specialGroups flags { groupVisit }
  petitioners { name idNumber phone disabled unmasked } problemLocality { code levelAbove { code } } deadlines { kind state warning } history { event toState legalBasis }
  referrals { state agency { code } } } } }`;

it.each([
  ["a wide nested list as the bureau", "DY_XFJ", [Role.REGISTRAR], LIST, {}],
  ["the same list as an agency (masked, filtered)", "DY_CL", [Role.AGENCY_SYSTEM], LIST, {}],
  ["a filter variable", "DY_XFJ", [Role.CASE_OFFICER], LIST, { f: { specialGroups: ["DISABLED"] } }],
  ["a wrong enum in a variable", "DY_XFJ", [Role.CASE_OFFICER], LIST, { f: { specialGroups: ["ALIENS"] } }],
  ["a domain error from a resolver", "DY_XFJ", [Role.CASE_OFFICER], `{ petitions(first: 500) { nodes { id } } }`, {}],
  ["a forbidden operator query", "DY_CL", [Role.AGENCY_SYSTEM], `{ failedDeliveries { jobId } }`, {}],
] as [string, string, Role[], string, Record<string, unknown>][])("%s", async (_name, org, roles, query, variables) => {
  const [a, b] = [await jit.gql(await jit.token(org, roles), query, variables), await ref.gql(await ref.token(org, roles), query, variables)];
  expect(a.status).toBe(b.status);
  expect(a.data).toEqual(b.data);
  expect(a.errors?.map((e) => e.extensions?.code)).toEqual(b.errors?.map((e) => e.extensions?.code));
  expect(a.errors?.map((e) => e.message)).toEqual(b.errors?.map((e) => e.message));
  // Not vacuous: data cases return petitions, error cases return coded errors.
  expect(a.errors ? a.errors[0].extensions?.code : JSON.stringify(a.data)).toMatch(/"number":"XF|BAD_USER_INPUT|FORBIDDEN/);
});
