import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import { ServerErrorCode } from '../errors/table';
import { createCallerAuth } from '../auth';
import { bearerAuthorization, graphApiFor } from '../graph/api';
import { GraphClient } from '../graph/client';
import { callerScope, createIdempotencyStore, type IdempotencyStore } from '../idempotency';
import { WriteBudget } from '../graph/write-budget';
import { createLoaders } from '../loaders';
import { bearerToken } from '../tokens/bearer';
import { type DocumentCacheStats, GatewayMetrics } from '../observability/metrics';
import { observeOperation, operationPlugin } from '../observability/operation-plugin';
import { newRequestScope } from '../observability/request-scope';
import { incomingContext } from '../observability/tracing';
import { buildGatewaySchema } from '../schema/load';
import type { GatewayContext, IdempotencyContext } from '../resolvers/context';
import { createFormatError, errorsBody, requestErrorStatusPlugin } from './format-error';
import { FastPath, type LeanPathPlugins } from './fast-path';
import { CSRF_PREFLIGHT_HEADERS, type FastPathHandle, handleGraphQL, sendJson } from './http';
import { createCors } from './cors';
import { apolloDocumentStore } from './document-cache';
import { costLimitPlugin, maxAliasesRule, maxDepthRule } from './limits';
import { SANDBOX_DOCUMENT, sandboxHeaders } from './sandbox';
import type { Logger } from '../observability/logger';

export type GatewayState = 'starting' | 'ready' | 'draining' | 'stopped';

export interface GatewayOptions {
  readonly config: Config;
  readonly log: Logger;
  /** The Graph base URL in use (the emulator's when GRAPH_BASE_URL is unset). */
  readonly graphBaseUrl: string;
  /** True when graphBaseUrl is the built-in emulator. */
  readonly emulator: boolean;
  /** The subgraph SDL (schema.graphql), read by the caller. */
  readonly sdl: string;
  /** The package version gatewayInfo reports. */
  readonly version: string;
}

export interface ShutdownResult {
  /** Requests still unanswered when the grace period ran out. */
  readonly abandoned: number;
}

export interface Gateway {
  readonly state: GatewayState;
  /** Where Prometheus metrics are served once listening (undefined when METRICS_ENABLED=false). */
  readonly metricsUrl: string | undefined;
  /** What the caches of parsed documents hold (the lean path's is undefined when GRAPHQL_FAST_PATH=false). */
  readonly documentCaches: { readonly lean: DocumentCacheStats | undefined; readonly apollo: DocumentCacheStats };
  /** Listens and resolves with the GraphQL URL once ready for traffic. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish within graceMs, then closes everything. */
  shutdown(graceMs: number): Promise<ShutdownResult>;
}

/** How long listen() waits for the idempotency store before serving anyway. */
const STORE_READY_WAIT_MS = 5000;

/** The token of an `Authorization: Bearer …` value. */
/** Logs the store's connection errors (Redis down): the first at once, then at most one every 10 s while they go on. */
function storeErrorLogger(log: Logger): (error: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < 10_000) {
      suppressed++;
      return;
    }
    log.warn({ err: { message: error.message }, suppressed }, 'the idempotency store cannot be reached: creates with an idempotencyKey are refused until it is back');
    lastAt = now;
    suppressed = 0;
  };
}

