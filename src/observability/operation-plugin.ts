import type { ApolloServerPlugin } from '@apollo/server';
import { type Context, trace } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';
import type { GatewayMetrics } from './metrics';
import type { RequestScope } from './request-scope';
import { failSpan, SpanKind, startSpan } from './tracing';

/** One operation being observed: resolved once its type is known, then finished or abandoned. */
export interface OperationObserver {
  resolved(type: string, name: string | null): void;
  finished(errors: readonly GraphQLFormattedError[] | undefined): void;
  /** Forget the operation (it will be run again elsewhere): no span exported, no metrics, no log line, the scope restored. */
  abandon(): void;
}

/**
 * One span, one metrics observation and one info log line per GraphQL
 * operation: name, type, duration, outcome (ok or the first error's code),
 * and the Graph calls it made with their client-request-ids. Starting it
 * makes the span the parent of the operation's Graph calls.
 */
export function observeOperation(metrics: GatewayMetrics | undefined, log: Logger, scope: RequestScope, requestedName: string | null): OperationObserver {
  const started = performance.now();
  const parent: Context = scope.traceContext;
  const span = startSpan('graphql.operation', parent, SpanKind.SERVER, { 'graphql.operation.name': requestedName ?? '' });
  scope.traceContext = trace.setSpan(parent, span);
  let type = 'unknown';
  let name = requestedName;
  return {
    resolved(operationType, operationName) {
      type = operationType;
      name = operationName;
      span.updateName(`graphql.${type}${name ? ` ${name}` : ''}`);
      span.setAttribute('graphql.operation.type', type);
      if (name) span.setAttribute('graphql.operation.name', name);
    },
    finished(errors) {
      const code = errors?.[0]?.extensions?.code;
      const outcome = typeof code === 'string' ? code : errors && errors.length > 0 ? 'INTERNAL_SERVER_ERROR' : 'ok';
      const seconds = (performance.now() - started) / 1000;
      if (metrics) {
        const labels = { operation: metrics.operationLabel(name), type, outcome };
        metrics.operations.inc(labels);
        metrics.operationDuration.observe(labels, seconds);
      }
      span.setAttribute('graphql.outcome', outcome);
      span.setAttribute('graph.upstream_calls', scope.upstreamCalls);
      if (outcome !== 'ok') failSpan(span, outcome);
      span.end();
      if (log.isLevelEnabled('info')) {
        log.info(
          {
            operationName: name,
            operationType: type,
            durationMs: Math.round(seconds * 10_000) / 10,
            outcome,
            upstreamCalls: scope.upstreamCalls,
            clientRequestIds: scope.clientRequestIds,
          },
          'graphql operation',
        );
      }
    },
    abandon() {
      // Not ended, so never exported: Apollo Server runs the operation again under a span of its own.
      scope.traceContext = parent;
    },
  };
}

/** The observer for operations Apollo Server runs, for any context that carries the request's scope. */
export function operationPlugin<TContext extends { readonly scope: RequestScope }>(metrics: GatewayMetrics | undefined, log: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const observer = observeOperation(metrics, log, contextValue.scope, request.operationName ?? null);
      return {
        async didResolveOperation({ operation, operationName }) {
          observer.resolved(operation?.operation ?? 'unknown', operationName ?? null);
        },
        async willSendResponse({ response }) {
          observer.finished(response.body.kind === 'single' ? response.body.singleResult.errors : undefined);
        },
      };
    },
  };
}
