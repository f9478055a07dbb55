// The tuned plain Apollo Server 5: what the scenarios cost through a stock Apollo Server set up for speed, as
// a second reference beside the bare floor. A minimal SDL (only what the scenarios' operations select), thin
// resolvers doing the floor's own Graph work (graph-operations.ts, one undici Pool), plugins off (landing
// page, cache control, usage and schema reporting, inline traces), on plain node:http with
// executeHTTPGraphQLRequest. Apollo does the GraphQL part: parse/validate (its document cache), variable
// coercion, execution, content negotiation, CSRF prevention, GET for queries, and APQ: the bench's operation
// hashes are registered in its APQ cache at start, so by-id scenarios reach it as hash-only requests it serves.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ManagedAppFlaggedReason, ResultantAppState, ResultantAppStateDetail } from '../src/normalize/enums';
import { createGraphOperations, type GraphOperations, type Json } from './graph-operations';
import { readRequest } from './http-request';
import { documentHash, OPERATION, QUERY } from './operations';
import { exitWhenOrphaned } from './orphan-guard';

const MAX_BODY_BYTES = 1024 * 1024;

interface Context {
  readonly authorization: string;
}

/** An enum's SDL with the gateway's values (src/normalize/enums.ts, UNKNOWN_FUTURE_VALUE included). */
const graphQLEnum = (name: string, values: Readonly<Record<string, string>>): string => `enum ${name} { ${Object.keys(values).join(' ')} }`;

const REGISTRATION_FIELDS = `id: ID!
  createdDateTime: DateTimeOffset
  lastSyncDateTime: DateTimeOffset
  applicationVersion: String
  platformVersion: String
  deviceTag: String
  deviceName: String
  flaggedReasons: [ManagedAppFlaggedReason!]!
  userId: String
  appIdentifier: MobileAppIdentifier`;

/** The gateway's types and fields that the bench's operations use, with the gateway's names and nullability. */
export const TUNED_APOLLO_SDL = `
scalar DateTimeOffset
scalar _Any
${graphQLEnum('ManagedAppFlaggedReason', ManagedAppFlaggedReason)}
${graphQLEnum('ResultantAppState', ResultantAppState)}
${graphQLEnum('ResultantAppStateDetail', ResultantAppStateDetail)}

type Query {
  managedAppRegistration(id: ID!): ManagedAppRegistration
  _entities(representations: [_Any!]!): [_Entity]!
}
type Mutation {
  createManagedAppRegistration(input: ManagedAppRegistrationInput!): ManagedAppRegistration!
  createMobileAppInstallStatus(mobileAppId: ID!, input: MobileAppInstallStatusInput!): MobileAppInstallStatus!
}

interface ManagedAppRegistration {
  ${REGISTRATION_FIELDS}
}
type AndroidManagedAppRegistration implements ManagedAppRegistration {
  ${REGISTRATION_FIELDS}
}
type IosManagedAppRegistration implements ManagedAppRegistration {
  ${REGISTRATION_FIELDS}
}
type WindowsManagedAppRegistration implements ManagedAppRegistration {
  ${REGISTRATION_FIELDS}
}
type GenericManagedAppRegistration implements ManagedAppRegistration {
  ${REGISTRATION_FIELDS}
}
union _Entity = AndroidManagedAppRegistration | IosManagedAppRegistration | WindowsManagedAppRegistration | GenericManagedAppRegistration

union MobileAppIdentifier = AndroidMobileAppIdentifier | IosMobileAppIdentifier | MacAppIdentifier | WindowsAppIdentifier | OtherMobileAppIdentifier
type AndroidMobileAppIdentifier { packageId: String }
type IosMobileAppIdentifier { bundleId: String }
type MacAppIdentifier { bundleId: String }
type WindowsAppIdentifier { windowsAppId: String }
type OtherMobileAppIdentifier { graphType: String }

type MobileAppInstallStatus {
  id: ID!
  mobileAppId: ID!
  deviceName: String
  deviceId: String
  lastSyncDateTime: DateTimeOffset
  mobileAppInstallStatusValue: ResultantAppState
  installState: ResultantAppState
  installStateDetail: ResultantAppStateDetail
  errorCode: Int
  osVersion: String
  userPrincipalName: String
}

input ManagedAppRegistrationInput {
  lastSyncDateTime: DateTimeOffset
  applicationVersion: String
  managementSdkVersion: String
  platformVersion: String
  deviceType: String
  deviceTag: String
  deviceName: String
  flaggedReasons: [ManagedAppFlaggedReason!]
  userId: String
  appIdentifier: MobileAppIdentifierInput
  version: String
}
input MobileAppIdentifierInput @oneOf {
  android: AndroidMobileAppIdentifierInput
  ios: IosMobileAppIdentifierInput
  mac: MacAppIdentifierInput
  windows: WindowsAppIdentifierInput
}
input AndroidMobileAppIdentifierInput { packageId: String! }
input IosMobileAppIdentifierInput { bundleId: String! }
input MacAppIdentifierInput { bundleId: String! }
input WindowsAppIdentifierInput { windowsAppId: String! }
input MobileAppInstallStatusInput {
  deviceName: String
  deviceId: String
  lastSyncDateTime: DateTimeOffset
  mobileAppInstallStatusValue: ResultantAppState
  errorCode: Int
  osVersion: String
  osDescription: String
  userName: String
  userPrincipalName: String
}
`;

