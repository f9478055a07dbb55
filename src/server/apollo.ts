import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { DocumentCacheStats, GatewayMetrics } from '../observability/metrics';
import { observeOperation, operationPlugin } from '../observability/operation-plugin';
import type { GatewayContext } from '../resolvers/context';
import { buildGatewaySchema } from '../schema/load';
import { apqAllowed, loadTrustedDocuments, type TrustedDocumentList } from '../trusted-documents';
import { apolloDocumentStore } from './document-cache';
import { createFormatError, requestErrorStatusPlugin } from './format-error';
import { CSRF_PREFLIGHT_HEADERS, LeanPath, type LeanPathHandle, type LeanPathPlugins } from './lean';
import { costLimitPlugin, maxAliasesRule, maxDepthRule, operationCost } from './limits';
import type { MintUserToken, PrefillSource } from './explorer';
import { supportedOperationTypesRule } from './operation-types';
import { sandboxLandingPage } from './sandbox';

/** What runs GraphQL: Apollo Server, the lean path in front of it (GRAPHQL_FAST_PATH), and the trusted documents (TRUSTED_DOCUMENTS). */
export interface GraphQLRunners {
  readonly apollo: ApolloServer<GatewayContext>;
  /** Undefined when GRAPHQL_FAST_PATH=false. */
  readonly lean: LeanPathHandle | undefined;
  /** The allow-list of contract §13, prepared at start; undefined when TRUSTED_DOCUMENTS is unset. */
  readonly trustedDocuments: TrustedDocumentList | undefined;
  /** What the caches of parsed documents hold. */
  documentCaches(): { readonly lean: DocumentCacheStats | undefined; readonly apollo: DocumentCacheStats };
}

/**
 * Every Apollo plugin, keyed by what the lean path does about it (LeanPathPlugins): a plugin
 * added here does not compile until the lean path says how it honours it.
 */
function apolloPlugins(source: PrefillSource, log: Logger, metrics: GatewayMetrics | undefined): LeanPathPlugins<ApolloServerPlugin<GatewayContext>> {
  const { config } = source;
  return {
    // No @cacheControl here; Apollo's cache-control plugin would wrap every field resolver (measured: npm run bench).
    cacheControlDisabled: ApolloServerPluginCacheControlDisabled(),
    operationObserver: operationPlugin(metrics, log),
    costLimit: costLimitPlugin({ maxCost: config.maxQueryCost, defaultPageSize: config.defaultPageSize }),
    requestErrorStatus: requestErrorStatusPlugin,
    // EXPLORER=graphiql is served in front of Apollo (routes.ts), so Apollo's own page is off then too.
    landingPage: config.explorer.kind === 'sandbox' ? sandboxLandingPage<GatewayContext>(source) : ApolloServerPluginLandingPageDisabled(),
  };
}

/** The schema with its limits, run by Apollo Server and (unless turned off) by the lean path, with the same rules and errors. */
export function createGraphQLRunners(config: Config, log: Logger, metrics: GatewayMetrics | undefined, sdl: string, emulator: boolean, mintUserToken?: MintUserToken): GraphQLRunners {
  const schema = buildGatewaySchema(sdl);
  const validationRules = [supportedOperationTypesRule, maxDepthRule(config.maxQueryDepth), maxAliasesRule(config.maxAliases)];
  // Contract §13: every manifest document prepared once, here; a bad manifest throws a ConfigError and the gateway does not start.
  const trustedDocuments =
    config.trustedDocuments &&
    loadTrustedDocuments(config.trustedDocuments, {
      schema,
      maxTokens: config.maxQueryTokens,
      limitRules: validationRules,
      cost: { max: config.maxQueryCost, of: (operation, fragments, variables) => operationCost(operation, fragments, variables, config.defaultPageSize) },
    });
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
    // Under enforce and ids-only an APQ registration would be a way around the list (contract §13).
    ...(apqAllowed(trustedDocuments) ? {} : { persistedQueries: false as const }),
    // No "Did you mean …" field and type suggestions in production.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    plugins: Object.values(apolloPlugins({ config, emulator, mintUserToken }, log, metrics)),
  });
  const lean: LeanPathHandle | undefined = config.fastPath
    ? {
        path: new LeanPath({
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
    lean: lean?.path.cacheStats,
    apollo: { documents: documents.lru.size, bytes: documents.lru.bytes },
  });
  metrics?.watchDocumentCaches(documentCaches);
  return { apollo, lean, trustedDocuments, documentCaches };
}
