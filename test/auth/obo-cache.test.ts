// The OBO cache on its own, with a clock the test moves: the bound, the refresh margin, LRU order.
import { OboCache, REFRESH_MARGIN_MS, tokenKey } from '../../src/auth/obo-cache';

const MINUTE = 60_000;

describe('OboCache', () => {
  let now = 1_000_000;
  const clock = (): number => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('hands a Graph token out until five minutes before it expires, then never again', () => {
    const cache = new OboCache(10, clock);
    cache.set('k', 'graph-1', now + 60 * MINUTE);
    expect(REFRESH_MARGIN_MS).toBe(5 * MINUTE);
    now += 55 * MINUTE - 1;
    expect(cache.get('k')).toBe('graph-1');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep a token with five minutes or less left', () => {
    const cache = new OboCache(10, clock);
    cache.set('k', 'graph-1', now + 5 * MINUTE);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('expires each entry on its own token\'s expiry', () => {
    const cache = new OboCache(10, clock);
    cache.set('short', 'graph-short', now + 10 * MINUTE);
    cache.set('long', 'graph-long', now + 60 * MINUTE);
    now += 5 * MINUTE;
    expect([cache.get('short'), cache.get('long'), cache.size]).toEqual([undefined, 'graph-long', 1]);
    now += 50 * MINUTE;
    expect([cache.get('long'), cache.size]).toEqual([undefined, 0]);
  });

  it('keeps at most max entries, dropping the least recently used', () => {
    const cache = new OboCache(2, clock);
    cache.set('a', 'A', now + 60 * MINUTE);
    cache.set('b', 'B', now + 60 * MINUTE);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', now + 60 * MINUTE);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual(['A', undefined, 'C', 2]);
  });

  it('keeps nothing with max 0 (AUTH_OBO_CACHE_MAX=0)', () => {
    const cache = new OboCache(0, clock);
    cache.set('a', 'A', now + 60 * MINUTE);
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0]);
  });

  it('keys by the SHA-256 of the token, never the token', () => {
    expect(tokenKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe('9oo4F9IoCxGNFXDkY-ijoDU5V7QI_fM-Pyb0D03AND8');
    expect(tokenKey('a')).not.toBe(tokenKey('b'));
  });
});
