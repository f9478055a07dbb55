import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type Redis from 'ioredis';
import { loadConfig } from '../../src/config';
import { createIdempotencyStore } from '../../src/idempotency';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store';
import { IdempotencyStoreUnavailableError, type StoreUnavailableReason } from '../../src/idempotency/store';
import { startRedis } from '../helpers/redis';
import { closeStores, memoryKind, openRedisStore, redisKind, sleep, useRedisAndCloseStores } from './support';

const redis = useRedisAndCloseStores();

/** A store refusal as data: toEqual compares two Errors by their message alone. */
interface Refusal {
  readonly name: string;
  readonly code: string;
  readonly reason: string;
  readonly message: string;
}

const MESSAGES: Partial<Record<StoreUnavailableReason, string>> = {
  unreachable: 'The idempotency store cannot be reached; nothing was sent.',
  timeout: 'The idempotency store did not answer in time; nothing was sent.',
  full: 'The idempotency store is full; nothing was sent.',
};

/** The refusal the store answers for `reason`. */
function refusal(reason: StoreUnavailableReason): Refusal {
  return { name: 'IdempotencyStoreUnavailableError', code: 'IDEMPOTENCY_STORE_UNAVAILABLE', reason, message: MESSAGES[reason]! };
}

/** What `operation` was refused with, as data; it must be refused, with an IdempotencyStoreUnavailableError. */
async function refusedWith(operation: Promise<unknown>): Promise<Refusal> {
  const error = await operation.then(
    (value) => new Error(`not refused: answered ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  if (!(error instanceof IdempotencyStoreUnavailableError)) throw error;
  return { name: error.name, code: error.code, reason: error.reason, message: error.message };
}

describe.each([memoryKind, redisKind(redis)])('the $name store', (kind) => {
  // One Redis serves every test: each test has keys of its own.
  let prefix = '';
  beforeEach(() => {
    prefix = randomUUID();
  });
  const k = (name: string): string => `${prefix}:${name}`;

  it('claims a free key once and then answers what it holds', async () => {
    const store = await kind.open();
    expect(await store.claim(k('k1'), 'first')).toBeNull();
    expect(await store.claim(k('k1'), 'second')).toBe('first');
    expect(await store.claim(k('k2'), 'other')).toBeNull();
  });

  it('replaces a value only while it is the expected one', async () => {
    const store = await kind.open();
    await store.claim(k('k'), 'claim');
    expect(await store.replace(k('k'), 'not-it', 'x')).toBe(false);
    expect(await store.claim(k('k'), 'probe')).toBe('claim');
    expect(await store.replace(k('k'), 'claim', 'done')).toBe(true);
    expect(await store.claim(k('k'), 'probe')).toBe('done');
    expect(await store.replace(k('k'), 'claim', 'again')).toBe(false);
    expect(await store.replace(k('absent'), 'claim', 'x')).toBe(false);
  });

  it('releases a key only while it holds the expected value, and the key is free again', async () => {
    const store = await kind.open();
    await store.claim(k('k'), 'claim');
    expect(await store.release(k('k'), 'not-it')).toBe(false);
    expect(await store.claim(k('k'), 'probe')).toBe('claim');
    expect(await store.release(k('k'), 'claim')).toBe(true);
    expect(await store.release(k('k'), 'claim')).toBe(false);
    expect(await store.claim(k('k'), 'next')).toBeNull();
  });

  it('forgets a record after its TTL, counted from the claim (a replace keeps the TTL)', async () => {
    const store = await kind.open(1000);
    await store.claim(k('k'), 'claim');
    await sleep(300);
    expect(await store.replace(k('k'), 'claim', 'done')).toBe(true);
    expect(await store.claim(k('k'), 'probe')).toBe('done');
    // 1.2 s after the claim: gone (had the replace restarted the TTL, it would live until 1.3 s).
    await sleep(900);
    expect(await store.claim(k('k'), 'fresh')).toBeNull();
  });
});

describe('createIdempotencyStore', () => {
  it('is the in-process store without REDIS_URL, bounded by the IDEMPOTENCY_MAX_* settings', async () => {
    const store = createIdempotencyStore(loadConfig({ IDEMPOTENCY_MAX_ENTRIES: '1' }));
    try {
      expect(store).toBeInstanceOf(MemoryIdempotencyStore);
      expect(await store.waitUntilReady(0)).toBe(true);
      expect(await store.claim('a', 'v')).toBeNull();
      expect(await refusedWith(store.claim('b', 'v'))).toEqual(refusal('full'));
    } finally {
      await store.close();
    }
  });

  it('is Redis with REDIS_URL, keeping records IDEMPOTENCY_TTL_S', async () => {
    const store = createIdempotencyStore(loadConfig({ REDIS_URL: redis().url, IDEMPOTENCY_TTL_S: '1' }));
    try {
      expect(store).toBeInstanceOf(RedisIdempotencyStore);
      expect(await store.waitUntilReady(5000)).toBe(true);
      const key = `ttl-${randomUUID()}`;
      expect(await store.claim(key, 'v')).toBeNull();
      expect(await store.claim(key, 'w')).toBe('v');
      await sleep(1100);
      expect(await store.claim(key, 'w')).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe('the in-process store', () => {
  it('refuses new keys once it holds maxEntries records, and takes them again when records expire', async () => {
    let now = 1_000;
    const store = new MemoryIdempotencyStore({ ttlMs: 100, maxEntries: 2, maxBytes: 1_000_000, now: () => now });
    expect(await store.claim('a', '1')).toBeNull();
    now += 50;
    expect(await store.claim('b', '2')).toBeNull();
    expect(await refusedWith(store.claim('c', '3'))).toEqual(refusal('full'));
    // A key already there is still answered.
    expect(await store.claim('a', 'x')).toBe('1');
    now += 51; // 'a' has expired, 'b' has not.
    expect(await store.claim('c', '3')).toBeNull();
    expect(store.size).toEqual({ entries: 2, bytes: 4 });
    now += 100;
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('refuses a claim that would pass maxBytes (key and value characters) but keeps a larger outcome', async () => {
    const store = new MemoryIdempotencyStore({ ttlMs: 60_000, maxEntries: 100, maxBytes: 10 });
    expect(await store.claim('k1', 'abc')).toBeNull();
    expect(store.size).toEqual({ entries: 1, bytes: 5 });
    expect(await refusedWith(store.claim('k2', 'abcd'))).toEqual(refusal('full'));
    expect(await store.claim('k2', 'abc')).toBeNull();
    expect(await store.replace('k1', 'abc', 'a much longer outcome')).toBe(true);
    expect(store.size).toEqual({ entries: 2, bytes: 28 });
    expect(await store.release('k1', 'a much longer outcome')).toBe(true);
    expect(store.size).toEqual({ entries: 1, bytes: 5 });
  });

  it.each(['ttlMs', 'maxEntries', 'maxBytes'] as const)('refuses %s below 1', (name) => {
    expect(() => new MemoryIdempotencyStore({ ttlMs: 1, maxEntries: 1, maxBytes: 1, [name]: 0 })).toThrow(`${name} must be a positive whole number, got 0`);
  });
});

describe('the Redis store', () => {
  it('lets exactly one of 50 concurrent claims on one key win across two replicas', async () => {
    const replicas = [await openRedisStore(redis()), await openRedisStore(redis())];
    const claims = Array.from({ length: 50 }, (_, i) => replicas[i % 2].claim('race', `claim-${i}`));
    const answers = await Promise.all(claims);
    const winners = answers.flatMap((answer, i) => (answer === null ? [`claim-${i}`] : []));
    expect(winners).toHaveLength(1);
    // Every loser was told the winner's value.
    expect(answers.filter((answer) => answer !== null)).toEqual(Array(49).fill(winners[0]));
  });

  it('fails fast while Redis is stopped, and works again by itself once it is back', async () => {
    const server = await startRedis();
    try {
      const store = await openRedisStore(server);
      expect(await store.claim('k', 'before')).toBeNull();
      await server.stop();

      for (const key of ['k', 'other']) {
        const started = Date.now();
        const error = await refusedWith(store.claim(key, 'during'));
        expect(Date.now() - started).toBeLessThan(2000);
        expect(error).toEqual(refusal('unreachable'));
      }
      expect(await refusedWith(store.replace('k', 'before', 'x'))).toEqual(refusal('unreachable'));
      expect(await refusedWith(store.release('k', 'before'))).toEqual(refusal('unreachable'));

      await server.start();
      const back = Date.now();
      let answer: string | null | undefined;
      while (answer === undefined && Date.now() - back < 2000) {
        answer = await store.claim('k', 'after').catch(() => sleep(10).then(() => undefined));
      }
      // The restarted Redis is empty (nothing is saved), so the key is free.
      expect(answer).toBeNull();
      expect(Date.now() - back).toBeLessThan(2000);
    } finally {
      await closeStores();
      await server.stop();
    }
  });

  it('starts while Redis is down, says it is not ready, and works once Redis is up', async () => {
    const server = await startRedis();
    await server.stop();
    const store = new RedisIdempotencyStore({ url: server.url, ttlMs: 60_000, commandTimeoutMs: 1000, reconnectMaxDelayMs: 100 });
    try {
      const started = Date.now();
      expect(await store.waitUntilReady(300)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(await refusedWith(store.claim('k', 'v'))).toEqual(refusal('unreachable'));
      await server.start();
      expect(await store.waitUntilReady(2000)).toBe(true);
      expect(await store.claim('k', 'v')).toBeNull();
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('closes at once while Redis is away (no reconnection left behind)', async () => {
    const server = await startRedis();
    const store = await openRedisStore(server);
    // The store's connection, read only to know when a reconnection attempt is pending.
    const { client } = store as unknown as { readonly client: Redis };
    const reconnecting = once(client, 'reconnecting');
    await server.stop();
    expect(await refusedWith(store.claim('k', 'v'))).toEqual(refusal('unreachable'));
    await reconnecting; // a reconnection attempt is pending now, on its timer
    // At once: closed before the event loop's next turn, so without waiting for that timer or any socket.
    const nextTurn = new Promise<'next turn'>((resolve) => setImmediate(() => resolve('next turn')));
    expect(await Promise.race([store.close().then(() => 'closed' as const), nextTurn])).toBe('closed');
    expect(await refusedWith(store.claim('k', 'v'))).toEqual(refusal('unreachable'));
  });

  it('times out a command Redis does not answer within commandTimeoutMs', async () => {
    const server = await startRedis();
    try {
      const store = await openRedisStore(server, 60_000, 300);
      await server.pause();
      // A lower bound only: had commandTimeoutMs not applied, the claim would wait for the paused Redis until the test's timeout.
      const started = Date.now();
      expect(await refusedWith(store.claim('k', 'v'))).toEqual(refusal('timeout'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await server.resume();
      expect(await store.claim('k2', 'v')).toBeNull();
    } finally {
      await closeStores();
      await server.stop();
    }
  });
});
