import { randomBytes } from 'node:crypto';
import { isMicrosoftGraphHost } from './graph-hosts';
import { type AllowedOrigins, baseUrl, ConfigError, bool, int, listenHost, oneOf, origins, redisUrl, secret, urlPath, type Env } from './env';
import { type AuthConfig, authConfig } from './auth';
import { type TrustedDocumentsConfig, trustedDocumentsConfig } from './trusted-documents';

export { type AuthConfig, type EntraAppRegistration, type OboAuthConfig } from './auth';
export type { GatewayCredential } from './credential';
export { type AllowedOrigins, ConfigError } from './env';
export { type TrustedDocumentsConfig, type TrustedDocumentsMode } from './trusted-documents';
import { type TracingConfig, tracingConfig } from './tracing';
export { type TracingConfig } from './tracing';
import { type ExplorerConfig, explorerConfig } from './explorer';
export { type ExplorerConfig, type ExplorerKind } from './explorer';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * NODE_ENV: unset or one of NODE_ENVS, exactly so spelled. A typo such as
 * `prod` or `Production` would otherwise start with the development
 * defaults (introspection, the landing page, CORS `*`) in production.
 */
function nodeEnvironment(env: Env): NodeEnv | undefined {
  const value = env.NODE_ENV?.trim() ?? '';
  if (value === '') return undefined;
  if (!(NODE_ENVS as readonly string[]).includes(value)) {
    throw new ConfigError('NODE_ENV', `must be unset or one of ${NODE_ENVS.join(', ')} (exactly so spelled), got ${JSON.stringify(value)}`);
  }
  return value as NodeEnv;
}

/** Settings of the upstream Graph client. */
export interface GraphClientConfig {
  /** Graph base URL, e.g. https://graph.microsoft.com/beta (no trailing slash). */
  readonly baseUrl: string;
  /** Deadline of one try of one Graph call. */
  readonly timeoutMs: number;
  /** Bound of the keep-alive connection pool. */
  readonly connections: number;
  /** Retries after the first try, at most. */
  readonly retryMax: number;
  /** Total time one GraphQL operation may spend on its Graph calls, retries and their waits included. */
  readonly retryBudgetMs: number;
  /** First back-off delay when Graph gives no Retry-After; doubles each retry. */
  readonly retryBaseDelayMs: number;
  /** Largest upstream response body read, in bytes. */
  readonly maxResponseBytes: number;
  /** Graph calls allowed to wait for a free connection; past it calls are shed (not sent). */
  readonly queueMax: number;
  /** `$batch` calls of one bulk create sent at once (contract §9). */
  readonly batchConcurrency: number;
}

/** The Redis shared by the replicas (contract §11). */
export interface RedisConfig {
  /** REDIS_URL as given (it may hold a password: never log it). */
  readonly url: string;
  /** How long one Redis command may take before the store counts as unreachable. */
  readonly commandTimeoutMs: number;
}

