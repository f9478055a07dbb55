import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { idempotencyKeyProblem, storeKey } from './keys';
import { decodeRecord, encodeRecord, type IdempotencyRecord } from './record';
import { type IdempotencyStore, IdempotencyStoreUnavailableError } from './store';

/** What the create is told: the client-request-id its first try should send (the record keeps it). */
export interface IdempotentAttempt {
  readonly clientRequestId: string;
}

export interface IdempotentCreate<T> {
  readonly store: IdempotencyStore;
  /** callerScope() of the caller's token. */
  readonly scope: string;
  /** The mutation's field name, e.g. "createManagedAppRegistration": each mutation has its own keys. */
  readonly mutation: string;
  /** The caller's idempotencyKey, unchecked (checked here). */
  readonly key: string;
  /** argumentsFingerprint() of the arguments other than the key. */
  readonly fingerprint: string;
  /** Sends the create. Called at most once, and only after the key was claimed. Its errors are rethrown unchanged. */
  readonly create: (attempt: IdempotentAttempt) => Promise<T>;
  /**
   * A claim older than this is answered as outcome unknown rather than in flight: its create cannot still be
   * running (the operation's retry budget plus one try's deadline has passed), so its process ended mid-create.
   * Unset: a claim is in flight until its TTL ends.
   */
  readonly inFlightLimitMs?: number;
  /** Told when the create's outcome could not be written (the claim then stays until inFlightLimitMs or the TTL). */
  readonly onSettleFailed?: (error: IdempotencyStoreUnavailableError) => void;
}

/** extensions.idempotency of a repeat of a create whose outcome is unknown. */
export interface OutcomeUnknownDetail {
  readonly state: 'OUTCOME_UNKNOWN';
  readonly firstClientRequestId: string;
  readonly firstAttemptAt: string;
}

/** Why a keyed create was not sent: `code` is the contract's (contract §6), `idempotency` goes to extensions.idempotency. */
export type IdempotencyRefusal =
  | { readonly code: typeof ErrorCode.BAD_USER_INPUT; readonly message: string }
  | { readonly code: typeof ErrorCode.CONFLICT; readonly message: string; readonly idempotency: { readonly state: 'IN_FLIGHT' } }
  | { readonly code: typeof ErrorCode.UPSTREAM_OUTCOME_UNKNOWN; readonly message: string; readonly idempotency: OutcomeUnknownDetail }
  | { readonly code: typeof ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE; readonly message: string; readonly error: IdempotencyStoreUnavailableError };

export type IdempotentResult<T> =
  /** The key was new (or its earlier create failed definitely): the create was sent and succeeded. */
  | { readonly type: 'created'; readonly entity: T }
  /** An earlier create with this key and these arguments succeeded: its entity, and nothing was sent. */
  | { readonly type: 'replayed'; readonly entity: T }
  /** Nothing was sent. */
  | { readonly type: 'refused'; readonly refusal: IdempotencyRefusal };

/**
 * Whether Graph certainly made no record: any gateway error but UPSTREAM_OUTCOME_UNKNOWN and
 * UPSTREAM_BAD_RESPONSE (on a create that means Graph answered 2xx: the record exists, unreadable). Anything
 * that is not a gateway error is not known to have stopped before Graph acted, so it counts as unknown too:
 * a key is released only when a repeat cannot make a second record.
 */
function failedDefinitely(error: unknown): boolean {
  return error instanceof GatewayError && error.code !== ErrorCode.UPSTREAM_OUTCOME_UNKNOWN && error.code !== ErrorCode.UPSTREAM_BAD_RESPONSE;
}

/** What a create whose key was refused or already used gets: nothing is sent. */
type Unsent<T> = Exclude<IdempotentResult<T>, { type: 'created' }>;

function storeRefusal(error: IdempotencyStoreUnavailableError): Unsent<never> {
  return { type: 'refused', refusal: { code: ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE, message: error.message, error } };
}

