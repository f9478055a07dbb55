import Negotiator from 'negotiator';

/** Apollo Server's candidates for a single result, in its order (MEDIA_TYPES in @apollo/server). */
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const SINGLE_RESULT_MEDIA_TYPES = [
  APPLICATION_JSON,
  GRAPHQL_RESPONSE_JSON,
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/** Accept headers remembered with their answer: clients send a handful of distinct ones, each on every request. */
const MEMO_ENTRIES = 256;
/** Longer Accept headers are negotiated every time, so hostile ones cannot fill the memo with large keys. */
const MEMO_KEY_CHARS = 256;
const memo = new Map<string, string | undefined>();

/**
 * The media type Apollo Server will answer a single result with, negotiated
 * the way it does (same `negotiator`, same candidates and order). The answer
 * depends on the header alone, so it is remembered per header text (bounded).
 */
export function singleResultMediaType(accept: string | undefined): string | undefined {
  if (!accept) return APPLICATION_JSON;
  const known = memo.get(accept);
  if (known !== undefined || memo.has(accept)) return known;
  const negotiated = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_MEDIA_TYPES);
  if (accept.length <= MEMO_KEY_CHARS) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(accept, negotiated);
  }
  return negotiated;
}
