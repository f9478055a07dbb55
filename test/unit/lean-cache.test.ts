import { buildSchema, type GraphQLFieldResolver, type GraphQLInterfaceType, parse } from 'graphql';
import type { OperationObserver } from '../../src/observability/operation-plugin';
import type { GatewayContext } from '../../src/resolvers/context';
import { documentBytes } from '../../src/server/document-cache';
import { LeanPath } from '../../src/server/lean';
import { FIELD_PLAN_BYTES } from '../../src/server/lean/plan';

/**
 * The lean path's document cache (GRAPHQL_DOCUMENT_CACHE_BYTES) counts each
 * document's plan with it: a plan can hold far more than its document (a
 * fragment used under many fields is planned under each; on the gateway's
 * schema, a 23 kB operation's plan held 0.98 MB), and it grows while runs meet
 * new runtime types. Without this, distinct small documents could pin an
 * unbounded amount of memory in plans.
 */
const SDL = `
  interface Node { id: ID! }
  type Item implements Node { id: ID! name: String child: Item }
  type Other implements Node { id: ID! }
  type Query { items: [Item!]! node(kind: String!): Node }
`;

function lean(cacheBytes: number): LeanPath {
  const schema = buildSchema(SDL);
  const item = (id: string) => ({ id, name: `n-${id}`, child: { id: `${id}-child`, name: null, child: null } });
  const query = schema.getQueryType()!.getFields();
  query.items!.resolve = () => [item('1'), item('2')];
  const node: GraphQLFieldResolver<unknown, unknown, { kind: string }> = (_source, { kind }) => ({ kind, ...item(kind) });
  query.node!.resolve = node as GraphQLFieldResolver<unknown, unknown>;
  (schema.getType('Node') as GraphQLInterfaceType).resolveType = (value) => (value as { kind: string }).kind;
  return new LeanPath({
    schema,
    validationRules: [],
    introspection: true,
    development: false,
    maxCost: 1_000_000,
    defaultPageSize: 50,
    formatError: (formatted) => formatted,
    cacheBytes,
    maxTokens: 10_000,
  });
}

/** The operation observer, reduced to what it was told (the lean path's span, metrics and log line are tested elsewhere). */
function observer(): { readonly events: string[]; readonly observe: () => OperationObserver } {
  const events: string[] = [];
  const observe = (): OperationObserver => ({
    resolved: (type) => events.push(`resolved ${type}`),
    finished: (errors) => events.push(`finished ${errors?.length ?? 0}`),
    abandon: () => events.push('abandon'),
  });
  return { events, observe };
}

const CONTEXT = {} as GatewayContext; // The test schema's resolvers read no context.
const ITEMS = '{ items { id name child { id } } }';
const NODE = 'query ($kind: String!) { node(kind: $kind) { id ... on Item { name } } }';

async function run(path: LeanPath, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const { events, observe } = observer();
  const answer = await path.run({ query, operationName: null, variables }, CONTEXT, observe);
  expect(events).toEqual(['resolved query', 'finished 0']);
  return JSON.parse(answer!.body);
}

describe('the lean path counts plans in its cache bytes', () => {
  it('counts a document with every field plan its first run made', async () => {
    const path = lean(1024 * 1024);
    expect(await run(path, ITEMS)).toEqual({
      data: {
        items: [
          { id: '1', name: 'n-1', child: { id: '1-child' } },
          { id: '2', name: 'n-2', child: { id: '2-child' } },
        ],
      },
    });
    // items; Item's id, name, child; child's Item: id.
    expect(path.cacheStats).toEqual({ documents: 1, bytes: documentBytes(ITEMS, parse(ITEMS)) + 5 * FIELD_PLAN_BYTES });
    await run(path, ITEMS);
    expect(path.cacheStats).toEqual({ documents: 1, bytes: documentBytes(ITEMS, parse(ITEMS)) + 5 * FIELD_PLAN_BYTES });
  });

  it('counts again when a run meets a new runtime type', async () => {
    const path = lean(1024 * 1024);
    const bytes = documentBytes(NODE, parse(NODE));
    expect(await run(path, NODE, { kind: 'Item' })).toEqual({ data: { node: { id: 'Item', name: 'n-Item' } } });
    // node; Item's id, name.
    expect(path.cacheStats).toEqual({ documents: 1, bytes: bytes + 3 * FIELD_PLAN_BYTES });
    expect(await run(path, NODE, { kind: 'Other' })).toEqual({ data: { node: { id: 'Other' } } });
    // And Other's id.
    expect(path.cacheStats).toEqual({ documents: 1, bytes: bytes + 4 * FIELD_PLAN_BYTES });
  });

  it('drops the least recently used document when a plan grows past the bound', async () => {
    const nodeBytes = documentBytes(NODE, parse(NODE)) + 4 * FIELD_PLAN_BYTES;
    const itemsBytes = documentBytes(ITEMS, parse(ITEMS));
    // Both documents fit, with NODE's plan; ITEMS's plan does not fit beside them.
    const path = lean(nodeBytes + itemsBytes + 4 * FIELD_PLAN_BYTES);
    await run(path, NODE, { kind: 'Item' });
    await run(path, NODE, { kind: 'Other' });
    expect(path.cacheStats).toEqual({ documents: 1, bytes: nodeBytes });
    await run(path, ITEMS);
    expect(path.cacheStats).toEqual({ documents: 1, bytes: itemsBytes + 5 * FIELD_PLAN_BYTES });
  });

  it('keeps no document whose plan alone is over the bound, and still answers it', async () => {
    const path = lean(documentBytes(ITEMS, parse(ITEMS)) + 4 * FIELD_PLAN_BYTES);
    const expected = { data: { items: [{ id: '1', name: 'n-1', child: { id: '1-child' } }, { id: '2', name: 'n-2', child: { id: '2-child' } }] } };
    expect(await run(path, ITEMS)).toEqual(expected);
    expect(path.cacheStats).toEqual({ documents: 0, bytes: 0 });
    expect(await run(path, ITEMS)).toEqual(expected);
    expect(path.cacheStats).toEqual({ documents: 0, bytes: 0 });
  });
});
