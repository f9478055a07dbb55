import { randomUUID } from 'node:crypto';
import { Pool, type Dispatcher } from 'undici';
import type { GraphClientConfig } from '../config';
import type { CallKind } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../observability/metrics';
import type { RequestScope } from '../observability/request-scope';
import { failSpan, SpanKind, startSpan } from '../observability/tracing';
import type { Logger } from '../observability/logger';
import { badResponseError, type ResponseHeaders } from './envelope';
import {
  backoffMs,
  budgetSpent,
  classify,
  type Outcome,
  RETRIED_AFTER,
  RetryBudget,
  sleep,
  type TryFailure,
  type TryOutcome,
  tryTimeoutMs,
} from './policy';

/** A path below the base URL (ids encoded) with its template (no ids). */
export interface GraphPath {
  readonly path: string;
  readonly route: string;
}

/** One call to Graph, as the endpoints describe it. */
export interface GraphCall {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL with its ids already encoded (paths.ts), e.g. '/users/u%2F1/managedAppRegistrations'. */
  readonly path: string;
  /** The path's template for metrics and traces, e.g. '/users/{userId}/managedAppRegistrations' (never raw ids). */
  readonly route: string;
  /** Query string without the '?', already encoded. */
  readonly query?: string;
  readonly body?: unknown;
  /** The caller's Authorization header value, forwarded unchanged. */
  readonly authorization: string;
  readonly kind: CallKind;
}

/** A 2xx answer with its JSON body parsed. */
export interface GraphReply {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** Parsed JSON; null for an empty body. */
  readonly body: unknown;
  readonly clientRequestId: string;
}

/** One try of a call: a 2xx reply, or why not. */
export type TryResult = { readonly ok: true; readonly reply: GraphReply } | ({ readonly ok: false } & TryFailure);

const USER_AGENT = 'intune-graphql-gateway';

/** The retries counter's reason for a try's outcome. */
const RETRY_REASON: Readonly<Record<Outcome, string>> = {
  throttled: 'throttled',
  unavailable: 'unavailable',
  'bad-gateway': 'unavailable',
  refused: 'unavailable',
  'connect-failed': 'connection',
  'no-connection-in-time': 'timeout',
  timeout: 'timeout',
  dropped: 'connection',
  shed: 'connection',
  unreadable: 'unavailable',
  'budget-spent': 'timeout',
};

/**
 * The only way the gateway talks to Graph: one bounded keep-alive undici
 * pool, a deadline on every try, a fresh client-request-id per try, and
 * retries as policy.ts says, within the operation's RetryBudget (contract §7).
 */
