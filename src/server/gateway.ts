import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { DocumentCacheStats } from '../observability/metrics';
import { createGraphQLRunners } from './apollo';
import type { MintUserToken } from './explorer';
import { type GatewayState, Lifecycle } from './lifecycle';
import { requestContextFactory } from './request-context';
import { createHttpServers } from './routes';
import { closeServices, createServices, waitForServices } from './services';

export type { GatewayState } from './lifecycle';

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
  /** AUTH_MODE=obo on the emulator's Entra ID stand-in: mints the user token an explorer page opens with (contract §14). */
  readonly mintUserToken?: MintUserToken;
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

/**
 * Builds the gateway from its parts: the services behind it (services.ts:
 * one Graph client, auth, the idempotency store, the write budget), what runs
 * GraphQL (apollo.ts), each request's context (request-context.ts), the paths
 * (routes.ts) and its state (lifecycle.ts).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { config, log, graphBaseUrl } = options;
  const services = createServices(config, log, graphBaseUrl);
  const explorer = { config, emulator: options.emulator, mintUserToken: options.mintUserToken };
  const runners = createGraphQLRunners(config, log, services.metrics, options.sdl, options.emulator, options.mintUserToken);
  const lifecycle = new Lifecycle(services.metrics);
  const info = Object.freeze({ version: options.version, graphBaseUrl, emulator: options.emulator });
  const context = requestContextFactory({ config, log, graphBaseUrl, info }, services);
  const { server, metricsServer } = createHttpServers({ config, log, lifecycle, metrics: services.metrics, runners, context, explorer });

  let metricsUrl: string | undefined;
  return {
    get state() {
      return lifecycle.state;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    get documentCaches() {
      return runners.documentCaches();
    },
    async listen(port, host) {
      await runners.apollo.start();
      await waitForServices(services, config, log);
      const urls = await lifecycle.listen(server, metricsServer, port, host, config.metricsPort, config.metricsPath);
      if (services.metrics) metricsUrl = urls.metrics;
      return urls.graphql;
    },
    async shutdown(graceMs) {
      if (lifecycle.state === 'stopped') return { abandoned: 0 };
      const abandoned = await lifecycle.drain(server, metricsServer, graceMs);
      await runners.apollo.stop();
      await closeServices(services);
      lifecycle.state = 'stopped';
      return { abandoned };
    },
  };
}
