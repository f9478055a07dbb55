import type Redis from 'ioredis';

/**
 * The one way the gateway connects to the Redis its replicas share (REDIS_URL, contract §11): the idempotency
 * store and the write budget each open a connection here.
 */
export interface RedisConnectionOptions {
  /** REDIS_URL: redis://[user:password@]host[:port][/db]. */
  readonly url: string;
  /** REDIS_COMMAND_TIMEOUT_MS: past it a command fails as 'Command timed out'. */
  readonly commandTimeoutMs: number;
  /** Longest wait between two reconnection attempts (default 500 ms): how soon the connection is back after Redis is. */
  readonly reconnectMaxDelayMs?: number;
  /** Told each connection error (Redis down, refused…); the connection keeps reconnecting by itself. */
  readonly onError?: (error: Error) => void;
}

/**
 * A connection that fails fast while Redis is away: no offline queue, no command re-sent after a reconnect, every
 * command bounded by commandTimeoutMs. It reconnects in the background.
 */
export function openRedis(options: RedisConnectionOptions): Redis {
  const reconnectMaxDelayMs = options.reconnectMaxDelayMs ?? 500;
  // Loaded when a Redis is configured (REDIS_URL): a gateway without one never loads ioredis.
  const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
  const client = new RedisClient(options.url, {
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
  client.on('error', (error: Error) => options.onError?.(error));
  return client;
}

/** Resolves true once connected (at most `timeoutMs`), false otherwise; either way it keeps reconnecting by itself. */
export async function redisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** Closes the connection (QUIT when connected) and stops reconnecting. */
export async function closeRedis(client: Redis): Promise<void> {
  const { status } = client;
  if (status === 'end') return;
  if (status === 'ready' && (await client.quit().then(() => true, () => false))) return;
  // With a socket open (connecting, or QUIT failed) wait until it is closed; between two reconnection
  // attempts there is none, and ioredis just cancels the next attempt.
  const socketOpen = status === 'ready' || status === 'connect' || status === 'connecting';
  const ended = socketOpen ? new Promise<void>((resolve) => client.once('end', () => resolve())) : Promise.resolve();
  client.disconnect();
  await ended;
}
