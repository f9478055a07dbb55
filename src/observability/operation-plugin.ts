import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GatewayContext } from '../server/context';
import type { Logger } from '../server/logger';
import type { GatewayMetrics } from './metrics';
import { failSpan, SpanKind, startSpan } from './tracing';

/**
 * One span, one metrics observation and one info log line per GraphQL
 * operation: name, type, duration, outcome (ok or the first error's code),
 * and the Graph calls it made with their client-request-ids.
 */
export function operationPlugin(metrics: GatewayMetrics | undefined, log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = performance.now();
      const scope = contextValue.scope;
      const span = startSpan('graphql.operation', scope.traceContext, SpanKind.SERVER, { 'graphql.operation.name': request.operationName ?? '' });
      // Graph calls made while resolving become children of this span.
      scope.traceContext = trace.setSpan(scope.traceContext, span);
      let type = 'unknown';
      let name: string | null = request.operationName ?? null;
      return {
        async didResolveOperation({ operation, operationName }) {
          type = operation?.operation ?? 'unknown';
          name = operationName ?? null;
          span.updateName(`graphql.${type}${name ? ` ${name}` : ''}`);
          span.setAttribute('graphql.operation.type', type);
          if (name) span.setAttribute('graphql.operation.name', name);
        },
        async willSendResponse({ response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const firstCode = body?.errors?.[0]?.extensions?.code ?? (errors && errors.length > 0 ? 'INTERNAL_SERVER_ERROR' : undefined);
          const outcome = typeof firstCode === 'string' ? firstCode : 'ok';
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
          log.info(
            {
              operationName: name,
              operationType: type,
              durationMs: Math.round(seconds * 1000 * 10) / 10,
              outcome,
              upstreamCalls: scope.upstreamCalls,
              clientRequestIds: scope.clientRequestIds,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
