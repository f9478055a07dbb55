import { GatewayError } from '../errors/gateway-error';
import type { GraphApi } from '../graph/api';
import { callerKey, type CallerKeys, keyedOutcome, runIdempotent } from '../idempotency';
import type { Logger } from '../observability/logger';
import type { CreateKind, CreateSend } from './kinds';

/** What a create needs of the request: a resolver's context gives it. */
export interface CreateContext {
  /** Graph calls bound to this caller's token. */
  readonly graph: GraphApi;
  readonly idempotency: CallerKeys;
  readonly log: Logger;
}

/**
 * One create of `kind` sending `sent`, under the caller's idempotency `key` when it has one (contract §10: a
 * replay answers the recorded entity and sends nothing, a refusal is thrown as its contract error). Without
 * a key the POST goes straight out and its reply is read into the entity.
 */
export async function createOne<S extends CreateSend, M>(ctx: CreateContext, kind: CreateKind<S, M>, key: string | null | undefined, sent: S): Promise<M> {
  if (key === null || key === undefined) return kind.read(await ctx.graph.create(kind.path(sent), sent.body), sent, ctx.log);
  const result = await runIdempotent<M>({
    ...callerKey(ctx.idempotency, ctx.log, kind.mutation, key, sent),
    create: async (attempt) => kind.read(await ctx.graph.create(kind.path(sent), sent.body, attempt), sent, ctx.log),
  });
  const outcome = keyedOutcome(result);
  if (outcome instanceof GatewayError) throw outcome;
  return outcome;
}
