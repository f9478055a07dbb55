// A request as the emulator handles it. A request is routed the same way whether it came over HTTP or inside a
// $batch, so both entry points reduce it to a GraphRequest: its target, its lower-cased headers, its body and the ids
// its answer will carry.
import { badRequest, GraphError, type RequestContext } from './responses';

export interface GraphRequest {
  /** Upper-cased. */
  method: string;
  target: Target;
  /** Names lower-cased. */
  headers: Record<string, string>;
  body: RequestBody;
  ctx: RequestContext;
}

/** Header names lower-cased; repeated headers joined the way HTTP folds them. */
export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lowered[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return lowered;
}

/** The token of an `Authorization: Bearer <token>` header value (trimmed), or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
  const token = match?.[1].trim();
  return token === undefined || token === '' ? undefined : token;
}

// The target: split into the pieces routing, fault matching and link building need, without decoding anything.
// Segments are decoded once, later, by the router, so that 'a%2Fb' stays one segment.

export interface Target {
  /**
   * Path relative to basePath, query excluded, one trailing slash removed, still percent-encoded ('' for the service
   * root); undefined when the request is not under basePath.
   */
  relativePath: string | undefined;
  /** The path fault rules are matched against: relativePath, or the whole path when outside basePath. */
  faultPath: string;
  /** Query string without the '?', still encoded. */
  query: string;
}

/** Parses req.url of a top-level request against the emulator's basePath (compared case-insensitively, like Graph's version segment). */
export function parseTopLevelTarget(rawUrl: string, basePath: string): Target {
  const { path, query } = splitQuery(rawUrl);
  const lowerPath = path.toLowerCase();
  const lowerBase = basePath.toLowerCase();
  if (lowerPath === lowerBase || lowerPath.startsWith(`${lowerBase}/`)) {
    const relativePath = dropTrailingSlash(path.slice(basePath.length));
    return { relativePath, faultPath: relativePath, query };
  }
  return { relativePath: undefined, faultPath: dropTrailingSlash(path), query };
}

/** Parses a $batch item's url, which is already relative to the version segment ('/users/x' or 'users/x'). */
export function parseBatchItemTarget(url: string): Target {
  const { path, query } = splitQuery(url);
  const relativePath = dropTrailingSlash(path.startsWith('/') ? path : `/${path}`);
  return { relativePath, faultPath: relativePath, query };
}

function splitQuery(rawUrl: string): { path: string; query: string } {
  const q = rawUrl.indexOf('?');
  return q < 0 ? { path: rawUrl, query: '' } : { path: rawUrl.slice(0, q), query: rawUrl.slice(q + 1) };
}

// Only one slash goes: '/x//' keeps an empty last segment, which the router rejects like Graph does.
function dropTrailingSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

// The body: classified once when read, turned into the JSON object a handler works on only when a handler asks.

/** What a request carried as its body, before any handler looked at it. */
export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; text: string }
  | { kind: 'too-large' };

/** Largest body the emulator reads; Graph's own request limit is 4 MB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Classifies raw body text: empty is 'none', then JSON or not. */
export function classifyBody(text: string): RequestBody {
  if (text.length === 0) return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'invalid', text };
  }
}

/** The body as a JSON object, or a GraphError (400, or 413 when it was too large). */
export function requireJsonObject(body: RequestBody): Record<string, unknown> {
  switch (body.kind) {
    case 'none':
      throw badRequest('Empty Payload. JSON content expected.');
    case 'invalid':
      throw badRequest(
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    case 'too-large':
      throw new GraphError(413, 'RequestEntityTooLarge', `The request body exceeds the limit of ${MAX_BODY_BYTES} bytes.`);
    case 'json':
      if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
        throw badRequest('The request body must be a JSON object.');
      }
      return body.value as Record<string, unknown>;
  }
}
