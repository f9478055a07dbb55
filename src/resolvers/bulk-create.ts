import { ErrorCode } from '../errors/codes';
import { GatewayError, type GraphErrorInfo } from '../errors/gateway-error';
import type { CreateOptions } from '../graph/api';
import type { GraphReply } from '../graph/client';
import type { GatewayContext } from './context';
import { type KeyedMutation, refusalError, runKeyed } from './idempotent';

/** One item of a bulk create, as its resolver reads it. */
export interface BulkEntry<S> {
  readonly idempotencyKey: string | null | undefined;
  /** What the item sends (its target and Graph body), checked: throws a GatewayError for a bad item. */
  readonly prepare: () => S;
}

/** How one kind of bulk create sends its items and reads the replies. */
export interface BulkPlan<S, M> {
  /** The single create whose idempotency scope the items share. */
  readonly mutation: KeyedMutation;
  readonly send: (items: ReadonlyArray<S & CreateOptions>) => Promise<Array<GraphReply | GatewayError>>;
  /** The entity of a 2xx reply (throws a GatewayError when it cannot be read). */
  readonly read: (reply: GraphReply, item: S) => M;
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

function failed(index: number, error: GatewayError): CreateFailedModel {
  return { index, code: error.code, message: error.message, outcomeUnknown: error.code === ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, graph: error.graph ?? null };
}

/** Item to send, and how its outcome is handed back (to the results, or to its keyed create). */
interface Queued<S, M> {
  readonly index: number;
  readonly item: S & CreateOptions;
  readonly settle: (outcome: M | GatewayError) => void;
}

/**
 * A bulk create (contract §9): 1 to MAX_BULK_ITEMS items, else BAD_USER_INPUT and nothing sent; a bad item
 * fails alone. Keyed items go through contract §10 first: a replayed or refused one sends nothing, the
 * others are claimed, and every item to send goes out together through `plan.send` ($batch), each keyed
 * one with its record's client-request-id. One result per item, in item order.
 */
export async function createInBulk<S extends object, M>(ctx: GatewayContext, plan: BulkPlan<S, M>, entries: ReadonlyArray<BulkEntry<S>>): Promise<Array<BulkResult<M>>> {
  if (entries.length < 1 || entries.length > ctx.maxBulkItems) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "items" must have from 1 to ${ctx.maxBulkItems} items (MAX_BULK_ITEMS), got ${entries.length}.`);
  }
  if (ctx.idempotency.scope === null) throw new GatewayError(ErrorCode.UNAUTHENTICATED);
  const outcomes = new Array<M | GatewayError>(entries.length);
  let unexpected: { readonly error: unknown } | undefined;
  const queue: Array<Queued<S, M>> = [];
  // One per keyed item: settled once it has queued its create or was answered without one.
  const decided: Array<Promise<void>> = [];
  const keyed: Array<Promise<void>> = [];
  entries.forEach((entry, index) => {
    let item: S;
    try {
      item = entry.prepare();
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      outcomes[index] = error;
      return;
    }
    const key = entry.idempotencyKey;
    if (key === null || key === undefined) {
      queue.push({ index, item: { ...item, clientRequestId: undefined }, settle: (outcome) => (outcomes[index] = outcome) });
      return;
    }
    let queued!: () => void;
    decided.push(new Promise<void>((resolve) => (queued = resolve)));
    const create = (options: CreateOptions): Promise<M> =>
      new Promise<M>((resolve, reject) => {
        queue.push({ index, item: { ...item, ...options }, settle: (outcome) => (outcome instanceof GatewayError ? reject(outcome) : resolve(outcome)) });
        queued();
      });
    const run = runKeyed(ctx, plan.mutation, key, item, create).then(
      (result) => void (outcomes[index] = result.type === 'refused' ? refusalError(result.refusal) : result.entity),
      (error: unknown) => {
        if (error instanceof GatewayError) outcomes[index] = error;
        else unexpected ??= { error };
      },
    );
    keyed.push(run.finally(() => queued()));
  });
  await Promise.all(decided);
  // Keyed items joined the queue as their claims came back: send in item order all the same.
  queue.sort((a, b) => a.index - b.index);
  if (queue.length > 0) {
    let replies: Array<GraphReply | GatewayError>;
    try {
      replies = await plan.send(queue.map((q) => q.item));
    } catch (error) {
      // Not a Graph outcome (a bug): nothing says whether the items were sent, so their keys must not be reused.
      const unknown = new GatewayError(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
      for (const { settle } of queue) settle(unknown);
      throw error;
    }
    queue.forEach(({ item, settle }, i) => {
      const reply = replies[i]!;
      if (reply instanceof GatewayError) return settle(reply);
      try {
        settle(plan.read(reply, item));
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        settle(error);
      }
    });
  }
  await Promise.all(keyed);
  if (unexpected !== undefined) throw unexpected.error;
  return outcomes.map((outcome, index) => (outcome instanceof GatewayError ? failed(index, outcome) : { index, entity: outcome }));
}
