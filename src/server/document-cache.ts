import type { DocumentNode } from 'graphql';

/**
 * A least-recently-used map bounded in bytes, not entries: a flood of large
 * distinct documents cannot pin more than `maxBytes`. An entry larger than
 * the bound is not kept at all.
 */
export class ByteBoundedLru<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly bytes: number }>();
  private used = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(key, value);
    if (bytes > this.maxBytes) return;
    this.used += bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.used -= old.bytes;
    }
    this.entries.set(key, { value, bytes });
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.used -= entry.bytes;
    return true;
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
  const lru = new ByteBoundedLru<DocumentNode>(maxBytes, documentBytes);
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
