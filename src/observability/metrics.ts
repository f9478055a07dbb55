import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds, from a fast emulator answer to Graph's slow tail. */
const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Distinct operation names kept as label values; the rest are "(other)" (names come from clients). */
const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface DocumentCacheStats {
  readonly documents: number;
  readonly bytes: number;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per
 * gateway, so tests can start several). Route labels are templates, never
 * raw ids.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (ok or the first error code).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation latency, from receiving the request to the response.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY,
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: 'graph_upstream_requests_total',
    help: 'Tries of Microsoft Graph calls by method, route template, status (none when no answer) and contract code (ok on 2xx).',
    labelNames: ['method', 'route', 'status', 'code'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'graph_upstream_request_duration_seconds',
    help: 'Latency of one try of a Microsoft Graph call.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY,
    registers: [this.registry],
  });
  readonly upstreamRetries = new Counter({
    name: 'graph_upstream_retries_total',
    help: 'Retries of Microsoft Graph calls by reason (throttled, unavailable, timeout, connection).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'graph_batch_requests',
    help: 'Requests in one Microsoft Graph $batch call.',
    buckets: [1, 2, 5, 10, 15, 20],
    registers: [this.registry],
  });
  readonly writeBudgetWait = new Histogram({
    name: 'graph_write_budget_wait_seconds',
    help: 'How long a write to Microsoft Graph waited for a slot of its write budget (GRAPH_WRITE_*), by outcome: sent, or shed (refused unsent).',
    labelNames: ['outcome'] as const,
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });
  readonly writesShed = new Counter({
    name: 'graph_writes_shed_total',
    help: 'Writes refused unsent (UPSTREAM_THROTTLED) by the write budget, by reason: slot (none came free in time), pause (a 429 pause outlasted the wait), too-many (one call of more writes than a limit).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly writePauses = new Counter({
    name: 'graph_write_pauses_total',
    help: 'Write buckets paused on every replica after a 429 from Microsoft Graph.',
    registers: [this.registry],
  });
  readonly requestsServed = new Counter({
    name: 'graphql_requests_served_total',
    help: 'GraphQL requests by the path that answered them: lean (run directly with graphql-js, src/server/lean/) or apollo (Apollo Server).',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });
  readonly trustedDocuments = new Counter({
    name: 'graphql_trusted_documents_total',
    help: 'Operations under the trusted-documents list (contract §13) by outcome: id, text_in_list, text_not_in_list, bypass, refused.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served.',
    registers: [this.registry],
  });
  readonly documentCacheBytes = new Gauge({
    name: 'graphql_document_cache_bytes',
    help: 'Approximate bytes held by a cache of parsed, validated documents (lean: the lean path, each document with its plans; apollo: Apollo Server), bounded by GRAPHQL_DOCUMENT_CACHE_BYTES.',
    labelNames: ['cache'] as const,
    registers: [this.registry],
    // prom-client calls collect() before each scrape; one refresh serves both gauges.
    collect: () => this.refreshDocumentCaches(),
  });
  readonly documentCacheEntries = new Gauge({
    name: 'graphql_document_cache_documents',
    help: 'Documents held by a cache of parsed, validated documents.',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });
  private readonly names = new Set<string>();

  private readDocumentCaches: (() => Readonly<Record<string, DocumentCacheStats | undefined>>) | undefined;

  /** Reads the document caches at each scrape. */
  watchDocumentCaches(read: () => Readonly<Record<string, DocumentCacheStats | undefined>>): void {
    this.readDocumentCaches = read;
  }

  private refreshDocumentCaches(): void {
    for (const [cache, stats] of Object.entries(this.readDocumentCaches?.() ?? {})) {
      if (stats === undefined) continue;
      this.documentCacheBytes.set({ cache }, stats.bytes);
      this.documentCacheEntries.set({ cache }, stats.documents);
    }
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A bounded label value for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (!NAME.test(name)) return '(other)';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return '(other)';
    this.names.add(name);
    return name;
  }
}
