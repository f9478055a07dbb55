// The operation limits of src/server/limits.ts as tables: exact documents in, exact costs and refusals out.
// test/integration/limits.test.ts checks the same limits end to end through the gateway.
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { fragmentsOf, maxAliasesRule, maxDepthRule, operationCost } from '../../src/server/limits';

/** The cost of the document's first operation. */
function cost(query: string, variables: Record<string, unknown> = {}, defaultPageSize = 10): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error(`no operation in ${query}`);
  return operationCost(operation, fragmentsOf(document), variables, defaultPageSize);
}

// The rules look only at the document's shape, so validating with them alone needs no real schema.
const schema = buildSchema('type Query { unused: Int }');

function refusals(query: string, rule: ReturnType<typeof maxDepthRule>): string[] {
  return validate(schema, parse(query), [rule]).map((e) => e.message);
}

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id deviceTag } } }';

describe('operationCost', () => {
  test.each<[string, string, Record<string, unknown>, number]>([
    ['one field', '{ __typename }', {}, 1],
    ['a field and its selection', '{ gatewayInfo { version emulator } }', {}, 3],
    ['aliases count each time', '{ a: gatewayInfo { version } b: gatewayInfo { version } }', {}, 4],
    ['a single entity read', '{ managedAppRegistration(id: "x") { id deviceTag } }', {}, 3],
    // 1 (list) + 1 (nodes) + 5 × 1 (id)
    ['nodes of a page count once per item', '{ managedAppRegistrations(first: 5) { nodes { id } } }', {}, 7],
    // 1 + 1 (edges) + 3 × (1 (cursor) + 1 (node) + 1 (id))
    ['edges of a page count once per item', '{ managedAppRegistrations(first: 3) { edges { cursor node { id } } } }', {}, 11],
    // 1 + 1 (pageInfo) + 2: pageInfo is once per page
    ['pageInfo is not per item', '{ managedAppRegistrations(first: 50) { pageInfo { hasNextPage endCursor } } }', {}, 4],
    // 1 + 1 + 10 × 2, the README's example
    ['no first: DEFAULT_PAGE_SIZE items', '{ managedAppRegistrations { edges { node { id } } } }', {}, 22],
    ['first: 0 counts as no first', '{ managedAppRegistrations(first: 0) { nodes { id } } }', {}, 12],
    ['a negative first counts as no first', '{ managedAppRegistrations(first: -3) { nodes { id } } }', {}, 12],
    ['first from a variable', 'query($n: Int) { managedAppRegistrations(first: $n) { nodes { id } } }', { n: 4 }, 6],
    ['an unset variable counts as no first', 'query($n: Int) { managedAppRegistrations(first: $n) { nodes { id } } }', {}, 12],
    ['a variable that is not a number counts as no first', 'query($n: Int) { managedAppRegistrations(first: $n) { nodes { id } } }', { n: '4' }, 12],
    ['install statuses page too', '{ mobileAppInstallStatuses(mobileAppId: "a", first: 2) { nodes { id deviceName } } }', {}, 6],
    // 1 + (1 (nodes) + 2 × (1 (user) + 1 (inner list) + (1 (nodes) + 3 × 1)))
    [
      'nested pages multiply',
      '{ managedAppRegistrations(first: 2) { nodes { user { managedAppRegistrations(first: 3) { nodes { id } } } } } }',
      {},
      14,
    ],
    ['edges outside a page are plain fields', '{ edges { node { id } } }', {}, 3],
    // 1 + 3 representations × (1 + 1)
    ['_entities counts its selection once per representation', ENTITIES, { r: [{}, {}, {}] }, 7],
    ['_entities with a literal list', '{ _entities(representations: [{ id: "a" }, { id: "b" }]) { __typename } }', {}, 3],
    ['_entities without its list counts it once', ENTITIES, {}, 3],
    ['_entities with no representations costs only itself', '{ _entities(representations: []) { ... on MobileApp { deviceStatuses(first: 2) { nodes { id } } } } }', {}, 1],
    // 1 + 1 × (deviceStatuses 1 + nodes 1 + 2 × id 1)
    ['deviceStatuses pages under an entity', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on MobileApp { deviceStatuses(first: 2) { nodes { id } } } } }', { r: [{}] }, 5],
    // A fragment spread passes the page size through: 1 + 1 + 2 × 1
    ['a fragment inside a page keeps the page size', 'query { managedAppRegistrations(first: 2) { ...C } } fragment C on ManagedAppRegistrationConnection { nodes { id } }', {}, 4],
    ['an inline fragment inside a page keeps the page size', '{ managedAppRegistrations(first: 2) { ... on ManagedAppRegistrationConnection { nodes { id } } } }', {}, 4],
    ['an unknown fragment costs nothing', '{ gatewayInfo { ...Missing } }', {}, 1],
    ['a fragment that spreads itself is counted once', 'query { ...Q } fragment Q on Query { gatewayInfo { version } ...Q }', {}, 2],
  ])('%s: %s → %i', (_what, query, variables, expected) => {
    expect(cost(query, variables)).toBe(expected);
  });

  test('the default page size is the caller\'s', () => {
    expect([1, 10, 100].map((size) => cost('{ managedAppRegistrations { nodes { id } } }', {}, size))).toEqual([3, 12, 102]);
  });
});

describe('maxDepthRule', () => {
  test.each<[string, number]>([
    ['{ a }', 1],
    ['{ a { b { c } } }', 3],
    ['{ a { b } c { d { e } } }', 3],
    ['{ a { __typename } }', 2],
    // Introspection's own nesting is graphql-js's to bound: one level.
    ['{ __schema { types { fields { type { ofType { name } } } } } }', 1],
    ['{ a { __type(name: "X") { fields { name } } } }', 2],
    ['{ a { ... on T { b { c } } } }', 3],
    ['{ a { ...F } } fragment F on T { b { c } }', 3],
    ['{ a { ...F } } fragment F on T { b { ...G } } fragment G on T { c { d } }', 4],
    ['{ a { ...Missing } }', 1],
    ['{ ...F } fragment F on Query { a { ...F } }', 1],
  ])('%s is %i deep: allowed at that limit, refused one below', (query, depth) => {
    expect(refusals(query, maxDepthRule(depth))).toEqual([]);
    expect(refusals(query, maxDepthRule(depth - 1))).toEqual([`The operation is ${depth} fields deep; the limit is ${depth - 1} (MAX_QUERY_DEPTH).`]);
  });

  test('each operation of a document is measured on its own', () => {
    expect(refusals('query A { a { b { c } } } query B { a } query C { a { b } }', maxDepthRule(1))).toEqual([
      'The operation is 3 fields deep; the limit is 1 (MAX_QUERY_DEPTH).',
      'The operation is 2 fields deep; the limit is 1 (MAX_QUERY_DEPTH).',
    ]);
  });
});

describe('maxAliasesRule', () => {
  test('a document without aliases passes a limit of 0', () => {
    expect(refusals('{ a { b } }', maxAliasesRule(0))).toEqual([]);
  });

  test.each<[string, number]>([
    ['{ x: a }', 1],
    ['{ x: a { y: b z: c } }', 3],
    ['{ ...F } fragment F on Query { x: a }', 1],
    ['query A { x: a } query B { y: a }', 2],
  ])('%s has %i aliases: allowed at that limit, refused one below', (query, aliases) => {
    expect(refusals(query, maxAliasesRule(aliases))).toEqual([]);
    expect(refusals(query, maxAliasesRule(aliases - 1))).toEqual([`The operation has ${aliases} aliases; the limit is ${aliases - 1} (MAX_ALIASES).`]);
  });
});
