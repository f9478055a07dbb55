// contract §9 over real HTTP: the exact $batch calls the emulator received for bulk creates, per item and per batch
// faults, validation, and each item's idempotencyKey (contract §10).
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack';
import { fileStack } from '../helpers/file-stack';

const REG_PATH = '/deviceAppManagement/managedAppRegistrations';
const APP = '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01';
const STATUS_PATH = `/deviceAppManagement/mobileApps/${APP}/deviceStatuses`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BULK = `mutation($items: [ManagedAppRegistrationCreateItem!]!) {
  createManagedAppRegistrations(items: $items) {
    __typename
    ... on ManagedAppRegistrationCreated { index registration { id deviceTag } }
    ... on CreateFailed { index code message outcomeUnknown graph { status code clientRequestId } }
  }
}`;
const SINGLE = `mutation($tag: String, $key: String) { createManagedAppRegistration(input: { deviceTag: $tag }, idempotencyKey: $key) { id deviceTag } }`;

let stack: Stack;
fileStack({ env: { GRAPH_RETRY_MAX: '3' } }, (started) => (stack = started));

const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ input: { deviceTag: `t${i}` } }));
const results = (res: GraphQLResponse) => res.body.data!.createManagedAppRegistrations as Array<Record<string, unknown>>;
const batches = () => stack.emulator.requests.filter((r) => r.rawPath === '/beta/$batch');
type SubRequest = { id: string; method: string; url: string; headers: Record<string, string>; body: unknown };
const subRequests = (outer: { body: unknown }) => (outer.body as { requests: SubRequest[] }).requests;

function created(index: number, tag: string) {
  return { __typename: 'ManagedAppRegistrationCreated', index, registration: { id: expect.stringMatching(UUID), deviceTag: tag } };
}

