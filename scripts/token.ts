/**
 * Prints a development token: `npm run token -- --org DY_CL --role HANDLER [--sub name] [--ttl 3600]`.
 * Signs with the hub's local key set (JWT_KEYS_FILE, or .data/keys/jwks.json, generated if missing). Refuses
 * when NODE_ENV=production: there, people sign in through the identity provider and systems use /oauth/token.
 */
import { loadConfig } from "../src/platform/config";
import { openHubKeys } from "../src/platform/identity";
import { TokenIssuer } from "../src/platform/tokens";
import { Role } from "../src/domain/petition-terms";

async function main() {
  const args = process.argv.slice(2);
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const org = get("--org");
  const roles = args.flatMap((a, i) => (a === "--role" ? [args[i + 1]] : []));
  if (!org || roles.length === 0) {
    console.error(`usage: npm run token -- --org <ORG_CODE> --role <${Object.values(Role).join("|")}> [--role …] [--sub name] [--ttl seconds]`);
    process.exit(2);
  }
  const bad = roles.filter((r) => !(Object.values(Role) as string[]).includes(r));
  if (bad.length) {
    console.error(`unknown role(s): ${bad.join(", ")}; known: ${Object.values(Role).join(", ")}`);
    process.exit(2);
  }
  if (process.env.NODE_ENV === "production") {
    console.error("npm run token is for development; in production use the identity provider or a machine client at /oauth/token");
    process.exit(2);
  }
  const c = loadConfig();
  const issuer = new TokenIssuer(await openHubKeys(c), { issuer: c.JWT_ISSUER, audience: c.JWT_AUDIENCE });
  const { token } = await issuer.sign({ sub: get("--sub") ?? `dev:${org}`, org, roles: roles as Role[] }, { ttlSeconds: Number(get("--ttl") ?? 8 * 3600) });
  console.log(token);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
