// The write budget (contract §11) on its own: in memory, and shared through a real Redis by two budgets as two
// replicas would share it. Windows of one second, so the waits are real and short.
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
function budget(settings: Partial<WriteBudgetConfig> = {}, redisUrl?: string, metrics?: GatewayMetrics): WriteBudget {
  const made = new WriteBudget({
    settings: { ...SETTINGS, ...settings },
    redis: redisUrl === undefined ? undefined : { url: redisUrl, commandTimeoutMs: 500 },
    log: silent,
    metrics,
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

function sentAt(results: readonly Acquired[]): number[] {
  return results.map((r) => (r.ok ? Math.round(r.waitedMs / 100) * 100 : -1));
}

describe('WriteBudget in memory', () => {
  it('lets the limit through at once and the next write only a window later', async () => {
    const b = budget();
    const results = await Promise.all(Array.from({ length: 6 }, () => write(b, APP_A)));
    expect(results.every((r) => r.ok)).toBe(true);
    const waits = results.map((r) => r.waitedMs).sort((x, y) => x - y);
    expect(waits.slice(0, 3).every((ms) => ms < 100)).toBe(true);
    // The window runs from each answer (release), so the next three wait a whole window.
    expect(waits.slice(3).every((ms) => ms >= 990 && ms < 1500)).toBe(true);
  });

  it('refuses unsent with UPSTREAM_THROTTLED when no slot comes free within GRAPH_WRITE_WAIT_MS', async () => {
    const metrics = new GatewayMetrics();
    const b = budget({ waitMs: 300 }, undefined, metrics);
    for (let i = 0; i < 3; i++) expect((await write(b, APP_A)).ok).toBe(true);
    const refused = await write(b, APP_A);
    expect(refused).toMatchObject({ ok: false, reason: 'slot' });
    if (refused.ok) throw new Error('unreachable');
    expect(refused.waitedMs).toBeLessThan(100);
    expect({ code: refused.error.code, message: refused.error.message, graph: refused.error.graph }).toEqual({
      code: 'UPSTREAM_THROTTLED',
      message:
        "No write slot came free for this tenant and app in time (GRAPH_WRITE_LIMIT 3 per 1000 ms; GRAPH_WRITE_WAIT_MS 300, or the operation's GRAPH_RETRY_BUDGET_MS): the request was NOT sent to Microsoft Graph. Retry later.",
      graph: undefined,
    });
    expect((await metrics.writesShed.get()).values).toEqual([{ labels: { reason: 'slot' }, value: 1 }]);
    const waits = (await metrics.writeBudgetWait.get()).values.filter((v) => v.metricName === 'graph_write_budget_wait_seconds_count');
    expect(waits).toEqual([
      { labels: { outcome: 'sent' }, value: 3, metricName: 'graph_write_budget_wait_seconds_count' },
      { labels: { outcome: 'shed' }, value: 1, metricName: 'graph_write_budget_wait_seconds_count' },
    ]);
  });

  it("never waits past the operation's deadline", async () => {
    const b = budget();
    for (let i = 0; i < 3; i++) await write(b, APP_A);
    const started = Date.now();
    expect(await write(b, APP_A, 1, Date.now() + 200)).toMatchObject({ ok: false, reason: 'slot' });
    expect(Date.now() - started).toBeLessThan(150);
  });

  it('counts each write of one call, and refuses a call of more writes than the limit', async () => {
    const b = budget();
    expect((await write(b, APP_A, 3)).ok).toBe(true);
    expect(await write(b, APP_A, 1, Date.now() + 300)).toMatchObject({ ok: false, reason: 'slot' });
    const tooMany = await write(b, APP_B, 4);
    expect(tooMany).toMatchObject({ ok: false, reason: 'too-many' });
    if (tooMany.ok) throw new Error('unreachable');
    expect(tooMany.error.message).toBe(
      'A call of 4 writes can never fit the write budget (GRAPH_WRITE_LIMIT 3 per 1000 ms): the request was NOT sent to Microsoft Graph. Retry later.',
    );
  });

  it('keeps a bucket per (tenant, app), one for every token that is not a JWT, and a tenant-wide limit', async () => {
    const b = budget({ limit: 2, tenantLimit: 3, waitMs: 200 });
    expect(sentAt(await Promise.all([write(b, APP_A), write(b, APP_A), write(b, OTHER_TENANT), write(b, OTHER_TENANT)]))).toEqual([0, 0, 0, 0]);
    // APP_B has its own bucket, but its tenant has used 2 of its 3.
    expect((await write(b, APP_B)).ok).toBe(true);
    expect(await write(b, APP_B)).toMatchObject({ ok: false, reason: 'slot' });
    expect((await write(b, OPAQUE)).ok).toBe(true);
    expect((await write(b, 'Bearer another-opaque-token')).ok).toBe(true);
    expect(await write(b, OPAQUE)).toMatchObject({ ok: false, reason: 'slot' });
  });

  it('holds writes of a paused bucket until the pause ends, and sheds them when it outlasts the wait', async () => {
    const metrics = new GatewayMetrics();
    const b = budget({ waitMs: 3000 }, undefined, metrics);
    await b.pause(bucketOf(APP_A), 800);
    const [a, other] = await Promise.all([write(b, APP_A), write(b, APP_B)]);
    expect(other).toMatchObject({ ok: true });
    expect(other.waitedMs).toBeLessThan(100);
    // 800 ms rounds up to the whole second a pause is kept.
    expect(a.ok).toBe(true);
    expect(a.waitedMs).toBeGreaterThanOrEqual(990);
    expect(a.waitedMs).toBeLessThan(1500);
    await b.pause(bucketOf(APP_A), 5000);
    expect(await write(b, APP_A)).toMatchObject({ ok: false, reason: 'pause' });
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

  it('shares the slots and the pauses between two budgets (two replicas)', async () => {
    const one = budget({ waitMs: 300 }, redis.url);
    const two = budget({ waitMs: 300 }, redis.url);
    await Promise.all([one.waitUntilReady(2000), two.waitUntilReady(2000)]);
    // A tenant of its own per test run: the keys outlive the budgets.
    const token = jwt({ tid: `t-${Date.now()}`, appid: 'shared' });
    expect((await Promise.all([write(one, token), write(two, token), write(one, token)])).every((r) => r.ok)).toBe(true);
    expect(await write(two, token)).toMatchObject({ ok: false, reason: 'slot' });

    const paused = jwt({ tid: `p-${Date.now()}`, appid: 'shared' });
    await one.pause(bucketOf(paused), 1000);
    expect(await write(two, paused)).toMatchObject({ ok: false, reason: 'pause' });
  });

  it('counts in the process (its insurance limiter) while Redis is down', async () => {
    const b = budget({ waitMs: 200 }, redis.url);
    await b.waitUntilReady(2000);
    await redis.stop();
    try {
      const token = jwt({ tid: `down-${Date.now()}`, appid: 'x' });
      expect((await Promise.all([write(b, token), write(b, token), write(b, token)])).every((r) => r.ok)).toBe(true);
      expect(await write(b, token)).toMatchObject({ ok: false, reason: 'slot' });
    } finally {
      await redis.start();
    }
  });
});
