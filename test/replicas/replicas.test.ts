// Three replicas, one Graph budget (contract §11, issue 16): three gateway processes with the same REDIS_URL and
// CURSOR_SECRET against one emulator that throttles like Intune, scaled down to 20 writes per 2 s. 120 creates
// sent round-robin, all at once: with shaping, no 429 and no failed create, and the emulator's accepted writes
// never more than 20 in any 2 s; without it (GRAPH_WRITE_LIMIT=0), the 429s it prevents. Then a 429 injected on
// one replica pauses the other two: no write reaches the emulator until its Retry-After has passed.
import { request } from 'undici';
import { createEmulator, type Emulator } from '../../src/emulator';
import type { FaultRules } from '../../src/emulator/harness/faults';
import { startGateway, type GatewayProcess } from '../helpers/process';
import { startRedis, type RedisServer } from '../helpers/redis';

const LIMIT = 20;
const WINDOW_MS = 2000;
const CREATES = 120;
const RETRY_AFTER_S = 2;
const CURSOR_SECRET = 'replicas-share-this-cursor-secret-0123456789';
const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "replicas" }) { id } }';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const TENANT = '33333333-3333-3333-3333-333333333333';
const BULK_APP = '44444444-4444-4444-4444-444444444444';
const PAUSED_APP = '55555555-5555-5555-5555-555555555555';
const BULK = jwt({ tid: TENANT, appid: BULK_APP });
const PAUSED = jwt({ tid: TENANT, appid: PAUSED_APP });

/** The emulator's clock (throttle.ts monotonicNow): it runs in this process, so the timeline's `at` compares. */
const now = (): number => Math.floor(performance.timeOrigin + performance.now());

interface Replica {
  readonly process: GatewayProcess;
  readonly url: string;
}

let redis: RedisServer;
let emulator: Emulator;
const running: Replica[] = [];

beforeAll(async () => {
  redis = await startRedis();
  emulator = createEmulator({ faults: true, throttle: { writeLimit: LIMIT, writeWindowMs: WINDOW_MS } });
  await emulator.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.process.stop()));
  await emulator?.close();
  await redis?.stop();
});

async function startReplicas(env: Record<string, string>): Promise<Replica[]> {
  const replicas = await Promise.all(
    [0, 1, 2].map(() =>
      startGateway(
        {
          GRAPH_BASE_URL: emulator.url,
          REDIS_URL: redis.url,
          CURSOR_SECRET,
          GRAPH_WRITE_WINDOW_MS: String(WINDOW_MS),
          GRAPH_WRITE_WAIT_MS: '30000',
          LOG_LEVEL: 'warn',
          ...env,
        },
        { readyTimeoutMs: 30_000 },
      ),
    ),
  );
  running.push(...replicas);
  return replicas;
}

async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(replicas.map((r) => r.process.stop()));
  for (const r of replicas) running.splice(running.indexOf(r), 1);
}

interface Answer {
  readonly ok: boolean;
  readonly code: string | undefined;
  readonly ms: number;
}

async function create(replica: Replica, authorization: string): Promise<Answer> {
  const started = now();
  const res = await request(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: CREATE }),
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const body = (await res.body.json()) as { data?: { createManagedAppRegistration?: { id?: string } | null } | null; errors?: Array<{ extensions?: { code?: string } }> };
  const ok = typeof body.data?.createManagedAppRegistration?.id === 'string';
  return { ok, code: body.errors?.[0]?.extensions?.code, ms: now() - started };
}

/** Sends `count` creates at once, create i to replica i mod 3. */
function roundRobin(replicas: readonly Replica[], count: number, authorization: string): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_unused, i) => create(replicas[i % replicas.length]!, authorization)));
}

/** The most accepted writes of one bucket in any sliding window, as the emulator counts them: (at − W, at]. */
function maxInAnyWindow(times: readonly number[]): number {
  let most = 0;
  for (const end of times) most = Math.max(most, times.filter((t) => t > end - WINDOW_MS && t <= end).length);
  return most;
}

/** Accepted writes per window of WINDOW_MS from the first (for the figures). */
function perWindow(times: readonly number[]): number[] {
  if (times.length === 0) return [];
  const counts: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - times[0]!) / WINDOW_MS);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return Array.from(counts, (c) => c ?? 0);
}

function bucketTimes(appId: string): number[] {
  return emulator.throttle.timeline.filter((w) => w.bucket.appId === appId).map((w) => w.at);
}

function throttledCount(): number {
  return emulator.requests.filter((r) => r.status === 429).length;
}

