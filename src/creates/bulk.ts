import { eachAlone } from '../errors/each-alone';
import { ErrorCode } from '../errors/codes';
import { GatewayError, type GraphErrorInfo } from '../errors/gateway-error';
import { callerKey, claimKey, type KeyClaim, keyedOutcome } from '../idempotency';
import type { CreateContext } from './create';
import type { CreateKind, CreateSend } from './kinds';

/** One item of a bulk create, as its resolver maps it. */
export interface BulkEntry<S> {
  readonly idempotencyKey: string | null | undefined;
  /** What the item sends (its target and Graph body), checked: throws a GatewayError for a bad item. */
  readonly prepare: () => S;
}

/** contract §9's CreateFailed. */
export interface CreateFailedModel {
  readonly index: number;
  readonly code: string;
  readonly message: string;
  readonly outcomeUnknown: boolean;
  readonly graph: GraphErrorInfo | null;
}

/** One item's result: its entity, or why not. */
export type BulkResult<M> = { readonly index: number; readonly entity: M } | CreateFailedModel;

/** What a bulk create needs of the request. */
export interface BulkContext extends CreateContext {
  /** MAX_BULK_ITEMS (contract §9). */
  readonly maxBulkItems: number;
}

function failed(index: number, error: GatewayError): CreateFailedModel {
  return { index, code: error.code, message: error.message, outcomeUnknown: error.code === ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, graph: error.graph ?? null };
}

/** A prepared item: what it sends, under which key. */
interface Prepared<S> {
  readonly key: string | null | undefined;
  readonly sent: S;
}

/** An item that goes to Graph; a keyed one with the claim that records its outcome. */
interface ToSend<S, M> {
  readonly index: number;
  readonly sent: S;
  readonly claim?: KeyClaim<M>;
}

/**
 * A bulk create (contract §9): 1 to MAX_BULK_ITEMS items, else BAD_USER_INPUT and nothing sent; a bad item
 * fails alone. One result per item, in item order.
 */
export async function createInBulk<S extends CreateSend, M>(ctx: BulkContext, kind: CreateKind<S, M>, entries: ReadonlyArray<BulkEntry<S>>): Promise<Array<BulkResult<M>>> {
  if (entries.length < 1 || entries.length > ctx.maxBulkItems) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "items" must have from 1 to ${ctx.maxBulkItems} items (MAX_BULK_ITEMS), got ${entries.length}.`);
  }
  if (ctx.idempotency.scope === null) throw new GatewayError(ErrorCode.UNAUTHENTICATED);
  const outcomes = await eachAlone(
    entries,
    (entry): Prepared<S> => ({ key: entry.idempotencyKey, sent: entry.prepare() }),
    (prepared) => createTogether(ctx, kind, prepared),
    (entity: M) => entity,
  );
  return outcomes.map((outcome, index) => (outcome instanceof GatewayError ? failed(index, outcome) : { index, entity: outcome }));
}

/**
 * Keyed items go through contract §10 first: their keys are claimed together, and a replayed or refused one
 * sends nothing. Every item left goes out in one createEach ($batch), in item order, each keyed one with its
 * record's client-request-id; then each keyed item's outcome is recorded.
 */
async function createTogether<S extends CreateSend, M>(ctx: CreateContext, kind: CreateKind<S, M>, items: ReadonlyArray<Prepared<S>>): Promise<Array<M | GatewayError>> {
  const outcomes = new Array<M | GatewayError>(items.length);
  let unexpected: { readonly error: unknown } | undefined;
  const claims = await Promise.allSettled(
    items.map(async ({ key, sent }) => (key === null || key === undefined ? undefined : claimKey<M>(callerKey(ctx.idempotency, ctx.log, kind.mutation, key, sent)))),
  );
  const toSend: Array<ToSend<S, M>> = [];
  claims.forEach((claimed, index) => {
    const { sent } = items[index]!;
    if (claimed.status === 'rejected') {
      if (claimed.reason instanceof GatewayError) outcomes[index] = claimed.reason;
      else unexpected ??= { error: claimed.reason };
    } else if (claimed.value === undefined || claimed.value.type === 'claimed') {
      toSend.push({ index, sent, claim: claimed.value });
    } else {
      outcomes[index] = keyedOutcome(claimed.value);
    }
  });
  if (toSend.length > 0) {
    let results: Array<M | GatewayError>;
    try {
      results = await eachAlone(
        toSend,
        (item) => ({ ...kind.path(item.sent), body: item.sent.body, clientRequestId: item.claim?.attempt.clientRequestId }),
        (creates) => ctx.graph.createEach(creates),
        (reply, item) => kind.read(reply, item.sent, ctx.log),
      );
    } catch (error) {
      // Not a Graph outcome (a bug): nothing says whether the items were sent, so their keys must not be reused.
      const unknown = new GatewayError(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
      await Promise.all(toSend.map(({ claim }) => claim?.failed(unknown)));
      throw error;
    }
    await Promise.all(
      toSend.map(async ({ index, claim }, i) => {
        const outcome = (outcomes[index] = results[i]!);
        if (claim !== undefined) await (outcome instanceof GatewayError ? claim.failed(outcome) : claim.succeeded(outcome));
      }),
    );
  }
  if (unexpected !== undefined) throw unexpected.error;
  return outcomes;
}
