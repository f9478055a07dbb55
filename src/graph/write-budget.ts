import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConfig, WriteBudgetConfig } from '../config';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { closeRedis, openRedis, redisReady } from '../redis/connection';
import { sleep } from './policy';
import { bucketKey, tenantKey, type WriteBucket } from './write-bucket';

/*
 * The write budget of contract §11, on rate-limiter-flexible.
 *
 * Graph (and the emulator) count a *sliding* window: a write passes when
 * fewer than the limit passed in the last window. rate-limiter-flexible's
 * limiters count *fixed* windows that start at a key's first point, and two
 * fixed windows back to back let up to twice the limit through in one
 * sliding window. So a bucket of L writes per window is a ring of L *slots*,
 * each a limiter key of one point per window: write n of the bucket (its
 * number from an atomic counter, itself a limiter key) takes slot n mod L.
 * Each slot holds at most one write per window, so no window holds more than
 * L writes, whatever the traffic, on every replica sharing the store. A slot
 * is held again for a whole window from the moment Graph answered
 * (WritePermit.release), so the time a request spends on the wire cannot
 * bring two writes of one slot closer than a window at Graph's end.
 *
 * Every limiter is a RateLimiterRedis (atomic: one Lua script per consume)
 * with a RateLimiterMemory as its insurance, used while Redis cannot be
 * reached (each replica then counts alone), or a RateLimiterMemory alone
 * without REDIS_URL. A pause (a 429 from Graph) is a limiter key blocked for
 * the Retry-After, rounded up to whole seconds.
 */

/** Why a write was refused unsent. */
export type ShedReason = 'slot' | 'pause' | 'too-many';

/** A write's slots, held until Graph answered it. */
export interface WritePermit {
  /** After Graph's answer (or the try's failure): each slot stays taken for one more window from now. */
  release(): Promise<void>;
}

export type Acquired =
  | { readonly ok: true; readonly permit: WritePermit; readonly waitedMs: number }
  | { readonly ok: false; readonly error: GatewayError; readonly reason: ShedReason; readonly waitedMs: number };

export interface WriteBudgetOptions {
  readonly settings: WriteBudgetConfig;
  /** Unset: this process only. */
  readonly redis?: RedisConfig;
  readonly log: Logger;
  readonly metrics?: GatewayMetrics;
  /** Epoch milliseconds (tests). */
  readonly now?: () => number;
}

/** One limit: a ring of `limit` slots under `key`. */
interface Ring {
  readonly name: 'app' | 'tenant';
  readonly key: string;
  readonly limit: number;
}

/** A day: how long a bucket's write counter lives after its last write (its value only picks slots). */
const COUNTER_S = 86_400;
/** The shortest wait before a slot or pause is looked at again. */
const MIN_WAIT_MS = 5;
const KEY_PREFIX = 'gw:writes';

/** A limiter over `store` (Redis with a memory insurance), or in memory alone. */
function limiter(client: Redis | undefined, name: string, points: number, durationS: number): RateLimiterAbstract {
  const options = { keyPrefix: `${KEY_PREFIX}:${name}`, points, duration: durationS };
  const memory = new RateLimiterMemory(options);
  if (client === undefined) return memory;
  // rejectIfRedisNotReady: while the connection is down, go to the insurance at once instead of timing out.
  return new RateLimiterRedis({ ...options, storeClient: client, rejectIfRedisNotReady: true, insuranceLimiter: memory });
}

/** The budget every write to Graph goes through (GraphClient.tryOnce); reads never do. */
export class WriteBudget {
  private readonly client: Redis | undefined;
  private readonly counters: RateLimiterAbstract;
  private readonly slots: RateLimiterAbstract;
  private readonly pauses: RateLimiterAbstract;
  private readonly settings: WriteBudgetConfig;
  private readonly now: () => number;

  constructor(private readonly options: WriteBudgetOptions) {
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    if (options.redis !== undefined) {
      // Fails fast while Redis is away (rate-limiter-flexible's advice: no offline queue), so that the insurance counts at once.
      this.client = openRedis({
        url: options.redis.url,
        commandTimeoutMs: options.redis.commandTimeoutMs,
        onError: (error) => options.log.debug({ err: error }, 'write budget: Redis unreachable, counting in this process'),
      });
    }
    const windowS = this.settings.windowMs / 1000;
    this.counters = limiter(this.client, 'n', Number.MAX_SAFE_INTEGER, COUNTER_S);
    this.slots = limiter(this.client, 'slot', 1, windowS);
    this.pauses = limiter(this.client, 'pause', 1, 1);
  }