async function metric(replica: Replica, name: string): Promise<number> {
  const res = await request(replica.url.replace(/\/graphql$/, '/metrics'));
  const text = await res.body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Figures for the README and the report, printed with REPLICAS_FIGURES=1. */
function figures(what: string, answers: readonly Answer[], times: readonly number[]): void {
  if (process.env.REPLICAS_FIGURES !== '1') return;
  const ms = answers.map((a) => a.ms);
  const codes = [...new Set(answers.filter((a) => !a.ok).map((a) => a.code))];
  process.stdout.write(
    `${what}: ${answers.filter((a) => a.ok).length}/${answers.length} created, failed codes ${JSON.stringify(codes)}, 429s ${throttledCount()}, ` +
      `accepted per ${WINDOW_MS} ms window ${JSON.stringify(perWindow(times))}, most in any sliding window ${maxInAnyWindow(times)}, ` +
      `create latency p50 ${quantile(ms, 0.5)} ms, p90 ${quantile(ms, 0.9)} ms, max ${Math.max(...ms)} ms, span ${times.length === 0 ? 0 : times.at(-1)! - times[0]!} ms\n`,
  );
}

describe('three replicas share one write budget through Redis', () => {
  jest.setTimeout(120_000);

  it('without shaping (GRAPH_WRITE_LIMIT=0), 120 creates at once get 429s from Graph', async () => {
    const replicas = await startReplicas({ GRAPH_WRITE_LIMIT: '0', GRAPH_RETRY_MAX: '0' });
    emulator.throttle.reset();
    emulator.clearRequests();
    const answers = await roundRobin(replicas, CREATES, BULK);
    const times = bucketTimes(BULK_APP);
    figures('shaping off', answers, times);
    await stopReplicas(replicas);
    // What shaping prevents: with no retry, each 429 is a failed create.
    expect(throttledCount()).toBeGreaterThan(0);
    expect(answers.filter((a) => !a.ok).length).toBe(throttledCount());
    expect(new Set(answers.filter((a) => !a.ok).map((a) => a.code))).toEqual(new Set(['UPSTREAM_THROTTLED']));
    expect(times.length).toBe(CREATES - throttledCount());
  });

  describe('with shaping (20 writes per 2 s, as the emulator)', () => {
    let replicas: Replica[];
    beforeAll(async () => {
      replicas = await startReplicas({ GRAPH_WRITE_LIMIT: String(LIMIT) });
      // The first run's writes leave the emulator's window.
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      emulator.throttle.reset();
      emulator.clearRequests();
    });

    it('sends 120 creates with no 429 and no failure, never over 20 in any 2 s at Graph', async () => {
      const answers = await roundRobin(replicas, CREATES, BULK);
      const times = bucketTimes(BULK_APP);
      figures('shaping on', answers, times);
      expect(answers.filter((a) => !a.ok)).toEqual([]);
      expect(throttledCount()).toBe(0);
      expect(times.length).toBe(CREATES);
      expect(maxInAnyWindow(times)).toBe(LIMIT);
      // Every replica waited for slots: the budget is shared, not per process.
      const waited = await Promise.all(replicas.map((r) => metric(r, 'graph_write_budget_wait_seconds_sum')));
      expect(waited.every((s) => s > 1)).toBe(true);
    });

    it('a 429 on one replica pauses the bucket on all three until its Retry-After', async () => {
      emulator.clearRequests();
      emulator.faults.add({
        bucket: { tenantId: TENANT, appId: PAUSED_APP },
        method: 'POST',
        times: 1,
        fault: { kind: 'status', status: 429, retryAfter: RETRY_AFTER_S },
      });
      // The 429's time is taken where the emulator hands it out, not by polling for it, so a loaded machine
      // cannot move it: every write that reaches Graph after it must come a whole Retry-After later.
      // The emulator's fault control is a FaultRules (createEmulator({ faults: true })); its take() is where a fault is handed out.
      const faults = emulator.faults as FaultRules;
      const take = faults.take.bind(faults);
      let throttledAt = 0;
      faults.take = (...args: Parameters<FaultRules['take']>) => {
        const fault = take(...args);
        if (fault?.kind === 'status' && fault.status === 429) throttledAt = now();
        return fault;
      };
      try {
        // Replica 0's create meets the 429, pauses the bucket, and is sent again after the Retry-After.
        const first = create(replicas[0]!, PAUSED);
        while ((await metric(replicas[0]!, 'graph_write_pauses_total')) < 1) await new Promise((resolve) => setTimeout(resolve, 5));
        const before = bucketTimes(PAUSED_APP).length;
        const others = await Promise.all([1, 2, 1, 2, 1, 2].map((i) => create(replicas[i]!, PAUSED)));
        const answers = [await first, ...others];
        const after = bucketTimes(PAUSED_APP).slice(before);
        if (process.env.REPLICAS_FIGURES === '1') {
          process.stdout.write(
            `pause: 429 handed out at +0, next writes at Graph +${after.map((t) => t - throttledAt).join(', +')} ms; ` +
              `replica 1/2 create latency ${others.map((a) => a.ms).join(', ')} ms\n`,
          );
        }
        expect(answers.filter((a) => !a.ok)).toEqual([]);
        expect(throttledAt).toBeGreaterThan(0);
        expect(before).toBe(0);
        expect(after.length).toBe(7);
        // Nothing reached Graph in the pause, from any replica: the earliest write after the 429 came at least
        // Retry-After after it (both times are the emulator's clock, whole milliseconds).
        expect(Math.min(...after) - throttledAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
        expect(throttledCount()).toBe(1);
      } finally {
        faults.take = take;
      }
      expect((await metric(replicas[1]!, 'graph_write_pauses_total')) + (await metric(replicas[2]!, 'graph_write_pauses_total'))).toBe(0);
    });
  });
});
