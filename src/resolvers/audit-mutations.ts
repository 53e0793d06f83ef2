import { defaultFieldResolver, getNamedType, GraphQLError, GraphQLField, GraphQLOutputType, GraphQLSchema } from "graphql";
import { actorFacts, auditedOperation, DEFAULT_AUDIT } from "../commands/audit-scope";
import { AuditAction, AuditFacts, AuditJson } from "../domain/audit/audit-chain";
import { DomainError } from "../domain/errors";
import type { HubContext } from "./context";

/** The stable code an error leaves in the audit log (what the caller sees as `extensions.code`). */
export function auditOutcomeOf(e: unknown): string {
  if (e instanceof DomainError) return e.code;
  if (e instanceof GraphQLError) {
    if (e.originalError instanceof DomainError) return e.originalError.code;
    const code = e.extensions?.code;
    if (typeof code === "string") return code;
  }
  return "INTERNAL_SERVER_ERROR";
}

/** Arguments that are secrets or personal data even though their names look like identifiers: never logged. */
const SECRET_ARGS: ReadonlySet<string> = new Set(["queryCode", "idNumber"]);

const ID_LIKE = /^(id|ids|\w*Id|\w*Ids|\w*Code|channel|kind)$/;

/**
 * Identifiers among the arguments (`id`, `*Id`, `*Code`, at the top or one input level down), flattened to
 * `path → value`. Everything else (reasons, summaries, petitioners) may hold personal data and stays out.
 */
export function identifyingArgs(args: Record<string, unknown>): Record<string, AuditJson> {
  const out: Record<string, AuditJson> = {};
  const visit = (obj: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || v === undefined || SECRET_ARGS.has(k)) continue;
      if ((typeof v === "string" || typeof v === "number") && ID_LIKE.test(k)) out[prefix + k] = String(v).slice(0, 64);
      else if (Array.isArray(v) && ID_LIKE.test(k) && v.every((x) => typeof x === "string" || typeof x === "number")) out[prefix + k] = v.slice(0, 20).map((x) => String(x).slice(0, 64));
      else if (typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && depth < 1) visit(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1);
    }
  };
  visit(args, "", 0);
  return out;
}

/** `Petition` → `petition`, `MachineClient` → `machineClient`; scalars (Boolean) name no resource. */
function resourceTypeOf(type: GraphQLOutputType): string | null {
  const named = getNamedType(type);
  if (!("getFields" in named)) return null;
  return named.name.charAt(0).toLowerCase() + named.name.slice(1);
}

function resourceFromArgs(resourceType: string | null, args: Record<string, unknown>): Pick<AuditFacts, "resourceType" | "resourceId" | "petitionId"> {
  const id = typeof args.id === "string" || typeof args.id === "number" ? String(args.id).slice(0, 200) : null;
  const numeric = (v: unknown) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : typeof v === "number" && Number.isInteger(v) ? v : null);
  const petitionId = numeric(args.petitionId) ?? (resourceType === "petition" ? numeric(args.id) : null);
  return { resourceType: id ? resourceType : null, resourceId: id, petitionId };
}

/** Root fields recorded under a well-known action name instead of `Mutation.<field>` (refusals included). */
export const AUDIT_ACTIONS: Readonly<Record<string, string>> = { "Mutation.replayFailedDelivery": AuditAction.DELIVERY_REPLAY };

/** Queries whose every call is itself audited (reading the audit trail). */
export const AUDITED_QUERIES: readonly string[] = ["auditTrail", "citizenProgress", "alreadyInProcedure"];

/**
 * Puts every root Mutation field of the built schema (and the AUDITED_QUERIES) inside an audited operation. The
 * wrapper sits outside the policy check (`enforcePolicy` wraps the resolver first),
 * so UNAUTHENTICATED and FORBIDDEN refusals are recorded too.
 *
 * - Success: the first command transaction of the mutation writes the OK entry itself, before commit
 *   (`inTransaction` → `appendScopedAudit`), so a committed change always has its entry. A mutation that
 *   commits nothing to the database (a queue replay) or an audited read gets its entry here, right after it
 *   succeeded; if that append fails, the response fails.
 * - Failure: a separate append records the error's code (the failed command's own transaction rolled back).
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  const targets: [string, GraphQLField<unknown, HubContext>][] = [
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => ["Mutation", f] as [string, GraphQLField<unknown, HubContext>]),
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).filter((f) => AUDITED_QUERIES.includes(f.name)).map((f) => ["Query", f] as [string, GraphQLField<unknown, HubContext>]),
  ];
  for (const [root, field] of targets) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const resourceType = resourceTypeOf(field.type);
    field.resolve = (source, args: Record<string, unknown>, ctx: HubContext, info) =>
      auditedMutation(ctx, AUDIT_ACTIONS[`${root}.${field.name}`] ?? `${root}.${field.name}`, field.name, resourceType, args, () => Promise.resolve(resolve(source, args, ctx, info)));
  }
  return schema;
}

function auditedMutation<T>(ctx: HubContext, action: string, name: string, resourceType: string | null, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  const facts = {
    ...actorFacts(ctx.principal),
    onBehalfOfOrgId: null,
    action,
    ...resourceFromArgs(resourceType, args),
    requestId: ctx.requestId ?? null,
    clientIp: ctx.clientIp ?? null,
    details: { field: name, args: identifyingArgs(args) },
  };
  return auditedOperation({ db: ctx.deps.db, log: ctx.deps.log, alg: (ctx.deps.audit ?? DEFAULT_AUDIT).alg }, facts, auditOutcomeOf, run);
}
