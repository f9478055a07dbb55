// Server-driven paging (graph-facts §7): $top sets the page size, and a page that is not the last carries an absolute
// @odata.nextLink with every original query option plus an opaque $skiptoken.
import type { GraphRequest } from './internal-types';
import type { SkipTokens } from './skip-token';
import { badRequest } from './graph-error';
import { parseQuery, queryOption } from './query-options';

/** Largest $top the emulator accepts. */
export const MAX_TOP = 999;

export interface PagingDeps {
  tokens: SkipTokens;
  defaultPageSize: number;
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/**
 * The page of `items` the request asks for. `collectionKey` names the collection (parents included) so that a token
 * issued for one collection cannot page another.
 */
export function pageOf<T>(items: readonly T[], req: GraphRequest, collectionKey: string, deps: PagingDeps): Page<T> {
  const parts = parseQuery(req.target.query);
  const size = pageSize(queryOption(parts, '$top'), deps.defaultPageSize);
  const token = queryOption(parts, '$skiptoken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = deps.tokens.decode(collectionKey, token);
    if (decoded === undefined) throw badRequest(`The $skiptoken value '${token}' is not valid for this collection.`);
    offset = decoded;
  }
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const kept = parts.filter((p) => p.name !== '$skiptoken').map((p) => p.raw);
  kept.push(`$skiptoken=${deps.tokens.encode(collectionKey, offset + size)}`);
  return { value, nextLink: `${req.ctx.serviceRoot}${req.target.relativePath ?? ''}?${kept.join('&')}` };
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
