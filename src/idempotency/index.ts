/**
 * Idempotency keys (contract §10): a store of records (in this process, or Redis shared by the replicas),
 * runIdempotent() and claimKey(), which apply contract §10's table to a create, and the caller's side of it
 * (caller.ts: the key in the caller's scope, a refusal as its contract error). Nothing here knows GraphQL or
 * Graph: creates/ sends what a claim allows.
 */
import type { Config } from '../config';
import { MemoryIdempotencyStore } from './memory-store';
import { RedisIdempotencyStore } from './redis-store';
import type { IdempotencyStore } from './store';

export { callerKey, type CallerKeys, keyedOutcome, refusalError } from './caller';
export { argumentsFingerprint, callerScope, idempotencyKeyProblem, storeKey } from './keys';
export { MemoryIdempotencyStore, type MemoryStoreOptions } from './memory-store';
export { RedisIdempotencyStore, type RedisStoreOptions } from './redis-store';
export type { IdempotencyRecord, RecordState } from './record';
export {
  claimKey,
  runIdempotent,
  type KeyClaim,
  type IdempotencyRefusal,
  type IdempotentAttempt,
  type IdempotentCreate,
  type IdempotentResult,
  type OutcomeUnknownDetail,
} from './run';
export { type IdempotencyStore, IdempotencyStoreUnavailableError, type StoreUnavailableReason } from './store';

/** Redis when REDIS_URL is set, else the in-process store. */
export function createIdempotencyStore(config: Pick<Config, 'redis' | 'idempotency'>, onError?: (error: Error) => void): IdempotencyStore {
  const ttlMs = config.idempotency.ttlS * 1000;
  if (config.redis !== undefined) {
    return new RedisIdempotencyStore({ url: config.redis.url, ttlMs, commandTimeoutMs: config.redis.commandTimeoutMs, onError });
  }
  return new MemoryIdempotencyStore({ ttlMs, maxEntries: config.idempotency.maxEntries, maxBytes: config.idempotency.maxBytes });
}
