import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/**
 * A paging position: the Graph page to fetch (an absolute URL this gateway
 * built or Graph gave as @odata.nextLink) and how many of its items to skip.
 * The collection binds the cursor to one list, so it cannot be replayed on another.
 */
export interface CursorPosition {
  /** The collection path the cursor belongs to, below the base URL (ids encoded). */
  readonly collection: string;
  /** Absolute URL of the page. */
  readonly page: string;
  /** Items of that page already returned. */
  readonly skip: number;
}

/** What is sealed: the collection and the page URL (Graph's host, its skip token). */
interface Sealed {
  c: string;
  u: string;
}

const MAX_SKIP = 10_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The skip (2 bytes, MAX_SKIP fits) and a truncated HMAC-SHA256 over the sealed page and it. */
const SKIP_BYTES = 2;
const MAC_BYTES = 16;
const AAD = Buffer.from('intune-graphql-gateway cursor v2');

/**
 * The keys derived from CURSOR_SECRET (HKDF-SHA256, one per purpose), and the
 * last page sealed with them. Every item of a page gets a cursor (graph/paging.ts),
 * all on the same page: the page is encrypted once and each cursor adds only its
 * skip and a MAC, so a page of 100 costs 1 AES-GCM and 100 HMACs, not 100 AES-GCMs.
 */
interface CursorKeys {
  readonly encryption: Buffer;
  readonly mac: Buffer;
  last?: { readonly collection: string; readonly page: string; readonly sealed: string };
}

/** Keys by secret: one per gateway in a process (tests start many), so a few. */
const keysBySecret = new Map<string, CursorKeys>();
const MAX_SECRETS = 16;

function keysOf(secret: string): CursorKeys {
  let keys = keysBySecret.get(secret);
  if (keys) return keys;
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, AAD, `cursor ${purpose}`, 32));
  keys = { encryption: derive('encryption'), mac: derive('mac') };
  if (keysBySecret.size >= MAX_SECRETS) keysBySecret.clear();
  keysBySecret.set(secret, keys);
  return keys;
}

/** AES-256-GCM of the collection and page URL, as base64url(iv, ciphertext, tag); the same text for the same page. */
function seal(keys: CursorKeys, collection: string, page: string): string {
  const last = keys.last;
  if (last && last.collection === collection && last.page === page) return last.sealed;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv).setAAD(AAD);
  const payload: Sealed = { c: collection, u: page };
  const body = Buffer.concat([iv, cipher.update(JSON.stringify(payload), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const sealed = body.toString('base64url');
  keys.last = { collection, page, sealed };
  return sealed;
}

/** The sealed text's plaintext; undefined when it was not sealed with these keys (or was changed). */
function unseal(keys: CursorKeys, sealed: string): string | undefined {
  const body = Buffer.from(sealed, 'base64url');
  if (body.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryption, body.subarray(0, IV_BYTES)).setAAD(AAD);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function mac(keys: CursorKeys, sealed: string, skip: Buffer): Buffer {
  return createHmac('sha256', keys.mac).update(sealed).update(skip).digest().subarray(0, MAC_BYTES);
}

function invalid(why: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "after" is not a cursor this gateway issued for this list (${why}).`);
}

/**
 * Opaque cursor text: `<sealed page>.<skip and MAC>`. The page URL (Graph's
 * host and port, its skip token) is encrypted, not just signed, so a client
 * cannot read where the gateway pages from; only the item offset in the
 * second part is plain, and authenticated.
 */
export function encodeCursor(secret: string, position: CursorPosition): string {
  const keys = keysOf(secret);
  const sealed = seal(keys, position.collection, position.page);
  const skip = Buffer.alloc(SKIP_BYTES);
  skip.writeUInt16BE(Math.min(position.skip, MAX_SKIP + 1));
  return `${sealed}.${Buffer.concat([skip, mac(keys, sealed, skip)]).toString('base64url')}`;
}

/**
 * Checks a cursor's MAC and encryption, that it belongs to `collection`, and
 * that its page URL is under `baseUrl` and on that collection's path: a cursor
 * can never send a request, or the caller's token, anywhere else.
 */
export function decodeCursor(secret: string, cursor: string, collection: string, baseUrl: string): CursorPosition {
  const [sealed, signed, extra] = cursor.split('.');
  if (!sealed || !signed || extra !== undefined) throw invalid('malformed');
  const keys = keysOf(secret);
  const tagged = Buffer.from(signed, 'base64url');
  if (tagged.length !== SKIP_BYTES + MAC_BYTES) throw invalid('bad signature');
  const skipBytes = tagged.subarray(0, SKIP_BYTES);
  if (!timingSafeEqual(tagged.subarray(SKIP_BYTES), mac(keys, sealed, skipBytes))) throw invalid('bad signature');
  const plaintext = unseal(keys, sealed);
  if (plaintext === undefined) throw invalid('bad signature');
  let payload: Partial<Sealed>;
  try {
    payload = JSON.parse(plaintext) as Partial<Sealed>;
  } catch {
    throw invalid('malformed');
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.c !== 'string' || typeof payload.u !== 'string') throw invalid('malformed');
  if (payload.c !== collection) throw invalid('it belongs to another list');
  const skip = skipBytes.readUInt16BE(0);
  if (skip > MAX_SKIP) throw invalid('malformed');
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
