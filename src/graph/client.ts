import { randomUUID } from 'node:crypto';
import { Pool, type Dispatcher } from 'undici';
import type { GraphClientConfig } from '../config';
import { errorFromGraphStatus, type CallKind } from '../errors/from-graph';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../observability/metrics';
import type { RequestScope } from '../observability/request-scope';
import { failSpan, SpanKind, startSpan } from '../observability/tracing';
import type { Logger } from '../observability/logger';
import { badResponseError, graphErrorInfo, noAnswerInfo, type ResponseHeaders } from './envelope';
import { backoffMs, retryAfterMs } from './retry';

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

type TryOutcome =
  | { readonly type: 'answer'; readonly status: number; readonly headers: ResponseHeaders; readonly body: Buffer }
  /** No answer. `sent`: the request had started to be written to a socket. */
  | {
      readonly type: 'failure';
      readonly sent: boolean;
      readonly timedOut: boolean;
      /** The answer's status when its body was over the size limit; 0 otherwise. */
      readonly tooLargeStatus: number;
      /** Not even queued: GRAPH_QUEUE_MAX calls were already waiting for a connection. */
      readonly shed: boolean;
      readonly error: Error;
    };

interface Decision {
  readonly error: GatewayError;
  readonly retry: boolean;
  readonly delayMs?: number;
}

const USER_AGENT = 'intune-graphql-gateway';

/** The retries counter's reason for a failed try. */
function retryReason(outcome: TryOutcome): string {
  if (outcome.type === 'answer') return outcome.status === 429 ? 'throttled' : 'unavailable';
  return outcome.timedOut ? 'timeout' : 'connection';
}

/**
 * The only way the gateway talks to Graph: one bounded keep-alive undici
 * pool, a deadline on every try, a fresh client-request-id per try, and
 * retries that never repeat a create Graph may have acted on (contract §7).
 */
export class GraphClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  /** Calls dispatched that have not reached a socket yet. */
  private waiting = 0;

  constructor(
    private readonly config: GraphClientConfig,
    private readonly log: Logger,
    /** Counts and times every try; optional so that tools can use the client bare. */
    readonly metrics?: GatewayMetrics,
  ) {
    const url = new URL(config.baseUrl);
    this.pool = new Pool(url.origin, { connections: config.connections, pipelining: 1 });
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  /**
   * Sends the call (with retries); resolves with a 2xx reply or rejects with
   * a GatewayError. Each try is counted in `scope` and traced as a child of
   * its trace context.
   */
  async send(call: GraphCall, scope?: RequestScope): Promise<GraphReply> {
    const started = Date.now();
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    for (let retries = 0; ; retries++) {
      const clientRequestId = randomUUID();
      const remaining = this.config.retryBudgetMs - (Date.now() - started);
      const timeoutMs = Math.max(1, Math.min(this.config.timeoutMs, remaining));
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
      const outcome = await this.tryOnce(call, body, clientRequestId, retries, timeoutMs, span.isRecording() ? trace.setSpan(scope?.traceContext ?? ROOT_CONTEXT, span) : undefined);
      const status = outcome.type === 'answer' ? outcome.status : 0;
      if (status !== 0) span.setAttribute('http.response.status_code', status);
      this.metrics?.upstreamDuration.observe({ method: call.method, route: call.route }, (performance.now() - tryStarted) / 1000);
      if (status >= 200 && status <= 299) {
        this.metrics?.upstreamRequests.inc({ method: call.method, route: call.route, status: String(status), code: 'ok' });
        span.end();
        return this.reply(outcome as Extract<TryOutcome, { type: 'answer' }>, clientRequestId, call.kind);
      }
      const decision = this.decide(outcome, call.kind, clientRequestId, retries, timeoutMs);
      this.metrics?.upstreamRequests.inc({ method: call.method, route: call.route, status: status === 0 ? 'none' : String(status), code: decision.error.code });
      span.setAttribute('graph.error_code', decision.error.code);
      failSpan(span, decision.error.message);
      span.end();
      const delayMs = decision.delayMs ?? backoffMs(retries, this.config.retryBaseDelayMs);
      const withinBudget = Date.now() - started + delayMs < this.config.retryBudgetMs;
      if (!decision.retry || retries >= this.config.retryMax || !withinBudget) {
        // A read's 404 is an answer (null), not a failure worth a warning.
        const level = call.kind === 'read' && status === 404 ? 'debug' : 'warn';
        this.log[level](
          { method: call.method, path: call.path, code: decision.error.code, status: decision.error.graph?.status ?? null, clientRequestId, retries },
          'graph call failed',
        );
        throw decision.error;
      }
      this.log.info(
        { method: call.method, path: call.path, status: decision.error.graph?.status ?? null, clientRequestId, retry: retries + 1, delayMs },
        'graph call retried',
      );
      this.metrics?.upstreamRetries.inc({ reason: retryReason(outcome) });
      await new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref());
    }
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

  private decide(outcome: TryOutcome, kind: CallKind, clientRequestId: string, retries: number, timeoutMs: number): Decision {
    if (outcome.type === 'answer') {
      const info = graphErrorInfo(outcome.status, outcome.headers, outcome.body.toString('utf8'), clientRequestId);
      const status = outcome.status;
      const error = errorFromGraphStatus(info, kind, retries);
      // 429: Graph did not act, so even a create may be sent again.
      if (status === 429) return { error, retry: true, delayMs: retryAfterMs(outcome.headers) };
      const transient = status === 502 || status === 503 || status === 504;
      return { error, retry: kind === 'read' && transient, delayMs: retryAfterMs(outcome.headers) };
    }
    const info = noAnswerInfo(clientRequestId);
    if (outcome.tooLargeStatus !== 0) {
      const what = `a body over ${this.config.maxResponseBytes} bytes`;
      return { error: badResponseError({ status: outcome.tooLargeStatus, headers: {} }, clientRequestId, kind, what), retry: false };
    }
    if (outcome.shed) {
      const error = new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `The gateway already has ${this.config.queueMax} Microsoft Graph calls waiting for a connection (GRAPH_QUEUE_MAX); the request was not sent. Retry later.`,
        info,
      );
      return { error, retry: false };
    }
    if (!outcome.sent) {
      const why = outcome.timedOut
        ? `no connection to Microsoft Graph was free within ${timeoutMs} ms`
        : 'could not connect to Microsoft Graph';
      if (kind === 'read' && outcome.timedOut) {
        return { error: new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `Microsoft Graph did not answer within ${timeoutMs} ms (${why}).`, info), retry: true };
      }
      return { error: new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `${why[0]!.toUpperCase()}${why.slice(1)}; the request was not sent.`, info), retry: !outcome.timedOut };
    }
    if (kind === 'create') {
      const what = outcome.timedOut ? `did not answer within ${timeoutMs} ms` : 'dropped the connection before answering';
      return {
        error: new GatewayError(
          ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
          `Microsoft Graph ${what} after the create was sent: the record may or may not exist. Check before retrying.`,
          info,
        ),
        retry: false,
      };
    }
    if (outcome.timedOut) {
      return { error: new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `Microsoft Graph did not answer within ${timeoutMs} ms.`, info), retry: true };
    }
    return { error: new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The connection to Microsoft Graph failed before it answered.', info), retry: true };
  }

  /**
   * One try through the pool's dispatch API. `onRequestStart` runs right
   * before undici writes the request to a socket, so a failure before it
   * proves the request never left (safe to retry, even a create).
   */
  private tryOnce(
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
