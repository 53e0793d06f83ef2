import { ASTNode, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext, ValidationRule } from "graphql";

/**
 * Refuses operations nested deeper than `max` fields (cycles like petition → referrals → petition → … would
 * otherwise let one request fan out without bound). Introspection (`__schema`, `__type`) is not counted, so
 * tools such as the Sandbox keep working.
 */
export function depthLimit(max: number): ValidationRule {
  return (ctx: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of ctx.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          const f = s as FieldNode;
          if (f.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, f.selectionSet ? 1 + depthOf(f.selectionSet, seen) : 1);
        } else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
        else {
          const name = s.name.value;
          if (seen.has(name)) continue; // fragment cycles are reported by graphql's own rule
          deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };

    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max)
          ctx.reportError(new GraphQLError(`operation is nested ${depth} levels deep; the limit is ${max}`, { nodes: [node as ASTNode]}));
      },
    };
  };
}