describe('createManagedAppRegistrations (contract §9)', () => {
  it('45 items: exactly 3 $batch calls of 20/20/5, each item the single create with its own client-request-id; results in order', async () => {
    await stack.gql(SINGLE, { tag: 't0' });
    const single = stack.emulator.requests[0]!;
    stack.emulator.clearRequests();
    const res = await stack.gql(BULK, { items: tags(45) });
    expect(res.body.errors).toBeUndefined();
    expect(results(res)).toEqual(Array.from({ length: 45 }, (_, i) => created(i, `t${i}`)));
    const calls = batches();
    expect(calls.map((c) => [c.method, subRequests(c).length])).toEqual([['POST', 20], ['POST', 20], ['POST', 5]]);
    const sent = calls.flatMap(subRequests);
    expect(sent).toEqual(
      Array.from({ length: 45 }, (_, i) => ({
        id: String(i),
        method: 'POST',
        url: REG_PATH,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'client-request-id': expect.stringMatching(UUID) },
        body: { ...(single.body as object), deviceTag: `t${i}` },
      })),
    );
    expect(single.rawPath).toBe(`/beta${REG_PATH}`);
    expect(new Set(sent.map((r) => r.headers['client-request-id'])).size).toBe(45);
    expect(stack.emulator.store.managedAppRegistrations()).toHaveLength(46);
    // Every outer call carries the caller's token; nothing else was sent.
    expect(calls.every((c) => c.headers.authorization === stack.emulator.requests[0]!.headers.authorization)).toBe(true);
    expect(stack.emulator.requests.filter((r) => r.batch === undefined)).toHaveLength(3);
  });

  it('a per-item 429: that item alone is sent again in a later $batch after its Retry-After', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '0.3' } });
    const startedAt = Date.now();
    const res = await stack.gql(BULK, { items: tags(3) });
    expect(results(res)).toEqual([created(0, 't0'), created(1, 't1'), created(2, 't2')]);
    const calls = batches();
    expect(calls.map((c) => subRequests(c).map((r) => r.id))).toEqual([['0', '1', '2'], ['0']]);
    const [first, again] = [subRequests(calls[0]!)[0]!, subRequests(calls[1]!)[0]!];
    expect(again).toEqual({ ...first, headers: { ...first.headers, 'client-request-id': expect.stringMatching(UUID), 'retry-attempt': '1' } });
    expect(again.headers['client-request-id']).not.toBe(first.headers['client-request-id']);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(stack.emulator.store.managedAppRegistrations().map((r) => r.deviceTag)).toEqual(['t1', 't2', 't0']);
  });

  it('a per-item 429 past the retry budget: UPSTREAM_THROTTLED for that item', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', method: 'POST', path: REG_PATH, times: Infinity, fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const res = await stack.gql(BULK, { items: tags(1) });
    expect(results(res)).toEqual([
      {
        __typename: 'CreateFailed',
        index: 0,
        code: 'UPSTREAM_THROTTLED',
        message: 'Microsoft Graph throttled the request (429 TooManyRequests) and it was still throttled after 3 retries. Retry later.',
        outcomeUnknown: false,
        graph: { status: 429, code: 'TooManyRequests', clientRequestId: subRequests(batches()[3]!)[0]!.headers['client-request-id'] },
      },
    ]);
    expect(batches()).toHaveLength(4);
  });

  it.each([
    [500, 'UPSTREAM_UNAVAILABLE', false],
    [503, 'UPSTREAM_UNAVAILABLE', false],
    [400, 'BAD_USER_INPUT', false],
    [502, 'UPSTREAM_OUTCOME_UNKNOWN', true],
    [504, 'UPSTREAM_OUTCOME_UNKNOWN', true],
  ])('a per-item %i: that item is %s (outcomeUnknown %s), not sent again; the others are created', async (status, code, outcomeUnknown) => {
    stack.emulator.faults.add({ scope: 'batch-item', method: 'POST', path: REG_PATH, fault: { kind: 'status', status, code: 'Emulated' } });
    const res = await stack.gql(BULK, { items: tags(2) });
    const [failed, ok] = results(res);
    expect(failed).toEqual({
      __typename: 'CreateFailed',
      index: 0,
      code,
      message: expect.any(String),
      outcomeUnknown,
      graph: { status, code: 'Emulated', clientRequestId: subRequests(batches()[0]!)[0]!.headers['client-request-id'] },
    });
    expect(ok).toEqual(created(1, 't1'));
    expect(batches()).toHaveLength(1);
  });

  it.each(['reset-after-read', 'reset-before-read'] as const)('a $batch %s: all its items outcomeUnknown, none sent again', async (kind) => {
    stack.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', fault: { kind } });
    const res = await stack.gql(BULK, { items: tags(3) });
    // Reset before reading, the emulator never saw the items: their ids are the ones each failure names, all distinct.
    const ids = kind === 'reset-after-read' ? subRequests(batches()[0]!).map((r) => r.headers['client-request-id']) : results(res).map((r) => (r.graph as { clientRequestId: string }).clientRequestId);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => UUID.test(id!))).toBe(true);
    expect(results(res)).toEqual(
      [0, 1, 2].map((index) => ({
        __typename: 'CreateFailed',
        index,
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        message: 'Microsoft Graph dropped the connection before answering after the create was sent: the record may or may not exist. Check before retrying.',
        outcomeUnknown: true,
        graph: { status: null, code: null, clientRequestId: ids[index] },
      })),
    );
    expect(batches()).toHaveLength(1);
  });

  it.each([
    [502, 'UPSTREAM_OUTCOME_UNKNOWN', true],
    [504, 'UPSTREAM_OUTCOME_UNKNOWN', true],
    [500, 'UPSTREAM_UNAVAILABLE', false],
    [503, 'UPSTREAM_UNAVAILABLE', false],
  ])('a $batch answered %i as a whole: all its items %s, none sent again', async (status, code, outcomeUnknown) => {
    stack.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', fault: { kind: 'status', status } });
    const res = await stack.gql(BULK, { items: tags(2) });
    expect(results(res).map((r) => [r.code, r.outcomeUnknown])).toEqual([[code, outcomeUnknown], [code, outcomeUnknown]]);
    expect(batches()).toHaveLength(1);
    expect(stack.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it('a $batch answered 429 as a whole: all its items sent again later, each created once', async () => {
    stack.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', fault: { kind: 'status', status: 429, retryAfter: '0.1' } });
    const res = await stack.gql(BULK, { items: tags(2) });
    expect(results(res)).toEqual([created(0, 't0'), created(1, 't1')]);
    expect(batches().map((c) => subRequests(c).map((r) => r.id))).toEqual([['0', '1'], ['0', '1']]);
    expect(stack.emulator.store.managedAppRegistrations()).toHaveLength(2);
  });

  it('a $batch answered 200 with an unreadable body: all its items outcomeUnknown', async () => {
    stack.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', fault: { kind: 'malformed' } });
    const res = await stack.gql(BULK, { items: tags(2) });
    expect(results(res).map((r) => [r.code, r.outcomeUnknown])).toEqual([['UPSTREAM_OUTCOME_UNKNOWN', true], ['UPSTREAM_OUTCOME_UNKNOWN', true]]);
    expect(batches()).toHaveLength(1);
  });

  it.each([0, 101])('%i items: BAD_USER_INPUT and no Graph request', async (n) => {
    const res = await stack.gql(BULK, { items: tags(n) });
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: `Argument "items" must have from 1 to 100 items (MAX_BULK_ITEMS), got ${n}.`,
          locations: [{ line: 2, column: 3 }],
          path: ['createManagedAppRegistrations'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('bad items fail alone with BAD_USER_INPUT; the others go', async () => {
    const items = [{ input: { deviceTag: 'ok0' } }, { input: { deviceTag: 'x' }, userId: 'u', collection: 'ROOT' }, { input: { deviceTag: 'x' }, userId: '' }, { input: { deviceTag: 'ok3' } }];
    const res = await stack.gql(BULK, { items });
    const noGraph = { __typename: 'CreateFailed', code: 'BAD_USER_INPUT', outcomeUnknown: false, graph: null };
    expect(results(res)).toEqual([
      created(0, 'ok0'),
      { ...noGraph, index: 1, message: 'Arguments "userId" and "collection" cannot be combined: a registration is created either under a user or in a top-level collection.' },
      { ...noGraph, index: 2, message: 'Argument "userId" must not be empty.' },
      created(3, 'ok3'),
    ]);
    expect(batches().map((c) => subRequests(c).map((r) => r.id))).toEqual([['0', '1']]);
  });

  it('no bearer token: UNAUTHENTICATED, no Graph request', async () => {
    const res = await stack.gql(BULK, { items: tags(1) }, {});
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('bulk items with an idempotencyKey (contract §9, §10)', () => {
  const keyed = (n: number, prefix: string) => tags(n).map((item, i) => ({ ...item, idempotencyKey: `${prefix}-${i}` }));

  it('a repeat replays every item with no $batch, and a key is the same record alone or in bulk', async () => {
    const first = await stack.gql(BULK, { items: keyed(3, 'bulk') });
    const firstIds = subRequests(batches()[0]!).map((r) => r.headers['client-request-id']);
    expect(results(first)).toEqual([created(0, 't0'), created(1, 't1'), created(2, 't2')]);
    stack.emulator.clearRequests();
    const again = await stack.gql(BULK, { items: keyed(3, 'bulk') });
    expect(again.body).toEqual(first.body);
    const alone = await stack.gql(SINGLE, { tag: 't1', key: 'bulk-1' });
    expect(alone.body.data!.createManagedAppRegistration).toEqual((results(first)[1]!.registration as object));
    expect(stack.emulator.requests).toEqual([]);
    expect(new Set(firstIds).size).toBe(3);
  });

  it('mixed: a replayed, a refused (other arguments), a new keyed and an unkeyed item; only the last two are sent', async () => {
    await stack.gql(SINGLE, { tag: 'old', key: 'mix-0' });
    await stack.gql(SINGLE, { tag: 'old', key: 'mix-1' });
    stack.emulator.clearRequests();
    const items = [
      { input: { deviceTag: 'old' }, idempotencyKey: 'mix-0' },
      { input: { deviceTag: 'new' }, idempotencyKey: 'mix-1' },
      { input: { deviceTag: 'k' }, idempotencyKey: 'mix-2' },
      { input: { deviceTag: 'u' } },
    ];
    const res = await stack.gql(BULK, { items });
    expect(results(res)).toEqual([
      created(0, 'old'),
      {
        __typename: 'CreateFailed',
        index: 1,
        code: 'BAD_USER_INPUT',
        message: 'idempotencyKey "mix-1" was already used for createManagedAppRegistration with other arguments; a different create needs a new key',
        outcomeUnknown: false,
        graph: null,
      },
      created(2, 'k'),
      created(3, 'u'),
    ]);
    expect(batches().map((c) => subRequests(c).map((r) => (r.body as { deviceTag: string }).deviceTag))).toEqual([['k', 'u']]);
  });

  it('an item whose outcome is unknown is answered so again on a repeat, and never re-sent', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 504 } });
    const first = await stack.gql(BULK, { items: keyed(2, 'unk') });
    const firstClientRequestId = subRequests(batches()[0]!)[0]!.headers['client-request-id'];
    expect(results(first)[0]).toEqual({
      __typename: 'CreateFailed',
      index: 0,
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      message: 'Microsoft Graph answered 504 GatewayTimeout to a create: the record may or may not exist. Check before retrying.',
      outcomeUnknown: true,
      graph: { status: 504, code: 'GatewayTimeout', clientRequestId: firstClientRequestId },
    });
    stack.emulator.clearRequests();
    const again = await stack.gql(BULK, { items: keyed(2, 'unk') });
    expect(results(again)).toEqual([
      {
        __typename: 'CreateFailed',
        index: 0,
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        message: expect.stringContaining(`(client-request-id ${firstClientRequestId}, `),
        outcomeUnknown: true,
        graph: null,
      },
      results(first)[1],
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('createMobileAppInstallStatuses (contract §9)', () => {
  it('items go to their app paths through one $batch, results in order', async () => {
    const query = `mutation($items: [MobileAppInstallStatusCreateItem!]!) {
      createMobileAppInstallStatuses(items: $items) {
        ... on MobileAppInstallStatusCreated { index installStatus { id mobileAppId deviceName } }
        ... on CreateFailed { index code }
      }
    }`;
    const items = [
      { mobileAppId: APP, input: { deviceName: 'd0' } },
      { mobileAppId: '', input: { deviceName: 'd1' } },
      { mobileAppId: APP, input: { deviceName: 'd2' }, idempotencyKey: 'st-2' },
    ];
    const res = await stack.gql(query, { items });
    expect(res.body.data!.createMobileAppInstallStatuses).toEqual([
      { index: 0, installStatus: { id: expect.stringMatching(UUID), mobileAppId: APP, deviceName: 'd0' } },
      { index: 1, code: 'BAD_USER_INPUT' },
      { index: 2, installStatus: { id: expect.stringMatching(UUID), mobileAppId: APP, deviceName: 'd2' } },
    ]);
    expect(batches().map((c) => subRequests(c).map((r) => [r.id, r.url]))).toEqual([[['0', STATUS_PATH], ['1', STATUS_PATH]]]);
  });
});

describe('GRAPH_BATCH_CONCURRENCY', () => {
  it('1: the $batch calls of one bulk create go one after the other', async () => {
    const local = await startStack({ env: { GRAPH_BATCH_CONCURRENCY: '1' } });
    try {
      local.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', times: 3, fault: { kind: 'delay', ms: 150 } });
      const startedAt = Date.now();
      const res = await local.gql(BULK, { items: tags(45) });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450);
      expect((res.body.data!.createManagedAppRegistrations as unknown[]).length).toBe(45);
      expect(local.emulator.store.managedAppRegistrations()).toHaveLength(45);
    } finally {
      await local.close();
    }
  });
});
