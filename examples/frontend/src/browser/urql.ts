// urql (@urql/core) as a browser frontend would set it up: fetchExchange,
// queries as GET (preferGetMethod 'within-url-limit'), mutations as POST, the
// bearer token through fetchOptions. With `trusted`, persistedExchange sends
// each operation's manifest id as extensions.persistedQuery and no text
// (queries as GET with `extensions=`, mutations as POST; persisted.ts).
import { cacheExchange, Client, fetchExchange, type CombinedError, type Exchange, type OperationResult } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { pageGraphQLError, thrownError, type ClientFactoryOptions, type Outcome, type PageClient, type PageError } from './flow';
import { persistedQueryHash } from './persisted';

/** urql resolves with `error` rather than rejecting: GraphQL errors and a network error are told apart there. */
function urqlError(error: CombinedError): PageError {
  if (error.graphQLErrors.length > 0) return { kind: 'graphql', errors: error.graphQLErrors.map(pageGraphQLError) };
  // Chromium's TypeError: Failed to fetch (CORS, connection refused), or a non-GraphQL answer.
  if (error.networkError !== undefined) return thrownError(error.networkError instanceof TypeError ? 'network' : 'other', error.networkError);
  return thrownError('other', error);
}

function outcome<TResult>(result: OperationResult<TResult>): Outcome<TResult> {
  if (result.error !== undefined) return { ok: false, error: urqlError(result.error) };
  if (result.data === undefined) return { ok: false, error: { kind: 'other', name: 'NoData', message: 'urql returned no data' } };
  return { ok: true, data: result.data };
}

/**
 * enforcePersistedQueries stays off (the exchange's default), so its retry with the text on PersistedQueryNotFound
 * is live: the gateway answers an unknown id with PERSISTED_QUERY_NOT_IN_LIST, which the exchange passes on as is.
 */
const trustedExchange: Exchange = persistedExchange({ enableForMutation: true, generateHash: (_text, document) => Promise.resolve(persistedQueryHash(document)) });

export function createUrqlPageClient(options: ClientFactoryOptions): PageClient {
  const client = new Client({
    url: options.url,
    exchanges: options.trusted ? [cacheExchange, trustedExchange, fetchExchange] : [cacheExchange, fetchExchange],
    preferGetMethod: 'within-url-limit',
    fetchOptions: options.token === null ? {} : { headers: { authorization: `Bearer ${options.token}` } },
  });
  return {
    name: 'urql',
    async query<TResult, TVariables extends Record<string, unknown>>(query: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>> {
      // network-only: a read-back must come from the gateway, not from urql's document cache.
      return outcome(await client.query(query, variables, { requestPolicy: 'network-only' }).toPromise());
    },
    async mutate<TResult, TVariables extends Record<string, unknown>>(mutation: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Outcome<TResult>> {
      return outcome(await client.mutation(mutation, variables).toPromise());
    },
  };
}
