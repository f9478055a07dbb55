/**
 * What a federation router sends (contract §13, routers): a query whose root
 * selection, fragments expanded, selects only `_service`, `_entities` and
 * `__typename`. Routers build those documents themselves, so they are never
 * refused here: the allow-list for router traffic belongs on the router.
 */
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';

const ROUTER_FIELDS = new Set(['_service', '_entities', '__typename']);
/** Every router document names one of these; a text without them needs no parse to be told apart. */
const ROUTER_WORDS = ['_service', '_entities', '__typename'];

function onlyRouterFields(selectionSet: SelectionSetNode, document: DocumentNode, seen: Set<string>): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return ROUTER_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyRouterFields(selection.selectionSet, document, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    if (fragment === undefined || fragment.kind !== Kind.FRAGMENT_DEFINITION) return false;
    seen.add(name);
    return onlyRouterFields(fragment.selectionSet, document, seen);
  });
}

function operationToRun(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName !== undefined) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Whether `text` (with the request's operationName) is a router's query; a text that does not parse is not. */
export function isRouterOperation(text: string, operationName: string | undefined, maxTokens: number): boolean {
  if (!ROUTER_WORDS.some((word) => text.includes(word))) return false;
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens, noLocation: true });
  } catch {
    return false;
  }
  const operation = operationToRun(document, operationName);
  return operation !== undefined && operation.operation === 'query' && operation.selectionSet.selections.length > 0 && onlyRouterFields(operation.selectionSet, document, new Set());
}
