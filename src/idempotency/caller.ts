import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { Logger } from '../observability/logger';
import { argumentsFingerprint } from './keys';
import type { IdempotencyRefusal, IdempotentCreate, IdempotentResult } from './run';
import type { IdempotencyStore } from './store';

/** The caller's keys as a request holds them (contract §10): what a resolver's ctx.idempotency gives. */
export interface CallerKeys {
  readonly store: IdempotencyStore;
  /** callerScope() of the bearer token; null without one. */
  readonly scope: string | null;
  /** How long a claim can be in flight: the retry budget plus one try's deadline (then its outcome is unknown). */
  readonly inFlightLimitMs: number;
}

/**
 * The caller's `key` for a create of `mutation` that sends `sent` (its target and Graph body: equal sends
 * are the same arguments), ready for runIdempotent or claimKey. Without a bearer token it is
 * UNAUTHENTICATED before the store is asked.
 */
export function callerKey<T>(caller: CallerKeys, log: Logger, mutation: string, key: string, sent: unknown): Omit<IdempotentCreate<T>, 'create'> {
  const { store, scope, inFlightLimitMs } = caller;
  if (scope === null) throw new GatewayError(ErrorCode.UNAUTHENTICATED);
  return {
    store,
    scope,
    mutation,
    key,
    fingerprint: argumentsFingerprint(sent),
    inFlightLimitMs,
    onSettleFailed: (error) => log.warn({ err: error, mutation }, 'the outcome of a keyed create could not be recorded; its key stays in flight'),
  };
}

/** The error a refused keyed create answers, extensions.idempotency included (contract §10). */
export function refusalError(refusal: IdempotencyRefusal): GatewayError {
  return new GatewayError(refusal.code, refusal.message, undefined, 'idempotency' in refusal ? refusal.idempotency : undefined);
}

/** A keyed create's entity (created or replayed), or its refusal as the contract error. */
export function keyedOutcome<T>(result: IdempotentResult<T>): T | GatewayError {
  return result.type === 'refused' ? refusalError(result.refusal) : result.entity;
}
