import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from '../config';
import { ServerErrorCode } from '../errors/table';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { GraphQLRunners } from './apollo';
import { createCors } from './cors';
import { ASSET_PREFIX, createExplorer, logExplorer, type PrefillSource } from './explorer';
import { errorsBody } from './format-error';
import { type GraphQLPipeline, handleGraphQL, sendJson } from './http';
import type { Lifecycle } from './lifecycle';
import type { RequestContextFactory } from './request-context';
import { trustedStep } from './trusted';

/** What the paths are served with. */
export interface RoutesOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly lifecycle: Lifecycle;
  readonly metrics: GatewayMetrics | undefined;
  readonly runners: GraphQLRunners;
  readonly context: RequestContextFactory;
  /** What the explorer (contract §14) pre-fills. */
  readonly explorer: PrefillSource;
}

/** The gateway's HTTP servers: the main one, and the metrics one when METRICS_PORT is set. */
export interface HttpServers {
  readonly server: Server;
  readonly metricsServer: Server | undefined;
}

/** Writes the Prometheus text exposition. */
async function serveMetrics(metrics: GatewayMetrics, res: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The main server's paths: /healthz, /readyz, the metrics path (without METRICS_PORT) and /graphql; 404 for the rest. */
function routes(options: RoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, log, lifecycle, metrics, runners, context } = options;
  const cors = createCors({ allowedOrigins: config.corsAllowedOrigins, maxAgeS: config.corsMaxAgeS });
  const httpLimits = Object.freeze({ maxBodyBytes: config.maxBodyBytes, maxBatchedOperations: config.batchedRequests ? config.maxBatchedOperations : 0 });
  const metricsHere = metrics !== undefined && config.metricsPort === undefined ? metrics : undefined;
  const pipeline: GraphQLPipeline = { trusted: trustedStep(runners.trustedDocuments, log, metrics), lean: runners.lean, apollo: runners.apollo, metrics };
  // Undefined unless EXPLORER=graphiql; Sandbox is Apollo's landing page.
  const explorer = createExplorer(options.explorer, '/graphql');
  logExplorer(options.explorer, log);
  return (req, res) => {
    lifecycle.track(res);
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') return sendJson(res, lifecycle.state === 'ready' ? 200 : 503, { status: lifecycle.state });
    if (metricsHere && url.pathname === config.metricsPath) return void serveMetrics(metricsHere, res);
    if (explorer && url.pathname.startsWith(ASSET_PREFIX)) return explorer.serveAsset(req, res, url.pathname.slice(ASSET_PREFIX.length));
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'Not found: GraphQL is served at /graphql.' });
    if (explorer?.wantsPage(req)) return explorer.servePage(req, res);
    if (cors(req, res) === 'answered') return;
    if (req.method === 'OPTIONS') {
      // Not a preflight from an allowed origin: say what /graphql takes, with no CORS headers.
      res.writeHead(204, { allow: 'GET, POST, OPTIONS', 'content-length': 0 });
      return void res.end();
    }
    handleGraphQL(req, res, url, pipeline, context(req), httpLimits).catch((error: unknown) => {
      log.error({ err: error }, 'request failed outside GraphQL');
      if (!res.headersSent) sendJson(res, 500, errorsBody(ServerErrorCode.INTERNAL_SERVER_ERROR));
      else res.destroy();
    });
  };
}

/** The main server, and with METRICS_PORT a server of its own that serves only the metrics path. */
export function createHttpServers(options: RoutesOptions): HttpServers {
  const { config, metrics } = options;
  const server = createServer({ keepAliveTimeout: 5000, maxHeaderSize: config.maxHeaderBytes }, routes(options));
  const metricsServer =
    metrics && config.metricsPort !== undefined
      ? createServer((req, res) => {
          if (new URL(req.url ?? '/', 'http://gateway').pathname === config.metricsPath) void serveMetrics(metrics, res);
          else sendJson(res, 404, { error: `Not found: metrics are served at ${config.metricsPath}.` });
        })
      : undefined;
  return { server, metricsServer };
}
