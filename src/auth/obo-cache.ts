/**
 * The exchanged Graph tokens, one per incoming token (keyed by its SHA-256,
 * never the token itself), bounded in count (least recently used dropped
 * first) and dropped REFRESH_MARGIN_MS before the Graph token expires, so a
 * token handed to Graph always has minutes left.
 */
import { createHash } from 'node:crypto';

/** How long before its expiry a Graph token stops being handed out (MSAL's own refresh margin). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The cache key of an incoming token. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class OboCache {
  private readonly entries = new Map<string, { readonly graphToken: string; readonly until: number }>();

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The Graph token kept for this key, if it is still good for REFRESH_MARGIN_MS. */
  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.graphToken;
  }

  /** Keeps a Graph token that expires at `expiresAt` (ms); one too close to its expiry is not kept. */
  set(key: string, graphToken: string, expiresAt: number): void {
    const until = expiresAt - REFRESH_MARGIN_MS;
    if (this.max === 0 || until <= this.now()) return;
    this.entries.delete(key);
    this.entries.set(key, { graphToken, until });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }
}
