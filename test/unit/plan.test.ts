import { buildSchema, execute, type GraphQLObjectType, type GraphQLAbstractType, getOperationAST, parse, type GraphQLResolveInfo } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QUERY } from '../../bench/operations';
import { buildGatewaySchema } from '../../src/schema/load';
import { OperationPlan } from '../../src/server/lean/plan';
import { packageAssets, PROJECT_ROOT } from '../helpers/project';

/**
 * A planned operation (src/server/lean/plan.ts) answers exactly as graphql-js's
 * execute: same data, same errors (messages, locations, paths), same order of
 * errors and of resolver calls, for every edge of graphql-js's execution that
 * a resolver can reach. Each case runs both on a fresh copy of the fixtures
 * and compares the JSON byte for byte, and checks that a plan was made (so
 * the comparison cannot pass by graphql-js answering both).
 */
const SDL = `
  interface Node { id: ID! }
  type Item implements Node { id: ID! name: String tags: [String!] count: Int! method(suffix: String): String later: String child: Item children: [Item!] loose: [Item] color: Color }
  type Other implements Node { id: ID! }
  type Checked implements Node { id: ID! }
  union Any = Item | Other
  enum Color { RED GREEN }
  input Filter @oneOf { id: ID name: String }
  type Query {
    item(id: ID!): Item
    items: [Item]
    strictItems: [Item!]!
    lateItems: [Item]
    node(kind: String!): Node
    any(kind: String!): Any
    checked(ok: Boolean!): Node
    boom: String
    strictBoom: String!
    notList: [String]
    withArg(n: Int!): Int
    find(filter: Filter!): Item
    calls: [String!]!
  }
  type Mutation { first: Item second: Item! third: String }
  type Subscription { tick: Int }
`;

type Fixture = Record<string, unknown>;

/** The resolvers, with a call log shared by the run (so the order of calls is part of the answer). */
function makeSchema(calls: string[]) {
  const schema = buildSchema(SDL);
  const ticks = (n: number) => {
    let p: Promise<void> = Promise.resolve();
    for (let i = 0; i < n; i++) p = p.then(() => undefined);
    return p;
  };
  const item = (id: string, extra: Fixture = {}): Fixture => ({
    id,
    name: `n-${id}`,
    tags: ['a', 'b'],
    count: 1,
    method: (args: { suffix?: string }, _ctx: unknown, info: GraphQLResolveInfo) => `${id}${args.suffix ?? ''}@${JSON.stringify(info.path)}`,
    later: ticks(2).then(() => `later-${id}`),
    color: 'RED',
    ...extra,
  });
  const query = schema.getQueryType()!.getFields();
  query.item!.resolve = (_s, { id }: { id: string }) => {
    calls.push(`item ${id}`);
    if (id === 'throw') throw new Error('item threw');
    if (id === 'error') return new Error('item is an error');
    if (id === 'nullcount') return item(id, { count: null });
    if (id === 'badcount') return item(id, { count: 'abc' });
    if (id === 'badcolor') return item(id, { color: 'BLUE' });
    if (id === 'nulltag') return item(id, { tags: ['x', null] });
    if (id === 'rejects') return item(id, { later: Promise.reject(new Error('later rejected')) });
    if (id === 'deep') return item(id, { child: item('c1', { child: item('c2', { count: null }) }), children: [item('k1'), item('k2', { count: null })], loose: [item('l1'), null, item('l3', { count: null })] });
    if (id === 'none') return null;
    return ticks(1).then(() => item(id));
  };
  query.items!.resolve = () => [item('i1'), ticks(3).then(() => item('i2', { count: null })), ticks(1).then(() => { throw new Error('i3 rejected'); }), item('i4', { count: 'x' })];
  query.strictItems!.resolve = () => [item('s1'), item('s2', { count: null }), item('s3', { count: null })];
  query.lateItems!.resolve = () => [ticks(4).then(() => item('a', { count: null })), ticks(1).then(() => item('b', { count: null })), Promise.reject(new Error('c rejected'))];
  query.node!.resolve = (_s, { kind }: { kind: string }) => ({ __typename: kind, id: `node-${kind}`, kind });
  query.any!.resolve = (_s, { kind }: { kind: string }) => (kind === 'plain' ? { id: 'p' } : { __typename: kind, ...item(`any-${kind}`) });
  query.checked!.resolve = (_s, { ok }: { ok: boolean }) => ({ __typename: 'Checked', id: 'c', ok });
  query.boom!.resolve = () => {
    throw new Error('boom');
  };
  query.strictBoom!.resolve = () => Promise.reject(new Error('strict boom'));
  query.notList!.resolve = () => 42;
  query.withArg!.resolve = (_s, { n }: { n: number }) => n * 2;
  query.find!.resolve = (_s, { filter }: { filter: Fixture }) => item(String(filter.id ?? filter.name));
  query.calls!.resolve = () => ticks(10).then(() => [...calls]);
  const node = schema.getType('Node') as GraphQLAbstractType;
  node.resolveType = (value: unknown) => {
    const kind = (value as Fixture).kind;
    if (kind === 'undefined') return undefined;
    if (kind === 'object') return schema.getType('Item') as unknown as string;
    if (kind === 'number') return 7 as unknown as string;
    if (kind === 'async') return Promise.resolve('Other');
    return (value as Fixture).__typename as string;
  };
  (schema.getType('Checked') as GraphQLObjectType).isTypeOf = (value: unknown) => (value as Fixture).ok === true;
  const mutation = schema.getMutationType()!.getFields();
  mutation.first!.resolve = () => {
    calls.push('first start');
    return ticks(3).then(() => {
      calls.push('first end');
      return item('m1');
    });
  };
  mutation.second!.resolve = () => {
    calls.push('second start');
    return null;
  };
  mutation.third!.resolve = () => {
    calls.push('third start');
    return 'third';
  };
  return schema;
}

