import { type IdempotencyStore, IdempotencyStoreUnavailableError } from './store';

export interface MemoryStoreOptions {
  readonly ttlMs: number;
  /** Most records kept at once. */
  readonly maxEntries: number;
  /** Most characters (keys and records) kept at once. */
  readonly maxBytes: number;
  /** The clock, in ms (Date.now by default). */
  readonly now?: () => number;
}

interface Entry {
  value: string;
  readonly expiresAt: number;
}

/**
 * The default store (REDIS_URL unset): records of this process only. When full it refuses new keys
 * ('full') rather than dropping records early, since a dropped record would let a repeat make a second
 * create within the TTL.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: MemoryStoreOptions) {
    for (const name of ['ttlMs', 'maxEntries', 'maxBytes'] as const) {
      if (!Number.isSafeInteger(options[name]) || options[name] < 1) throw new TypeError(`${name} must be a positive whole number, got ${options[name]}`);
    }
    this.now = options.now ?? Date.now;
  }

  /** Records kept now, and their size in characters. */
  get size(): { readonly entries: number; readonly bytes: number } {
    this.sweep();
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async claim(key: string, value: string): Promise<string | null> {
    this.sweep();
    const existing = this.entries.get(key);
    if (existing !== undefined) return existing.value;
    const size = key.length + value.length;
    if (this.entries.size >= this.options.maxEntries || this.bytes + size > this.options.maxBytes) {
      throw new IdempotencyStoreUnavailableError('full');
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    this.bytes += size;
    return null;
  }

  async replace(key: string, expected: string, value: string): Promise<boolean> {
    this.sweep();
    const entry = this.entries.get(key);
    if (entry === undefined || entry.value !== expected) return false;
    // A settled record may be larger than its claim; it is kept even past maxBytes, since dropping it
    // would lose a create's outcome. Only new claims are refused.
    this.bytes += value.length - entry.value.length;
    entry.value = value;
    return true;
  }

  async release(key: string, expected: string): Promise<boolean> {
    this.sweep();
    const entry = this.entries.get(key);
    if (entry === undefined || entry.value !== expected) return false;
    this.remove(key, entry);
    return true;
  }

  async waitUntilReady(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * Drops expired records. Every record lives ttlMs from its claim and the Map keeps claim order, so the
   * expired ones are always at the front: this stops at the first live one.
   */
  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.remove(key, entry);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= key.length + entry.value.length;
  }
}
