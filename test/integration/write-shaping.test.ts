// The write budget inside one gateway (contract §11), over real HTTP against the emulator: a create that finds no
// slot in time is UPSTREAM_THROTTLED and was not sent; reads are never shaped; a 429 without Retry-After pauses the
// bucket for the client's back-off; a $batch of creates counts its items.
import { Writable } from 'node:stream';
import { BearerCredential } from '../../src/caller/caller';
import { GraphClient, writesOf } from '../../src/graph/client';
import { WriteBudget } from '../../src/graph/write-budget';
import { createLogger } from '../../src/observability/logger';
import { GatewayMetrics } from '../../src/observability/metrics';
import { loadConfig } from '../../src/config';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';
import { createEmulator } from '../../src/emulator';

const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "s" }) { deviceTag } }';
const LIST = '{ managedAppRegistrations(first: 1) { nodes { id } } }';

describe('write shaping in one gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_WRITE_LIMIT: '2', GRAPH_WRITE_WINDOW_MS: '5000', GRAPH_WRITE_WAIT_MS: '200', LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('refuses the create past the limit as UPSTREAM_THROTTLED, unsent, and lets reads through', async () => {
    const sent = (): number => stack.emulator.requests.filter((r) => r.method === 'POST').length;
    expect((await stack.gql(CREATE)).body).toEqual({ data: { createManagedAppRegistration: { deviceTag: 's' } } });
    expect((await stack.gql(CREATE)).body).toEqual({ data: { createManagedAppRegistration: { deviceTag: 's' } } });
    expect(sent()).toBe(2);
    const refused = await stack.gql(CREATE);
    expect(refused.body).toEqual({
      data: null,
      errors: [
        {
          message:
            "No write slot came free for these credentials in time (GRAPH_WRITE_LIMIT 2 per 5000 ms; GRAPH_WRITE_WAIT_MS 200, or the operation's GRAPH_RETRY_BUDGET_MS): the request was NOT sent to Microsoft Graph. Retry later.",
          path: ['createManagedAppRegistration'],
          locations: [{ line: 1, column: 12 }],
          extensions: { code: 'UPSTREAM_THROTTLED' },
        },
      ],
    });
    expect(sent()).toBe(2);
    const reads = await Promise.all([stack.gql(LIST), stack.gql(LIST), stack.gql(LIST)]);
    expect(reads.map((r) => r.body.errors)).toEqual([undefined, undefined, undefined]);
  });
});

describe('write shaping of bulk creates', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_WRITE_LIMIT: '50', GRAPH_WRITE_WINDOW_MS: '5000', GRAPH_WRITE_WAIT_MS: '5000' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a $batch item answered 429 pauses the bucket: the next create waits out its Retry-After', async () => {
    const path = '/deviceAppManagement/managedAppRegistrations';
    stack.emulator.faults.add({ scope: 'batch-item', method: 'POST', path, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '1' } });
    const bulk = 'mutation($items: [ManagedAppRegistrationCreateItem!]!) { createManagedAppRegistrations(items: $items) { __typename } }';
    const started = Date.now();
    const [res, single] = await Promise.all([
      stack.gql(bulk, { items: [{ input: { deviceTag: 'a' } }, { input: { deviceTag: 'b' } }] }),
      // Sent while the $batch is answered: it must wait for the pause, though the bucket has free slots.
      new Promise((resolve) => setTimeout(resolve, 150)).then(() => stack.gql(CREATE)),
    ]);
    expect(res.body).toEqual({ data: { createManagedAppRegistrations: [{ __typename: 'ManagedAppRegistrationCreated' }, { __typename: 'ManagedAppRegistrationCreated' }] } });
    expect(single.body).toEqual({ data: { createManagedAppRegistration: { deviceTag: 's' } } });
    const metrics = await (await fetch(`${new URL(stack.url).origin}/metrics`)).text();
    expect(/^graph_write_pauses_total (\d+)$/m.exec(metrics)?.[1]).toBe('1');
    // Nothing reached Graph during the 1 s pause: the re-sent item and the single create came after it.
    const at = stack.emulator.throttle.timeline.map((write) => write.at);
    const first = Math.min(...at);
    expect(at.filter((t) => t - first >= 900)).toHaveLength(2);
    expect(at.filter((t) => t - first >= 300 && t - first < 900)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});

describe('GraphClient with a write budget', () => {
  const silent = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));

  it('pauses the bucket after a 429 without Retry-After for the back-off, and sends the retry after it', async () => {
    const emulator = createEmulator({ faults: true });
    const base = await emulator.listen(0, '127.0.0.1');
    const config = loadConfig({ GRAPH_RETRY_BASE_DELAY_MS: '400', GRAPH_WRITE_LIMIT: '10', GRAPH_WRITE_WINDOW_MS: '1000' });
    const metrics = new GatewayMetrics();
    const budget = new WriteBudget({ settings: config.writeBudget, log: silent, metrics });
    const client = new GraphClient({ ...config.graph, baseUrl: base }, silent, metrics, budget);
    try {
      emulator.faults.add({ method: 'POST', times: 1, fault: { kind: 'status', status: 429 } });
      const started = Date.now();
      const call = { method: 'POST', path: '/deviceAppManagement/managedAppRegistrations', route: '/deviceAppManagement/managedAppRegistrations', kind: 'create', writes: 1 } as const;
      const body = { '@odata.type': '#microsoft.graph.androidManagedAppRegistration' };
      const authorization = new BearerCredential(AUTHORIZATION);
      const retried = client.send({ ...call, body, authorization });
      while (((await metrics.writePauses.get()).values[0]?.value ?? 0) < 1) await new Promise((resolve) => setTimeout(resolve, 2));
      // Sent once the pause is stored: it waits for the same pause, though its bucket has free slots.
      const pausedAt = Date.now();
      const other = await client.send({ ...call, body, authorization });
      const otherMs = Date.now() - pausedAt;
      expect([(await retried).status, other.status]).toEqual([201, 201]);
      // The back-off (200–400 ms) is kept as a whole second, the unit a pause is stored in.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(otherMs).toBeGreaterThanOrEqual(900);
      expect(emulator.requests.map((r) => r.status)).toEqual([429, 201, 201]);
      expect((await metrics.writePauses.get()).values).toEqual([{ labels: {}, value: 1 }]);
    } finally {
      await client.close();
      await budget.close();
      await emulator.close();
    }
  });
});

describe('writesOf', () => {
  const base = { path: '/x', route: '/x', authorization: new BearerCredential('Bearer t') } as const;
  it.each([
    ['a create', { ...base, method: 'POST', kind: 'create', writes: 1 }, 1],
    ['a read', { ...base, method: 'GET', kind: 'read' }, 0],
    ['a call that says', { ...base, method: 'POST', kind: 'create', writes: 7 }, 7],
    ['a $batch of reads', { ...base, route: '/$batch', method: 'POST', kind: 'read', body: { requests: [{ id: '1', method: 'GET' }] } }, 0],
  ] as const)('counts %s', (_what, call, writes) => {
    expect(writesOf(call)).toBe(writes);
  });
});
