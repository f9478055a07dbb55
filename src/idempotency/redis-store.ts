import type Redis from 'ioredis';
import { closeRedis, openRedis, type RedisConnectionOptions, redisReady } from '../redis/connection';
import { type IdempotencyStore, IdempotencyStoreUnavailableError } from './store';

export interface RedisStoreOptions extends RedisConnectionOptions {
  readonly ttlMs: number;
}

// Compare-and-swap / compare-and-delete: a replica only settles the claim it made. Without the compare, a
// claim that expired while its create ran (a TTL shorter than the create) would let this replica overwrite
// the claim another replica made since.
const REPLACE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0`;

/** ioredis's message for a command that ran past commandTimeout. */
const TIMED_OUT = 'Command timed out';

/**
 * Records in Redis (REDIS_URL set), shared by every replica; needs Redis 7.0 or later (`SET … NX GET`).
 * Fails fast while Redis is away: no offline queue, no command re-sent after a reconnect (a claim sent twice
 * could lock a key whose create was never sent), every command bounded by commandTimeoutMs. It reconnects in
 * the background, so it works again by itself once Redis is back.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly client: Redis;

  constructor(private readonly options: RedisStoreOptions) {
    this.client = openRedis(options);
  }

  /** Resolves true once connected (at most `timeoutMs`), false otherwise; either way it keeps reconnecting by itself. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    return redisReady(this.client, timeoutMs);
  }

  claim(key: string, value: string): Promise<string | null> {
    return this.command(() => this.client.set(key, value, 'PX', this.options.ttlMs, 'NX', 'GET'));
  }

  async replace(key: string, expected: string, value: string): Promise<boolean> {
    return (await this.command(() => this.client.eval(REPLACE, 1, key, expected, value))) === 1;
  }

  async release(key: string, expected: string): Promise<boolean> {
    return (await this.command(() => this.client.eval(RELEASE, 1, key, expected))) === 1;
  }

  /** Closes the connection (QUIT when connected) and stops reconnecting. */
  async close(): Promise<void> {
    await closeRedis(this.client);
  }

  /** Runs one command; any failure becomes IdempotencyStoreUnavailableError. */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const reason = error instanceof Error && error.message === TIMED_OUT ? 'timeout' : 'unreachable';
      throw new IdempotencyStoreUnavailableError(reason, { cause: error });
    }
  }
}
