// The document cache on its own: bounded in bytes (sizeOf), least recently used dropped first.
import { DocumentCache } from '../../src/server/document-cache';

const sizeOfLength = (_key: string, value: string): number => value.length;

describe('DocumentCache', () => {
  it('drops the least recently used entries once the bytes pass the bound', () => {
    const cache = new DocumentCache<string>(10, sizeOfLength);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa');
    cache.set('c', 'cccc');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    expect(cache.stats).toEqual({ documents: 2, bytes: 8 });
  });

  it('does not keep an entry larger than the bound, and drops what the key held', () => {
    const cache = new DocumentCache<string>(10, sizeOfLength);
    cache.set('a', 'aaaa');
    cache.set('a', 'x'.repeat(11));
    expect([cache.get('a'), cache.stats]).toEqual([undefined, { documents: 0, bytes: 0 }]);
  });

  it('keeps nothing with a bound of 0 (GRAPHQL_DOCUMENT_CACHE_BYTES=0)', () => {
    const cache = new DocumentCache<string>(0, sizeOfLength);
    cache.set('a', 'a');
    expect([cache.get('a'), cache.delete('a'), cache.stats]).toEqual([undefined, false, { documents: 0, bytes: 0 }]);
  });

  it('deletes one entry and its bytes', () => {
    const cache = new DocumentCache<string>(10, sizeOfLength);
    cache.set('a', 'aaaa');
    cache.set('b', 'bb');
    expect([cache.delete('a'), cache.delete('a'), cache.stats]).toEqual([true, false, { documents: 1, bytes: 2 }]);
  });
});
