import type { IncomingMessage } from 'node:http';
import { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, singleResultMediaType } from './media-type';

/** Headers that prove a request was preflighted (Apollo's two, and Authorization): the CSRF rule of Apollo Server. */
export const CSRF_PREFLIGHT_HEADERS = ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** What a runnable request looks like before execution. */
export interface LeanOperation {
  readonly query: string;
  readonly operationName: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** A request the lean path can run, and the media type its answer takes. */
export interface LeanRequest {
  readonly operation: LeanOperation;
  /** Apollo's negotiated single-result type: application/json or application/graphql-response+json. */
  readonly mediaType: string;
  /** GET: only queries run; a mutation goes to Apollo, which answers 405. */
  readonly queriesOnly: boolean;
}

/** The operation, when a body has the plain shape (no extensions, no batch); undefined otherwise. */
export function leanOperation(body: unknown): LeanOperation | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName ?? null, variables: (variables as Record<string, unknown> | null) ?? {} };
}

/** A GET's operation, read as Apollo reads its query string; undefined when Apollo would refuse or treat it otherwise. */
function getOperation(params: URLSearchParams): LeanOperation | undefined {
  for (const name of params.keys()) {
    if (name === 'extensions' || params.getAll(name).length > 1) return undefined;
  }
  const variables = params.get('variables');
  let parsed: unknown;
  if (variables !== null) {
    try {
      parsed = JSON.parse(variables);
    } catch {
      return undefined;
    }
    // Apollo wants an object here (null included is refused); let it say so.
    if (parsed === null) return undefined;
  }
  return leanOperation({ query: params.get('query') ?? undefined, operationName: params.get('operationName') ?? undefined, variables: parsed });
}

/** Whether the request carries a header that a plain form or <img> cannot send (Apollo's CSRF prevention). */
export function preflighted(headers: IncomingMessage['headers']): boolean {
  return CSRF_PREFLIGHT_HEADERS.some((name) => typeof headers[name] === 'string' && headers[name] !== '');
}

/**
 * The lean path takes what real clients send: JSON POSTs (curl, Apollo
 * Client, urql's mutations) and GETs that carry a preflight header (urql's
 * queries), whatever they accept among Apollo's single-result types. The
 * rest (forms and other CSRF suspects, landing-page GETs, federated
 * tracing, APQ and other extensions, batches, repeated or invalid GET
 * parameters, Accept headers Apollo would refuse) goes to Apollo Server.
 */
export function leanRequest(req: IncomingMessage, url: URL, body: unknown, contentType: string): LeanRequest | undefined {
  const { headers } = req;
  if (headers['apollo-federation-include-trace'] !== undefined) return undefined;
  const mediaType = singleResultMediaType(headers.accept);
  if (mediaType !== APPLICATION_JSON && mediaType !== GRAPHQL_RESPONSE_JSON) return undefined;
  if (req.method === 'POST') {
    if (!/^application\/json\s*(;|$)/i.test(contentType)) return undefined;
    const operation = leanOperation(body);
    return operation && { operation, mediaType, queriesOnly: false };
  }
  if (req.method !== 'GET' || contentType !== '' || !preflighted(headers)) return undefined;
  // A browser asking for a page gets Apollo's landing page.
  if (/text\/html/i.test(headers.accept ?? '')) return undefined;
  const operation = getOperation(url.searchParams);
  return operation && { operation, mediaType, queriesOnly: true };
}
