import { ErrorCode } from '../errors/codes';

/**
 * Where idempotency records live (contract §10): a string per key, kept for the store's TTL from the claim on.
 * Every method is atomic, so replicas sharing one store cannot both claim a key. The records' meaning is
 * record.ts's; a store only compares and swaps strings.
 */
export interface IdempotencyStore {
  /** `SET key value NX PX ttl`: stores `value` when `key` is free and returns null, else returns what is there. */
  claim(key: string, value: string): Promise<string | null>;
  /** Replaces `expected` by `value`, keeping the TTL, if `key` still holds `expected`; false otherwise. */
  replace(key: string, expected: string, value: string): Promise<boolean>;
  /** Deletes `key` if it still holds `expected`; false otherwise. */
  release(key: string, expected: string): Promise<boolean>;
  /** True once the store can answer (at most `timeoutMs`); for start-up, since a store still connecting refuses. */
  waitUntilReady(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Why a store could not answer. */
export type StoreUnavailableReason =
  /** No connection to Redis (refused, lost, not yet made). */
  | 'unreachable'
  /** Redis took longer than REDIS_COMMAND_TIMEOUT_MS. */
  | 'timeout'
  /** The in-process store is at IDEMPOTENCY_MAX_ENTRIES or IDEMPOTENCY_MAX_BYTES. */
  | 'full'
  /** The key holds something that is not a record of ours. */
  | 'unreadable';

const DESCRIPTIONS: Record<StoreUnavailableReason, string> = {
  unreachable: 'cannot be reached',
  timeout: 'did not answer in time',
  full: 'is full',
  unreadable: 'holds a record it cannot read',
};

/**
 * The store could not keep or read a record, so a keyed create must not be sent. The caller answers
 * IDEMPOTENCY_STORE_UNAVAILABLE (`code`). The message names neither the key nor the store's address.
 */
export class IdempotencyStoreUnavailableError extends Error {
  readonly code = ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE;

  constructor(
    readonly reason: StoreUnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(`The idempotency store ${DESCRIPTIONS[reason]}; nothing was sent.`, options);
    this.name = 'IdempotencyStoreUnavailableError';
  }
}
