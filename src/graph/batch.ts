import type { GraphAuthorization } from '../caller/caller';
import { errorFromGraphStatus } from '../errors/from-graph';
import type { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import type { GraphCall, GraphClient, GraphPath, GraphReply } from './client';
import { badResponseError, graphErrorInfo, type ResponseHeaders } from './envelope';
import { answerOutcome, backoffMs, RETRIED_AFTER, type RetryBudget, retryAfterMs, sleep, type TryFailure } from './policy';

/** Graph's limit of requests in one $batch (graph-facts §6). */
export const BATCH_LIMIT = 20;

/** One item's answer in a $batch answer. */
export interface ItemAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: unknown;
}

/** Items to send again and how long their answers asked to wait (undefined: back off). */
export interface Again {
  readonly indexes: number[];
  readonly delaysMs: Array<number | undefined>;
  /** The $batch POST's own failure, when it is why the items go again. */
  readonly failed?: { readonly call: GraphCall; readonly failure: TryFailure };
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) {
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
  for (const item of Array.isArray(responses) ? (responses as unknown[]) : []) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, status, headers, body: itemBody } = item as Record<string, unknown>;
    if (typeof id === 'string' && typeof status === 'number') byId.set(id, { status, headers: lowerCaseHeaders(headers), body: itemBody });
  }
  return byId;
}

/**
 * Reads `paths` (below the base URL, ids encoded) with Graph's JSON batching:
 * at most 20 per `POST /$batch`, chunks sent together, answers matched by id
 * whatever their order. Each path gets its own outcome: a 2xx reply, or the
 * contract error for its own status (a 404 is NOT_FOUND; the caller decides
 * what that means).
 *
 * One retry level: a $batch POST is tried once; items whose POST failed as
 * a read may be retried, or that were answered as a batch item may be
 * (RETRIED_AFTER), go again together in later $batch calls after the longest
 * Retry-After. Each such POST takes one retry from the operation's budget,
 * so the calls of one operation never exceed its first tries plus
 * GRAPH_RETRY_MAX, nor its GRAPH_RETRY_BUDGET_MS.
 */
export async function batchGet(
  client: GraphClient,
  authorization: GraphAuthorization,
  paths: readonly GraphPath[],
  budget: RetryBudget,
  baseDelayMs: number,
  scope?: RequestScope,
): Promise<Array<GraphReply | GatewayError>> {
  const outcomes = new Array<GraphReply | GatewayError>(paths.length);
  const indexes = paths.map((_path, index) => index);
  await sendInRounds(client, indexes, budget, baseDelayMs, (chunks, retries) =>
    Promise.all(chunks.map((chunk) => sendChunk(client, authorization, paths, chunk, outcomes, retries, budget, scope))),
  );
  return outcomes;
}

/**
 * The one retry level of $batch: sends `indexes` in chunks of 20 through `round`, then the items a round
 * returns to send again, in later rounds after the longest wait their answers asked for (else a back-off).
 * Each re-sent $batch takes one retry from the operation's budget; what does not fit is left with the error
 * of its last try. Each $batch failure is logged once, as retried or as failed.
 */
export async function sendInRounds(
  client: GraphClient,
  indexes: readonly number[],
  budget: RetryBudget,
  baseDelayMs: number,
  round: (chunks: number[][], retries: number) => Promise<Again[]>,
): Promise<void> {
  let chunks = chunked(indexes);
  for (let retries = 0; ; retries++) {
    const again = await round(chunks, retries);
    const left = again.flatMap((a) => a.indexes);
    if (left.length === 0) return;
    const delayMs = Math.max(0, ...again.flatMap((a) => a.delaysMs.map((ms) => ms ?? backoffMs(retries, baseDelayMs))));
    chunks = [];
    for (const chunk of chunked(left)) {
      if (!budget.takeRetry(delayMs)) break;
      chunks.push(chunk);
    }
    // Items left out keep the error of their last try.
    const resent = new Set(chunks.flat());
    for (const { indexes: items, failed } of again) {
      if (!failed) continue;
      if (resent.has(items[0]!)) client.telemetry.retried(failed.call, failed.failure, retries, delayMs);
      else client.telemetry.failed(failed.call, failed.failure, retries);
    }
    if (chunks.length === 0) return;
    await sleep(delayMs);
  }
}

/** Sends one $batch (one try); fills `outcomes` for its items and returns those to send again. */
async function sendChunk(
  client: GraphClient,
  authorization: GraphAuthorization,
  paths: readonly GraphPath[],
  chunk: readonly number[],
  outcomes: Array<GraphReply | GatewayError>,
  retries: number,
  budget: RetryBudget,
  scope: RequestScope | undefined,
): Promise<Again> {
  const requests = chunk.map((index) => ({ id: String(index), method: 'GET', url: paths[index]!.path }));
  client.metrics?.batchSize.observe(requests.length);
  const call: GraphCall = { method: 'POST', path: '/$batch', route: '/$batch', body: { requests }, authorization, kind: 'read' };
  const result = await client.tryOnce(call, retries, budget, scope);
  if (!result.ok) {
    for (const index of chunk) outcomes[index] = result.error;
    if (RETRIED_AFTER.read.has(result.outcome)) return { indexes: [...chunk], delaysMs: [result.retryAfterMs], failed: { call, failure: result } };
    client.telemetry.failed(call, result, retries);
    return { indexes: [], delaysMs: [] };
  }
  const { reply } = result;
  const byId = itemAnswers(reply.body);
  const again: Again = { indexes: [], delaysMs: [] };
  for (const index of chunk) {
    const answer = byId.get(String(index));
    if (!answer) {
      outcomes[index] = badResponseError(reply, reply.clientRequestId, 'read', `a $batch answer that lacks item ${index}`);
      continue;
    }
    if (answer.status >= 200 && answer.status <= 299) {
      outcomes[index] = { status: answer.status, headers: answer.headers, body: answer.body ?? null, clientRequestId: reply.clientRequestId };
      continue;
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    // The client-request-id the gateway sent (and logged) is the outer one.
    const info = { ...graphErrorInfo(answer.status, answer.headers, text, reply.clientRequestId), clientRequestId: reply.clientRequestId };
    outcomes[index] = errorFromGraphStatus(info, 'read', retries);
    if (RETRIED_AFTER['batch-item'].has(answerOutcome(answer.status))) {
      again.indexes.push(index);
      again.delaysMs.push(retryAfterMs(answer.headers));
    }
  }
  return again;
}