const CASES: Array<[string, string, Record<string, unknown>?]> = [
  ['a plain read with fragments, aliases and merged fields', 'query Q($id: ID!) { item(id: $id) { id ...F alias: name name n2: name __typename } } fragment F on Item { name tags count color }', { id: 'x' }],
  ['a method property with arguments, and a promise property', '{ item(id: "m") { method(suffix: "!") plain: method later } }'],
  ['a promise property that rejects', '{ item(id: "rejects") { id later } }'],
  ['a resolver that throws', '{ item(id: "throw") { id } boom }'],
  ['a resolver that returns an Error', '{ item(id: "error") { id } }'],
  ['a null for a non-null leaf bubbles to the nullable parent', '{ item(id: "nullcount") { id count } }'],
  ['an Int that does not serialize', '{ item(id: "badcount") { count } }'],
  ['an enum value that is not one', '{ item(id: "badcolor") { color } }'],
  ['a null in a list of non-null', '{ item(id: "nulltag") { tags } }'],
  ['nested nulls, lists of non-null and of nullable', '{ item(id: "deep") { child { id child { id count } } children { id count } loose { id count } } }'],
  ['null for a nullable root', '{ item(id: "none") { id } }'],
  ['a list of promises settling out of order, with errors', '{ items { id count later } }'],
  ['a non-null list whose item fails: data null', '{ strictItems { id count } boom }'],
  ['errors in the order their promises settle', '{ lateItems { id count } }'],
  ['a non-null root field that rejects: data null', '{ strictBoom boom }'],
  ['not a list', '{ notList }'],
  ['an argument from a variable', 'query($n: Int!) { withArg(n: $n) }', { n: 21 }],
  ['@oneOf input by variable', 'query($f: Filter!) { find(filter: $f) { id } }', { f: { name: 'one' } }],
  ['an abstract type by __typename, with inline fragments', '{ node(kind: "Other") { __typename id ... on Item { name } } any(kind: "Item") { __typename ... on Item { id name } ... on Other { id } } }'],
  ['an abstract type resolved asynchronously', '{ node(kind: "async") { __typename id } }'],
  ['resolveType returning nothing', '{ node(kind: "undefined") { id } }'],
  ['resolveType returning an object type', '{ node(kind: "object") { id } }'],
  ['resolveType returning a number', '{ node(kind: "number") { id } }'],
  ['a type that does not exist', '{ node(kind: "Nope") { id } }'],
  ['a type that is not an object type', '{ node(kind: "Color") { id } }'],
  ['a type that is not a possible type', '{ node(kind: "Query") { id } }'],
  ['the default type resolver without __typename', '{ any(kind: "plain") { __typename } }'],
  ['isTypeOf true and false', '{ yes: checked(ok: true) { id } no: checked(ok: false) { id } }'],
  ['mutations one after the other, a non-null one failing', 'mutation { first { id later } second { id } third }'],
  ['resolver calls in order', '{ a: item(id: "one") { id } b: item(id: "two") { id } calls }'],
  ['two operations, the named one run', 'query A { boom } query B { withArg(n: 1) }'],
  ['aliases named like Object.prototype members', '{ toString: withArg(n: 1) constructor: item(id: "x") { hasOwnProperty: id toJSON: name valueOf: count } }'],
];

