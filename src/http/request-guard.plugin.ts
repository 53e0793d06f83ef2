import type { ApolloServerPlugin } from "@apollo/server";
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from "graphql";
import { isBureauOperator } from "../domain/access/bureau-operator";
import type { Config } from "../platform/config";
import type { HubContext } from "../resolvers/context";
import { assertCostLimit, CostCache, GraphQLLimits, introspectionFanOut, LIMIT_CODES, MAX_INTROSPECTION_LISTS, refusal } from "./graphql-limits";
import { PERSISTED_QUERY_NOT_ALLOWED, TrustedDocuments } from "./trusted-documents";

/** The refusal code for introspection by a caller who may not introspect. */
export const INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED";

/** What the guard enforces; built from configuration by `requestGuardOptions`. */
export interface RequestGuardOptions {
  limits: GraphQLLimits;
  /** `operators`: only city-bureau operators introspect and see suggestions; `open`: everyone. */
  introspection: "operators" | "open";
  /** Trusted-documents manifest when TRUSTED_DOCUMENTS=enforce. */
  trusted: TrustedDocuments | null;
  exemptOperators: boolean;
}

/** Reads the guard's settings (and the trusted-documents manifest, which may throw ConfigError). */
export function requestGuardOptions(c: Config): RequestGuardOptions {
  return {
    limits: {
      maxAliases: c.MAX_ALIASES,
      maxDepth: c.MAX_QUERY_DEPTH,
      maxIntrospectionDepth: c.MAX_INTROSPECTION_DEPTH,
      maxCost: c.MAX_QUERY_COST,
      maxTokens: c.MAX_TOKENS,
      maxDirectives: c.MAX_DIRECTIVES,
    },
    introspection: c.GRAPHQL_INTROSPECTION === "auto" ? (c.NODE_ENV === "production" ? "operators" : "open") : c.GRAPHQL_INTROSPECTION,
    trusted: c.TRUSTED_DOCUMENTS === "enforce" && c.TRUSTED_DOCUMENTS_FILE ? TrustedDocuments.load(c.TRUSTED_DOCUMENTS_FILE) : null,
    exemptOperators: c.TRUSTED_DOCUMENTS_EXEMPT_OPERATORS === "yes",
  };
}

/** Whether the operation selects `__schema` or `__type` anywhere, fragments included (`__typename` is not introspection). */
export function usesIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === "__schema" || s.name.value === "__type" || walk(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return walk(fragments.get(s.name.value)?.selectionSet);
    });
  return walk(operation.selectionSet);
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Per-request checks that depend on the caller or the variables, so they cannot be validation rules (Apollo caches
 * validated documents by hash and skips validation for a known document): trusted documents, introspection and cost
 * once the operation is known; suggestions removed from errors for callers who may not introspect. (The token limit
 * runs in the HTTP handler, before Apollo parses.) Order: an untrusted document is refused before anything about it is revealed.
 */
export function requestGuardPlugin(o: RequestGuardOptions): ApolloServerPlugin<HubContext> {
  const costs = new CostCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const p = rc.contextValue.principal;
          const operator = isBureauOperator(p);
          if (o.trusted && p && o.trusted.restricts(p.orgCode) && !(operator && o.exemptOperators) && !o.trusted.allows(p.orgCode, rc.queryHash ?? ""))
            throw refusal(PERSISTED_QUERY_NOT_ALLOWED, `this document is not registered for client ${p.orgCode}`);
          if (o.introspection === "operators" && !operator && rc.operation && usesIntrospection(rc.document, rc.operation))
            throw refusal(INTROSPECTION_DISABLED, "introspection is for city-bureau operators only");
          if (rc.operation) {
            const lists = introspectionFanOut(rc.document, rc.operation.selectionSet);
            if (lists > MAX_INTROSPECTION_LISTS) throw refusal(LIMIT_CODES.cost, lists === Infinity ? "introspection repeats a list inside itself" : `introspection nests ${lists} lists; the limit is ${MAX_INTROSPECTION_LISTS}`, { limit: MAX_INTROSPECTION_LISTS });
          }
          assertCostLimit(rc.schema, rc.document, rc.operationName ?? undefined, rc.request.variables ?? {}, o.limits.maxCost, { cache: costs, queryHash: rc.queryHash });
        },
        async didEncounterErrors(rc) {
          if (o.introspection === "open" || isBureauOperator(rc.contextValue.principal)) return;
          for (const e of rc.errors) {
            e.message = e.message.replace(SUGGESTION, "");
            // A refusal is formatted from its DomainError (e.g. a variable that the cost check could not coerce).
            if (e.originalError) e.originalError.message = e.originalError.message.replace(SUGGESTION, "");
          }
        },
      };
    },
  };
}
