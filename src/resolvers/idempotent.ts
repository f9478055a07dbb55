import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { CreateOptions } from '../graph/api';
import { argumentsFingerprint, type IdempotencyRefusal, type IdempotentCreate, type IdempotentResult, runIdempotent } from '../idempotency';
import type { GatewayContext } from './context';

/**
 * The idempotency scopes of the creates (contract §10). A bulk item shares its single create's scope: a key
 * names one record whichever mutation sends it, so an item repeated alone after a failed bulk create (or the
 * other way round) cannot make a second record.
 */
export const KEYED_MUTATION = {
  registration: 'createManagedAppRegistration',
  installStatus: 'createMobileAppInstallStatus',
} as const;

export type KeyedMutation = (typeof KEYED_MUTATION)[keyof typeof KEYED_MUTATION];

/** The error a refused keyed create answers, extensions.idempotency included (contract §10). */
export function refusalError(refusal: IdempotencyRefusal): GatewayError {
  return new GatewayError(refusal.code, refusal.message, undefined, 'idempotency' in refusal ? refusal.idempotency : undefined);
}

/**
 * Runs `create` under the caller's `key` (contract §10's table). `sent` is what the create sends (its
 * target and Graph body): equal sends are the same arguments. Without a bearer token it is UNAUTHENTICATED
 * before the store is asked.
 */
export function runKeyed<M>(
  ctx: GatewayContext,
  mutation: KeyedMutation,
  key: string,
  sent: unknown,
  create: (options: CreateOptions) => Promise<M>,
): Promise<IdempotentResult<M>> {
  const { store, scope, inFlightLimitMs } = ctx.idempotency;
  if (scope === null) throw new GatewayError(ErrorCode.UNAUTHENTICATED);
  const request: IdempotentCreate<M> = {
    store,
    scope,
    mutation,
    key,
    fingerprint: argumentsFingerprint(sent),
    create: ({ clientRequestId }) => create({ clientRequestId }),
    inFlightLimitMs,
    onSettleFailed: (error) => ctx.log.warn({ err: error, mutation }, 'the outcome of a keyed create could not be recorded; its key stays in flight'),
  };
  return runIdempotent(request);
}

/** A single create, under its idempotencyKey when it has one; a refusal is thrown as its contract error. */
export async function createOnce<M>(
  ctx: GatewayContext,
  mutation: KeyedMutation,
  key: string | null | undefined,
  sent: unknown,
  create: (options: CreateOptions) => Promise<M>,
): Promise<M> {
  if (key === null || key === undefined) return create({});
  const result = await runKeyed(ctx, mutation, key, sent, create);
  if (result.type === 'refused') throw refusalError(result.refusal);
  return result.entity;
}
