import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Env } from '../config/env';

export const tracer = trace.getTracer('intune-graphql-gateway');

/** The trace context of an incoming request (W3C traceparent), or the root. */
export function incomingContext(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Starts a child span of `parent`. Without an SDK this is a no-op span. */
export function startSpan(name: string, parent: Context, kind: SpanKind, attributes: Record<string, string | number | boolean> = {}): Span {
  return tracer.startSpan(name, { kind, attributes }, parent);
}

/** Marks a span failed with a message. */
export function failSpan(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

export { context, SpanKind, trace };

/** What main needs to flush spans at shutdown. */
export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * Registers an OpenTelemetry SDK when the standard variables ask for one:
 * OTEL_TRACES_EXPORTER=otlp|console, or an OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT.
 * Otherwise nothing is loaded and the API stays a no-op (it costs nothing).
 * OTEL_SDK_DISABLED=true turns it off; the exporter reads its own OTEL_* settings.
 */
export async function startTracing(env: Env): Promise<TracingHandle | undefined> {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporterName = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (exporterName === 'none' || (!exporterName && !endpoint)) return undefined;
  const { NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  let exporter;
  if (exporterName === 'console') {
    exporter = new ConsoleSpanExporter();
  } else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    exporter = new OTLPTraceExporter();
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'intune-graphql-gateway' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
