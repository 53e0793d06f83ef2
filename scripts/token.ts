/**
 * Prints a development token: `npm run token -- --org DY_CL --role HANDLER [--sub name] [--ttl 3600]`.
 * Uses JWT_SECRET from the environment (the development default when unset).
 */
import { loadConfig } from "../src/platform/config";
import { signToken } from "../src/platform/tokens";
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
  const c = loadConfig();
  const token = await signToken(
    { secret: c.JWT_SECRET, issuer: c.JWT_ISSUER, audience: c.JWT_AUDIENCE },
    { sub: get("--sub") ?? `dev:${org}`, org, roles: roles as Role[] },
    Number(get("--ttl") ?? 8 * 3600),
  );
  console.log(token);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
