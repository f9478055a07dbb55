import type { CallKind } from '../errors/from-graph';
import type { UpstreamBadResponseError } from '../errors/gateway-error';
import { badResponseError, type ReplyMeta } from '../graph/envelope';
import type { Logger } from '../server/logger';

/** Values already reported as unknown, so each is logged once per process. */
const reportedUnknown = new Set<string>();

/**
 * Reads one JSON object from Graph. A property of the wrong JSON type makes
 * the whole answer unreadable (UPSTREAM_BAD_RESPONSE); a missing one is null.
 * An enum value Graph added later becomes 'unknownFutureValue' and is logged
 * once, never an error.
 */
export class GraphObjectReader {
  constructor(
    private readonly object: Readonly<Record<string, unknown>>,
    private readonly meta: ReplyMeta,
    private readonly kind: CallKind,
    private readonly log: Logger,
    private readonly where: string,
  ) {}

  /** A reader over the body of a reply, which must be a JSON object. */
  static of(body: unknown, meta: ReplyMeta, kind: CallKind, log: Logger, where: string): GraphObjectReader {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badResponseError(meta, meta.clientRequestId, kind, `a body that is not a JSON object (${where})`);
    }
    return new GraphObjectReader(body as Record<string, unknown>, meta, kind, log, where);
  }

  bad(what: string): UpstreamBadResponseError {
    return badResponseError(this.meta, this.meta.clientRequestId, this.kind, `${what} (${this.where})`);
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
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw this.bad(`a "${key}" that is not a list of strings`);
    }
    return value.map((v: string) => this.known(v, known, enumName) as T);
  }

  /** A nested object, or null. */
  object_(key: string): GraphObjectReader | null {
    const value = this.object[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.bad(`a "${key}" that is not an object`);
    return new GraphObjectReader(value as Record<string, unknown>, this.meta, this.kind, this.log, `${this.where}.${key}`);
  }

  private known(value: string, known: ReadonlySet<string>, enumName: string): string {
    if (known.has(value)) return value;
    const id = `${enumName}:${value}`;
    if (!reportedUnknown.has(id)) {
      reportedUnknown.add(id);
      this.log.warn({ enum: enumName, value }, 'Graph sent an enum value this gateway does not know; it is returned as UNKNOWN_FUTURE_VALUE');
    }
    return 'unknownFutureValue';
  }
}

/** The values of a Graph enum the gateway knows (the sentinel excluded). */
export function knownValues(enumObject: Readonly<Record<string, string>>): ReadonlySet<string> {
  return new Set(Object.values(enumObject).filter((v) => v !== 'unknownFutureValue'));
}
