import Redis from 'ioredis';
import { type IdempotencyStore, IdempotencyStoreUnavailableError } from './store';

export interface RedisStoreOptions {
  /** REDIS_URL: redis://[user:password@]host[:port][/db]. */
  readonly url: string;
  readonly ttlMs: number;
  /** REDIS_COMMAND_TIMEOUT_MS: past it a command fails as 'timeout'. */
  readonly commandTimeoutMs: number;
  /** Longest wait between two reconnection attempts (default 500 ms): how soon the store is back after Redis is. */
  readonly reconnectMaxDelayMs?: number;
  /** Told each connection error (Redis down, refused…); the store keeps reconnecting by itself. */
  readonly onError?: (error: Error) => void;
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
    const reconnectMaxDelayMs = options.reconnectMaxDelayMs ?? 500;
    this.client = new Redis(options.url, {
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs, 1000),
      // How long close() lets a socket end cleanly before destroying it.
      disconnectTimeout: options.commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(attempt * 50, reconnectMaxDelayMs),
    });
    // Without a listener ioredis prints every connection error to the console.
    this.client.on('error', (error: Error) => options.onError?.(error));
  }

  /** Resolves true once connected (at most `timeoutMs`), false otherwise; either way it keeps reconnecting by itself. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
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
    const { status } = this.client;
    if (status === 'end') return;
    if (status === 'ready' && (await this.client.quit().then(() => true, () => false))) return;
    // With a socket open (connecting, or QUIT failed) wait until it is closed; between two reconnection
    // attempts there is none, and ioredis just cancels the next attempt.
    const socketOpen = status === 'ready' || status === 'connect' || status === 'connecting';
    const ended = socketOpen ? new Promise<void>((resolve) => this.client.once('end', () => resolve())) : Promise.resolve();
    this.client.disconnect();
    await ended;
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