/**
 * Apollo's APQ cache with the bench's operation texts registered under their SHA-256, as a first request carrying
 * text and hash would register them: the stock counterpart of the gateway's trusted documents. No TTL and no
 * eviction, so a registration cannot lapse during a run. Apollo Server prefixes APQ keys with `apq:` (its
 * APQ_CACHE_PREFIX); a wrong key would show as PersistedQueryNotFound in the bench's check.
 */
function preRegisteredApqCache(): { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void>; delete(key: string): Promise<boolean> } {
  const entries = new Map<string, string>(Object.values(QUERY).map((text) => [`apq:${documentHash(text)}`, text]));
  return {
    get: (key) => Promise.resolve(entries.get(key)),
    set: (key, value) => {
      entries.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(entries.delete(key)),
  };
}

/** A root field resolved by one Graph operation: the arguments are its variables, `key` picks its result. */
function rootField(operations: GraphOperations, name: string, key: string) {
  const operation = operations[name]!;
  return async (_parent: unknown, args: Json, context: Context): Promise<unknown> => (await operation(args, context.authorization))[key];
}

/** The Apollo Server and the Pool behind it; `start()` is the caller's. */
export function createTunedApollo(graphBaseUrl: string): { apollo: ApolloServer<Context>; close: () => Promise<void> } {
  const { operations, close } = createGraphOperations(graphBaseUrl);
  const apollo = new ApolloServer<Context>({
    typeDefs: TUNED_APOLLO_SDL,
    resolvers: {
      Query: {
        managedAppRegistration: rootField(operations, OPERATION.managedAppRegistration, 'managedAppRegistration'),
        _entities: rootField(operations, OPERATION.entities, '_entities'),
      },
      Mutation: {
        createManagedAppRegistration: rootField(operations, OPERATION.createManagedAppRegistration, 'createManagedAppRegistration'),
        createMobileAppInstallStatus: rootField(operations, OPERATION.createMobileAppInstallStatus, 'createMobileAppInstallStatus'),
      },
      // The projections set __typename, which graphql-js's default type resolver reads for interfaces and unions.
    },
    // Apollo's default check, plus Authorization: a browser preflights a request carrying it, as it does one
    // with a JSON content type, so urql's GET (Authorization, no content type) passes like the gateway's does.
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization'] },
    persistedQueries: { cache: preRegisteredApqCache() },
    introspection: false,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  return { apollo, close };
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The node:http handler: read the body, parse JSON bodies (as startStandaloneServer's body parser does), hand over to Apollo. */
export function createTunedApolloHandler(apollo: ApolloServer<Context>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.url === '/readyz' || req.url === '/healthz') return plain(res, 200, 'ready');
    readRequest(req, MAX_BODY_BYTES, (read) => {
      if (read.pathname !== '/graphql') return plain(res, 404, 'Not found');
      if (read.tooLarge) return plain(res, 413, 'Body too large');
      const headers = headerMap(req);
      let body: unknown;
      if (read.size > 0 && /^application\/json\b/i.test(headers.get('content-type') ?? '')) {
        try {
          body = JSON.parse(read.body.toString('utf8'));
        } catch {
          return plain(res, 400, 'The request body is not valid JSON.');
        }
      } else if (read.size > 0) {
        body = read.body.toString('utf8');
      }
      apollo
        .executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: read.search, body },
          context: () => Promise.resolve({ authorization: headers.get('authorization') ?? '' }),
        })
        .then(async (result) => {
          for (const [name, value] of result.headers) res.setHeader(name, value);
          res.statusCode = result.status ?? 200;
          if (result.body.kind === 'complete') {
            res.setHeader('content-length', Buffer.byteLength(result.body.string));
            res.end(result.body.string);
          } else {
            for await (const chunk of result.body.asyncIterator) res.write(chunk);
            res.end();
          }
        })
        .catch((error: unknown) => plain(res, 500, error instanceof Error ? error.message : String(error)));
    });
  };
}

/** `node tuned-apollo.js`: GRAPH_BASE_URL and PORT as for the gateway; listens on 127.0.0.1. */
async function main(): Promise<void> {
  const graphBaseUrl = process.env.GRAPH_BASE_URL;
  if (graphBaseUrl === undefined) {
    process.stderr.write('tuned-apollo: GRAPH_BASE_URL is required\n');
    process.exit(1);
  }
  const { apollo, close } = createTunedApollo(graphBaseUrl);
  await apollo.start();
  // Same keep-alive timeout as the gateway's server and the floor's.
  const server = createServer({ keepAliveTimeout: 5000 }, createTunedApolloHandler(apollo));
  server.listen(Number(process.env.PORT ?? '0'), '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => void Promise.all([apollo.stop(), close()]).finally(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWhenOrphaned();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`tuned-apollo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