async function both(query: string, variables: Record<string, unknown> | undefined, operationName?: string) {
  const document = parse(query);
  const operation = getOperationAST(document, operationName)!;
  const callsA: string[] = [];
  const reference = await execute({ schema: makeSchema(callsA), document, variableValues: variables, operationName, contextValue: { who: 'ctx' } });
  const callsB: string[] = [];
  const schemaB = makeSchema(callsB);
  const plan = OperationPlan.of(schemaB, document, operation);
  const planned = plan === undefined ? undefined : await plan.run(variables, { who: 'ctx' });
  return { reference: JSON.stringify(reference), planned: planned === undefined ? undefined : JSON.stringify(planned), callsA, callsB };
}

describe('an operation plan answers as graphql-js execute', () => {
  // Rows as objects: a row without variables would otherwise make Jest take the third parameter for `done`.
  it.each(CASES.map(([name, query, variables]) => ({ name, query, variables })))('$name', async ({ query, variables }) => {
    const operationName = query.startsWith('query A') ? 'B' : undefined;
    const { reference, planned, callsA, callsB } = await both(query, variables, operationName);
    expect(planned).toBe(reference);
    expect(callsB).toEqual(callsA);
  });

  it('answers variables that do not coerce with their errors and no data, as graphql-js does', async () => {
    const query = 'query($n: Int!, $f: Filter!) { withArg(n: $n) find(filter: $f) { id } }';
    const variables = { n: 'x', f: { id: '1', name: 'two' } };
    const { reference, planned } = await both(query, variables);
    expect(planned).toBe(reference);
    expect(JSON.parse(planned!)).toEqual({
      errors: [
        { message: 'Variable "$n" got invalid value "x"; Int cannot represent non-integer value: "x"', locations: [{ line: 1, column: 7 }] },
        { message: 'Variable "$f" got invalid value { id: "1", name: "two" }; Exactly one key must be specified for OneOf type "Filter".', locations: [{ line: 1, column: 17 }] },
      ],
    });
  });

  it('has cases whose reference is not trivial: a non-null list item failing nulls the whole answer and stops the fields after it', async () => {
    const { reference } = await both('{ strictItems { id count } boom }', undefined);
    expect(JSON.parse(reference)).toEqual({
      errors: [
        { message: 'Cannot return null for non-nullable field Item.count.', locations: [{ line: 1, column: 20 }], path: ['strictItems', 1, 'count'] },
      ],
      data: null,
    });
  });

  it.each([
    ['@include', 'query($y: Boolean!) { boom @include(if: $y) }'],
    ['@skip in a fragment', '{ ...F } fragment F on Query { boom @skip(if: true) }'],
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Item") { name } }'],
    ['a subscription', 'subscription { tick }'],
    ['an alias __proto__', '{ __proto__: boom }'],
  ])('makes no plan for an operation with %s (graphql-js runs it)', (_name, query) => {
    const document = parse(query);
    expect(OperationPlan.of(makeSchema([]), document, getOperationAST(document)!)).toBeUndefined();
  });
});

describe("the gateway's own operations are planned", () => {
  // The frontend example's manifest (what the browser tests run in enforce) and the bench's operations: if any of
  // these stopped being planned, the lean path would run it with graphql-js and no answer would show it.
  const schema = buildGatewaySchema(packageAssets().sdl);
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'examples/frontend/src/gql/persisted-documents.json'), 'utf8')) as Record<string, string>;
  const texts = [...Object.values(manifest), ...Object.values(QUERY)];

  it.each(texts.map((text) => ({ name: getOperationAST(parse(text))?.name?.value ?? text.slice(0, 40), text })))('$name', ({ text }) => {
    const document = parse(text);
    const plan = OperationPlan.of(schema, document, getOperationAST(document)!);
    expect(plan).toBeInstanceOf(OperationPlan);
  });

  it('has documents to check: the manifest and the bench', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(QUERY)).toEqual(['createManagedAppRegistration', 'createMobileAppInstallStatus', 'managedAppRegistration', 'entities']);
  });
});