  /** Resolves true once the shared store is connected (at most `timeoutMs`); true at once without one. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    return this.client === undefined ? true : redisReady(this.client, timeoutMs);
  }

  /**
   * Waits for `writes` slots of the bucket (and its tenant) and for any
   * pause of the bucket to end, until GRAPH_WRITE_WAIT_MS has passed or
   * `deadline` (the operation's RetryBudget) comes; past either the write is
   * refused with UPSTREAM_THROTTLED and must not be sent.
   */
  async acquire(bucket: WriteBucket, writes: number, deadline: number): Promise<Acquired> {
    const started = this.now();
    const until = Math.min(started + this.settings.waitMs, deadline);
    const rings = this.ringsOf(bucket);
    const shed = (reason: ShedReason): Acquired => {
      const waitedMs = this.now() - started;
      this.options.metrics?.writeBudgetWait.observe({ outcome: 'shed' }, waitedMs / 1000);
      this.options.metrics?.writesShed.inc({ reason }, writes);
      return { ok: false, reason, waitedMs, error: this.shedError(reason, writes, bucket) };
    };
    if (rings.some((ring) => writes > ring.limit)) return shed('too-many');
    for (;;) {
      const held = await Promise.all(rings.map((ring) => this.takeSlots(ring, writes, until)));
      const taken = held.flatMap((keys) => keys ?? []);
      if (held.some((keys) => keys === null)) {
        await this.free(taken);
        return shed('slot');
      }
      const pausedMs = await this.pausedMs(bucket);
      if (pausedMs === 0) {
        const waitedMs = this.now() - started;
        this.options.metrics?.writeBudgetWait.observe({ outcome: 'sent' }, waitedMs / 1000);
        return { ok: true, waitedMs, permit: { release: () => this.hold(taken) } };
      }
      // Paused while it waited: give the slots back, wait the pause out, and queue again.
      await this.free(taken);
      if (this.now() + pausedMs >= until) return shed('pause');
      await sleep(Math.max(MIN_WAIT_MS, pausedMs));
    }
  }

  /**
   * A 429 from Graph on a write of this bucket: it sends nothing, on
   * any replica, for `pauseMs` (Retry-After, or the client's back-off when
   * Graph gave none). An existing longer pause is kept.
   */
  async pause(bucket: WriteBucket, pauseMs: number): Promise<void> {
    const key = bucketKey(bucket);
    try {
      if ((await this.pausedMs(bucket)) >= pauseMs) return;
      // block() keeps seconds (Redis EX): rounded up, never shorter than Graph asked.
      await this.pauses.block(key, Math.max(1, Math.ceil(pauseMs / 1000)));
      this.options.metrics?.writePauses.inc();
      this.options.log.info({ tenantId: bucket.tenantId, appId: bucket.appId, pauseMs }, 'Microsoft Graph throttled a write: its bucket pauses its writes on every replica');
    } catch (error) {
      this.options.log.warn({ err: error }, 'write budget: could not store the pause');
    }
  }

  /** Closes the Redis connection. */
  async close(): Promise<void> {
    if (this.client !== undefined) await closeRedis(this.client);
  }

  private ringsOf(bucket: WriteBucket): Ring[] {
    const rings: Ring[] = [{ name: 'app', key: `app:${bucketKey(bucket)}`, limit: this.settings.limit }];
    if (this.settings.tenantLimit > 0) rings.push({ name: 'tenant', key: `tenant:${tenantKey(bucket)}`, limit: this.settings.tenantLimit });
    return rings;
  }

  /** `writes` slots of the ring, each waited for until `until`; null (and none kept) when one did not come free in time. */
  private async takeSlots(ring: Ring, writes: number, until: number): Promise<string[] | null> {
    const last = (await this.counters.consume(ring.key, writes)).consumedPoints;
    const keys = Array.from({ length: writes }, (_unused, i) => `${ring.key}:${(last - i) % ring.limit}`);
    const got = await Promise.all(keys.map((key) => this.takeSlot(key, until)));
    if (got.every(Boolean)) return keys;
    await this.free(keys.filter((_key, i) => got[i]));
    return null;
  }

  private async takeSlot(key: string, until: number): Promise<boolean> {
    for (;;) {
      try {
        await this.slots.consume(key, 1);
        return true;
      } catch (error) {
        // A RateLimiterRes: the slot is taken for msBeforeNext more. Anything else is the store failing with no insurance.
        if (!(error instanceof RateLimiterRes)) throw error;
        const waitMs = Math.max(MIN_WAIT_MS, error.msBeforeNext);
        if (this.now() + waitMs >= until) return false;
        await sleep(waitMs);
      }
    }
  }

  /** Milliseconds the bucket stays paused; 0 when it is not. */
  private async pausedMs(bucket: WriteBucket): Promise<number> {
    const res = await this.pauses.get(bucketKey(bucket));
    return res !== null && res.consumedPoints > 1 ? Math.max(0, res.msBeforeNext) : 0;
  }

  /** Slots taken for a write that is not sent after all. */
  private async free(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.slots.delete(key).catch(() => false)));
  }

  /** Each slot taken again for a whole window from now (Graph's answer has come). */
  private async hold(keys: readonly string[]): Promise<void> {
    const windowS = this.settings.windowMs / 1000;
    await Promise.all(keys.map((key) => this.slots.set(key, 1, windowS).catch(() => undefined)));
  }

  private shedError(reason: ShedReason, writes: number, bucket: WriteBucket): GatewayError {
    const { limit, windowMs, tenantLimit, waitMs } = this.settings;
    const limits = `GRAPH_WRITE_LIMIT ${limit}${tenantLimit > 0 ? `, GRAPH_TENANT_WRITE_LIMIT ${tenantLimit}` : ''} per ${windowMs} ms`;
    const who = bucket.tenantId === null ? 'these credentials' : 'this tenant and app';
    const why =
      reason === 'too-many'
        ? `A call of ${writes} writes can never fit the write budget (${limits})`
        : reason === 'pause'
          ? `Microsoft Graph throttled ${who}, and its pause outlasts the time a write may wait (GRAPH_WRITE_WAIT_MS ${waitMs}, or the operation's GRAPH_RETRY_BUDGET_MS)`
          : `No write slot came free for ${who} in time (${limits}; GRAPH_WRITE_WAIT_MS ${waitMs}, or the operation's GRAPH_RETRY_BUDGET_MS)`;
    return new GatewayError(ErrorCode.UPSTREAM_THROTTLED, `${why}: the request was NOT sent to Microsoft Graph. Retry later.`);
  }
}
