// Shared pieces of the federation tests: a second, tiny "directory" subgraph (its SDL and a real HTTP server for it),
// and reading this gateway's own subgraph SDL over HTTP.
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';
import { Agent, fetch } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import type { Stack } from '../helpers/stack';

/** The people the directory subgraph owns. */
export const DIRECTORY_USERS: ReadonlyArray<{ id: string; displayName: string }> = [
  { id: 'u-1', displayName: 'Adele Vance' },
  { id: 'u-2', displayName: 'Megan Bowen' },
];

/**
 * A second subgraph, as another team would write it: it owns `User` and `MobileApp` (with display names) and
 * lists references to this gateway's entities (`ManagedAppRegistration` as an `@interfaceObject`, and
 * `MobileAppInstallStatus` by its compound key), so the router must fetch those through this gateway's `_entities`.
 */
export const DIRECTORY_SDL = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@interfaceObject"])

type Query {
  users: [User!]!
  mobileApps: [MobileApp!]!
  pinnedRegistrations: [ManagedAppRegistration!]!
  watchedInstallStatuses: [MobileAppInstallStatus!]!
}

type User @key(fields: "id") {
  id: ID!
  displayName: String!
}

type MobileApp @key(fields: "id") {
  id: ID!
  displayName: String!
}

type ManagedAppRegistration @key(fields: "id") @interfaceObject {
  id: ID!
}

type MobileAppInstallStatus @key(fields: "mobileAppId id", resolvable: false) {
  mobileAppId: ID!
  id: ID!
}
`;

/** What the directory's list fields return; tests fill in the ids Graph gave while seeding. */
export interface DirectoryData {
  pinnedRegistrationIds: string[];
  watchedInstallStatuses: Array<{ mobileAppId: string; id: string }>;
}

export function directoryTypeDefs(): DocumentNode {
  return parse(DIRECTORY_SDL);
}

function directoryResolvers(data: DirectoryData): GraphQLResolverMap<unknown> {
  const userById = (id: string) => DIRECTORY_USERS.find((user) => user.id === id) ?? null;
  const appById = (id: string) => {
    const app = SEEDED_MOBILE_APPS.find((candidate) => candidate.id === id);
    return app === undefined ? null : { id: app.id, displayName: app.displayName };
  };
  return {
    Query: {
      users: () => DIRECTORY_USERS,
      mobileApps: () => SEEDED_MOBILE_APPS.map((app) => ({ id: app.id, displayName: app.displayName })),
      pinnedRegistrations: () => data.pinnedRegistrationIds.map((id) => ({ id })),
      watchedInstallStatuses: () => data.watchedInstallStatuses,
    },
    User: { __resolveReference: (ref: { id: string }) => userById(ref.id) },
    MobileApp: { __resolveReference: (ref: { id: string }) => appById(ref.id) },
    ManagedAppRegistration: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
  };
}

/** What the router keeps from the incoming request for its subgraph calls. */
interface RouterContext {
  authorization?: string;
}

/** Copies the caller's Authorization header onto every subgraph request made for the caller's operation. */
class AuthForwardingDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest({ request: subgraphRequest, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    // Schema loading and health checks run with an empty context: they send no token, as `_service` needs none.
    const authorization: unknown = context.authorization;
    if (typeof authorization === 'string') subgraphRequest.http?.headers.set('authorization', authorization);
  }
}

/** Apollo's debug and info lines (e.g. "Enabling inline tracing") are noise in tests; warnings and errors still show. */
export const quietLogger = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (message?: unknown): void => console.warn(message),
  error: (message?: unknown): void => console.error(message),
};

export interface RunningSubgraph {
  /** Its GraphQL URL. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the directory subgraph with Apollo Server's standalone HTTP server on 127.0.0.1, port 0. */
export async function startDirectory(data: DirectoryData): Promise<RunningSubgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: directoryTypeDefs(), resolvers: directoryResolvers(data) }),
    // jest sets NODE_ENV=test, where Apollo leaves signals alone anyway; say so explicitly.
    stopOnTerminationSignals: false,
    logger: quietLogger,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}

/**
 * This gateway's subgraph SDL, read from the running server through `{ _service { sdl } }` (federation's own
 * way, which is also what IntrospectAndCompose does). `printSubgraphSchema` cannot be used: it throws on `@oneOf`.
 */
export async function fetchSubgraphSdl(stack: Stack): Promise<string> {
  const res = await stack.gql('{ _service { sdl } }');
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  const service = res.body.data?._service as { sdl: string } | undefined;
  if (service === undefined) throw new Error('no _service in the answer');
  return service.sdl;
}

/**
 * A federated router (@apollo/gateway with IntrospectAndCompose) over these subgraphs, with Apollo Server's standalone
 * HTTP server on 127.0.0.1, port 0. It forwards the caller's Authorization header to the subgraphs.
 */
export async function startRouter(subgraphs: Array<{ name: string; url: string }>): Promise<RunningSubgraph> {
  // The router's own connections to the subgraphs, so that close() can end them.
  const agent = new Agent({ keepAliveTimeout: 1000 });
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs }),
    buildService: ({ url }) =>
      new AuthForwardingDataSource({
        url,
        // undici's fetch on the agent above, instead of the default make-fetch-happen agent.
        fetcher: (input, init) => fetch(input, { ...init, dispatcher: agent }),
      }),
    logger: quietLogger,
  });
  const router = new ApolloServer<RouterContext>({ gateway, logger: quietLogger, stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(router, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => (req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
  });
  return {
    url,
    close: async () => {
      await router.stop();
      await agent.close();
    },
  };
}
