// The two stores behind one factory, so each test of the store contract and of runIdempotent runs on both.
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store';
import type { IdempotencyStore } from '../../src/idempotency/store';
import { startRedis, type RedisServer } from '../helpers/redis';

export interface StoreKind {
  readonly name: string;
  /** A fresh store with `ttlMs`; closed by closeStores(). */
  open(ttlMs?: number): Promise<IdempotencyStore>;
}

const opened: IdempotencyStore[] = [];

export async function closeStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close()));
}

export const memoryKind: StoreKind = {
  name: 'in-process',
  async open(ttlMs = 60_000) {
    const store = new MemoryIdempotencyStore({ ttlMs, maxEntries: 1000, maxBytes: 1024 * 1024 });
    opened.push(store);
    return store;
  },
};

/** A Redis store on `server` (one client, as one replica), connected before it is returned. */
export async function openRedisStore(server: RedisServer, ttlMs = 60_000, commandTimeoutMs = 1000): Promise<RedisIdempotencyStore> {
  const store = new RedisIdempotencyStore({ url: server.url, ttlMs, commandTimeoutMs, reconnectMaxDelayMs: 100 });
  opened.push(store);
  if (!(await store.waitUntilReady(5000))) throw new Error(`no connection to ${server.url} within 5 s`);
  return store;
}

export function redisKind(server: () => RedisServer): StoreKind {
  return { name: 'Redis', open: (ttlMs) => openRedisStore(server(), ttlMs) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One redis-server for the file (started in beforeAll, stopped in afterAll), and every store closed after
 * each test. Returns the server (there once beforeAll has run).
 */
export function useRedisAndCloseStores(): () => RedisServer {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(closeStores);
  afterAll(async () => {
    await redis?.stop();
  });
  return () => {
    if (redis === undefined) throw new Error('redis-server is not running (used outside a test?)');
    return redis;
  };
}
