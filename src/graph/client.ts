import { randomUUID } from 'node:crypto';
import type { GraphAuthorization } from '../caller/caller';
import type { GraphClientConfig } from '../config';
import type { CallKind } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { RequestScope } from '../observability/request-scope';
import { badResponseError } from './envelope';
import { backoffMs, budgetSpent, classify, RETRIED_AFTER, RetryBudget, sleep, type TryFailure, tryTimeoutMs } from './policy';
import { GraphTelemetry } from './telemetry';
import { type GraphCall, type GraphReply, GraphTransport, type TryOutcome } from './transport';
import type { WriteBudget, WritePermit } from './write-budget';

export type { GraphCall, GraphPath, GraphReply } from './transport';

/** One try of a call: a 2xx reply, or why not. */
export type TryResult = { readonly ok: true; readonly reply: GraphReply } | ({ readonly ok: false } & TryFailure);

const USER_AGENT = 'intune-graphql-gateway';

/**
 * The only way the gateway talks to Graph. It puts together the transport
 * (transport.ts: pool, deadline, size and queue bounds), the policy
 * (policy.ts: what a failed try means, what is sent again, the operation's
 * budget) and the telemetry (telemetry.ts: spans, metrics, a log line for
 * each failed try). Each try has a fresh client-request-id (contract §6),
 * except a first try whose call names its own.
 */
export class GraphClient {
  private readonly transport: GraphTransport;
  readonly telemetry: GraphTelemetry;

  constructor(
    private readonly config: GraphClientConfig,
    log: Logger,
    /** Counts and times every try; optional so that tools can use the client bare. */
    metrics?: GatewayMetrics,
    /** Shapes every try of a write (contract §11); unset: writes go out unshaped. */
    private readonly writeBudget?: WriteBudget,
  ) {
    this.transport = new GraphTransport(config);
    this.telemetry = new GraphTelemetry(log, metrics);
  }

  get metrics(): GatewayMetrics | undefined {
    return this.telemetry.metrics;
  }

  /** A budget of its own for a call made outside any operation (tools, tests). */
  newBudget(): RetryBudget {
    return new RetryBudget(this.config);
  }

  /**
   * Sends the call, retried as RETRIED_AFTER says for its kind while
   * `budget` allows; resolves with a 2xx reply or rejects with a
   * GatewayError. Each try is counted in `scope` and traced as a child of
   * its trace context.
   */
  async send(call: GraphCall, scope?: RequestScope, budget: RetryBudget = this.newBudget()): Promise<GraphReply> {
    for (let retries = 0; ; retries++) {
      const result = await this.tryOnce(call, retries, budget, scope);
      if (result.ok) return result.reply;
      const delayMs = result.retryAfterMs ?? backoffMs(retries, this.config.retryBaseDelayMs);
      if (!RETRIED_AFTER[call.kind].has(result.outcome) || !budget.takeRetry(delayMs)) {
        this.telemetry.failed(call, result, retries);
        throw result.error;
      }
      this.telemetry.retried(call, result, retries, delayMs);
      await sleep(delayMs);
    }
  }

  /**
   * One try of the call, with no retry: its deadline is GRAPH_TIMEOUT_MS cut
   * to what is left of `budget`, and a call whose budget has run out is not
   * sent at all. `retries` is how many tries of this call came before.
   */
  async tryOnce(call: GraphCall, retries: number, budget: RetryBudget, scope?: RequestScope): Promise<TryResult> {
    if (budget.remainingMs() <= 0) return { ok: false, ...budgetSpent(call.kind, this.config.retryBudgetMs) };
    const writes = writesOf(call);
    if (writes === 0 || this.writeBudget === undefined) return this.sendTry(call, retries, budget, scope);
    const slot = await this.writeBudget.acquire(call.authorization.bucket, writes, budget.deadline);
    if (!slot.ok) return { ok: false, outcome: 'write-budget-shed', clientRequestId: null, error: slot.error, retryAfterMs: undefined };
    return this.sendWrite(call, retries, budget, scope, slot.permit);
  }

  /**
   * Graph answered a write of this caller 429: its bucket pauses on every
   * replica (contract §11) for `retryAfterMs`, or the back-off of retry
   * `retries` without one. Also for a $batch item answered 429.
   */
  async writeThrottled(authorization: GraphAuthorization, retryAfterMs: number | undefined, retries: number): Promise<void> {
    await this.writeBudget?.pause(authorization.bucket, retryAfterMs ?? backoffMs(retries, this.config.retryBaseDelayMs));
  }

  /** A write's try with its slots: a 429 pauses its bucket on every replica (contract §11) before the try returns. */
  private async sendWrite(call: GraphCall, retries: number, budget: RetryBudget, scope: RequestScope | undefined, permit: WritePermit): Promise<TryResult> {
    try {
      const result = await this.sendTry(call, retries, budget, scope);
      if (!result.ok && result.outcome === 'throttled') await this.writeThrottled(call.authorization, result.retryAfterMs, retries);
      return result;
    } finally {
      void permit.release();
    }
  }

  private async sendTry(call: GraphCall, retries: number, budget: RetryBudget, scope?: RequestScope): Promise<TryResult> {
    const clientRequestId = retries === 0 && call.clientRequestId !== undefined ? call.clientRequestId : randomUUID();
    const timeoutMs = tryTimeoutMs(this.config.timeoutMs, budget);
    const observation = this.telemetry.startTry(call, clientRequestId, retries, scope);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      authorization: call.authorization.header,
      accept: 'application/json',
      'client-request-id': clientRequestId,
      'user-agent': USER_AGENT,
      ...observation.traceHeaders,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (retries > 0) headers['retry-attempt'] = String(retries);
    const path = call.path + (call.query ? `?${call.query}` : '');
    const outcome = await this.transport.send({ method: call.method, path, headers, body }, timeoutMs);
    const status = outcome.type === 'answer' ? outcome.status : 0;
    if (outcome.type === 'answer' && status >= 200 && status <= 299) {
      observation.end(status, 'ok');
      try {
        return { ok: true, reply: reply(outcome, clientRequestId, call.kind) };
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        return { ok: false, outcome: 'unreadable', clientRequestId, error, retryAfterMs: undefined };
      }
    }
    const failure = classify(outcome, { kind: call.kind, clientRequestId, retries, timeoutMs, config: this.config });
    observation.end(status, failure.error.code, failure.error.message);
    return { ok: false, ...failure };
  }

  /** Closes the pool; calls in flight fail. */
  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** The writes a call costs against the write budget: what it says (GraphCall.writes; a read says none). */
export function writesOf(call: GraphCall): number {
  return call.writes ?? 0;
}

/** A 2xx answer with its body parsed; a body that is not JSON is UPSTREAM_BAD_RESPONSE. */
function reply(outcome: Extract<TryOutcome, { type: 'answer' }>, clientRequestId: string, kind: CallKind): GraphReply {
  const text = outcome.body;
  if (text === '') return { status: outcome.status, headers: outcome.headers, body: null, clientRequestId };
  try {
    return { status: outcome.status, headers: outcome.headers, body: JSON.parse(text), clientRequestId };
  } catch {
    throw badResponseError(outcome, clientRequestId, kind, 'a body that is not JSON');
  }
}
