import type { GraphAuthorization } from '../caller/caller';
import { randomUUID } from 'node:crypto';
import type { GraphClientConfig } from '../config';
import { ErrorCode } from '../errors/codes';
import { type CallKind, errorFromGraphStatus } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import type { GraphCall, GraphClient, GraphPath, GraphReply } from './client';
import { badResponseError, graphErrorInfoOf, noAnswerInfo, type ResponseHeaders } from './envelope';
import { answerOutcome, backoffMs, RETRIED_AFTER, type RetryBudget, retryAfterMs, type RetryKind, sleep, type TryFailure } from './policy';

/** Graph's limit of requests in one $batch (graph-facts §6). */
export const BATCH_LIMIT = 20;

/** One request of a $batch: its path, and for a create its body and the client-request-id its first try must send. */
export interface BatchItem extends GraphPath {
  readonly body?: Record<string, unknown>;
  readonly clientRequestId?: string;
}

/** GRAPH_BATCH_CONCURRENCY ($batch calls of one operation's run in flight at once, reads and creates) and the back-off base. */
export type BatchOptions = Pick<GraphClientConfig, 'batchConcurrency' | 'retryBaseDelayMs'>;

/** One item's answer in a $batch answer. */
export interface ItemAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: unknown;
}

/** Items to send again and how long their answers asked to wait (undefined: back off). */
interface Again {
  readonly indexes: number[];
  readonly delaysMs: Array<number | undefined>;
  /** The $batch POST's own failure, when it is why the items go again. */
  readonly failed?: { readonly call: GraphCall; readonly failure: TryFailure };
}

/** A $batch of creates answered 2xx whose items cannot be read: each create may or may not have been made. */
function unknownItem(status: number, clientRequestId: string, what: string): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
    `Microsoft Graph answered the $batch of creates ${status} with ${what}: this record may or may not exist. Check before retrying.`,
    { ...noAnswerInfo(clientRequestId), status },
  );
}

/**
 * All that tells a $batch of reads from a $batch of creates (contract §9); one runner reads it. A create
 * item is a single create inside the $batch: its own method, body, headers and client-request-id, one write
 * of the caller's budget (contract §11), and never made twice (contract §7). Read items go under the
 * $batch's client-request-id.
 */
interface BatchRules {
  readonly method: 'GET' | 'POST';
  /** Each item sends its own client-request-id (and its answer's echo of it stands); else it is the $batch's. */
  readonly ownIds: boolean;
  /** The items are writes: counted in GraphCall.writes, and one answered 429 pauses the caller's bucket. */
  readonly writes: boolean;
  /** When an item answered with an error status goes again (RETRIED_AFTER). */
  readonly itemRetry: RetryKind;
  /** What an item gets when its whole $batch failed; `ownId` is the item's own client-request-id, if it has one. */
  readonly whenBatchFailed: (failure: TryFailure, ownId: string | undefined) => GatewayError;
  /** What an item gets when a 2xx $batch answer lacks it. */
  readonly whenUnanswered: (reply: GraphReply, clientRequestId: string, index: number) => GatewayError;
}

const RULES: Readonly<Record<CallKind, BatchRules>> = {
  read: {
    method: 'GET',
    ownIds: false,
    writes: false,
    itemRetry: 'batch-item',
    whenBatchFailed: (failure) => failure.error,
    whenUnanswered: (reply, id, index) => badResponseError(reply, id, 'read', `a $batch answer that lacks item ${index}`),
  },
  create: {
    method: 'POST',
    ownIds: true,
    writes: true,
    itemRetry: 'create-item',
    // Each item fails as a single create would (classify, kind 'create'), named by its own client-request-id;
    // an unreadable 2xx is unknown here, since it says nothing per item.
    whenBatchFailed: ({ outcome, error }, ownId) => {
      const id = ownId!; // ownIds: every create item has one
      const graph = error.graph === undefined ? undefined : { ...error.graph, clientRequestId: id };
      return outcome === 'unreadable' ? unknownItem(graph?.status ?? 200, id, 'a body the gateway cannot read') : new GatewayError(error.code, error.message, graph);
    },
    whenUnanswered: (reply, id, index) => unknownItem(reply.status, id, `an answer that lacks item ${index}`),
  },
};