/** Writes the Prometheus text exposition. */
async function serveMetrics(metrics: GatewayMetrics, res: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Builds the gateway: one Graph client, one Apollo Server, one node:http server. */
/**
 * A request's idempotency context: the caller's scope is hashed on first use,
 * since only keyed and bulk creates need it. A class, so that the lazy getter
 * is on its prototype: a getter in the per-request object literal gives every
 * request's object a hidden class of its own (measured: about 40 MB more RSS
 * and more CPU under the create load).
 */
class CallerIdempotency implements IdempotencyContext {
  private hashed: string | null | undefined;

  constructor(
    readonly store: IdempotencyStore,
    private readonly authorization: string | null,
    readonly inFlightLimitMs: number,
  ) {}

  get scope(): string | null {
    if (this.hashed === undefined) this.hashed = this.authorization === null ? null : callerScope(bearerToken(this.authorization));
    return this.hashed;
  }
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, log } = options;
  let state: GatewayState = 'starting';
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const metrics = config.metricsEnabled ? new GatewayMetrics() : undefined;
  // GRAPH_WRITE_LIMIT=0 turns shaping off (contract §11): writes then go out as they come.
  const writeBudget = config.writeBudget.limit > 0 ? new WriteBudget({ settings: config.writeBudget, redis: config.redis, log, metrics }) : undefined;
  const graph = new GraphClient({ ...config.graph, baseUrl: options.graphBaseUrl }, log, metrics, writeBudget);
  const auth = createCallerAuth(config.auth, log);
  const apiOptions = Object.freeze({ baseUrl: options.graphBaseUrl, cursorSecret: config.cursorSecret, retry: config.graph });
  const httpLimits = Object.freeze({ maxBodyBytes: config.maxBodyBytes, maxBatchedOperations: config.batchedRequests ? config.maxBatchedOperations : 0 });
  const pages = Object.freeze({ defaultPageSize: config.defaultPageSize, maxPageSize: config.maxPageSize });
  const idempotencyStore = createIdempotencyStore(config, storeErrorLogger(log));
  // A claim older than this cannot still be sending (contract §7's budget plus one try's deadline): its process ended mid-create.
  const inFlightLimitMs = config.graph.retryBudgetMs + config.graph.timeoutMs;
  const info = Object.freeze({ version: options.version, graphBaseUrl: options.graphBaseUrl, emulator: options.emulator });
  const schema = buildGatewaySchema(options.sdl);
  const validationRules = [maxDepthRule(config.maxQueryDepth), maxAliasesRule(config.maxAliases)];
  const formatError = createFormatError(log, config.development, schema);
  const documents = apolloDocumentStore(config.documentCacheBytes);
  // Every Apollo plugin, keyed by what the lean path does about it (LeanPathPlugins): a plugin
  // added here does not compile until the lean path says how it honours it.
  const plugins: LeanPathPlugins<ApolloServerPlugin<GatewayContext>> = {
    // No @cacheControl here; Apollo's cache-control plugin would wrap every field resolver (measured: npm run bench).
    cacheControlDisabled: ApolloServerPluginCacheControlDisabled(),
    operationObserver: operationPlugin(metrics, log),
    costLimit: costLimitPlugin({ maxCost: config.maxQueryCost, defaultPageSize: config.defaultPageSize }),
    requestErrorStatus: requestErrorStatusPlugin,
    landingPage: config.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({
          embed: true,
          includeCookies: false,
          document: SANDBOX_DOCUMENT,
          headers: sandboxHeaders(options.emulator),
        })
      : ApolloServerPluginLandingPageDisabled(),
  };
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.development,
    formatError,
    stopOnTerminationSignals: false,
    logger: log,
    allowBatchedHttpRequests: config.batchedRequests,
    // A request with Authorization cannot come from a plain form or <img>: it was preflighted (contract §8).
    csrfPrevention: { requestHeaders: CSRF_PREFLIGHT_HEADERS },
    validationRules,
    documentStore: documents.store,
    parseOptions: { maxTokens: config.maxQueryTokens },
    // No "Did you mean …" field and type suggestions in production.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    plugins: Object.values(plugins),
  });

  const fast: FastPathHandle | undefined = config.fastPath
    ? {
        path: new FastPath({
          schema,
          validationRules,
          introspection: config.introspection,
          development: config.development,
          maxCost: config.maxQueryCost,
          defaultPageSize: config.defaultPageSize,
          formatError,
          cacheBytes: config.documentCacheBytes,
          maxTokens: config.maxQueryTokens,
        }),
        observe: (contextValue, requestedName) => observeOperation(metrics, log, contextValue.scope, requestedName),
      }
    : undefined;

  const cors = createCors({ allowedOrigins: config.corsAllowedOrigins, maxAgeS: config.corsMaxAgeS });

  const documentCaches = (): Gateway['documentCaches'] => ({ lean: fast?.path.cacheStats, apollo: { documents: documents.lru.size, bytes: documents.lru.bytes } });
  metrics?.watchDocumentCaches(documentCaches);

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    metrics?.inFlight.inc();
    res.on('close', () => {
      inFlight--;
      metrics?.inFlight.dec();
      if (inFlight === 0) drained?.();
    });
    // While draining, tell keep-alive clients to reconnect elsewhere.
    if (state === 'draining') res.shouldKeepAlive = false;
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') return sendJson(res, state === 'ready' ? 200 : 503, { status: state });
    if (metrics && metricsServer === undefined && url.pathname === config.metricsPath) return void serveMetrics(metrics, res);
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'Not found: GraphQL is served at /graphql.' });
    if (cors(req, res) === 'answered') return;
    if (req.method === 'OPTIONS') {
      // Not a preflight from an allowed origin: say what /graphql takes, with no CORS headers.
      res.writeHead(204, { allow: 'GET, POST, OPTIONS', 'content-length': 0 });
      return void res.end();
    }
    const context = async (): Promise<GatewayContext> => {
      const scope = newRequestScope(incomingContext(req.headers));
      const authorization = bearerAuthorization(req.headers.authorization);
      const api = graphApiFor(graph, auth.forRequest(req.headers.authorization), apiOptions, scope);
      return {
        graph: api,
        loaders: createLoaders(api, log),
        log,
        scope,
        pages,
        info,
        idempotency: new CallerIdempotency(idempotencyStore, authorization, inFlightLimitMs),
        maxBulkItems: config.maxBulkItems,
      };
    };
    handleGraphQL(req, res, url, apollo, context, httpLimits, fast).catch((error: unknown) => {
      log.error({ err: error }, 'request failed outside GraphQL');
      if (!res.headersSent) sendJson(res, 500, errorsBody(ServerErrorCode.INTERNAL_SERVER_ERROR));
      else res.destroy();
    });
  };
  const server: Server = createServer({ keepAliveTimeout: 5000, maxHeaderSize: config.maxHeaderBytes }, onRequest);
  // METRICS_PORT: a server of its own that serves only the metrics path.
  const metricsServer =
    metrics && config.metricsPort !== undefined
      ? createServer((req, res) => {
          if (new URL(req.url ?? '/', 'http://gateway').pathname === config.metricsPath) void serveMetrics(metrics, res);
          else sendJson(res, 404, { error: `Not found: metrics are served at ${config.metricsPath}.` });
        })
      : undefined;

  let metricsUrl: string | undefined;
  return {
    get state() {
      return state;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    get documentCaches() {
      return documentCaches();
    },
    async listen(port, host) {
      await apollo.start();
      // Keyed creates are refused until the store answers; the others never wait for it.
      if (!(await idempotencyStore.waitUntilReady(STORE_READY_WAIT_MS))) {
        log.warn({ waitedMs: STORE_READY_WAIT_MS }, 'the idempotency store (REDIS_URL) is not reachable yet: creates with an idempotencyKey are refused until it is');
      }
      if (writeBudget !== undefined && config.redis !== undefined && !(await writeBudget.waitUntilReady(Math.max(config.redis.commandTimeoutMs, 1000)))) {
        log.warn('write budget: Redis not reachable yet, each replica counts its own writes until it is');
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      if (metricsServer) {
        await new Promise<void>((resolve, reject) => {
          metricsServer.once('error', reject);
          metricsServer.listen(config.metricsPort, host, () => resolve());
        });
      }
      state = 'ready';
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? (address.address === '::' ? 'localhost' : `[${address.address}]`) : address.address === '0.0.0.0' ? 'localhost' : address.address;
      const metricsAddress = metricsServer ? (metricsServer.address() as AddressInfo) : address;
      if (metrics) metricsUrl = `http://${shownHost}:${metricsAddress.port}${config.metricsPath}`;
      return `http://${shownHost}:${address.port}/graphql`;
    },
    async shutdown(graceMs) {
      if (state === 'stopped') return { abandoned: 0 };
      state = 'draining';
      // net.Server's close stops accepting (new connections are refused) but,
      // unlike http.Server's, leaves open keep-alive connections alone: they
      // get 503 from /readyz and `connection: close` until the drain ends.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const outcome = await Promise.race([allDone, timedOut]);
      clearTimeout(timer);
      const abandoned = outcome === 'timeout' ? inFlight : 0;
      server.closeAllConnections();
      await closed;
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      }
      await apollo.stop();
      await graph.close();
      await auth.close();
      await idempotencyStore.close();
      await writeBudget?.close();
      state = 'stopped';
      return { abandoned };
    },
  };
}