/** Idempotency records (contract §10). */
export interface IdempotencyConfig {
  /** How long a record is kept. */
  readonly ttlS: number;
  /** Bounds of the in-process store (unused with Redis): past them new keys are refused, never old ones dropped. */
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/**
 * The write budget (contract §11): how many writes the gateway lets through to
 * Graph per bucket (tenant, app) and per tenant. A limit of 0 is off.
 */
export interface WriteBudgetConfig {
  /** GRAPH_WRITE_LIMIT: writes per window per (tenant, app); 0 turns shaping off altogether. */
  readonly limit: number;
  /** GRAPH_WRITE_WINDOW_MS. */
  readonly windowMs: number;
  /** GRAPH_TENANT_WRITE_LIMIT: writes per window per tenant, all apps together; 0 turns only this limit off. */
  readonly tenantLimit: number;
  /** GRAPH_WRITE_WAIT_MS: how long a write may wait for a slot (or a pause) before it is refused unsent. */
  readonly waitMs: number;
}

/** Intune's write limits (graph-facts §5, §11): the defaults on a Microsoft Graph host. */
export const INTUNE_WRITE_LIMITS = Object.freeze({ limit: 100, windowMs: 20_000, tenantLimit: 200 });

/**
 * GRAPH_WRITE_*: Intune's numbers when the gateway calls a Microsoft Graph
 * host, off otherwise (the emulator, stubs) unless set.
 */
function writeBudget(env: Env, graphBaseUrl: string | undefined): WriteBudgetConfig {
  const onGraph = graphBaseUrl !== undefined && isMicrosoftGraphHost(graphBaseUrl);
  return Object.freeze({
    limit: int(env, 'GRAPH_WRITE_LIMIT', { default: onGraph ? INTUNE_WRITE_LIMITS.limit : 0, min: 0, max: 1_000_000 }),
    // Whole seconds from 1 s: the budget's keys expire in seconds (Redis EX).
    windowMs: wholeSecondsMs(env, 'GRAPH_WRITE_WINDOW_MS', INTUNE_WRITE_LIMITS.windowMs),
    tenantLimit: int(env, 'GRAPH_TENANT_WRITE_LIMIT', { default: onGraph ? INTUNE_WRITE_LIMITS.tenantLimit : 0, min: 0, max: 1_000_000 }),
    waitMs: int(env, 'GRAPH_WRITE_WAIT_MS', { default: 10_000, min: 0, max: 600_000 }),
  });
}

/** Milliseconds that are a whole number of seconds, from 1 s to 1 h. */
function wholeSecondsMs(env: Env, name: string, fallback: number): number {
  const ms = int(env, name, { default: fallback, min: 1000, max: 3_600_000 });
  if (ms % 1000 !== 0) throw new ConfigError(name, `must be a whole number of seconds in milliseconds (e.g. 20000), got ${JSON.stringify(String(ms))}`);
  return ms;
}

export interface Config {
  readonly port: number;
  readonly host: string | undefined;
  /** Unset: the built-in emulator is started and used. */
  readonly graphBaseUrl: string | undefined;
  readonly graph: Omit<GraphClientConfig, 'baseUrl'>;
  readonly shutdownGraceMs: number;
  readonly logLevel: LogLevel;
  /** Stack traces in error responses (development only). */
  readonly development: boolean;
  readonly introspection: boolean;
  /** EXPLORER (contract §14): the page GET /graphql answers to a browser. */
  readonly explorer: ExplorerConfig;
  readonly maxBodyBytes: number;
  /** Port of the embedded emulator (0: any free port). */
  readonly emulatorPort: number;
  /** Page size when a query gives no `first`. */
  readonly defaultPageSize: number;
  /** Largest `first` accepted. */
  readonly maxPageSize: number;
  /** Secret the cursor keys are derived from (graph/cursor.ts); random per process when CURSOR_SECRET is unset (cursors then die with the process). */
  readonly cursorSecret: string;
  /** Operation shape limits. */
  readonly maxQueryDepth: number;
  readonly maxAliases: number;
  readonly maxQueryCost: number;
  /** HTTP-batched operations (a JSON array body): off unless enabled. */
  readonly batchedRequests: boolean;
  readonly maxBatchedOperations: number;
  /** Largest request head (request line and headers) node accepts; larger is 431. */
  readonly maxHeaderBytes: number;
  /** Run plain JSON POSTs of valid operations directly with graphql-js (see server/fast-path.ts). */
  readonly fastPath: boolean;
  /** Prometheus metrics: on by default, at metricsPath, on the main port unless metricsPort is set. */
  readonly metricsEnabled: boolean;
  readonly metricsPath: string;
  readonly metricsPort: number | undefined;
  /** Bytes of parsed, validated documents kept (the lean path's and Apollo's caches each). */
  readonly documentCacheBytes: number;
  /** Most tokens one GraphQL document may have (graphql-js parse's maxTokens). */
  readonly maxQueryTokens: number;
  /** Browser origins allowed to call /graphql (`*`, a list, or none: empty). */
  readonly corsAllowedOrigins: AllowedOrigins;
  /** How long a browser may cache a preflight answer, in seconds. */
  readonly corsMaxAgeS: number;
  /** AUTH_MODE (contract §12): forward the caller's token, or check it and exchange it On-Behalf-Of. */
  readonly auth: AuthConfig;
  /** Most items of one bulk create (contract §9). */
  readonly maxBulkItems: number;
  /** Unset: one process, all state in memory. */
  readonly redis: RedisConfig | undefined;
  readonly idempotency: IdempotencyConfig;
  readonly writeBudget: WriteBudgetConfig;
  /** The operation allow-list (contract §13); undefined: none. */
  readonly trustedDocuments: TrustedDocumentsConfig | undefined;
  /** OTEL_*: undefined when tracing is off. */
  readonly tracing: TracingConfig | undefined;
}

/**
 * GRAPHQL_FAST_PATH: on unless Apollo usage reporting is (APOLLO_KEY set),
 * since Apollo installs that plugin itself and the lean path would not
 * report the operations it runs. Both explicitly on is refused.
 */
function leanPath(env: Env): boolean {
  const usageReporting = (env.APOLLO_KEY ?? '').trim() !== '';
  const on = bool(env, 'GRAPHQL_FAST_PATH', !usageReporting);
  if (on && usageReporting) {
    throw new ConfigError('GRAPHQL_FAST_PATH', 'cannot be true while APOLLO_KEY is set: Apollo usage reporting would miss the operations the lean path runs');
  }
  return on;
}

/** The paths the main port serves besides the metrics path, and the prefix reserved for the explorer's assets (the explorer section of the shared contract). */
export const SERVED_PATHS = ['/graphql', '/healthz', '/readyz'] as const;
export const EXPLORER_PREFIX = '/explorer/';

/**
 * METRICS_*: the metrics path is matched before /graphql on the main port
 * (server/routes.ts), so a path the gateway serves there would answer every
 * request on it with Prometheus text. Refused unless metrics are off or on
 * a port of their own.
 */
function metricsSettings(env: Env): Pick<Config, 'metricsEnabled' | 'metricsPath' | 'metricsPort'> {
  const metricsEnabled = bool(env, 'METRICS_ENABLED', true);
  const metricsPath = urlPath(env, 'METRICS_PATH', '/metrics');
  const metricsPort = env.METRICS_PORT?.trim() ? int(env, 'METRICS_PORT', { default: 0, min: 0, max: 65_535 }) : undefined;
  const served = (SERVED_PATHS as readonly string[]).includes(metricsPath) || `${metricsPath}/`.startsWith(EXPLORER_PREFIX);
  if (metricsEnabled && metricsPort === undefined && served) {
    throw new ConfigError(
      'METRICS_PATH',
      `${JSON.stringify(metricsPath)} is a path the gateway serves on its port (${SERVED_PATHS.join(', ')}, ${EXPLORER_PREFIX}…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT`,
    );
  }
  return { metricsEnabled, metricsPath, metricsPort };
}

/** Reads and validates every setting once; throws ConfigError naming the variable. */
export function loadConfig(env: Env): Config {
  const nodeEnv = nodeEnvironment(env);
  const production = nodeEnv === 'production';
  const timeoutMs = int(env, 'GRAPH_TIMEOUT_MS', { default: 30_000, min: 1, max: 600_000 });
  const maxPageSize = int(env, 'MAX_PAGE_SIZE', { default: 100, min: 1, max: 999 });
  const defaultPageSize = int(env, 'DEFAULT_PAGE_SIZE', { default: Math.min(50, maxPageSize), min: 1, max: maxPageSize });
  const cursorSecret = secret(env, 'CURSOR_SECRET', 32);
  const redis = redisUrl(env, 'REDIS_URL');
  // Checked even without REDIS_URL, so a typo does not wait for the day Redis is turned on.
  const redisCommandTimeoutMs = int(env, 'REDIS_COMMAND_TIMEOUT_MS', { default: 1000, min: 1, max: 60_000 });
  const graphBaseUrl = baseUrl(env, 'GRAPH_BASE_URL');
  const { explorer, introspection } = explorerConfig(env, production);
  const config: Config = {
    port: int(env, 'PORT', { default: 4000, min: 0, max: 65_535 }),
    host: listenHost(env, 'HOST'),
    graphBaseUrl,
    graph: Object.freeze({
      timeoutMs,
      connections: int(env, 'GRAPH_CONNECTIONS', { default: 64, min: 1, max: 4096 }),
      retryMax: int(env, 'GRAPH_RETRY_MAX', { default: 3, min: 0, max: 10 }),
      retryBudgetMs: int(env, 'GRAPH_RETRY_BUDGET_MS', { default: 60_000, min: 1, max: 3_600_000 }),
      retryBaseDelayMs: int(env, 'GRAPH_RETRY_BASE_DELAY_MS', { default: 500, min: 0, max: 60_000 }),
      maxResponseBytes: int(env, 'GRAPH_MAX_RESPONSE_BYTES', { default: 16 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024 }),
      queueMax: int(env, 'GRAPH_QUEUE_MAX', { default: 1000, min: 0, max: 1_000_000 }),
      batchConcurrency: int(env, 'GRAPH_BATCH_CONCURRENCY', { default: 4, min: 1, max: 64 }),
    }),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', { default: 10_000, min: 0, max: 600_000 }),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    development: nodeEnv === 'development',
    introspection,
    explorer,
    maxBodyBytes: int(env, 'MAX_REQUEST_BODY_BYTES', { default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024 }),
    emulatorPort: int(env, 'EMULATOR_PORT', { default: 0, min: 0, max: 65_535 }),
    defaultPageSize,
    maxPageSize,
    cursorSecret: cursorSecret ?? randomBytes(32).toString('base64url'),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', { default: 15, min: 1, max: 1000 }),
    maxAliases: int(env, 'MAX_ALIASES', { default: 30, min: 0, max: 10_000 }),
    maxQueryCost: int(env, 'MAX_QUERY_COST', { default: 20_000, min: 1, max: 100_000_000 }),
    batchedRequests: bool(env, 'GRAPHQL_BATCHED_REQUESTS', false),
    maxBatchedOperations: int(env, 'MAX_BATCHED_OPERATIONS', { default: 10, min: 1, max: 1000 }),
    maxHeaderBytes: int(env, 'MAX_HEADER_BYTES', { default: 16_384, min: 1024, max: 1_048_576 }),
    fastPath: leanPath(env),
    ...metricsSettings(env),
    documentCacheBytes: int(env, 'GRAPHQL_DOCUMENT_CACHE_BYTES', { default: 16 * 1024 * 1024, min: 0, max: 1024 * 1024 * 1024 }),
    maxQueryTokens: int(env, 'MAX_QUERY_TOKENS', { default: 10_000, min: 100, max: 1_000_000 }),
    corsAllowedOrigins: origins(env, 'CORS_ALLOWED_ORIGINS', production ? Object.freeze([]) : '*'),
    corsMaxAgeS: int(env, 'CORS_MAX_AGE_S', { default: 600, min: 1, max: 86_400 }),
    auth: authConfig(env, graphBaseUrl === undefined),
    maxBulkItems: int(env, 'MAX_BULK_ITEMS', { default: 100, min: 1, max: 1000 }),
    redis: redis === undefined ? undefined : Object.freeze({ url: redis, commandTimeoutMs: redisCommandTimeoutMs }),
    idempotency: Object.freeze({
      ttlS: int(env, 'IDEMPOTENCY_TTL_S', { default: 86_400, min: 1, max: 30 * 86_400 }),
      maxEntries: int(env, 'IDEMPOTENCY_MAX_ENTRIES', { default: 100_000, min: 1, max: 10_000_000 }),
      maxBytes: int(env, 'IDEMPOTENCY_MAX_BYTES', { default: 64 * 1024 * 1024, min: 64 * 1024, max: 4 * 1024 * 1024 * 1024 }),
    }),
    writeBudget: writeBudget(env, graphBaseUrl),
    trustedDocuments: trustedDocumentsConfig(env),
    tracing: tracingConfig(env),
  };
  refuseSharedPorts(config);
  return Object.freeze(config);
}

/**
 * Two listeners of this process on one port: the second would fail with
 * EADDRINUSE after the first had started, so it is refused before either.
 * Port 0 (any free port) never collides.
 */
function refuseSharedPorts(config: Config): void {
  const { port, metricsEnabled, metricsPort, emulatorPort, graphBaseUrl } = config;
  const metricsOwnPort = metricsEnabled && metricsPort !== undefined && metricsPort !== 0 ? metricsPort : undefined;
  if (metricsOwnPort !== undefined && metricsOwnPort === port) {
    throw new ConfigError('METRICS_PORT', `${port} is also PORT; metrics need a port of their own (or leave METRICS_PORT unset to serve them on PORT at METRICS_PATH)`);
  }
  // EMULATOR_PORT is read only when the gateway embeds its emulator (GRAPH_BASE_URL unset).
  if (graphBaseUrl !== undefined || emulatorPort === 0) return;
  const other = emulatorPort === port ? 'PORT' : emulatorPort === metricsOwnPort ? 'METRICS_PORT' : undefined;
  if (other !== undefined) {
    throw new ConfigError('EMULATOR_PORT', `${emulatorPort} is also ${other}; the embedded emulator needs a port of its own (0 picks a free one)`);
  }
}
