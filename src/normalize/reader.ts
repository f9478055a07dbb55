/**
 * A Graph answer normalize cannot read. `what` says what was wrong and where
 * ('a non-string "id" (managedAppRegistration)'); the caller, which knows the
 * reply, turns it into UPSTREAM_BAD_RESPONSE (contract §6).
 */
export class UnreadableBodyError extends Error {
  override readonly name = 'UnreadableBodyError';
  constructor(readonly what: string) {
    super(`Graph sent ${what}`);
  }
}

/** Told of each enum value Graph sent that the gateway does not know (it becomes UNKNOWN_FUTURE_VALUE). */
export type UnknownValueHandler = (enumName: string, value: string) => void;

/**
 * Reads one JSON object from Graph. A property of the wrong JSON type makes
 * the whole answer unreadable (UnreadableBodyError); a missing one is null.
 * An enum value Graph added later becomes 'unknownFutureValue' and is
 * reported to `onUnknown`, never an error.
 */
export class GraphObjectReader {
  constructor(
    private readonly object: Readonly<Record<string, unknown>>,
    private readonly onUnknown: UnknownValueHandler,
    private readonly where: string,
  ) {}

  /** A reader over the body of a reply, which must be a JSON object. */
  static of(body: unknown, onUnknown: UnknownValueHandler, where: string): GraphObjectReader {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new UnreadableBodyError(`a body that is not a JSON object (${where})`);
    }
    return new GraphObjectReader(body as Record<string, unknown>, onUnknown, where);
  }

  bad(what: string): UnreadableBodyError {
    return new UnreadableBodyError(`${what} (${this.where})`);
  }

  raw(key: string): unknown {
    return this.object[key];
  }

  /** A string, or null when missing or null. */
  string(key: string): string | null {
    const value = this.object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.bad(`a non-string "${key}"`);
    return value;
  }

  /** A non-empty string that must be there (ids). */
  requiredString(key: string): string {
    const value = this.string(key);
    if (value === null || value === '') throw this.bad(`no "${key}"`);
    return value;
  }

  /** A 32-bit integer, or null. */
  int32(key: string): number | null {
    const value = this.object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw this.bad(`a "${key}" that is not a 32-bit integer`);
    }
    return value;
  }

  /** An enum value in Graph's spelling; unknown ones become 'unknownFutureValue'. */
  enumValue<T extends string>(key: string, known: ReadonlySet<string>, enumName: string): T | null {
    const value = this.string(key);
    return value === null ? null : (this.known(value, known, enumName) as T);
  }

  /** A collection of enum values; missing or null is []. */
  enumList<T extends string>(key: string, known: ReadonlySet<string>, enumName: string): T[] {
    const value = this.object[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.bad(`a "${key}" that is not a list of strings`);
    // One loop that checks and maps (no callbacks): it runs for every entity of a list or a $batch.
    const out = new Array<T>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'string') throw this.bad(`a "${key}" that is not a list of strings`);
      out[i] = this.known(v, known, enumName) as T;
    }
    return out;
  }

  /** A nested object, or null. */
  object_(key: string): GraphObjectReader | null {
    const value = this.object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.bad(`a "${key}" that is not an object`);
    return new GraphObjectReader(value as Record<string, unknown>, this.onUnknown, `${this.where}.${key}`);
  }

  private known(value: string, known: ReadonlySet<string>, enumName: string): string {
    if (known.has(value)) return value;
    this.onUnknown(enumName, value);
    return 'unknownFutureValue';
  }
}

/** The values of a Graph enum the gateway knows (the sentinel excluded). */
export function knownValues(enumObject: Readonly<Record<string, string>>): ReadonlySet<string> {
  return new Set(Object.values(enumObject).filter((v) => v !== 'unknownFutureValue'));
}
