/**
 * Identity over real HTTP: the hub's ES256 keys and JWKS, what it refuses, key rotation with an overlap,
 * machine clients (client_secret_basic/post, private_key_jwt) at /oauth/token, revocation, who may administer
 * clients, and an external OpenID provider served by a local HTTP server.
 */
import { createServer, Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, KeyLike, SignJWT, UnsecuredJWT } from "jose";
import { Role } from "../../src/domain/petition-terms";
import { ConfigError } from "../../src/platform/config";
import { openHubKeys } from "../../src/platform/identity";
import { readKeySetFile, rotateKeySet, StoredKey, writeKeySetFile } from "../../src/platform/keys/key-set";
import { basicAuth, createClient, tokenRequest } from "../factories/machine-clients";
import { startTestHub, TestHub } from "../factories/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
});
afterAll(async () => {
  await t?.stop();
});

const ME = `{ me { code } }`;
const me = async (token: string) => t.gql<{ me: { code: string } }>(token, ME);
const expectUnauthenticated = async (token: string) => {
  const r = await me(token);
  expect(r.status).toBe(401);
  expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
};

describe("the hub's keys and what it accepts", () => {
  it("publishes its public keys at /.well-known/jwks.json and a hub token verifies against them with plain jose", async () => {
    const res = await fetch(`${t.baseUrl}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(k.d).toBeUndefined();
    }
    const token = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe("ES256");
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${t.baseUrl}/.well-known/jwks.json`)), { issuer: "petition-hub", audience: "petition-hub" });
    expect(payload).toMatchObject({ org: "DY_XFJ", roles: ["CASE_OFFICER"] });
    expect((await me(token)).data?.me.code).toBe("DY_XFJ");
  });

  it("refuses a foreign key (even under the hub's kid), alg none, HS256 keyed with the public key, no kid, wrong audience and expiry", async () => {
    const good = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const kid = decodeProtectedHeader(good).kid!;
    const claims = { org: "DY_XFJ", roles: ["CASE_OFFICER"] };
    const { privateKey: foreign } = await generateKeyPair("ES256");
    const sign = (key: KeyLike | Uint8Array, header: Record<string, unknown>, aud = "petition-hub", exp = "1h") =>
      new SignJWT(claims).setProtectedHeader(header as { alg: string }).setSubject("attacker").setIssuer("petition-hub").setAudience(aud).setIssuedAt().setExpirationTime(exp).sign(key);

    await expectUnauthenticated(await sign(foreign, { alg: "ES256", kid }));
    await expectUnauthenticated(new UnsecuredJWT(claims).setSubject("attacker").setIssuer("petition-hub").setAudience("petition-hub").setExpirationTime("1h").encode());
    // The classic algorithm confusion: HMAC with the published public key (as JWK JSON and as its x coordinate) as the secret.
    const jwk = ((await (await fetch(`${t.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] }).keys.find((k) => k.kid === kid)!;
    await expectUnauthenticated(await sign(new TextEncoder().encode(JSON.stringify(jwk)), { alg: "HS256", kid }));
    await expectUnauthenticated(await sign(Buffer.from(jwk.x, "base64url"), { alg: "HS256", kid }));
    // The hub's own key, but the header lacks a kid / the audience is another service's / it expired.
    const hubKey = (await importJWK(readKeySetFile(t.hub.identity!.keys.path).keys.find((k) => k.kid === kid)!, "ES256")) as KeyLike;
    await expectUnauthenticated(await sign(hubKey, { alg: "ES256" }));
    await expectUnauthenticated(await sign(hubKey, { alg: "ES256", kid }, "urn:petition-hub:subgraph:veterans"));
    await expectUnauthenticated(await t.sign({ sub: "x", org: "DY_XFJ", roles: [Role.CASE_OFFICER] }, { ttlSeconds: -10 }));
    await expectUnauthenticated(await t.sign({ sub: "x", org: "DY_XFJ", roles: [Role.CASE_OFFICER] }, { audience: "urn:petition-hub:subgraph:veterans" }));
    // The same hub key and claims with the right header and audience are accepted: the refusals above are specific.
    expect((await me(await sign(hubKey, { alg: "ES256", kid }))).data?.me.code).toBe("DY_XFJ");
  });
});

describe("key rotation", () => {
  it("accepts the previous key within the overlap and refuses it after", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-rotate-"));
    const file = join(dir, "jwks.json");
    const r = await startTestHub({ HUB_ROLE: "api", JWT_KEYS_FILE: file, JWT_KEY_OVERLAP_HOURS: "24" });
    try {
      const meAt = (token: string) => r.gql<{ me: { code: string } }>(token, ME);
      const signWith = async (k: StoredKey, sub: string) =>
        new SignJWT({ org: "DY_XFJ", roles: ["CASE_OFFICER"] })
          .setProtectedHeader({ alg: "ES256", kid: k.kid })
          .setSubject(sub)
          .setIssuer("petition-hub")
          .setAudience("petition-hub")
          .setExpirationTime("1h")
          .sign((await importJWK(k, "ES256")) as KeyLike);
      const [old] = readKeySetFile(file).keys;
      expect((await meAt(await signWith(old, "before"))).data?.me.code).toBe("DY_XFJ");

      writeKeySetFile(file, await rotateKeySet(readKeySetFile(file), 24 * 3600));
      await r.hub.identity!.keys.refresh(0); // what the periodic mtime check does within 5 s
      const rotated = readKeySetFile(file).keys;
      expect(rotated).toHaveLength(2);
      const current = rotated[1];
      expect(current.kid).not.toBe(old.kid);
      // The hub now signs with the new key and still accepts the old one (overlap).
      expect(decodeProtectedHeader(await r.token("DY_XFJ", [Role.CASE_OFFICER])).kid).toBe(current.kid);
      expect((await meAt(await signWith(old, "during-overlap"))).data?.me.code).toBe("DY_XFJ");
      const published = ((await (await fetch(`${r.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
      expect(published.sort()).toEqual([old.kid, current.kid].sort());

      // 25 hours later (the retirement moved back instead of the clock forward): the old key no longer verifies.
      const later = readKeySetFile(file);
      later.keys[0].retired_at = Math.floor(Date.now() / 1000) - 25 * 3600;
      writeKeySetFile(file, later);
      await r.hub.identity!.keys.refresh(0);
      const afterOverlap = await meAt(await signWith(old, "after-overlap"));
      expect(afterOverlap.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      expect((await meAt(await signWith(current, "new-key"))).data?.me.code).toBe("DY_XFJ");
      const publishedLater = ((await (await fetch(`${r.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
      expect(publishedLater).toEqual([current.kid]);
      // And the next rotation drops it from the file.
      expect((await rotateKeySet(readKeySetFile(file), 24 * 3600)).keys.map((k) => k.kid)).not.toContain(old.kid);
    } finally {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("production refuses to start without configured keys, or with a key file that is missing", async () => {
    await expect(openHubKeys({ NODE_ENV: "production", JWT_KEYS_FILE: undefined, JWT_KEY_OVERLAP_HOURS: 24 })).rejects.toThrow(ConfigError);
    await expect(openHubKeys({ NODE_ENV: "production", JWT_KEYS_FILE: join(tmpdir(), "no-such-dir", "jwks.json"), JWT_KEY_OVERLAP_HOURS: 24 })).rejects.toThrow(/JWT_KEYS_FILE: key set .*file not found/);
  });
});

describe("machine clients at /oauth/token", () => {
  it("client_secret_basic: a token of at most 15 minutes for the client's organisation and roles, which works", async () => {
    const c = await createClient(t, { orgCode: "DY_CL", roles: [Role.AGENCY_SYSTEM] });
    expect(c.clientSecret).toMatch(/^[\w-]{43}$/);
    const r = await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth(c.clientId, c.clientSecret!));
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.body).toMatchObject({ token_type: "Bearer", scope: "AGENCY_SYSTEM" });
    expect(r.body.expires_in).toBeLessThanOrEqual(900);
    const claims = decodeJwt(String(r.body.access_token));
    expect(claims).toMatchObject({ sub: c.clientId, client_id: c.clientId, org: "DY_CL", roles: ["AGENCY_SYSTEM"], aud: "petition-hub", iss: "petition-hub" });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(900);
    expect((await me(String(r.body.access_token))).data?.me.code).toBe("DY_CL");

    // The secret exists only as a scrypt hash.
    const [row] = await t.hub.deps.db.query(`SELECT secretHash FROM machine_client WHERE clientId = ?`, [c.clientId]);
    expect(row.secretHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.secretHash).not.toContain(c.clientSecret);
  });

  it("refuses a wrong secret, an unknown client, the wrong method, an unknown grant and an ungranted scope, per RFC 6749 §5.2", async () => {
    const c = await createClient(t, { orgCode: "DY_FL", roles: [Role.AGENCY_SYSTEM] });
    const wrong = await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth(c.clientId, `${c.clientSecret}x`));
    expect([wrong.status, wrong.body.error]).toEqual([401, "invalid_client"]);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    const unknown = await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth("mc_nobody", c.clientSecret!));
    expect([unknown.status, unknown.body.error]).toEqual([401, "invalid_client"]);
    // Registered for client_secret_basic: the same secret in the body is refused.
    const post = await tokenRequest(t, { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret! });
    expect([post.status, post.body.error]).toEqual([401, "invalid_client"]);
    const none = await tokenRequest(t, { grant_type: "client_credentials" });
    expect([none.status, none.body.error]).toEqual([401, "invalid_client"]);
    const grant = await tokenRequest(t, { grant_type: "password", username: "u", password: "p" }, basicAuth(c.clientId, c.clientSecret!));
    expect([grant.status, grant.body.error]).toEqual([400, "unsupported_grant_type"]);
    const scope = await tokenRequest(t, { grant_type: "client_credentials", scope: "AGENCY_SYSTEM CASE_OFFICER" }, basicAuth(c.clientId, c.clientSecret!));
    expect([scope.status, scope.body.error]).toEqual([400, "invalid_scope"]);
    const twice = await fetch(`${t.baseUrl}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...basicAuth(c.clientId, c.clientSecret!) }, body: "grant_type=client_credentials&grant_type=client_credentials" });
    expect([twice.status, ((await twice.json()) as { error: string }).error]).toEqual([400, "invalid_request"]);
    const json = await fetch(`${t.baseUrl}/oauth/token`, { method: "POST", headers: { "content-type": "application/json", ...basicAuth(c.clientId, c.clientSecret!) }, body: '{"grant_type":"client_credentials"}' });
    expect(json.status).toBe(400);
    // A non-gateway client may not exchange tokens.
    const exchange = await tokenRequest(t, { grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: await t.token("DY_XFJ", [Role.CASE_OFFICER]), subject_token_type: "urn:ietf:params:oauth:token-type:access_token", audience: "petition-hub" }, basicAuth(c.clientId, c.clientSecret!));
    expect([exchange.status, exchange.body.error]).toEqual([400, "unauthorized_client"]);
  });

  it("client_secret_post works for a client registered for it, and rotation replaces the secret at once", async () => {
    const c = await createClient(t, { orgCode: "DY_FL", roles: [Role.AGENCY_SYSTEM], authMethod: "CLIENT_SECRET_POST" });
    const ok = await tokenRequest(t, { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret! });
    expect(ok.status).toBe(200);
    const admin = await t.token("DY_XFJ", [Role.OPERATOR], "admin:test");
    const rot = await t.gql<{ rotateMachineClientSecret: { clientSecret: string; client: { rotatedAt: string | null } } }>(admin, `mutation($id: ID!) { rotateMachineClientSecret(id: $id) { clientSecret client { rotatedAt } } }`, { id: c.id });
    expect(rot.errors).toBeUndefined();
    expect(rot.data!.rotateMachineClientSecret.client.rotatedAt).not.toBeNull();
    const fresh = rot.data!.rotateMachineClientSecret.clientSecret;
    expect(fresh).not.toBe(c.clientSecret);
    expect((await tokenRequest(t, { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret! })).body.error).toBe("invalid_client");
    expect((await tokenRequest(t, { grant_type: "client_credentials", client_id: c.clientId, client_secret: fresh })).status).toBe(200);
  });

  it("private_key_jwt (RFC 7523): a signed assertion gets a token; a replayed jti, a long-lived or foreign-signed assertion does not", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const pub = await exportJWK(publicKey);
    const c = await createClient(t, { orgCode: "DY_TYJR", roles: [Role.AGENCY_SYSTEM], authMethod: "PRIVATE_KEY_JWT", publicJwk: JSON.stringify(pub) });
    expect(c.clientSecret).toBeNull();
    const assertion = (o: { jti?: string; exp?: string; key?: KeyLike; aud?: string } = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(c.clientId)
        .setSubject(c.clientId)
        .setAudience(o.aud ?? `${t.baseUrl}/oauth/token`)
        .setJti(o.jti ?? crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime(o.exp ?? "60s")
        .sign(o.key ?? privateKey);
    const form = (a: string) => ({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: a });

    const jti = crypto.randomUUID();
    const ok = await tokenRequest(t, form(await assertion({ jti })));
    expect(ok.status).toBe(200);
    expect(decodeJwt(String(ok.body.access_token))).toMatchObject({ sub: c.clientId, org: "DY_TYJR", roles: ["AGENCY_SYSTEM"] });
    expect((await me(String(ok.body.access_token))).data?.me.code).toBe("DY_TYJR");

    const replay = await tokenRequest(t, form(await assertion({ jti })));
    expect([replay.status, replay.body.error]).toEqual([401, "invalid_client"]);
    const long = await tokenRequest(t, form(await assertion({ exp: "10m" })));
    expect([long.status, long.body.error]).toEqual([401, "invalid_client"]);
    const { privateKey: other } = await generateKeyPair("ES256");
    expect((await tokenRequest(t, form(await assertion({ key: other })))).body.error).toBe("invalid_client");
    expect((await tokenRequest(t, form(await assertion({ aud: "https://elsewhere.example/token" })))).body.error).toBe("invalid_client");
    // The issuer identifier is an accepted audience too (RFC 7523bis).
    expect((await tokenRequest(t, form(await assertion({ aud: "petition-hub" })))).status).toBe(200);
  });

  it("a revoked client gets no new token and its issued tokens are refused", async () => {
    const c = await createClient(t, { orgCode: "DY_CL", roles: [Role.AGENCY_SYSTEM] });
    const issued = String((await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth(c.clientId, c.clientSecret!))).body.access_token);
    expect((await me(issued)).data?.me.code).toBe("DY_CL");
    const admin = await t.token("DY_XFJ", [Role.OPERATOR], "admin:test");
    const rev = await t.gql<{ revokeMachineClient: { revokedAt: string; revokedBy: string } }>(admin, `mutation($id: ID!) { revokeMachineClient(id: $id) { revokedAt revokedBy } }`, { id: c.id });
    expect(rev.errors).toBeUndefined();
    expect(rev.data!.revokeMachineClient.revokedBy).toBe("admin:test");
    const again = await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth(c.clientId, c.clientSecret!));
    expect([again.status, again.body.error]).toEqual([401, "invalid_client"]);
    await expectUnauthenticated(issued);

    // Every step left a history row and a MachineClientChanged event, without the secret.
    const history = await t.hub.deps.db.query(`SELECT h.action, h.actor, h.details FROM machine_client_change h JOIN machine_client c ON c.id = h.machineClientId WHERE c.clientId = ? ORDER BY h.id`, [c.clientId]);
    expect(history.map((h: { action: string }) => h.action)).toEqual(["CREATED", "REVOKED"]);
    expect(history[0].actor).toBe("admin:test");
    const events = await t.hub.deps.db.query(`SELECT payload FROM outbox WHERE type = 'MachineClientChanged' AND aggregateId = ?`, [c.id]);
    expect(events).toHaveLength(2);
    for (const e of [...history.map((h: { details: string }) => h.details), ...events.map((x: { payload: string }) => x.payload)]) expect(String(e)).not.toContain(c.clientSecret);
  });

  it("only the city bureau's OPERATOR manages clients: others are FORBIDDEN, and no client may hold OPERATOR", async () => {
    const orgId = String((await t.org("DY_CL")).id);
    const create = `mutation($i: CreateMachineClientInput!) { createMachineClient(input: $i) { client { id } clientSecret } }`;
    const input = { i: { orgId, roles: ["AGENCY_SYSTEM"], authMethod: "CLIENT_SECRET_BASIC", name: "x" } };
    for (const [org, roles] of [["DY_XFJ", [Role.CASE_OFFICER]], ["KLQ_XFJ", [Role.OPERATOR]], ["DY_CL", [Role.AGENCY_SYSTEM]], ["DY_CL", [Role.OPERATOR]]] as const) {
      const tok = await t.token(org, [...roles]);
      expect((await t.gql(tok, create, input)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await t.gql(tok, `{ machineClients { id } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await t.gql(tok, `mutation { revokeMachineClient(id: "1") { id } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
    expect((await t.gql(null, create, input)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const admin = await t.token("DY_XFJ", [Role.OPERATOR]);
    expect((await t.gql(admin, create, { i: { ...input.i, roles: ["OPERATOR"] } })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await t.gql(admin, create, { i: { ...input.i, roles: ["GATEWAY"] } })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await t.gql(admin, create, { i: { ...input.i, authMethod: "PRIVATE_KEY_JWT", publicJwk: JSON.stringify({ kty: "oct", k: "c2VjcmV0" }) } })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    expect((await t.gql(admin, create, { i: { ...input.i, authMethod: "PRIVATE_KEY_JWT", publicJwk: JSON.stringify(await exportJWK(privateKey)) } })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const list = await t.gql<{ machineClients: { clientId: string; authMethod: string }[] }>(admin, `{ machineClients { clientId authMethod roles createdBy revokedAt } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data!.machineClients.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.data)).not.toMatch(/scrypt/);
  });
});

describe("an external OpenID provider", () => {
  let idp: Server;
  let idpUrl: string;
  let idpKey: KeyLike;
  let h: TestHub;

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    idpKey = pair.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "idp-1", alg: "RS256", use: "sig" }] });
    idp = createServer((req, res) => (req.url === "/realms/city/protocol/openid-connect/certs" ? res.writeHead(200, { "content-type": "application/json" }).end(jwks) : res.writeHead(404).end()));
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    idpUrl = `http://127.0.0.1:${(idp.address() as { port: number }).port}`;
    h = await startTestHub({
      HUB_ROLE: "api",
      OIDC_ISSUER: `${idpUrl}/realms/city`,
      OIDC_AUDIENCE: "petition-hub",
      OIDC_JWKS_URL: `${idpUrl}/realms/city/protocol/openid-connect/certs`,
      OIDC_ORG_CLAIM: "org_code",
      OIDC_ROLES_CLAIM: "realm_access.roles",
      OIDC_ROLE_MAP_JSON: JSON.stringify({ "petition-case-officer": "CASE_OFFICER", "petition-handler": "HANDLER" }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((r) => idp?.close(r));
  });

  const idpToken = (claims: Record<string, unknown>, o: { aud?: string; exp?: string; kid?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: o.kid ?? "idp-1" })
      .setIssuer(`${idpUrl}/realms/city`)
      .setSubject("f3b1c2d4-user")
      .setAudience(o.aud ?? "petition-hub")
      .setIssuedAt()
      .setExpirationTime(o.exp ?? "5m")
      .sign(idpKey);

  it("maps the provider's organisation claim and realm roles onto a hub principal", async () => {
    const token = await idpToken({ org_code: "DY_CL", realm_access: { roles: ["offline_access", "petition-handler"] } });
    const r = await h.gql<{ me: { code: string } }>(token, ME);
    expect(r.errors).toBeUndefined();
    expect(r.data!.me.code).toBe("DY_CL");
    // Mapped roles decide: a handler may not register petitions.
    const reg = await h.gql(token, `mutation { submitPetition(input: { channel: LETTER, category: SUGGESTION, localityOrgId: "1", summary: "x", request: "y", anonymous: true }) { id } }`);
    expect(reg.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses provider tokens with a wrong audience, expired, without a mapped role, or signed by another key", async () => {
    const refuse = async (token: string) => expect((await h.gql(token, ME)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    await refuse(await idpToken({ org_code: "DY_CL", realm_access: { roles: ["petition-handler"] } }, { aud: "account" }));
    await refuse(await idpToken({ org_code: "DY_CL", realm_access: { roles: ["petition-handler"] } }, { exp: "-1m" }));
    await refuse(await idpToken({ org_code: "DY_CL", realm_access: { roles: ["offline_access", "GATEWAY", "OPERATOR"] } }));
    await refuse(await idpToken({ realm_access: { roles: ["petition-handler"] } }));
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ org_code: "DY_XFJ", realm_access: { roles: ["petition-case-officer"] } })
      .setProtectedHeader({ alg: "RS256", kid: "idp-1" })
      .setIssuer(`${idpUrl}/realms/city`)
      .setSubject("x")
      .setAudience("petition-hub")
      .setExpirationTime("5m")
      .sign(privateKey);
    await refuse(forged);
  });
});
