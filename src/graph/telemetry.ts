import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { RequestScope } from '../observability/request-scope';
import { failSpan, SpanKind, startSpan } from '../observability/tracing';
import type { Outcome, TryFailure } from './policy';
import type { GraphCall } from './transport';

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
  'write-budget-shed': 'throttled',
};

/** One try being observed. */
export interface TryObservation {
  /** The W3C trace headers to send with the try; empty unless a tracing SDK records its span. */
  readonly traceHeaders: Readonly<Record<string, string>>;
  /** Ends the try's span and timer: its status (0 when no answer came) and its code ('ok' for 2xx). */
  end(status: number, code: string, message?: string): void;
}

/** What a failed try's log line says about it (never a header, so never a token). */
function failureFields(call: GraphCall, failure: TryFailure): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    method: call.method,
    path: call.path,
    code: failure.error.code,
    status: failure.error.graph?.status ?? null,
    clientRequestId: failure.clientRequestId,
  };
  if (failure.cause) {
    fields.cause = failure.cause.code;
    fields.causeMessage = failure.cause.message;
  }
  return fields;
}

/**
 * What the Graph client reports about its tries: a client span each (a
 * child of the operation's), the request and latency metrics, the request
 * scope's accounting, and one log line for every failed try, naming the
 * transport cause when there was no answer.
 */
export class GraphTelemetry {
  constructor(
    private readonly log: Logger,
    readonly metrics: GatewayMetrics | undefined,
  ) {}

  /** Starts observing a try of `call`, counted in `scope`. */
  startTry(call: GraphCall, clientRequestId: string, retries: number, scope: RequestScope | undefined): TryObservation {
    if (scope) {
      scope.upstreamCalls++;
      scope.clientRequestIds.push(clientRequestId);
    }
    const parent = scope?.traceContext ?? ROOT_CONTEXT;
    const span = startSpan(`${call.method} ${call.route}`, parent, SpanKind.CLIENT, {
      'http.request.method': call.method,
      'url.template': call.route,
      'graph.client_request_id': clientRequestId,
      'http.request.resend_count': retries,
    });
    const traceHeaders: Record<string, string> = {};
    // W3C traceparent, only when a tracing SDK records this span.
    if (span.isRecording()) propagation.inject(trace.setSpan(parent, span), traceHeaders);
    const started = performance.now();
    return {
      traceHeaders,
      end: (status, code, message) => {
        if (status !== 0) span.setAttribute('http.response.status_code', status);
        this.metrics?.upstreamDuration.observe({ method: call.method, route: call.route }, (performance.now() - started) / 1000);
        this.metrics?.upstreamRequests.inc({ method: call.method, route: call.route, status: status === 0 ? 'none' : String(status), code });
        if (code !== 'ok') {
          span.setAttribute('graph.error_code', code);
          failSpan(span, message ?? code);
        }
        span.end();
      },
    };
  }

  /** A failed try of a call that will be sent again after `delayMs`. */
  retried(call: GraphCall, failure: TryFailure, retries: number, delayMs: number): void {
    this.log.info({ ...failureFields(call, failure), retry: retries + 1, delayMs }, 'graph call retried');
    this.metrics?.upstreamRetries.inc({ reason: RETRY_REASON[failure.outcome] });
  }

  /** The last failed try of a call. A read's 404 is an answer (null), not a failure worth a warning. */
  failed(call: GraphCall, failure: TryFailure, retries: number): void {
    const level = call.kind === 'read' && failure.error.graph?.status === 404 ? 'debug' : 'warn';
    this.log[level]({ ...failureFields(call, failure), retries }, 'graph call failed');
  }
}
