import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/** Limits on the shape of one operation (docs/operations.md, Limits). */
export interface OperationLimits {
  readonly maxCost: number;
  readonly defaultPageSize: number;
}

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** Parsed documents are cached and reused (by Apollo and the lean path), so their fragment maps are too. */
const fragmentMaps = new WeakMap<DocumentNode, Fragments>();

/** The document's fragment definitions by name, built once per document. */
export function fragmentsOf(document: DocumentNode): Fragments {
  let fragments = fragmentMaps.get(document);
  if (!fragments) {
    fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    fragmentMaps.set(document, fragments);
  }
  return fragments;
}

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Fragments, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection's own nesting (__schema, __type) is bounded by graphql-js; count it as one level.
      const below = selection.name.value.startsWith('__') ? 0 : depthOf(selection.selectionSet, fragments, seen);
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return deepest;
}

/** Operations deeper than `max` fields are refused at validation (cached with the document). */
export function maxDepthRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node: OperationDefinitionNode) {
      const fragments = fragmentsOf(context.getDocument());
      const depth = depthOf(node.selectionSet, fragments, new Set());
      if (depth > max) {
        context.reportError(new GraphQLError(`The operation is ${depth} fields deep; the limit is ${max} (MAX_QUERY_DEPTH).`, { nodes: node }));
      }
    },
  });
}

/** Documents with more than `max` aliases are refused at validation (aliases multiply work cheaply). */
export function maxAliasesRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node: FieldNode) {
        if (node.alias) aliases++;
      },
      Document: {
        leave(node) {
          if (aliases > max) context.reportError(new GraphQLError(`The operation has ${aliases} aliases; the limit is ${max} (MAX_ALIASES).`, { nodes: node }));
        },
      },
    };
  };
}

function argumentValue(field: FieldNode, name: string, variables: Readonly<Record<string, unknown>>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueOf(arg.value, variables);
}

function valueOf(node: ValueNode, variables: Readonly<Record<string, unknown>>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    default:
      return undefined;
  }
}

/** The fields that return a page (a connection) of `first` items. */
const PAGED_FIELDS = new Set(['managedAppRegistrations', 'mobileAppInstallStatuses', 'deviceStatuses']);
/** The fields of a connection that repeat per item. */
const ITEM_FIELDS = new Set(['edges', 'nodes']);

/**
 * The operation's cost: every field is 1; below a paged field, what `edges`
 * and `nodes` select counts once per item (`first`, DEFAULT_PAGE_SIZE when
 * not given), and what `_entities` selects once per representation. This
 * bounds the Graph calls and items one request can ask for.
 */
export function operationCost(
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Readonly<Record<string, unknown>>,
  defaultPageSize: number,
): number {
  const cost = (selectionSet: SelectionSetNode | undefined, items: number, seen: Set<string>): number => {
    if (!selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '_entities') {
          const reps = argumentValue(selection, 'representations', variables);
          total += 1 + (Array.isArray(reps) ? reps.length : 1) * cost(selection.selectionSet, 0, seen);
        } else if (PAGED_FIELDS.has(name)) {
          const first = argumentValue(selection, 'first', variables);
          total += 1 + cost(selection.selectionSet, typeof first === 'number' && first > 0 ? first : defaultPageSize, seen);
        } else if (items > 0 && ITEM_FIELDS.has(name)) {
          total += 1 + items * cost(selection.selectionSet, 0, seen);
        } else {
          total += 1 + cost(selection.selectionSet, 0, seen);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.selectionSet, items, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        seen.add(name);
        total += cost(fragment.selectionSet, items, seen);
        seen.delete(name);
      }
    }
    return total;
  };
  return cost(operation.selectionSet, 0, new Set());
}

/**
 * Refuses an operation whose cost (see operationCost) exceeds the limit,
 * before any resolver runs. It needs the variables, so it runs per request.
 */
export function costLimitPlugin(limits: Pick<OperationLimits, 'maxCost' | 'defaultPageSize'>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const fragments = fragmentsOf(document);
          const cost = operationCost(operation, fragments, request.variables ?? {}, limits.defaultPageSize);
          if (cost > limits.maxCost) {
            throw new GraphQLError(`The operation costs ${cost}; the limit is ${limits.maxCost} (MAX_QUERY_COST). Ask for fewer items or fields.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
