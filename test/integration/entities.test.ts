import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { graphDetail } from '../helpers/expected';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[0]!.id;
const ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    __typename
    ... on ManagedAppRegistration { id deviceTag }
    ... on MobileAppInstallStatus { id mobileAppId deviceName }
  }
}`;

let stack: Stack;
let ids: string[];
let statusIds: string[];

beforeAll(async () => {
  stack = await startStack();
  for (let i = 0; i < 45; i++) await stack.gql(`mutation { createManagedAppRegistration(input: { deviceTag: "r${i}" }) { id } }`);
  for (let i = 0; i < 3; i++) await stack.gql(`mutation { createMobileAppInstallStatus(mobileAppId: "${APP}", input: { deviceName: "d${i}" }) { id } }`);
  ids = stack.emulator.store.managedAppRegistrations().map((r) => r.id as string);
  statusIds = stack.emulator.store.mobileAppInstallStatuses(APP).map((r) => r.id as string);
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.emulator.clearRequests();
  stack.emulator.faults.clear();
});

const reg = (i: number) => ({ __typename: 'ManagedAppRegistration', id: ids[i] });
const expected = (i: number) => ({ __typename: 'GenericManagedAppRegistration', id: ids[i], deviceTag: `r${i}` });

function batches() {
  return stack.emulator.requests.filter((r) => r.method === 'POST' && r.rawPath === '/beta/$batch');
}
function subRequests() {
  return stack.emulator.requests.filter((r) => r.batch !== undefined);
}

describe('_entities goes through one per-request DataLoader over $batch', () => {
  it.each([
    [1, 0, 1],
    [20, 1, 0],
    [21, 2, 0],
    [45, 3, 0],
  ])('%i distinct references cost %i $batch calls (and %i plain GETs)', async (n, batchCalls, plainGets) => {
    const indexes = Array.from({ length: n }, (_v, i) => i);
    const res = await stack.gql(ENTITIES, { reps: indexes.map(reg) });
    expect(res.body).toEqual({ data: { _entities: indexes.map(expected) } });
    expect(batches()).toHaveLength(batchCalls);
    expect(stack.emulator.requests.filter((r) => r.method === 'GET' && r.batch === undefined)).toHaveLength(plainGets);
  });

  it('45 distinct and repeated references: 3 $batch calls of at most 20, no duplicate sub-request', async () => {
    const order = [...Array.from({ length: 45 }, (_v, i) => i), 0, 44, 7, 7, 20, 21];
    const res = await stack.gql(ENTITIES, { reps: order.map(reg) });
    expect(res.body).toEqual({ data: { _entities: order.map(expected) } });
    expect(batches()).toHaveLength(3);
    expect(batches().map((b) => ((b.body as { requests: unknown[] }).requests.length)).sort((a, b) => a - b)).toEqual([5, 20, 20]);
    const paths = subRequests().map((r) => r.rawPath);
    expect(paths).toHaveLength(45);
    expect(new Set(paths).size).toBe(45);
    expect(new Set(paths)).toEqual(new Set(ids.map((id) => `/deviceAppManagement/managedAppRegistrations/${id}`)));
    for (const batch of batches()) expect(batch.headers.authorization).toBe(stack.emulator.requests[0]!.headers.authorization);
  });

  it('compound keys of install statuses are batched too', async () => {
    const reps = [...statusIds, statusIds[0]].map((id) => ({ __typename: 'MobileAppInstallStatus', mobileAppId: APP, id }));
    const res = await stack.gql(ENTITIES, { reps });
    expect(res.body).toEqual({
      data: {
        _entities: [0, 1, 2, 0].map((i) => ({ __typename: 'MobileAppInstallStatus', id: statusIds[i], mobileAppId: APP, deviceName: `d${i}` })),
      },
    });
    expect(batches()).toHaveLength(1);
    expect(subRequests().map((r) => r.rawPath).sort()).toEqual(statusIds.map((id) => `/deviceAppManagement/mobileApps/${APP}/deviceStatuses/${id}`).sort());
  });
});

describe('each $batch item keeps its own outcome', () => {
  it('a 404 item is null for that entity only', async () => {
    const res = await stack.gql(ENTITIES, { reps: [reg(0), { __typename: 'ManagedAppRegistration', id: 'gone' }, reg(1)] });
    expect(res.body).toEqual({ data: { _entities: [expected(0), null, expected(1)] } });
  });

  it('a failed item is an error on that entity only, with its code', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', path: `/deviceAppManagement/managedAppRegistrations/${ids[1]}`, fault: { kind: 'status', status: 403, code: 'Forbidden', message: 'no' } });
    const res = await stack.gql(ENTITIES, { reps: [reg(0), reg(1), reg(2)] });
    expect(res.body.data).toEqual({ _entities: [expected(0), null, expected(2)] });
    expect(res.body.errors).toEqual([
      {
        message: 'Microsoft Graph denied the request (403 Forbidden): the token needs DeviceManagementApps permissions and the tenant an Intune licence.',
        locations: [{ line: 2, column: 3 }],
        path: ['_entities', 1],
        extensions: { code: 'FORBIDDEN', graph: graphDetail(403, 'Forbidden', 'no', batches()[0]!.headers['client-request-id']!) },
      },
    ]);
  });

  it('a throttled item is sent again after its Retry-After, alone', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', path: `/deviceAppManagement/managedAppRegistrations/${ids[2]}`, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '0.1' } });
    const started = Date.now();
    const res = await stack.gql(ENTITIES, { reps: [reg(0), reg(1), reg(2)] });
    expect(res.body).toEqual({ data: { _entities: [expected(0), expected(1), expected(2)] } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(batches().map((b) => (b.body as { requests: Array<{ url: string }> }).requests.map((r) => r.url))).toEqual([
      [0, 1, 2].map((i) => `/deviceAppManagement/managedAppRegistrations/${ids[i]}`),
      [`/deviceAppManagement/managedAppRegistrations/${ids[2]}`],
    ]);
  });

  it('an item throttled past the retries is UPSTREAM_THROTTLED on that entity', async () => {
    stack.emulator.faults.add({ scope: 'batch-item', times: Infinity, path: `/deviceAppManagement/managedAppRegistrations/${ids[2]}`, fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const res = await stack.gql(ENTITIES, { reps: [reg(0), reg(2)] });
    expect(res.body.data).toEqual({ _entities: [expected(0), null] });
    expect(batches()).toHaveLength(4);
    expect(res.body.errors).toEqual([
      {
        message: 'Microsoft Graph throttled the request (429 TooManyRequests) and it was still throttled after 3 retries. Retry later.',
        locations: [{ line: 2, column: 3 }],
        path: ['_entities', 1],
        extensions: {
          code: 'UPSTREAM_THROTTLED',
          graph: graphDetail(429, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.', batches()[3]!.headers['client-request-id']!),
        },
      },
    ]);
  });

  it('a failed $batch call is an error on each of its entities', async () => {
    stack.emulator.faults.add({ scope: 'top', path: '/$batch', fault: { kind: 'status', status: 500, code: 'InternalError' } });
    const res = await stack.gql(ENTITIES, { reps: [reg(0), reg(1)] });
    expect(res.body.data).toEqual({ _entities: [null, null] });
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['_entities', 0], 'UPSTREAM_UNAVAILABLE'],
      [['_entities', 1], 'UPSTREAM_UNAVAILABLE'],
    ]);
  });

  it('loaders are per request: the same key in two requests is fetched twice', async () => {
    await stack.gql(ENTITIES, { reps: [reg(0)] });
    await stack.gql(ENTITIES, { reps: [reg(0)] });
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([
      `/beta/deviceAppManagement/managedAppRegistrations/${ids[0]}`,
      `/beta/deviceAppManagement/managedAppRegistrations/${ids[0]}`,
    ]);
  });
});

describe('User and MobileApp references', () => {
  it('contribute their lists', async () => {
    await stack.gql('mutation { createManagedAppRegistration(userId: "ref-user", input: { deviceTag: "mine" }) { id } }');
    const res = await stack.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on User { id managedAppRegistrations(first: 5) { nodes { deviceTag user { id } } } }
        ... on MobileApp { id deviceStatuses(first: 2) { nodes { deviceName } pageInfo { hasNextPage } } }
      } }`,
      { reps: [{ __typename: 'User', id: 'ref-user' }, { __typename: 'MobileApp', id: APP }] },
    );
    expect(res.body).toEqual({
      data: {
        _entities: [
          { id: 'ref-user', managedAppRegistrations: { nodes: [{ deviceTag: 'mine', user: { id: 'ref-user' } }] } },
          { id: APP, deviceStatuses: { nodes: [{ deviceName: 'd0' }, { deviceName: 'd1' }], pageInfo: { hasNextPage: true } } },
        ],
      },
    });
  });
});

