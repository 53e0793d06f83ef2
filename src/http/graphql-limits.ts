import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  DocumentNode,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isListType,
  Kind,
  Lexer,
  SelectionSetNode,
  Source,
  TokenKind,
  ValidationContext,
  ValidationRule,
} from "graphql";
import { ComplexityEstimator, getComplexity } from "graphql-query-complexity";
import { DomainError } from "../domain/errors";

/** The per-operation limits (all configurable, see src/platform/config.ts). */
export interface GraphQLLimits {
  maxAliases: number;
  /** Field nesting of operations; `__schema` subtrees are measured against `maxIntrospectionDepth` instead. */
  maxDepth: number;
  maxIntrospectionDepth: number;
  maxCost: number;
  maxTokens: number;
  maxDirectives: number;
}

/** Refusal codes, one per limit, exposed as `extensions.code`. */
export const LIMIT_CODES = {
  aliases: "ALIAS_LIMIT",
  depth: "DEPTH_LIMIT",
  cost: "COST_LIMIT",
  tokens: "TOKEN_LIMIT",
  directives: "DIRECTIVE_LIMIT",
} as const;

/** A request refused before execution (a limit, introspection, an untrusted document); never a stack trace. */
export class RequestRefusedError extends DomainError {}

/**
 * The GraphQLError to report or throw for a refusal: HTTP 400, and the DomainError as `originalError` so the error
 * formatter keeps its code even after Apollo wraps it (Apollo labels every validation error GRAPHQL_VALIDATION_FAILED).
 */
export function refusal(code: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { originalError: new RequestRefusedError(code, message, details), extensions: { code, http: { status: 400 } } });
}

/** Assumed length of a list field that has no `first:` argument (petitioners, deadlines, history …). */
export const ASSUMED_LIST_SIZE = 5;
/** graphql-armor prefixes its messages with "Syntax Error:", which these are not. */
const armorMessage = (e: GraphQLError) => e.message.replace(/^Syntax Error: /, "");

/**
 * Validation rules for the limits that depend on the document alone (so Apollo's cache of validated documents is
 * safe): aliases, depth and directives, from graphql-armor, each reporting its own code. Depth is checked twice:
 * without `__schema` against `maxDepth` (armor's `ignoreIntrospection` skips only `__schema`, so a deep `__type`
 * query is held to `maxDepth`), and with everything counted against `maxIntrospectionDepth`, so a deep
 * `__schema { types { fields { type { ofType …` is refused too. Fragments are flattened: a spread is no level.
 */
export function limitRules(l: GraphQLLimits): ValidationRule[] {
  const report = (code: string, limit: number) => [(ctx: ValidationContext | null, e: GraphQLError) => ctx?.reportError(refusal(code, armorMessage(e), { limit }))];
  const common = { propagateOnRejection: false, exposeLimits: true };
  return [
    maxAliasesRule({ ...common, n: l.maxAliases, onReject: report(LIMIT_CODES.aliases, l.maxAliases) }),
    maxDepthRule({ ...common, n: l.maxDepth, ignoreIntrospection: true, flattenFragments: true, onReject: report(LIMIT_CODES.depth, l.maxDepth) }),
    maxDepthRule({ ...common, n: l.maxIntrospectionDepth, ignoreIntrospection: false, flattenFragments: true, onReject: report(LIMIT_CODES.depth, l.maxIntrospectionDepth) }),
    maxDirectivesRule({ ...common, n: l.maxDirectives, onReject: report(LIMIT_CODES.directives, l.maxDirectives) }),
  ];
}

/**
 * Counts lexical tokens with graphql-js's own lexer (comments excluded, as graphql's `maxTokens` parse option does)
 * and throws TOKEN_LIMIT at `max + 1`, before Apollo parses: lexing stops there, so an oversized document costs at
 * most `max` tokens of work. (graphql-armor's max-tokens is a whole second parser; Apollo has no parse hook for it.)
 */
export function assertTokenLimit(query: string, max: number): void {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++n > max) throw refusal(LIMIT_CODES.tokens, `Token limit of ${max} exceeded.`, { limit: max });
  } catch (e) {
    if (e instanceof GraphQLError && e.extensions.code === LIMIT_CODES.tokens) throw e;
    // A lexical error: leave it to Apollo's parser, which reports it as GRAPHQL_PARSE_FAILED with a location.
  }
}

