/**
 * The exchanged Graph tokens, one per incoming token (keyed by its SHA-256,
 * never the token itself), bounded in count (least recently used dropped
 * first) and dropped REFRESH_MARGIN_MS before the Graph token expires, so a
 * token handed to Graph always has minutes left.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** How long before its expiry a Graph token stops being handed out (MSAL's own refresh margin). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The cache key of an incoming token. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class OboCache {
  /** Undefined with max 0 (AUTH_OBO_CACHE_MAX=0): lru-cache refuses a cache with no bound. */
  private readonly entries: LRUCache<string, string> | undefined;

  constructor(
    max: number,
    private readonly now: () => number = Date.now,
  ) {
    // ttlResolution 0: read the clock on every check rather than reuse one reading for 1 ms (and arm a timer per read).
    this.entries = max === 0 ? undefined : new LRUCache<string, string>({ max, ttlResolution: 0, perf: { now } });
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** The Graph token kept for this key, if it is still good for REFRESH_MARGIN_MS (a stale one is dropped). */
  get(key: string): string | undefined {
    return this.entries?.get(key);
  }

  /** Keeps a Graph token that expires at `expiresAt` (ms); one too close to its expiry is not kept. */
  set(key: string, graphToken: string, expiresAt: number): void {
    const start = this.now();
    // lru-cache counts an entry stale once more than `ttl` ms have passed; the token must stop at
    // expiresAt - REFRESH_MARGIN_MS itself, hence the - 1 (and whole ms: the TTL must be an integer).
    const ttl = Math.ceil(expiresAt - REFRESH_MARGIN_MS - start) - 1;
    if (this.entries === undefined || ttl < 1) return;
    this.entries.set(key, graphToken, { ttl, start });
  }
}
