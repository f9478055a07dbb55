import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { AllowedOrigins } from '../config';
import { BYPASS_HEADER } from '../trusted-documents';

/**
 * Request headers a browser may send to /graphql: what Apollo Client, urql,
 * Apollo Sandbox and W3C trace propagation set (contract §8).
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'traceparent',
  'tracestate',
  'baggage',
  // TRUSTED_DOCUMENTS_BYPASS_SECRET, for the explorer and on-call work (contract §13).
  BYPASS_HEADER,
] as const;

/** Response headers a page may read besides the CORS-safelisted ones (a 401's challenge). */
export const CORS_EXPOSED_HEADERS = ['www-authenticate'] as const;

export const CORS_ALLOWED_METHODS = 'GET, POST';

export interface CorsOptions {
  readonly allowedOrigins: AllowedOrigins;
  readonly maxAgeS: number;
}

/** What the CORS step did with a request. */
export type CorsOutcome = 'answered' | 'continue';

/**
 * CORS for /graphql with the `cors` package (the middleware Apollo's
 * standalone server uses), run synchronously on node:http:
 *
 * - an allowed origin gets `Access-Control-Allow-Origin` (its own origin and
 *   `Vary: Origin`, or `*` when `*` is configured) on every answer, set
 *   before anything is written, so refusals (4xx, 413) carry it too;
 * - `OPTIONS` from an allowed origin is the preflight: 204 with the methods,
 *   headers and max age, answered here;
 * - any other origin (and a request with no `Origin`) gets no
 *   `Access-Control-*` header at all, so a browser blocks the page;
 * - never `Access-Control-Allow-Credentials`: tokens travel as bearer
 *   headers, not cookies.
 *
 * With a list of origins every answer says `Vary: Origin`, so a cache never
 * hands one origin's answer to another.
 */
export function createCors(options: CorsOptions): (req: IncomingMessage, res: ServerResponse) => CorsOutcome {
  const { allowedOrigins } = options;
  const any = allowedOrigins === '*';
  const list = any ? [] : allowedOrigins;
  if (!any && list.length === 0) return () => 'continue';
  const middleware = cors({
    // The callback answers synchronously: false skips the middleware (no headers at all).
    origin: (origin, callback) => callback(null, origin === undefined ? false : any ? '*' : list.includes(origin) ? origin : false),
    methods: CORS_ALLOWED_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS.join(', '),
    exposedHeaders: CORS_EXPOSED_HEADERS.join(', '),
    maxAge: options.maxAgeS,
    credentials: false,
    optionsSuccessStatus: 204,
    preflightContinue: false,
  });
  return (req, res) => {
    if (!any) res.setHeader('vary', 'Origin');
    let outcome: CorsOutcome = 'answered';
    middleware(req, res, () => (outcome = 'continue'));
    return outcome;
  };
}
