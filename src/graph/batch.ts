import type { GraphClientConfig } from '../config';
import { errorFromGraphStatus } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import type { GraphClient, GraphPath, GraphReply } from './client';
import { badResponseError, graphErrorInfo, type ResponseHeaders } from './envelope';
import { backoffMs, retryAfterMs } from './retry';

/** Graph's limit of requests in one $batch (graph-facts §6). */
export const BATCH_LIMIT = 20;

/** Item statuses worth another try: Graph did not serve the read this time. */
const RETRYABLE = new Set([429, 502, 503, 504]);

type RetryConfig = Pick<GraphClientConfig, 'retryMax' | 'retryBudgetMs' | 'retryBaseDelayMs'>;

interface ItemAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: unknown;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
  }
  return out;
}

/**
 * Reads `paths` (below the base URL, ids encoded) with Graph's JSON batching:
 * at most 20 per `POST /$batch`, chunks sent together, answers matched by id
 * whatever their order. Each path gets its own outcome: a 2xx reply, or the
 * contract error for its own status (a 404 is NOT_FOUND; the caller decides
 * what that means). Items answered 429 (or 502/503/504) are sent again in a
 * later batch after their Retry-After, within GRAPH_RETRY_MAX and the budget.
 */
export async function batchGet(
  client: GraphClient,
  authorization: string,
  paths: readonly GraphPath[],
  config: RetryConfig,
  scope?: RequestScope,
): Promise<Array<GraphReply | GatewayError>> {
  const outcomes = new Array<GraphReply | GatewayError>(paths.length);
  const started = Date.now();
  let pending = paths.map((_path, index) => index);
  for (let retries = 0; ; retries++) {
    const chunks: number[][] = [];
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) chunks.push(pending.slice(i, i + BATCH_LIMIT));
    const answered = await Promise.all(chunks.map((chunk) => sendChunk(client, authorization, paths, chunk, outcomes, retries, scope)));
    const again = answered.flat().filter((a) => RETRYABLE.has(a.status));
    if (again.length === 0 || retries >= config.retryMax) return outcomes;
    const delayMs = Math.max(0, ...again.map((a) => retryAfterMs(a.headers) ?? backoffMs(retries, config.retryBaseDelayMs)));
    if (Date.now() - started + delayMs >= config.retryBudgetMs) return outcomes;
    await new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref());
    pending = again.map((a) => a.index);
  }
}

/** Sends one $batch; fills `outcomes` for its items and returns the items' statuses. */
async function sendChunk(
  client: GraphClient,
  authorization: string,
  paths: readonly GraphPath[],
  chunk: readonly number[],
  outcomes: Array<GraphReply | GatewayError>,
  retries: number,
  scope: RequestScope | undefined,
): Promise<Array<{ index: number; status: number; headers: ResponseHeaders }>> {
  const requests = chunk.map((index) => ({ id: String(index), method: 'GET', url: paths[index]!.path }));
  client.metrics?.batchSize.observe(requests.length);
  let reply: GraphReply;
  try {
    reply = await client.send({ method: 'POST', path: '/$batch', route: '/$batch', body: { requests }, authorization, kind: 'read' }, scope);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    for (const index of chunk) outcomes[index] = error;
    return [];
  }
  const body = reply.body as { responses?: unknown } | null;
  const responses = Array.isArray(body?.responses) ? (body.responses as unknown[]) : null;
  const byId = new Map<string, ItemAnswer>();
  for (const item of responses ?? []) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, status, headers, body: itemBody } = item as Record<string, unknown>;
    if (typeof id === 'string' && typeof status === 'number') byId.set(id, { status, headers: lowerCaseHeaders(headers), body: itemBody });
  }
  const statuses: Array<{ index: number; status: number; headers: ResponseHeaders }> = [];
  for (const index of chunk) {
    const answer = byId.get(String(index));
    if (!answer) {
      outcomes[index] = badResponseError(reply, reply.clientRequestId, 'read', `a $batch answer that lacks item ${index}`);
      continue;
    }
    statuses.push({ index, status: answer.status, headers: answer.headers });
    if (answer.status >= 200 && answer.status <= 299) {
      outcomes[index] = { status: answer.status, headers: answer.headers, body: answer.body ?? null, clientRequestId: reply.clientRequestId };
    } else {
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      // The client-request-id the gateway sent (and logged) is the outer one.
      const info = { ...graphErrorInfo(answer.status, answer.headers, text, reply.clientRequestId), clientRequestId: reply.clientRequestId };
      outcomes[index] = errorFromGraphStatus(info, 'read', retries);
    }
  }
  return statuses;
}
