// What real clients send: each scenario is measured with the requests of three clients, byte for byte the
// method, URL and headers they put on the wire (Apollo Client 4 and urql 6 read from their sources, see
// bench/README.md "Header sets"), and the content type a correct GraphQL-over-HTTP server answers each with.
import { BENCH_AUTHORIZATION } from './fixtures';
import type { Scenario } from './scenarios';

export const HEADER_SET_IDS = ['curl', 'apollo', 'urql'] as const;
export type HeaderSetId = (typeof HEADER_SET_IDS)[number];

/** One HTTP request as a client sends it to `<origin>/graphql`. */
export interface ClientRequest {
  readonly method: 'GET' | 'POST';
  /** The full URL, with the query string of a GET. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body of a POST; undefined for a GET. */
  readonly body: string | undefined;
}

const URQL_ACCEPT = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

/** The Accept header of each header set. */
export const ACCEPT: Readonly<Record<HeaderSetId, string>> = {
  curl: 'application/json',
  // @apollo/client 4 HttpLink's default.
  apollo: 'application/graphql-response+json,application/json;q=0.9',
  // @urql/core 6 makeFetchOptions, for queries and mutations.
  urql: URQL_ACCEPT,
};

/** What the gateway must answer each header set with (GraphQL over HTTP §Accept; Apollo Server negotiates the same). */
export const NEGOTIATED_CONTENT_TYPE: Readonly<Record<HeaderSetId, string>> = {
  curl: 'application/json; charset=utf-8',
  apollo: 'application/graphql-response+json; charset=utf-8',
  urql: 'application/graphql-response+json; charset=utf-8',
};

/** urql's `preferGetMethod: 'within-url-limit'` falls back to POST when the GET URL would be longer than this. */
const URQL_MAX_GET_URL = 2047;

/** The order in which urql's makeFetchBody lays out a request, which its makeFetchURL keeps as parameters. */
const URQL_FIELD_ORDER = ['query', 'documentId', 'operationName', 'variables', 'extensions'] as const;

/**
 * The request `headerSet`'s client sends for `scenario` to `graphqlUrl` (`http://host:port/graphql`).
 * urql sends a query as a GET with the request's fields in the URL, in makeFetchBody's order (`query` or
 * `documentId`, `operationName`, `variables`, `extensions`; objects as JSON), unless the URL would exceed 2047
 * characters: then it POSTs, as it does every mutation. Its persisted exchange sends a hash-only query as a GET
 * the same way (`preferGetForPersistedQueries: 'within-url-limit'`, its default).
 */
export function clientRequest(scenario: Scenario, headerSet: HeaderSetId, graphqlUrl: string): ClientRequest {
  const post = (accept: string): ClientRequest => ({
    method: 'POST',
    url: graphqlUrl,
    headers: { 'content-type': 'application/json', accept, authorization: BENCH_AUTHORIZATION },
    body: scenario.body,
  });
  if (headerSet !== 'urql' || scenario.kind !== 'query') return post(ACCEPT[headerSet]);
  const search = new URLSearchParams();
  for (const key of URQL_FIELD_ORDER) {
    const value = scenario.fields[key];
    if (value !== undefined) search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const url = `${graphqlUrl}?${search.toString()}`;
  if (url.length > URQL_MAX_GET_URL) return post(URQL_ACCEPT);
  return { method: 'GET', url, headers: { accept: URQL_ACCEPT, authorization: BENCH_AUTHORIZATION }, body: undefined };
}

/** "GET" or "POST", and why a urql query is a POST, for the report. */
export function describeRequest(request: ClientRequest, scenario: Scenario, headerSet: HeaderSetId): string {
  if (headerSet === 'urql' && scenario.kind === 'query' && request.method === 'POST') return 'POST (GET URL > 2047 chars)';
  return request.method;
}
