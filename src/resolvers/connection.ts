import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { ListPage } from '../graph/paging';
import type { ConnectionModel } from '../normalize/models';
import type { PageLimits } from './context';

/** `first` checked against the limits; the default when not given. */
export function pageSize(first: number | null | undefined, limits: PageLimits): number {
  if (first === null || first === undefined) return limits.defaultPageSize;
  if (first < 1 || first > limits.maxPageSize) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "first" must be from 1 to ${limits.maxPageSize}, got ${first}.`);
  }
  return first;
}

/** A Relay connection from a page of raw items. */
export function toConnection<T>(page: ListPage, after: string | null | undefined, normalize: (body: unknown) => T): ConnectionModel<T> {
  const edges = page.items.map((item) => ({ cursor: item.cursor, node: normalize(item.body) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
