import { type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TracingConfig } from '../config';

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
 * Registers an OpenTelemetry SDK when config.tracing (the OTEL_* variables,
 * config/tracing.ts) asks for one. Otherwise nothing is loaded and the API
 * stays a no-op (it costs nothing).
 */
export async function startTracing(tracing: TracingConfig | undefined): Promise<TracingHandle | undefined> {
  if (tracing === undefined) return undefined;
  const { NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  let exporter;
  if (tracing.exporter === 'console') {
    exporter = new ConsoleSpanExporter();
  } else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    exporter = new OTLPTraceExporter(tracing.otlpUrl === undefined ? {} : { url: tracing.otlpUrl });
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': tracing.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
