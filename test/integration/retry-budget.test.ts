import { startStack, type Stack } from '../helpers/stack';

/**
 * One RetryBudget per GraphQL operation (contract §7): every Graph call of
 * the operation takes its retries from GRAPH_RETRY_MAX and none waits past
 * GRAPH_RETRY_BUDGET_MS, whatever the calls are (a create, a read, $batch
 * calls). Graph here answers 429 to everything.
 */
const REG_PATH = '/deviceAppManagement/managedAppRegistrations';
const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "t" }) { id } }';
const READ = 'query($id: ID!) { managedAppRegistration(id: $id) { id } }';
const ENTITIES = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ManagedAppRegistration { id } } }';
const USERS_LISTS = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { managedAppRegistrations(first: 1) { nodes { id } } } } }';
const REPS = Array.from({ length: 45 }, (_v, i) => ({ __typename: 'ManagedAppRegistration', id: `id-${i}` }));

/** Sends `query` with Graph throttling every top-level request; the answer and the upstream requests. */
async function throttled(stack: Stack, retryAfter: string, query: string, variables?: Record<string, unknown>) {
  stack.emulator.clearRequests();
  stack.emulator.faults.clear();
  stack.emulator.faults.add({ scope: 'top', times: Infinity, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter } });
  const res = await stack.gql(query, variables);
  const sent = stack.emulator.requests.filter((r) => r.batch === undefined).map((r) => `${r.method} ${r.rawPath.replace(/\?.*$/, '')}`);
  return { res, sent };
}

function codes(res: Awaited<ReturnType<Stack['gql']>>): string[] {
  return (res.body.errors ?? []).map((e) => e.extensions!.code as string);
}

describe('GRAPH_RETRY_MAX=3 is the count for the whole operation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_RETRY_MAX: '3', GRAPH_RETRY_BUDGET_MS: '20000' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a create: 4 POSTs, then UPSTREAM_THROTTLED', async () => {
    const { res, sent } = await throttled(stack, '0.01', CREATE);
    expect(sent).toEqual(Array(4).fill(`POST /beta${REG_PATH}`));
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: 'Microsoft Graph throttled the request (429 TooManyRequests) and it was still throttled after 3 retries. Retry later.' }),
    ]);
    expect(codes(res)).toEqual(['UPSTREAM_THROTTLED']);
  });

  it('a read: 4 GETs', async () => {
    const { res, sent } = await throttled(stack, '0.01', READ, { id: 'r1' });
    expect(sent).toEqual(Array(4).fill(`GET /beta${REG_PATH}/r1`));
    expect(codes(res)).toEqual(['UPSTREAM_THROTTLED']);
  });

  it('two reads running side by side share the 3 retries: 5 GETs in all', async () => {
    const reps = [{ __typename: 'User', id: 'u1' }, { __typename: 'User', id: 'u2' }];
    const { res, sent } = await throttled(stack, '0.01', USERS_LISTS, { reps });
    expect(sent).toHaveLength(5);
    expect(new Set(sent)).toEqual(new Set(['GET /beta/users/u1/managedAppRegistrations', 'GET /beta/users/u2/managedAppRegistrations']));
    expect(codes(res)).toEqual(['UPSTREAM_THROTTLED', 'UPSTREAM_THROTTLED']);
  });

  it('45 entity references: 3 $batch POSTs and 3 retried ones, each retry counted once (no retry inside a retry)', async () => {
    const { res, sent } = await throttled(stack, '0.01', ENTITIES, { reps: REPS });
    expect(sent).toEqual(Array(6).fill('POST /beta/$batch'));
    expect(codes(res)).toEqual(Array(45).fill('UPSTREAM_THROTTLED'));
  });

  it('45 entity references whose items are throttled: the same 6 POSTs', async () => {
    stack.emulator.clearRequests();
    stack.emulator.faults.clear();
    stack.emulator.faults.add({ scope: 'batch-item', times: Infinity, fault: { kind: 'status', status: 429, retryAfter: '0.01' } });
    const res = await stack.gql(ENTITIES, { reps: REPS });
    expect(stack.emulator.requests.filter((r) => r.batch === undefined)).toHaveLength(6);
    expect(codes(res)).toEqual(Array(45).fill('UPSTREAM_THROTTLED'));
  });
});

describe('GRAPH_RETRY_BUDGET_MS=600 is the time for the whole operation', () => {
  const BUDGET_MS = 600;
  // Retry-After 0.2 s: retries fit at about 200 and 400 ms; one at 600 would not.
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_RETRY_MAX: '10', GRAPH_RETRY_BUDGET_MS: String(BUDGET_MS) } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it.each([
    ['a create', CREATE, undefined, `POST /beta${REG_PATH}`, 1],
    ['a read', READ, { id: 'r1' }, `GET /beta${REG_PATH}/r1`, 1],
    ['45 entity references', ENTITIES, { reps: REPS }, 'POST /beta/$batch', 3],
  ])('%s stops within the budget', async (_name, query, variables, request, perRound) => {
    const { res, sent } = await throttled(stack, '0.2', query, variables);
    // The first try, then at most two rounds of retries that end before the deadline (a third, at about 600 ms, does
    // not fit: with GRAPH_RETRY_MAX=10 only the budget stops it). That no retry is waited for past the deadline is
    // RetryBudget's (test/unit/retry-policy.test.ts, on an injected clock): the client asks it before it sleeps.
    expect(sent.length % perRound).toBe(0);
    expect(sent.length / perRound).toBeGreaterThanOrEqual(2);
    expect(sent.length / perRound).toBeLessThanOrEqual(3);
    expect(new Set(sent)).toEqual(new Set([request]));
    expect(new Set(codes(res))).toEqual(new Set(['UPSTREAM_THROTTLED']));
  });
});