export class GraphClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  /** Calls dispatched that have not reached a socket yet. */
  private waiting = 0;

  constructor(
    private readonly config: GraphClientConfig,
    readonly log: Logger,
    /** Counts and times every try; optional so that tools can use the client bare. */
    readonly metrics?: GatewayMetrics,
  ) {
    const url = new URL(config.baseUrl);
    this.pool = new Pool(url.origin, { connections: config.connections, pipelining: 1 });
    this.basePath = url.pathname.replace(/\/+$/, '');
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
        this.failed(call, result, retries);
        throw result.error;
      }
      this.retrying(call, result, retries, delayMs);
      await sleep(delayMs);
    }
  }

  /**
   * One try of the call, with no retry: its deadline is GRAPH_TIMEOUT_MS cut
   * to what is left of `budget`, and a call whose budget has run out is not
   * sent at all. `retries` is how many tries of this call came before.
   */
  async tryOnce(call: GraphCall, retries: number, budget: RetryBudget, scope?: RequestScope): Promise<TryResult> {
    if (budget.remainingMs() <= 0) {
      return { ok: false, ...budgetSpent(call.kind, this.config.retryBudgetMs) };
    }
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const clientRequestId = randomUUID();
    const timeoutMs = tryTimeoutMs(this.config.timeoutMs, budget);
    if (scope) {
      scope.upstreamCalls++;
      scope.clientRequestIds.push(clientRequestId);
    }
    const span = startSpan(`${call.method} ${call.route}`, scope?.traceContext ?? ROOT_CONTEXT, SpanKind.CLIENT, {
      'http.request.method': call.method,
      'url.template': call.route,
      'graph.client_request_id': clientRequestId,
      'http.request.resend_count': retries,
    });
    const tryStarted = performance.now();
    const outcome = await this.dispatch(call, body, clientRequestId, retries, timeoutMs, span.isRecording() ? trace.setSpan(scope?.traceContext ?? ROOT_CONTEXT, span) : undefined);
    const status = outcome.type === 'answer' ? outcome.status : 0;
    if (status !== 0) span.setAttribute('http.response.status_code', status);
    this.metrics?.upstreamDuration.observe({ method: call.method, route: call.route }, (performance.now() - tryStarted) / 1000);
    if (status >= 200 && status <= 299) {
      this.metrics?.upstreamRequests.inc({ method: call.method, route: call.route, status: String(status), code: 'ok' });
      span.end();
      try {
        return { ok: true, reply: this.reply(outcome as Extract<TryOutcome, { type: 'answer' }>, clientRequestId, call.kind) };
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        return { ok: false, outcome: 'unreadable', clientRequestId, error, retryAfterMs: undefined };
      }
    }
    const failure = classify(outcome, { kind: call.kind, clientRequestId, retries, timeoutMs, config: this.config });
    this.metrics?.upstreamRequests.inc({ method: call.method, route: call.route, status: status === 0 ? 'none' : String(status), code: failure.error.code });
    span.setAttribute('graph.error_code', failure.error.code);
    failSpan(span, failure.error.message);
    span.end();
    return { ok: false, ...failure };
  }

  /** Logs a call that failed for good. A read's 404 is an answer (null), not a failure worth a warning. */
  failed(call: GraphCall, failure: TryFailure, retries: number): void {
    const status = failure.error.graph?.status ?? null;
    const level = call.kind === 'read' && status === 404 ? 'debug' : 'warn';
    this.log[level](
      { method: call.method, path: call.path, code: failure.error.code, status, clientRequestId: failure.clientRequestId, retries },
      'graph call failed',
    );
  }

  /** Logs and counts a call about to be sent again. */
  retrying(call: GraphCall, failure: TryFailure, retries: number, delayMs: number): void {
    this.log.info(
      { method: call.method, path: call.path, status: failure.error.graph?.status ?? null, clientRequestId: failure.clientRequestId, retry: retries + 1, delayMs },
      'graph call retried',
    );
    this.metrics?.upstreamRetries.inc({ reason: RETRY_REASON[failure.outcome] });
  }

  /** Closes the pool; calls in flight fail. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private reply(outcome: Extract<TryOutcome, { type: 'answer' }>, clientRequestId: string, kind: CallKind): GraphReply {
    const text = outcome.body.toString('utf8');
    if (text === '') return { status: outcome.status, headers: outcome.headers, body: null, clientRequestId };
    try {
      return { status: outcome.status, headers: outcome.headers, body: JSON.parse(text), clientRequestId };
    } catch {
      throw badResponseError(outcome, clientRequestId, kind, 'a body that is not JSON');
    }
  }

  /**
   * One try through the pool's dispatch API. `onRequestStart` runs right
   * before undici writes the request to a socket, so a failure before it
   * proves the request never left (safe to retry, even a create).
   */
  private dispatch(
    call: GraphCall,
    body: string | undefined,
    clientRequestId: string,
    retries: number,
    timeoutMs: number,
    traceContext: ReturnType<typeof trace.setSpan> | undefined,
  ): Promise<TryOutcome> {
    const headers: Record<string, string> = {
      authorization: call.authorization,
      accept: 'application/json',
      'client-request-id': clientRequestId,
      'user-agent': USER_AGENT,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (retries > 0) headers['retry-attempt'] = String(retries);
    // W3C traceparent, only when a tracing SDK records this span.
    if (traceContext) propagation.inject(traceContext, headers);
    const path = this.basePath + call.path + (call.query ? `?${call.query}` : '');
    const maxBytes = this.config.maxResponseBytes;
    if (this.waiting >= this.config.queueMax) {
      // Shed instead of queueing without bound when Graph is slow: nothing was sent.
      return Promise.resolve({ type: 'failure', sent: false, timedOut: false, tooLargeStatus: 0, shed: true, error: new Error('queue full') });
    }
    this.waiting++;

    return new Promise<TryOutcome>((resolve) => {
      let settled = false;
      let sent = false;
      let timedOut = false;
      let controller: Dispatcher.DispatchController | undefined;
      let status = 0;
      let responseHeaders: ResponseHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;

      let counted = true;
      const uncount = (): void => {
        if (counted) {
          counted = false;
          this.waiting--;
        }
      };
      const settle = (outcome: TryOutcome): void => {
        if (settled) return;
        settled = true;
        uncount();
        clearTimeout(timer);
        resolve(outcome);
      };
      const fail = (error: Error, tooLargeStatus = 0): void =>
        settle({ type: 'failure', sent, timedOut, tooLargeStatus, shed: false, error });

      const timer = setTimeout(() => {
        timedOut = true;
        const error = new Error(`deadline of ${timeoutMs} ms passed`);
        if (controller) controller.abort(error);
        fail(error);
      }, timeoutMs);
      timer.unref();

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(ctrl) {
          controller = ctrl;
          uncount();
          // The deadline passed while the request waited for a connection:
          // abort before a single byte is written.
          if (settled) ctrl.abort(new Error('abandoned before sending'));
          else sent = true;
        },
        onResponseStart(_ctrl, statusCode, resHeaders) {
          status = statusCode;
          responseHeaders = resHeaders as ResponseHeaders;
        },
        onResponseData(ctrl, chunk) {
          size += chunk.length;
          if (size > maxBytes) {
            const error = new Error('response body too large');
            fail(error, status);
            ctrl.abort(error);
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle({ type: 'answer', status, headers: responseHeaders, body: Buffer.concat(chunks, size) });
        },
        onResponseError(_ctrl, error) {
          fail(error);
        },
      };
      try {
        this.pool.dispatch({ path, method: call.method, headers, body }, handler);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}