/**
 * Cost of a field: 1 plus its children, times its page size for a field with `first:` (variables and the schema
 * default included), or times ASSUMED_LIST_SIZE for another list. The `nodes` list of a `…Connection` is the page
 * already counted at the connection field.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection is bounded by introspectionFanOut instead (its list sizes are the schema's, not the data's).
  if (field.name.startsWith("__") || type.name.startsWith("__")) return 0;
  const own = 1 + childComplexity;
  if (typeof args.first === "number") return own * Math.max(1, args.first);
  if (isListType(getNullableType(field.type)) && !type.name.endsWith("Connection")) return own * ASSUMED_LIST_SIZE;
  return own;
};

/**
 * The estimated cost of one operation with its variables. Runs per request (it needs the variables, so it cannot be
 * a cached validation rule); graphql-query-complexity also stops at 10,000 evaluated selections.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({ schema, query: document, operationName, variables, estimators: [costEstimator] });
}

/**
 * Costs already computed, by document hash, operation name and variables: pricing takes ≈ 0.25 ms for the benchmark
 * query (a TypeInfo walk with argument coercion), and the same dashboard query arrives over and over. The cost is a
 * pure function of these three (and the schema), so a hit is exact. Bounded; oldest entries go first.
 */
export class CostCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly maxEntries = 2000) {}

  /** The cached or computed cost; `key` undefined (no hash, or variables too large to key on) skips the cache. */
  cost(key: string | undefined, compute: () => number): number {
    const hit = key === undefined ? undefined : this.entries.get(key);
    if (hit !== undefined) return hit;
    const cost = compute();
    if (key !== undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, cost);
    }
    return cost;
  }

  static key(queryHash: string | undefined, operationName: string | undefined, variables: Record<string, unknown>): string | undefined {
    const vars = JSON.stringify(variables);
    return queryHash && vars.length <= 2048 ? `${queryHash}\u0000${operationName ?? ""}\u0000${vars}` : undefined;
  }
}

/** Throws COST_LIMIT above `max` (and when the document is too large to price). */
export function assertCostLimit(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, max: number, cache?: { cache: CostCache; queryHash: string | undefined }): number {
  let cost: number;
  try {
    const compute = () => operationCost(schema, document, operationName, variables);
    cost = cache ? cache.cache.cost(CostCache.key(cache.queryHash, operationName, variables), compute) : compute();
  } catch (e) {
    if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) throw refusal(LIMIT_CODES.cost, `Query too large to price; the cost limit is ${max}.`, { limit: max });
    // Arguments that do not coerce cannot be priced; they would fail execution anyway.
    throw refusal("BAD_USER_INPUT", e instanceof GraphQLError ? e.message : "invalid arguments");
  }
  if (cost > max) throw refusal(LIMIT_CODES.cost, `Query cost limit of ${max} exceeded, found ${cost}.`, { limit: max, cost });
  return cost;
}

/** Introspection lists that fan out (each item can hold the next list). */
const INTROSPECTION_LISTS = new Set(["types", "fields", "inputFields", "interfaces", "possibleTypes", "enumValues", "args", "directives"]);
/**
 * The standard introspection query nests three (`types { fields { args`) and never repeats one inside itself.
 */
export const MAX_INTROSPECTION_LISTS = 3;

/**
 * How deeply the operation nests introspection lists (`__schema { types { fields { args …`), fragments included.
 * Introspection costs are not estimated per item; this bounds them instead, at about types × fields × args, which
 * is what tools need. A list repeated inside itself (`fields { type { ofType { fields …`, the classic fan-out)
 * counts as unbounded (Infinity).
 */
export function introspectionFanOut(document: DocumentNode, selections: SelectionSetNode): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const walk = (set: SelectionSetNode | undefined, inside: boolean, lists: readonly string[], active: ReadonlySet<string>): number => {
    let deepest = lists.length;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (!s.selectionSet) continue;
        const name = s.name.value;
        const isList = inside && INTROSPECTION_LISTS.has(name);
        if (isList && lists.includes(name)) return Infinity;
        deepest = Math.max(deepest, walk(s.selectionSet, inside || name === "__schema" || name === "__type", isList ? [...lists, name] : lists, active));
      } else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, walk(s.selectionSet, inside, lists, active));
      else if (!active.has(s.name.value)) deepest = Math.max(deepest, walk(fragments.get(s.name.value), inside, lists, new Set([...active, s.name.value])));
    }
    return deepest;
  };
  return walk(selections, false, [], new Set());
}
