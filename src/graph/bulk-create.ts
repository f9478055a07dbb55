import { randomUUID } from 'node:crypto';
import type { GraphAuthorization } from '../caller/caller';
import { ErrorCode } from '../errors/codes';
import { errorFromGraphStatus } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import { type Again, itemAnswers, sendInRounds } from './batch';
import type { GraphClientConfig } from '../config';
import type { GraphCall, GraphClient, GraphPath, GraphReply } from './client';
import { graphErrorInfo, noAnswerInfo } from './envelope';
import { answerOutcome, RETRIED_AFTER, type RetryBudget, retryAfterMs } from './policy';

/** One create of a bulk create: where it goes, what it sends, and the client-request-id its first try must send. */
export interface CreateItem extends GraphPath {
  readonly body: Record<string, unknown>;
  readonly clientRequestId?: string;
}

/** GRAPH_BATCH_CONCURRENCY ($batch calls in flight at once) and the back-off base. */
export type BulkCreateOptions = Pick<GraphClientConfig, 'batchConcurrency' | 'retryBaseDelayMs'>;

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

/** A $batch answered 2xx whose items cannot be read: each create may or may not have been made. */
function unknownItem(status: number, clientRequestId: string, what: string): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
    `Microsoft Graph answered the $batch of creates ${status} with ${what}: this record may or may not exist. Check before retrying.`,
    { ...noAnswerInfo(clientRequestId), status },
  );
}

/**
 * Creates `items` with Graph's JSON batching (contract §9): at most 20 creates per `POST /$batch`, up to
 * `concurrency` of those at once, each item with the method, path, body and headers of the single create
 * and its own client-request-id. Each item gets its own outcome, in item order: a 2xx reply, or the error a
 * single create would get for its answer (contract §6).
 *
 * No create is made twice (contract §7): an item goes again, in a later $batch after the longest
 * Retry-After, only after its own 429, or when its whole $batch got a 429 or certainly was not sent (no
 * connection). A $batch sent with no readable answer (timeout, reset, 502/504, an unreadable body) leaves
 * every item it carried UPSTREAM_OUTCOME_UNKNOWN. Rounds and the retry budget as batch.ts sendInRounds.
 */
export async function bulkCreate(
  client: GraphClient,
  authorization: GraphAuthorization,
  items: readonly CreateItem[],
  budget: RetryBudget,
  options: BulkCreateOptions,
  scope?: RequestScope,
): Promise<Array<GraphReply | GatewayError>> {
  const outcomes = new Array<GraphReply | GatewayError>(items.length);
  const indexes = items.map((_item, index) => index);
  await sendInRounds(client, indexes, budget, options.retryBaseDelayMs, (chunks, retries) =>
    mapLimited(chunks, options.batchConcurrency, (chunk) => sendChunk(client, authorization, items, chunk, outcomes, retries, budget, scope)),
  );
  return outcomes;
}

/** Sends one $batch of creates (one try); fills `outcomes` for its items and returns those to send again. */
async function sendChunk(
  client: GraphClient,
  authorization: GraphAuthorization,
  items: readonly CreateItem[],
  chunk: readonly number[],
  outcomes: Array<GraphReply | GatewayError>,
  retries: number,
  budget: RetryBudget,
  scope: RequestScope | undefined,
): Promise<Again> {
  // Each item's own id: the record's on a keyed item's first try, fresh otherwise (as a single create's tries).
  const ids = chunk.map((index) => (retries === 0 ? items[index]!.clientRequestId : undefined) ?? randomUUID());
  const requests = chunk.map((index, at) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'client-request-id': ids[at]! };
    if (retries > 0) headers['retry-attempt'] = String(retries);
    return { id: String(index), method: 'POST', url: items[index]!.path, headers, body: items[index]!.body };
  });
  client.metrics?.batchSize.observe(requests.length);
  const call: GraphCall = { method: 'POST', path: '/$batch', route: '/$batch', body: { requests }, authorization, kind: 'create', writes: requests.length };
  const result = await client.tryOnce(call, retries, budget, scope);
  if (!result.ok) {
    // The whole $batch failed: each item it carried fails as a single create would (classify, kind 'create'),
    // named by its own client-request-id; an unreadable 2xx is unknown here, since it says nothing per item.
    chunk.forEach((index, at) => {
      const { error } = result;
      const graph = error.graph === undefined ? undefined : { ...error.graph, clientRequestId: ids[at]! };
      outcomes[index] =
        result.outcome === 'unreadable'
          ? unknownItem(graph?.status ?? 200, ids[at]!, 'a body the gateway cannot read')
          : new GatewayError(error.code, error.message, graph);
    });
    if (RETRIED_AFTER.create.has(result.outcome)) return { indexes: [...chunk], delaysMs: [result.retryAfterMs], failed: { call, failure: result } };
    client.telemetry.failed(call, result, retries);
    return { indexes: [], delaysMs: [] };
  }
  const { reply } = result;
  const answers = itemAnswers(reply.body);
  const again: Again = { indexes: [], delaysMs: [] };
  // Items answered 429 pause their bucket on every replica, as a single create's 429 does (contract §11).
  let throttled = false;
  const throttledAfterMs: number[] = [];
  chunk.forEach((index, at) => {
    const clientRequestId = ids[at]!;
    const answer = answers.get(String(index));
    if (!answer) {
      outcomes[index] = unknownItem(reply.status, clientRequestId, `an answer that lacks item ${index}`);
      return;
    }
    if (answer.status >= 200 && answer.status <= 299) {
      outcomes[index] = { status: answer.status, headers: answer.headers, body: answer.body ?? null, clientRequestId };
      return;
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    outcomes[index] = errorFromGraphStatus(graphErrorInfo(answer.status, answer.headers, text, clientRequestId), 'create', retries);
    const afterMs = retryAfterMs(answer.headers);
    if (RETRIED_AFTER['create-item'].has(answerOutcome(answer.status))) {
      again.indexes.push(index);
      again.delaysMs.push(afterMs);
    }
    if (answer.status === 429) {
      throttled = true;
      if (afterMs !== undefined) throttledAfterMs.push(afterMs);
    }
  });
  if (throttled) await client.writeThrottled(authorization, throttledAfterMs.length > 0 ? Math.max(...throttledAfterMs) : undefined, retries);
  return again;
}
