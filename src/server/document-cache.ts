import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { DocumentCacheStats } from '../observability/metrics';

/**
 * Parsed documents by query text, least recently used dropped first, bounded
 * in bytes rather than entries (lru-cache's maxSize): a flood of large
 * distinct documents cannot pin more than `maxBytes`, and an entry larger
 * than the bound is not kept at all. A bound of 0 keeps nothing
 * (GRAPHQL_DOCUMENT_CACHE_BYTES=0; lru-cache itself refuses a cache with no bound).
 */
export class DocumentCache<V extends {}> {
  private readonly lru: LRUCache<string, V> | undefined;

  constructor(maxBytes: number, sizeOf: (key: string, value: V) => number) {
    this.lru = maxBytes === 0 ? undefined : new LRUCache<string, V>({ maxSize: maxBytes, sizeCalculation: (value, key) => sizeOf(key, value) });
  }

  /** Bytes held, as sizeOf counted them. */
  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** What metrics and the gateway report. */
  get stats(): DocumentCacheStats {
    return { documents: this.size, bytes: this.bytes };
  }

  get(key: string): V | undefined {
    return this.lru?.get(key);
  }

  set(key: string, value: V): void {
    this.lru?.set(key, value);
  }

  delete(key: string): boolean {
    return this.lru?.delete(key) ?? false;
  }
}

/**
 * What a parsed document holds on to, roughly: its source text (every
 * location points at it, UTF-16: two bytes a character) and its tree.
 */
export function documentBytes(key: string, document: DocumentNode): number {
  return 2 * key.length + 2 * (document.loc?.source.body.length ?? 0) + JSON.stringify(document).length;
}

/**
 * Apollo Server's documentStore (its KeyValueCache interface) over the same
 * bounded LRU, so its cache of parsed documents is bounded in bytes too.
 * Apollo only stores documents that validated.
 */
export function apolloDocumentStore(maxBytes: number) {
  const lru = new DocumentCache<DocumentNode>(maxBytes, documentBytes);
  return {
    lru,
    store: {
      async get(key: string): Promise<DocumentNode | undefined> {
        return lru.get(key);
      },
      async set(key: string, value: DocumentNode): Promise<void> {
        lru.set(key, value);
      },
      async delete(key: string): Promise<boolean> {
        return lru.delete(key);
      },
    },
  };
}
