import { BadInputError } from "../errors";
import { OrgKind, OrgLevel, Role } from "../petition-terms";

/** How a machine client authenticates at the token endpoint (RFC 7591 `token_endpoint_auth_method`). */
export enum MachineClientAuthMethod {
  CLIENT_SECRET_BASIC = "CLIENT_SECRET_BASIC",
  CLIENT_SECRET_POST = "CLIENT_SECRET_POST",
  PRIVATE_KEY_JWT = "PRIVATE_KEY_JWT",
}

/** Methods that authenticate with a shared secret (hash stored, secret shown once). */
export const usesSecret = (m: MachineClientAuthMethod) => m !== MachineClientAuthMethod.PRIVATE_KEY_JWT;

/**
 * The roles a client for `org` may be granted: at least one; never OPERATOR (administration stays with people);
 * GATEWAY only alone and only for the city bureau, which runs the gateway.
 */
export function checkClientGrant(org: { kind: OrgKind; level: OrgLevel }, roles: readonly Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (!unique.length) throw new BadInputError("a machine client needs at least one role", [{ path: "roles", message: "empty" }]);
  if (unique.includes(Role.OPERATOR)) throw new BadInputError("a machine client may not hold OPERATOR", [{ path: "roles", message: "OPERATOR is for people" }]);
  if (unique.includes(Role.GATEWAY)) {
    if (unique.length > 1) throw new BadInputError("GATEWAY is granted alone", [{ path: "roles", message: "GATEWAY with other roles" }]);
    if (!(org.kind === OrgKind.PETITION_BUREAU && org.level === OrgLevel.CITY)) throw new BadInputError("only the city bureau runs the gateway", [{ path: "roles", message: "GATEWAY outside the city bureau" }]);
  }
  return unique;
}