/** The answer to a create whose key already has `record` (contract §10's table, the first three rows). */
function answerRepeat<T>(record: IdempotencyRecord, request: Omit<IdempotentCreate<T>, 'create'>): Unsent<T> {
  if (record.fingerprint !== request.fingerprint) {
    const message = `idempotencyKey ${JSON.stringify(request.key)} was already used for ${request.mutation} with other arguments; a different create needs a new key`;
    return { type: 'refused', refusal: { code: ErrorCode.BAD_USER_INPUT, message } };
  }
  const stale =
    record.state === 'IN_FLIGHT' && request.inFlightLimitMs !== undefined && Date.now() - Date.parse(record.firstAttemptAt) > request.inFlightLimitMs;
  if (record.state === 'OUTCOME_UNKNOWN' || stale) {
    const { firstClientRequestId, firstAttemptAt } = record;
    const message =
      `The first ${request.mutation} with this idempotencyKey (client-request-id ${firstClientRequestId}, ${firstAttemptAt}) ended with an unknown outcome, ` +
      'so it is not sent again under this key: check whether the record exists before creating it with a new key';
    return { type: 'refused', refusal: { code: ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, message, idempotency: { state: 'OUTCOME_UNKNOWN', firstClientRequestId, firstAttemptAt } } };
  }
  if (record.state === 'IN_FLIGHT') {
    const message = `A ${request.mutation} with this idempotencyKey is still in flight; send it again once it has finished`;
    return { type: 'refused', refusal: { code: ErrorCode.CONFLICT, message, idempotency: { state: 'IN_FLIGHT' } } };
  }
  // The entity was a T when it was recorded (JSON-shaped: the normalized models are); JSON gives it back equal.
  return { type: 'replayed', entity: record.entity as T };
}

/** A key claimed for one create: send it with `attempt`, then record how it ended. */
export interface KeyClaim<T> {
  readonly type: 'claimed';
  readonly attempt: IdempotentAttempt;
  /** Records the entity the create returned (the key then replays it). */
  succeeded(entity: T): Promise<void>;
  /** Records the create's failure: released after a definite one, else kept as outcome unknown. */
  failed(error: unknown): Promise<void>;
}

/**
 * The first half of contract §10 for one create: checks the key and claims it atomically. A key already
 * claimed is answered from its record (replayed or refused) and nothing may be sent; a fresh claim says what
 * the create sends and records its outcome. A bulk create claims its keyed items, sends them together, then
 * records each item's outcome.
 */
export async function claimKey<T>(request: Omit<IdempotentCreate<T>, 'create'>): Promise<KeyClaim<T> | Unsent<T>> {
  const problem = idempotencyKeyProblem(request.key);
  if (problem !== undefined) return { type: 'refused', refusal: { code: ErrorCode.BAD_USER_INPUT, message: problem } };

  const { store, fingerprint } = request;
  const key = storeKey(request.scope, request.mutation, request.key);
  const first = { fingerprint, firstClientRequestId: randomUUID(), firstAttemptAt: new Date().toISOString() };
  const claim = encodeRecord({ state: 'IN_FLIGHT', ...first });
  let existing: string | null;
  try {
    existing = await store.claim(key, claim);
  } catch (error) {
    if (error instanceof IdempotencyStoreUnavailableError) return storeRefusal(error);
    throw error;
  }
  if (existing !== null) {
    const record = decodeRecord(existing);
    return record === undefined ? storeRefusal(new IdempotencyStoreUnavailableError('unreadable')) : answerRepeat(record, request);
  }

  const settle = async (write: () => Promise<boolean>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof IdempotencyStoreUnavailableError)) throw error;
      request.onSettleFailed?.(error);
    }
  };
  return {
    type: 'claimed',
    attempt: { clientRequestId: first.firstClientRequestId },
    succeeded: (entity) => settle(() => store.replace(key, claim, encodeRecord({ state: 'SUCCEEDED', ...first, entity }))),
    failed: (error) => {
      if (failedDefinitely(error)) return settle(() => store.release(key, claim));
      // The id a caller saw on the failed try (its extensions.graph), so a repeat names the same request.
      const seen = error instanceof GatewayError ? error.graph?.clientRequestId : undefined;
      const unknown = encodeRecord({ state: 'OUTCOME_UNKNOWN', ...first, firstClientRequestId: seen ?? first.firstClientRequestId });
      return settle(() => store.replace(key, claim, unknown));
    },
  };
}

/**
 * A create under an idempotency key, as contract §10 says: claims the key atomically, sends the create only
 * when it got the claim, and records the outcome (the entity; outcome unknown; or, after a definite failure,
 * nothing, so a repeat is sent as new). A key already claimed is answered from its record without sending.
 * Refusals are returned; the create's own errors are rethrown after the outcome is recorded.
 */
export async function runIdempotent<T>(request: IdempotentCreate<T>): Promise<IdempotentResult<T>> {
  const claim = await claimKey<T>(request);
  if (claim.type !== 'claimed') return claim;
  let entity: T;
  try {
    entity = await request.create(claim.attempt);
  } catch (error) {
    await claim.failed(error);
    throw error;
  }
  await claim.succeeded(entity);
  return { type: 'created', entity };
}
