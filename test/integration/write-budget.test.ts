// The write budget (contract §11) on its own: in memory, and shared through a real Redis by two budgets as two
// replicas would share it. In memory the clock is Jest's fake one (the budget's sleeps and rate-limiter-flexible's
// MemoryStorage both read Date.now and setTimeout), so every wait is an exact figure however loaded the machine is.
import { Writable } from 'node:stream';
import { BearerCredential } from '../../src/caller/caller';
import type { WriteBudgetConfig } from '../../src/config';
import type { WriteBucket } from '../../src/graph/write-bucket';
import { WriteBudget, type Acquired } from '../../src/graph/write-budget';
import { createLogger } from '../../src/observability/logger';
import { GatewayMetrics } from '../../src/observability/metrics';
import { startRedis, type RedisServer } from '../helpers/redis';

const silent = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'none' })}.${part(claims)}.x`;
}

const APP_A = jwt({ tid: '11111111-1111-1111-1111-111111111111', appid: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' });
const APP_B = jwt({ tid: '11111111-1111-1111-1111-111111111111', appid: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb' });
const OTHER_TENANT = jwt({ tid: '22222222-2222-2222-2222-222222222222', appid: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa' });
const OPAQUE = 'Bearer not-a-jwt';

const SETTINGS: WriteBudgetConfig = { limit: 3, windowMs: 1000, tenantLimit: 0, waitMs: 5000 };
const FAR = (): number => Date.now() + 60_000;

const budgets: WriteBudget[] = [];
function budget(settings: Partial<WriteBudgetConfig> = {}, redisUrl?: string, metrics?: GatewayMetrics, now?: () => number): WriteBudget {
  const made = new WriteBudget({
    settings: { ...SETTINGS, ...settings },
    redis: redisUrl === undefined ? undefined : { url: redisUrl, commandTimeoutMs: 500 },
    log: silent,
    metrics,
    now,
  });
  budgets.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(budgets.splice(0).map((b) => b.close()));
});

/** The write bucket of an Authorization header, as a request's caller reads it. */
const bucketOf = (authorization: string): WriteBucket => new BearerCredential(authorization).bucket;

/** Acquires and answers at once (release), as a write Graph answered in no time. */
async function write(b: WriteBudget, authorization: string, writes = 1, deadline = FAR()): Promise<Acquired> {
  const got = await b.acquire(bucketOf(authorization), writes, deadline);
  if (got.ok) await got.permit.release();
  return got;
}

/** What a write got, as data: a refusal's GatewayError as its fields (toEqual compares two Errors by message alone). */
type Outcome =
  | { ok: true; waitedMs: number }
  | { ok: false; reason: string; waitedMs: number; error: { name: string; code: string; message: string; graph: unknown } };
function outcome(r: Acquired): Outcome {
  if (r.ok) return { ok: true, waitedMs: r.waitedMs };
  return { ok: false, reason: r.reason, waitedMs: r.waitedMs, error: { name: r.error.name, code: r.error.code, message: r.error.message, graph: r.error.graph } };
}

/** The refusal a write gets: shed unsent with UPSTREAM_THROTTLED and `why` as its message. */
function refused(reason: 'slot' | 'pause' | 'too-many', waitedMs: number, why: string): Outcome {
  const message = `${why}: the request was NOT sent to Microsoft Graph. Retry later.`;
  return { ok: false, reason, waitedMs, error: { name: 'GatewayError', code: 'UPSTREAM_THROTTLED', message, graph: undefined } };
}

const noSlot = (limits: string, waitMs: number): string =>
  `No write slot came free for this tenant and app in time (${limits}; GRAPH_WRITE_WAIT_MS ${waitMs}, or the operation's GRAPH_RETRY_BUDGET_MS)`;
const noSlotOpaque = (limits: string, waitMs: number): string =>
  `No write slot came free for these credentials in time (${limits}; GRAPH_WRITE_WAIT_MS ${waitMs}, or the operation's GRAPH_RETRY_BUDGET_MS)`;
const pausedTooLong = (waitMs: number): string =>
  `Microsoft Graph throttled this tenant and app, and its pause outlasts the time a write may wait (GRAPH_WRITE_WAIT_MS ${waitMs}, or the operation's GRAPH_RETRY_BUDGET_MS)`;

/** Moves the fake clock from timer to timer until `promise` settles, running what is due at each instant first. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const mark = (): void => {
    done = true;
  };
  promise.then(mark, mark);
  for (;;) {
    await jest.advanceTimersByTimeAsync(0);
    if (done) return promise;
    await jest.advanceTimersToNextTimerAsync();
  }
}

/** `write` on the fake clock: how long it waited is then exact. */
const writeNow = (b: WriteBudget, authorization: string, writes = 1, deadline = FAR()): Promise<Outcome> =>
  settle(write(b, authorization, writes, deadline)).then(outcome);

describe('WriteBudget in memory', () => {
  beforeEach(() => {
    // Timers and Date only: the budget's promises and Node's I/O callbacks run as they always do.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lets the limit through at once and the next write only a window later', async () => {
    const b = budget();
    const results = await settle(Promise.all(Array.from({ length: 6 }, () => write(b, APP_A))));
    // The window runs from each answer (release), so the next three wait a whole window.
    const byWait = results.map(outcome).sort((x, y) => x.waitedMs - y.waitedMs);
    expect(byWait).toEqual([0, 0, 0, 1000, 1000, 1000].map((waitedMs) => ({ ok: true, waitedMs })));
  });

  it('refuses unsent with UPSTREAM_THROTTLED when no slot comes free within GRAPH_WRITE_WAIT_MS', async () => {
    const metrics = new GatewayMetrics();
    const b = budget({ waitMs: 300 }, undefined, metrics);
    for (let i = 0; i < 3; i++) expect(await writeNow(b, APP_A)).toEqual({ ok: true, waitedMs: 0 });
    // Refused at once: the next slot frees in 1000 ms, past the 300 it may wait.
    expect(await writeNow(b, APP_A)).toEqual(
      refused(
        'slot',
        0,
        "No write slot came free for this tenant and app in time (GRAPH_WRITE_LIMIT 3 per 1000 ms; GRAPH_WRITE_WAIT_MS 300, or the operation's GRAPH_RETRY_BUDGET_MS)",
      ),
    );
    expect((await metrics.writesShed.get()).values).toEqual([{ labels: { reason: 'slot' }, value: 1 }]);
    const waits = (await metrics.writeBudgetWait.get()).values.filter((v) => v.metricName === 'graph_write_budget_wait_seconds_count');
    expect(waits).toEqual([
      { labels: { outcome: 'sent' }, value: 3, metricName: 'graph_write_budget_wait_seconds_count' },
      { labels: { outcome: 'shed' }, value: 1, metricName: 'graph_write_budget_wait_seconds_count' },
    ]);
  });

  it("never waits past the operation's deadline", async () => {
    const b = budget();
    for (let i = 0; i < 3; i++) await writeNow(b, APP_A);
    // The slot frees in 1000 ms, after the deadline: refused at once, not at the deadline.
    expect(await writeNow(b, APP_A, 1, Date.now() + 200)).toEqual(refused('slot', 0, noSlot('GRAPH_WRITE_LIMIT 3 per 1000 ms', 5000)));
  });

  it('counts each write of one call, and refuses a call of more writes than the limit', async () => {
    const b = budget();
    expect(await writeNow(b, APP_A, 3)).toEqual({ ok: true, waitedMs: 0 });
    expect(await writeNow(b, APP_A, 1, Date.now() + 300)).toEqual(refused('slot', 0, noSlot('GRAPH_WRITE_LIMIT 3 per 1000 ms', 5000)));
    expect(await writeNow(b, APP_B, 4)).toEqual(refused('too-many', 0, 'A call of 4 writes can never fit the write budget (GRAPH_WRITE_LIMIT 3 per 1000 ms)'));
  });

  it('keeps a bucket per (tenant, app), one for every token that is not a JWT, and a tenant-wide limit', async () => {
    const b = budget({ limit: 2, tenantLimit: 3, waitMs: 200 });
    const sent = { ok: true, waitedMs: 0 };
    const limits = 'GRAPH_WRITE_LIMIT 2, GRAPH_TENANT_WRITE_LIMIT 3 per 1000 ms';
    expect((await settle(Promise.all([write(b, APP_A), write(b, APP_A), write(b, OTHER_TENANT), write(b, OTHER_TENANT)]))).map(outcome)).toEqual([sent, sent, sent, sent]);
    // APP_B has its own bucket, but its tenant has used 2 of its 3.
    expect(await writeNow(b, APP_B)).toEqual(sent);
    expect(await writeNow(b, APP_B)).toEqual(refused('slot', 0, noSlot(limits, 200)));
    expect(await writeNow(b, OPAQUE)).toEqual(sent);
    expect(await writeNow(b, 'Bearer another-opaque-token')).toEqual(sent);
    expect(await writeNow(b, OPAQUE)).toEqual(refused('slot', 0, noSlotOpaque(limits, 200)));
  });

  it('holds writes of a paused bucket until the pause ends, and sheds them when it outlasts the wait', async () => {
    const metrics = new GatewayMetrics();
    const b = budget({ waitMs: 3000 }, undefined, metrics);
    await b.pause(bucketOf(APP_A), 800);
    // 800 ms rounds up to the whole second a pause is kept; APP_B's bucket is not paused.
    expect((await settle(Promise.all([write(b, APP_A), write(b, APP_B)]))).map(outcome)).toEqual([
      { ok: true, waitedMs: 1000 },
      { ok: true, waitedMs: 0 },
    ]);
    await b.pause(bucketOf(APP_A), 5000);
    expect(await writeNow(b, APP_A)).toEqual(refused('pause', 0, pausedTooLong(3000)));
    expect((await metrics.writePauses.get()).values).toEqual([{ labels: {}, value: 2 }]);
  });
});

describe('WriteBudget shared through Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  // A clock that stands still: every refusal below comes at once (the slot or pause lasts 1000 ms, past the 300 or
  // 200 ms a write may wait), so it waited exactly 0 ms; a budget that waited anyway would get its slot and pass.
  const still = (): (() => number) => {
    const at = Date.now();
    return () => at;
  };

  it('shares the slots and the pauses between two budgets (two replicas)', async () => {
    const one = budget({ waitMs: 300 }, redis.url, undefined, still());
    const two = budget({ waitMs: 300 }, redis.url, undefined, still());
    await Promise.all([one.waitUntilReady(2000), two.waitUntilReady(2000)]);
    // A tenant of its own per test run: the keys outlive the budgets.
    const token = jwt({ tid: `t-${Date.now()}`, appid: 'shared' });
    expect((await Promise.all([write(one, token), write(two, token), write(one, token)])).every((r) => r.ok)).toBe(true);
    expect(outcome(await write(two, token))).toEqual(refused('slot', 0, noSlot('GRAPH_WRITE_LIMIT 3 per 1000 ms', 300)));

    const paused = jwt({ tid: `p-${Date.now()}`, appid: 'shared' });
    await one.pause(bucketOf(paused), 1000);
    expect(outcome(await write(two, paused))).toEqual(refused('pause', 0, pausedTooLong(300)));
  });

  it('counts in the process (its insurance limiter) while Redis is down', async () => {
    const b = budget({ waitMs: 200 }, redis.url, undefined, still());
    await b.waitUntilReady(2000);
    await redis.stop();
    try {
      const token = jwt({ tid: `down-${Date.now()}`, appid: 'x' });
      expect((await Promise.all([write(b, token), write(b, token), write(b, token)])).every((r) => r.ok)).toBe(true);
      expect(outcome(await write(b, token))).toEqual(refused('slot', 0, noSlot('GRAPH_WRITE_LIMIT 3 per 1000 ms', 200)));
    } finally {
      await redis.start();
    }
  });
});
