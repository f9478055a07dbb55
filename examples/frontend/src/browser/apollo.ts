// Apollo Client 4 as a browser frontend would set it up: HttpLink with the
// bearer token (Apollo's default POST, accept:
// application/graphql-response+json,application/json;q=0.9) and an
// InMemoryCache that knows the schema's abstract types. With `trusted`, a
// PersistedQueryLink in front sends each operation's manifest id as
// extensions.persistedQuery and no text (persisted.ts).
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError, ServerParseError } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { pageGraphQLError, thrownError, type ClientFactoryOptions, type Outcome, type PageClient, type PageError } from './flow';
import { persistedQueryHash } from './persisted';
import { POSSIBLE_TYPES } from './possible-types';

/** Apollo Client 4 rejects on any error (errorPolicy 'none'); this sorts what it threw. */
function apolloError(error: unknown): PageError {
  if (CombinedGraphQLErrors.is(error)) return { kind: 'graphql', errors: error.errors.map(pageGraphQLError) };
  // An answer that is not a GraphQL response (a proxy's HTML page, a non-2xx with a non-GraphQL body).
  if (ServerError.is(error) || ServerParseError.is(error)) return thrownError('other', error);
  // Apollo Client 4 passes fetch's own failure through unwrapped: Chromium's TypeError: Failed to fetch.
  if (error instanceof TypeError) return thrownError('network', error);
  return thrownError('other', error);
}

export function createApolloPageClient(options: ClientFactoryOptions): PageClient {
  const http = new HttpLink({
    uri: options.url,
    headers: options.token === null ? {} : { authorization: `Bearer ${options.token}` },
  });
  const client = new ApolloClient({
    // The link's default retry (re-send with the text on PERSISTED_QUERY_NOT_FOUND) stays on: the gateway answers an
    // unknown id with PERSISTED_QUERY_NOT_IN_LIST, which the link passes on without retrying.
    link: options.trusted ? ApolloLink.from([new PersistedQueryLink({ generateHash: persistedQueryHash }), http]) : http,
    cache: new InMemoryCache({
      possibleTypes: Object.fromEntries(Object.entries(POSSIBLE_TYPES).map(([supertype, subtypes]) => [supertype, [...subtypes]])),
    }),
  });
  return {
    name: 'apollo',
    async query<TResult, TVariables extends Record<string, unknown>>(query: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>> {
      try {
        // network-only: a read-back must come from the gateway, not from what the mutation put in the cache.
        const { data } = await client.query({ query, variables, fetchPolicy: 'network-only' });
        if (data === undefined) return { ok: false, error: { kind: 'other', name: 'NoData', message: 'Apollo Client returned no data' } };
        return { ok: true, data };
      } catch (error) {
        return { ok: false, error: apolloError(error) };
      }
    },
    async mutate<TResult, TVariables extends Record<string, unknown>>(mutation: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>> {
      try {
        const { data } = await client.mutate({ mutation, variables });
        if (data === undefined) return { ok: false, error: { kind: 'other', name: 'NoData', message: 'Apollo Client returned no data' } };
        return { ok: true, data };
      } catch (error) {
        return { ok: false, error: apolloError(error) };
      }
    },
  };
}
