import Negotiator from 'negotiator';

/** Apollo Server's candidates for a single result, in its order (MEDIA_TYPES in @apollo/server). */
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const SINGLE_RESULT_MEDIA_TYPES = [
  APPLICATION_JSON,
  GRAPHQL_RESPONSE_JSON,
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/**
 * The media type Apollo Server will answer a single result with, negotiated
 * the way it does (same `negotiator`, same candidates and order).
 */
export function singleResultMediaType(accept: string | undefined): string | undefined {
  if (!accept) return APPLICATION_JSON;
  return new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_MEDIA_TYPES);
}