describe('concrete-type references', () => {
  it('resolve only to a registration of that type', async () => {
    const android = await stack.gql('mutation { createManagedAppRegistration(input: { appIdentifier: { android: { packageId: "com.a" } } }) { id } }');
    const id = (android.body.data!.createManagedAppRegistration as { id: string }).id;
    const res = await stack.gql(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on ManagedAppRegistration { id } } }',
      { reps: [{ __typename: 'IosManagedAppRegistration', id }, { __typename: 'AndroidManagedAppRegistration', id }, { __typename: 'ManagedAppRegistration', id }] },
    );
    expect(res.body).toEqual({
      data: { _entities: [null, { __typename: 'AndroidManagedAppRegistration', id }, { __typename: 'AndroidManagedAppRegistration', id }] },
    });
  });
});

describe('GRAPH_BATCH_CONCURRENCY bounds the $batch calls of one _entities', () => {
  it('2: of the 3 $batch calls for 45 references, the third goes only once one of the first two is answered', async () => {
    const local = await startStack({ env: { GRAPH_BATCH_CONCURRENCY: '2' } });
    try {
      for (let i = 0; i < 45; i++) await local.gql(`mutation { createManagedAppRegistration(input: { deviceTag: "c${i}" }) { id } }`);
      const localIds = local.emulator.store.managedAppRegistrations().map((r) => r.id as string);
      local.emulator.clearRequests();
      // Held long enough that every $batch the bound lets go is recorded before the first is answered.
      local.emulator.faults.add({ scope: 'top', method: 'POST', path: '/$batch', times: 3, fault: { kind: 'delay', ms: 300 } });
      const res = await local.gql(ENTITIES, { reps: localIds.map((id) => ({ __typename: 'ManagedAppRegistration', id })) });
      expect(res.body).toEqual({ data: { _entities: localIds.map((id, i) => ({ __typename: 'GenericManagedAppRegistration', id, deviceTag: `c${i}` })) } });
      // A $batch is recorded when it arrives, its items when it is served (after the delay).
      const kinds = local.emulator.requests.map((r) => (r.batch === undefined ? 'batch' : 'item'));
      expect(kinds.filter((k) => k === 'batch')).toHaveLength(3);
      expect(kinds.slice(0, 3)).toEqual(['batch', 'batch', 'item']);
      expect(kinds.lastIndexOf('batch')).toBeGreaterThanOrEqual(22);
    } finally {
      await local.close();
    }
  });
});
