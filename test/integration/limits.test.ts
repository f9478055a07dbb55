import { request } from 'undici';
import { UUID } from '../helpers/expected';
import { startStack, AUTHORIZATION, type Stack } from '../helpers/stack';

describe('operation limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_QUERY_DEPTH: '6', MAX_ALIASES: '3', MAX_QUERY_COST: '100', DEFAULT_PAGE_SIZE: '10' } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.clearRequests());

  it('depth at the limit passes, one more is refused before any Graph call', async () => {
    const ok = await stack.gql('{ managedAppRegistrations(first: 1) { nodes { user { managedAppRegistrations(first: 1) { nodes { id } } } } } }');
    expect(ok.body.errors).toBeUndefined();
    stack.emulator.clearRequests();
    const deep = await stack.gql('{ managedAppRegistrations(first: 1) { nodes { user { managedAppRegistrations(first: 1) { nodes { user { id } } } } } } }');
    // A request error: 200 under application/json (no Accept), 400 under application/graphql-response+json (test/http).
    expect(deep.status).toBe(200);
    expect(deep.body.errors).toEqual([
      { message: 'The operation is 7 fields deep; the limit is 6 (MAX_QUERY_DEPTH).', locations: [{ line: 1, column: 1 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('counts depth through fragments', async () => {
    const res = await stack.gql(
      'query { managedAppRegistrations(first: 1) { ...N } } fragment N on ManagedAppRegistrationConnection { nodes { user { managedAppRegistrations(first: 1) { nodes { user { id } } } } } }',
    );
    expect(res.body.errors![0]!.message).toBe('The operation is 7 fields deep; the limit is 6 (MAX_QUERY_DEPTH).');
  });

  it('aliases at the limit pass, one more is refused', async () => {
    const ok = await stack.gql('{ a: gatewayInfo { version } b: gatewayInfo { version } c: gatewayInfo { version } }');
    expect(ok.body.errors).toBeUndefined();
    const res = await stack.gql('{ a: gatewayInfo { version } b: gatewayInfo { version } c: gatewayInfo { version } d: gatewayInfo { version } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      { message: 'The operation has 4 aliases; the limit is 3 (MAX_ALIASES).', locations: [{ line: 1, column: 1 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
    const strict = await stack.gql('{ a: gatewayInfo { version } b: gatewayInfo { version } c: gatewayInfo { version } d: gatewayInfo { version } }', undefined, {
      authorization: AUTHORIZATION,
      accept: 'application/graphql-response+json',
    });
    expect(strict.status).toBe(400);
    expect(strict.body).toEqual(res.body);
  });

  it('cost at the limit passes, over it is refused, with variables counted', async () => {
    // 1 (list) + 1 (nodes) + first × 1 (id) + 2 (pageInfo, hasNextPage) = first + 4.
    const query = 'query($n: Int) { managedAppRegistrations(first: $n) { nodes { id } pageInfo { hasNextPage } } }';
    expect((await stack.gql(query, { n: 96 })).body.errors).toBeUndefined();
    const over = await stack.gql(query, { n: 97 });
    expect(over.status).toBe(200);
    expect(over.body.errors).toEqual([
      { message: 'The operation costs 101; the limit is 100 (MAX_QUERY_COST). Ask for fewer items or fields.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
    // Without first, DEFAULT_PAGE_SIZE (10) counts: 1 + 1 + 10 × (1 + 1) = 22 for edges { node { id } }.
    expect((await stack.gql('{ managedAppRegistrations { edges { node { id } } } }')).body.errors).toBeUndefined();
  });

  it('counts _entities representations in the cost, per request for the same document', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id } } }';
    const reps = (n: number) => Array.from({ length: n }, (_v, i) => ({ __typename: 'ManagedAppRegistration', id: `r${i}` }));
    // Cost 1 + 99 × 1 = 100: at the limit, it runs (the ids are unknown: null entities).
    expect((await stack.gql(query, { r: reps(99) })).body.errors).toBeUndefined();
    stack.emulator.clearRequests();
    const res = await stack.gql(query, { r: reps(120) });
    expect(res.body.errors).toEqual([
      { message: 'The operation costs 121; the limit is 100 (MAX_QUERY_COST). Ask for fewer items or fields.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('refuses a document whose cost reads no variable every time it is sent', async () => {
    // 1 (list) + 1 (nodes) + 120 × 1 (id) = 122, whatever the variables.
    const query = '{ managedAppRegistrations(first: 120) { nodes { id } } }';
    for (let i = 0; i < 2; i++) {
      expect((await stack.gql(query)).body.errors).toEqual([
        { message: 'The operation costs 122; the limit is 100 (MAX_QUERY_COST). Ask for fewer items or fields.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ]);
    }
    expect(stack.emulator.requests).toEqual([]);
  });

  it('refuses HTTP-batched operations unless enabled', async () => {
    const res = await request(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify([{ query: '{ gatewayInfo { version } }' }, { query: '{ gatewayInfo { version } }' }]),
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain('Operation batching disabled.');
  });
});

describe('HTTP limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_BATCHED_REQUESTS: 'true', MAX_BATCHED_OPERATIONS: '2', MAX_HEADER_BYTES: '2048', MAX_REQUEST_BODY_BYTES: '1024' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  const batch = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ query: '{ gatewayInfo { emulator } }' })));

  it('runs a batch within MAX_BATCHED_OPERATIONS when enabled, refuses a longer one', async () => {
    const ok = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch(2) });
    expect(ok.statusCode).toBe(200);
    expect(await ok.body.json()).toEqual([{ data: { gatewayInfo: { emulator: true } } }, { data: { gatewayInfo: { emulator: true } } }]);
    const over = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch(3) });
    expect(over.statusCode).toBe(400);
    expect(await over.body.json()).toEqual({
      errors: [{ message: 'The batch has 3 operations; the limit is 2 (MAX_BATCHED_OPERATIONS).', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('a body of exactly MAX_REQUEST_BODY_BYTES passes, one byte more is 413', async () => {
    const body = (size: number) => {
      const base = JSON.stringify({ query: '{ gatewayInfo { emulator } }', extensions: { pad: '' } });
      return JSON.stringify({ query: '{ gatewayInfo { emulator } }', extensions: { pad: 'x'.repeat(size - base.length) } });
    };
    const ok = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(1024) });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    const over = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(1025) });
    expect(over.statusCode).toBe(413);
    await over.body.text();
  });

  it('headers over MAX_HEADER_BYTES are 431', async () => {
    const ok = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pad': 'x'.repeat(1000) }, body: batch(1) });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    const res = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pad': 'x'.repeat(4096) }, body: batch(1) });
    expect(res.statusCode).toBe(431);
    await res.body.text();
  });
});

describe('upstream queue', () => {
  it('sheds Graph calls past GRAPH_CONNECTIONS + GRAPH_QUEUE_MAX with UPSTREAM_UNAVAILABLE, sending nothing for them', async () => {
    const stack = await startStack({ env: { GRAPH_CONNECTIONS: '1', GRAPH_QUEUE_MAX: '1', GRAPH_TIMEOUT_MS: '3000' } });
    try {
      stack.emulator.faults.add({ method: 'POST', times: 2, fault: { kind: 'delay', ms: 300 } });
      const create = () => stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
      const first = create();
      // Let the first reach its (only) connection before the second queues behind it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = create();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const third = await create();
      expect(third.body).toEqual({
        data: null,
        errors: [
          {
            message: 'The gateway already has 1 Microsoft Graph calls waiting for a connection (GRAPH_QUEUE_MAX); the request was not sent. Retry later.',
            locations: [{ line: 1, column: 12 }],
            path: ['createManagedAppRegistration'],
            // Graph never saw it: only the client-request-id the gateway made for it.
            extensions: {
              code: 'UPSTREAM_UNAVAILABLE',
              graph: { status: null, code: null, message: null, requestId: null, clientRequestId: expect.stringMatching(UUID), date: null },
            },
          },
        ],
      });
      expect((await first).body.errors).toBeUndefined();
      expect((await second).body.errors).toBeUndefined();
      expect(stack.emulator.requests).toHaveLength(2);
    } finally {
      await stack.close();
    }
  });
});
