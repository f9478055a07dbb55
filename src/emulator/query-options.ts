// Reads OData system query options from a raw query string. Graph treats their names case-insensitively
// ($skipToken and $skiptoken both work).
import { badRequest } from './graph-error';

export interface QueryPart {
  /** The 'name=value' text exactly as received. */
  raw: string;
  /** Decoded name, lower-cased. */
  name: string;
  /** Decoded value. */
  value: string;
}

/** Splits and decodes a query string; throws a 400 on broken percent-encoding. */
export function parseQuery(query: string): QueryPart[] {
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
export function queryOption(parts: readonly QueryPart[], name: string): string | undefined {
  return parts.find((p) => p.name === name.toLowerCase())?.value;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`The query option '${text}' is not correctly percent-encoded.`);
  }
}
