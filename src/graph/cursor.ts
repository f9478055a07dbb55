import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/**
 * A paging position: the Graph page to fetch (an absolute URL this gateway
 * built or Graph gave as @odata.nextLink) and how many of its items to skip.
 * `c` binds the cursor to one collection, so it cannot be replayed on another.
 */
export interface CursorPosition {
  /** The collection path the cursor belongs to, below the base URL (ids encoded). */
  readonly collection: string;
  /** Absolute URL of the page. */
  readonly page: string;
  /** Items of that page already returned. */
  readonly skip: number;
}

interface Payload {
  v: 1;
  c: string;
  u: string;
  i: number;
}

const MAX_SKIP = 10_000;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`cursor.v1.${payload}`).digest();
}

function invalid(why: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "after" is not a cursor this gateway issued for this list (${why}).`);
}

/** Opaque, HMAC-signed cursor text. */
export function encodeCursor(secret: string, position: CursorPosition): string {
  const payload: Payload = { v: 1, c: position.collection, u: position.page, i: position.skip };
  const text = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${text}.${mac(secret, text).toString('base64url')}`;
}

/**
 * Checks a cursor's signature, that it belongs to `collection`, and that its
 * page URL is under `baseUrl` and on that collection's path: a cursor can
 * never send a request, or the caller's token, anywhere else.
 */
export function decodeCursor(secret: string, cursor: string, collection: string, baseUrl: string): CursorPosition {
  const [text, signature, extra] = cursor.split('.');
  if (!text || !signature || extra !== undefined) throw invalid('malformed');
  const expected = mac(secret, text);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature');
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    throw invalid('malformed');
  }
  if (payload.v !== 1 || typeof payload.c !== 'string' || typeof payload.u !== 'string' || !Number.isInteger(payload.i)) {
    throw invalid('malformed');
  }
  if (payload.c !== collection) throw invalid('it belongs to another list');
  const skip = payload.i as number;
  if (skip < 0 || skip > MAX_SKIP) throw invalid('malformed');
  pageRelativeToBase(payload.u, baseUrl);
  return { collection, page: payload.u, skip };
}

/**
 * The page URL's part after the base URL (path and query, verbatim), or a
 * BAD_USER_INPUT when the URL is anywhere but under `baseUrl`: another
 * scheme, host, port, credentials, path prefix, or dot segments leading out.
 * (Graph may spell a collection's path its own way in a nextLink, so the
 * path below the base is not compared; the signed cursor is bound to its
 * collection instead.)
 */
export function pageRelativeToBase(page: string, baseUrl: string): { path: string; query: string } {
  const foreign = () => invalid('its next page is not on the configured GRAPH_BASE_URL');
  if (/[\s\\#]/.test(page) || page.length > 8192) throw foreign();
  if (page.slice(0, baseUrl.length).toLowerCase() !== baseUrl.toLowerCase()) throw foreign();
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(page);
    base = new URL(baseUrl);
  } catch {
    throw foreign();
  }
  const rest = page.slice(baseUrl.length);
  const queryAt = rest.indexOf('?');
  const path = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt + 1);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (
    parsed.origin !== base.origin ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    !path.startsWith('/') ||
    !parsed.pathname.toLowerCase().startsWith(`${basePath}/`.toLowerCase()) ||
    parsed.pathname.slice(basePath.length).toLowerCase() !== decodeDots(path).toLowerCase()
  ) {
    throw foreign();
  }
  return { path, query };
}

/** The path as WHATWG URL parsing sees it, for the dot-segment comparison: %2e is a dot there. */
function decodeDots(path: string): string {
  return new URL(`http://x${path}`).pathname;
}
