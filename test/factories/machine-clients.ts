import { Role } from "../../src/domain/petition-terms";
import { TestHub } from "./test-hub";

/** A created client as the bureau administrator gets it back. */
export interface CreatedClient {
  id: string;
  clientId: string;
  clientSecret: string | null;
}

/** Creates a machine client through GraphQL as the city bureau's OPERATOR. */
export async function createClient(t: TestHub, input: { orgCode: string; roles: Role[]; authMethod?: string; publicJwk?: string; name?: string }): Promise<CreatedClient> {
  const admin = await t.token("DY_XFJ", [Role.OPERATOR], "admin:test");
  const r = await t.gql<{ createMachineClient: { client: { id: string; clientId: string }; clientSecret: string | null } }>(
    admin,
    `mutation($i: CreateMachineClientInput!) { createMachineClient(input: $i) { client { id clientId } clientSecret } }`,
    { i: { orgId: String((await t.org(input.orgCode)).id), roles: input.roles, authMethod: input.authMethod ?? "CLIENT_SECRET_BASIC", publicJwk: input.publicJwk, name: input.name ?? `${input.orgCode} system` } },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { ...r.data!.createMachineClient.client, clientSecret: r.data!.createMachineClient.clientSecret };
}

/** POSTs a form to the hub's token endpoint; returns status and JSON body. */
export async function tokenRequest(t: TestHub, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${t.baseUrl}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** `Authorization: Basic` for client_secret_basic (RFC 6749 §2.3.1: each part form-encoded). */
export const basicAuth = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}` });
