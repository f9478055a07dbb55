import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { DocumentCacheStats, GatewayMetrics } from '../observability/metrics';
import { observeOperation, operationPlugin } from '../observability/operation-plugin';
import type { GatewayContext } from '../resolvers/context';
import { buildGatewaySchema } from '../schema/load';
import { apolloDocumentStore } from './document-cache';
import { FastPath, type LeanPathPlugins } from './fast-path';
import { createFormatError, requestErrorStatusPlugin } from './format-error';
import { CSRF_PREFLIGHT_HEADERS, type FastPathHandle } from './http';
import { costLimitPlugin, maxAliasesRule, maxDepthRule } from './limits';
import { supportedOperationTypesRule } from './operation-types';
import { SANDBOX_DOCUMENT, sandboxHeaders } from './sandbox';

/** What runs GraphQL: Apollo Server, and the lean path in front of it (GRAPHQL_FAST_PATH). */
export interface GraphQLRunners {
  readonly apollo: ApolloServer<GatewayContext>;
  /** Undefined when GRAPHQL_FAST_PATH=false. */
  readonly fast: FastPathHandle | undefined;
  /** What the caches of parsed documents hold. */
  documentCaches(): { readonly lean: DocumentCacheStats | undefined; readonly apollo: DocumentCacheStats };
}

/**
 * Every Apollo plugin, keyed by what the lean path does about it (LeanPathPlugins): a plugin
 * added here does not compile until the lean path says how it honours it.
 */
function apolloPlugins(config: Config, log: Logger, metrics: GatewayMetrics | undefined, emulator: boolean): LeanPathPlugins<ApolloServerPlugin<GatewayContext>> {
  return {
    // No @cacheControl here; Apollo's cache-control plugin would wrap every field resolver (measured: npm run bench).
    cacheControlDisabled: ApolloServerPluginCacheControlDisabled(),
    operationObserver: operationPlugin(metrics, log),
    costLimit: costLimitPlugin({ maxCost: config.maxQueryCost, defaultPageSize: config.defaultPageSize }),
    requestErrorStatus: requestErrorStatusPlugin,
    landingPage: config.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document: SANDBOX_DOCUMENT, headers: sandboxHeaders(emulator) })
      : ApolloServerPluginLandingPageDisabled(),
  };
}

/** The schema with its limits, run by Apollo Server and (unless turned off) by the lean path, with the same rules and errors. */
export function createGraphQLRunners(config: Config, log: Logger, metrics: GatewayMetrics | undefined, sdl: string, emulator: boolean): GraphQLRunners {
  const schema = buildGatewaySchema(sdl);
  const validationRules = [supportedOperationTypesRule, maxDepthRule(config.maxQueryDepth), maxAliasesRule(config.maxAliases)];
  const formatError = createFormatError(log, config.development, schema);
  const documents = apolloDocumentStore(config.documentCacheBytes);
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
    plugins: Object.values(apolloPlugins(config, log, metrics, emulator)),
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
  const documentCaches = (): ReturnType<GraphQLRunners['documentCaches']> => ({
    lean: fast?.path.cacheStats,
    apollo: { documents: documents.lru.size, bytes: documents.lru.bytes },
  });
  metrics?.watchDocumentCaches(documentCaches);
  return { apollo, fast, documentCaches };
}