/** An item's headers with lower-case names (string values only). A for-in loop: no entry arrays per item. */
function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  const named = headers as Record<string, unknown>;
  for (const name in named) {
    const value = named[name];
    if (typeof value === 'string') out[name.toLowerCase()] = value;
  }
  return out;
}

/** `indexes` cut into runs of at most `size`. */
export function chunked(indexes: readonly number[], size: number = BATCH_LIMIT): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < indexes.length; i += size) chunks.push(indexes.slice(i, i + size));
  return chunks;
}

/** The item answers of a $batch answer body, by id (Graph answers them in any order); malformed entries are left out. */
export function itemAnswers(body: unknown): Map<string, ItemAnswer> {
  const responses = (body as { responses?: unknown } | null)?.responses;
  const byId = new Map<string, ItemAnswer>();
  if (!Array.isArray(responses)) return byId;
  for (const item of responses as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const answer = item as Record<string, unknown>;
    const id = answer.id;
    const status = answer.status;
    if (typeof id === 'string' && typeof status === 'number') byId.set(id, { status, headers: lowerCaseHeaders(answer.headers), body: answer.body });
  }
  return byId;
}

/** Runs `work` over `inputs`, at most `limit` at a time; results in input order. */
async function mapLimited<I, O>(inputs: readonly I[], limit: number, work: (input: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await work(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/** One $batch run: what every chunk of it shares. */
interface Run {
  readonly client: GraphClient;
  readonly authorization: GraphAuthorization;
  readonly kind: CallKind;
  readonly rules: BatchRules;
  readonly items: readonly BatchItem[];
  readonly outcomes: Array<GraphReply | GatewayError>;
  readonly budget: RetryBudget;
  readonly scope: RequestScope | undefined;
}

/**
 * Sends `items` as calls of `kind` with Graph's JSON batching: at most 20 per `POST /$batch`, answers
 * matched by id whatever their order (RULES says what differs between reads and creates). Each item gets
 * its own outcome, in item order: a 2xx reply, or the contract error for its own answer (a 404 is
 * NOT_FOUND; the caller decides what that means).
 *
 * One retry level: a $batch POST is tried once; the items of a POST that failed in a way its kind is
 * retried after, and the items answered in a way their kind is retried after (RETRIED_AFTER), go again
 * together in later $batch calls after the longest Retry-After (else a back-off). So no create is made
 * twice (contract §7): a create item goes again only after its own 429, or when its whole $batch got a 429
 * or certainly was not sent. Each re-sent $batch takes one retry from the operation's budget, so the calls
 * of one operation never exceed its first tries plus GRAPH_RETRY_MAX, nor its GRAPH_RETRY_BUDGET_MS; what
 * does not fit keeps the error of its last try. Each $batch failure is logged once, as retried or as failed.
 */
export async function sendBatch(
  client: GraphClient,
  authorization: GraphAuthorization,
  kind: CallKind,
  items: readonly BatchItem[],
  budget: RetryBudget,
  options: BatchOptions,
  scope?: RequestScope,
): Promise<Array<GraphReply | GatewayError>> {
  const run: Run = { client, authorization, kind, rules: RULES[kind], items, outcomes: new Array(items.length), budget, scope };
  let chunks = chunked(items.map((_item, index) => index));
  for (let retries = 0; ; retries++) {
    // GRAPH_BATCH_CONCURRENCY bounds the $batch calls one operation has in flight, reads as creates: 1000
    // references are 50 $batch calls, which must not take every connection of the pool at once.
    const again = await mapLimited(chunks, options.batchConcurrency, (chunk) => sendChunk(run, chunk, retries));
    const left = again.flatMap((a) => a.indexes);
    if (left.length === 0) break;
    const delayMs = Math.max(0, ...again.flatMap((a) => a.delaysMs.map((ms) => ms ?? backoffMs(retries, options.retryBaseDelayMs))));
    chunks = [];
    for (const chunk of chunked(left)) {
      if (!budget.takeRetry(delayMs)) break;
      chunks.push(chunk);
    }
    const resent = new Set(chunks.flat());
    for (const { indexes: sent, failed } of again) {
      if (!failed) continue;
      if (resent.has(sent[0]!)) client.telemetry.retried(failed.call, failed.failure, retries, delayMs);
      else client.telemetry.failed(failed.call, failed.failure, retries);
    }
    if (chunks.length === 0) break;
    await sleep(delayMs);
  }
  return run.outcomes;
}

/** The request of item `index` in a $batch, sent under `id` when its kind gives items their own. */
function itemRequest(run: Run, index: number, id: string | undefined, retries: number) {
  const item = run.items[index]!;
  if (id === undefined) return { id: String(index), method: run.rules.method, url: item.path };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'client-request-id': id };
  if (retries > 0) headers['retry-attempt'] = String(retries);
  return { id: String(index), method: run.rules.method, url: item.path, headers, body: item.body };
}

/** Sends one $batch (one try); fills the outcomes of its items and returns those to send again. */
async function sendChunk(run: Run, chunk: readonly number[], retries: number): Promise<Again> {
  const { client, rules, outcomes } = run;
  // A create item's own id: the record's on a keyed item's first try, fresh otherwise (as a single create's tries).
  const ids = chunk.map((index) => (rules.ownIds ? ((retries === 0 ? run.items[index]!.clientRequestId : undefined) ?? randomUUID()) : undefined));
  const requests = chunk.map((index, at) => itemRequest(run, index, ids[at], retries));
  client.metrics?.batchSize.observe(requests.length);
  const envelope = { method: 'POST', path: '/$batch', route: '/$batch', body: { requests }, authorization: run.authorization } as const;
  // Each item of a $batch of creates is one write (contract §11).
  const call: GraphCall = run.kind === 'create' ? { ...envelope, kind: 'create', writes: requests.length } : { ...envelope, kind: 'read' };
  const result = await client.tryOnce(call, retries, run.budget, run.scope);
  if (!result.ok) {
    chunk.forEach((index, at) => (outcomes[index] = rules.whenBatchFailed(result, ids[at])));
    if (RETRIED_AFTER[run.kind].has(result.outcome)) return { indexes: [...chunk], delaysMs: [result.retryAfterMs], failed: { call, failure: result } };
    client.telemetry.failed(call, result, retries);
    return { indexes: [], delaysMs: [] };
  }
  const { reply } = result;
  const answers = itemAnswers(reply.body);
  const again: Again = { indexes: [], delaysMs: [] };
  // Items answered 429 pause their bucket on every replica, as a single create's 429 does (contract §11).
  const throttledAfterMs: Array<number | undefined> = [];
  chunk.forEach((index, at) => {
    const id = ids[at] ?? reply.clientRequestId;
    const answer = answers.get(String(index));
    if (!answer) {
      outcomes[index] = rules.whenUnanswered(reply, id, index);
      return;
    }
    if (answer.status >= 200 && answer.status <= 299) {
      outcomes[index] = { status: answer.status, headers: answer.headers, body: answer.body ?? null, clientRequestId: id };
      return;
    }
    const info = graphErrorInfoOf(answer.status, answer.headers, answer.body ?? null, id);
    // Under the $batch's id, the id the gateway sent (and logged) is the outer one, whatever the item says.
    outcomes[index] = errorFromGraphStatus(rules.ownIds ? info : { ...info, clientRequestId: id }, run.kind, retries);
    const afterMs = retryAfterMs(answer.headers);
    if (RETRIED_AFTER[rules.itemRetry].has(answerOutcome(answer.status))) {
      again.indexes.push(index);
      again.delaysMs.push(afterMs);
    }
    if (rules.writes && answer.status === 429) throttledAfterMs.push(afterMs);
  });
  if (throttledAfterMs.length > 0) {
    const known = throttledAfterMs.filter((ms): ms is number => ms !== undefined);
    await client.writeThrottled(run.authorization, known.length > 0 ? Math.max(...known) : undefined, retries);
  }
  return again;
}
