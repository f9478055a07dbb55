// OData on the wire: @odata.context values, system query options, and server-driven paging (graph-facts §7) with its
// opaque $skiptoken, plus the two success shapes Graph uses (one entity, or a collection page).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GraphRequest } from './request';
import type { GraphRecord } from '../types';
import { badRequest, type EntityRef, type GraphResponse } from './responses';

// @odata.context values: '<service root>/$metadata#<path to the entity set>' (+ '/$entity' for one entity).

/** An absolute @odata.context URL for a fragment such as "users('u')/managedAppRegistrations". */
export function contextUrl(serviceRoot: string, fragment: string): string {
  return `${serviceRoot}/$metadata#${fragment}`;
}

/** A key in OData URL syntax: "('a''b')" — quotes doubled, the rest percent-encoded. */
export function keyOf(id: string): string {
  return `('${encodeURIComponent(id).replace(/'/g, "''")}')`;
}

/** One entity: `{"@odata.context": ..., ...properties}`. */
export function entityResponse(status: number, context: string, record: GraphRecord, entity?: EntityRef): GraphResponse {
  return { status, headers: {}, body: { '@odata.context': context, ...record }, entity };
}

/** A collection page: `{"@odata.context", "value", "@odata.nextLink"?}`. */
export function listResponse(context: string, page: Page<unknown>): GraphResponse {
  const body: Record<string, unknown> = { '@odata.context': context, value: page.value };
  if (page.nextLink !== undefined) body['@odata.nextLink'] = page.nextLink;
  return { status: 200, headers: {}, body };
}

// System query options. Graph treats their names case-insensitively ($skipToken and $skiptoken both work).

interface QueryPart {
  /** The 'name=value' text exactly as received. */
  raw: string;
  /** Decoded name, lower-cased. */
  name: string;
  /** Decoded value. */
  value: string;
}

/** Splits and decodes a query string; throws a 400 on broken percent-encoding. */
function parseQuery(query: string): QueryPart[] {
  if (query === '') return [];
  return query
    .split('&')
    .filter((raw) => raw !== '')
    .map((raw) => {
      const eq = raw.indexOf('=');
      const name = eq < 0 ? raw : raw.slice(0, eq);
      const value = eq < 0 ? '' : raw.slice(eq + 1);
      return { raw, name: decode(name).toLowerCase(), value: decode(value) };
    });
}

/** The first value of a system query option (name given with '$', any case), or undefined. */
function queryOption(parts: readonly QueryPart[], name: string): string | undefined {
  return parts.find((p) => p.name === name.toLowerCase())?.value;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`The query option '${text}' is not correctly percent-encoded.`);
  }
}

// Server-driven paging: $top sets the page size, and a page that is not the last carries an absolute @odata.nextLink
// with every original query option plus an opaque $skiptoken.

/** Largest $top the emulator accepts. */
const MAX_TOP = 999;

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/**
 * Paging for one emulator: its default page size, and the secret its $skiptoken values are signed with. Graph's tokens
 * are opaque to clients; these are signed so that a forged, edited or foreign token is refused instead of silently
 * paging from somewhere else.
 */
export class Pager {
  private readonly secret = randomBytes(32);
  private readonly defaultPageSize: number;

  constructor(defaultPageSize: number) {
    if (!Number.isInteger(defaultPageSize) || defaultPageSize < 1 || defaultPageSize > MAX_TOP) {
      throw new Error(
        `Invalid emulator option defaultPageSize: ${defaultPageSize} (expected an integer from 1 to ${MAX_TOP}).`,
      );
    }
    this.defaultPageSize = defaultPageSize;
  }

  /**
   * The page of `items` the request asks for. `collectionKey` names the collection (parents included) so that a token
   * issued for one collection cannot page another.
   */
  page<T>(items: readonly T[], req: GraphRequest, collectionKey: string): Page<T> {
    const parts = parseQuery(req.target.query);
    const size = pageSize(queryOption(parts, '$top'), this.defaultPageSize);
    const token = queryOption(parts, '$skiptoken');
    let offset = 0;
    if (token !== undefined) {
      const decoded = this.decode(collectionKey, token);
      if (decoded === undefined) throw badRequest(`The $skiptoken value '${token}' is not valid for this collection.`);
      offset = decoded;
    }
    const value = items.slice(offset, offset + size);
    if (offset + size >= items.length) return { value };
    const kept = parts.filter((p) => p.name !== '$skiptoken').map((p) => p.raw);
    kept.push(`$skiptoken=${this.encode(collectionKey, offset + size)}`);
    return { value, nextLink: `${req.ctx.serviceRoot}${req.target.relativePath ?? ''}?${kept.join('&')}` };
  }

  /** A token that resumes `collectionKey` at `offset`. */
  private encode(collectionKey: string, offset: number): string {
    const payload = Buffer.from(JSON.stringify({ c: collectionKey, o: offset })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The offset a token resumes at, or undefined when it is not one this emulator issued for `collectionKey`. */
  private decode(collectionKey: string, token: string): number | undefined {
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [payload, signature] = parts;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const { c, o } = (decoded ?? {}) as { c?: unknown; o?: unknown };
    if (c !== collectionKey || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return undefined;
    return o;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

function pageSize(top: string | undefined, defaultSize: number): number {
  if (top === undefined) return defaultSize;
  if (!/^[0-9]+$/.test(top) || Number(top) < 1) {
    throw badRequest(`Invalid value '${top}' for the $top query option: it must be an integer from 1 to ${MAX_TOP}.`);
  }
  if (Number(top) > MAX_TOP) {
    throw badRequest(
      `The limit of '${MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
    );
  }
  return Number(top);
}
