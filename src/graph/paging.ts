import type { GraphAuthorization } from '../caller/caller';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import type { GraphClient, GraphPath, GraphReply } from './client';
import { decodeCursor, encodeCursor, pageRelativeToBase } from './cursor';
import { badResponseError, type ReplyMeta } from './envelope';
import type { RetryBudget } from './policy';

/** A page of raw Graph items, each with the cursor that continues after it. */
export interface ListPage {
  readonly items: ReadonlyArray<{ readonly body: unknown; readonly cursor: string }>;
  readonly hasNextPage: boolean;
  /** The last Graph reply read, for errors about the items' shape. */
  readonly meta: ReplyMeta;
}

/** Graph pages fetched for one connection at most (Graph may send short pages). */
const MAX_FETCHES = 10;

export interface PagingOptions {
  readonly baseUrl: string;
  readonly cursorSecret: string;
}

function readList(reply: GraphReply): { value: unknown[]; nextLink: string | null } {
  const body = reply.body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
  if (typeof body !== 'object' || body === null || !Array.isArray(body.value)) {
    throw badResponseError(reply, reply.clientRequestId, 'read', 'a list without a "value" array');
  }
  const nextLink = body['@odata.nextLink'];
  if (nextLink !== undefined && nextLink !== null && typeof nextLink !== 'string') {
    throw badResponseError(reply, reply.clientRequestId, 'read', 'a non-string "@odata.nextLink"');
  }
  return { value: body.value, nextLink: nextLink ?? null };
}

/**
 * Reads up to `first` items of a Graph collection from the position `after`
 * names (the start when null), following @odata.nextLink verbatim as Graph
 * asks, never off the base URL. An item's cursor points at the rest of its
 * page, or at the next page when it was the page's last item, so paging
 * with endCursor costs one Graph call a page.
 */
export async function readPage(
  client: GraphClient,
  authorization: GraphAuthorization,
  options: PagingOptions,
  list: GraphPath,
  first: number,
  after: string | null,
  budget: RetryBudget,
  scope?: RequestScope,
): Promise<ListPage> {
  const { baseUrl, cursorSecret } = options;
  const collection = list.path;
  let position = after === null
    ? { page: `${baseUrl}${collection}?$top=${first}`, skip: 0 }
    : decodeCursor(cursorSecret, after, collection, baseUrl);
  const items: Array<{ body: unknown; cursor: string }> = [];
  for (let fetches = 1; ; fetches++) {
    const { path, query } = pageRelativeToBase(position.page, baseUrl);
    const reply = await client.send({ method: 'GET', path, route: list.route, query, authorization, kind: 'read' }, scope, budget);
    const { value, nextLink } = readList(reply);
    for (let j = position.skip; j < value.length; j++) {
      if (items.length === first) return { items, hasNextPage: true, meta: reply };
      const rest = j + 1 < value.length || nextLink === null ? { page: position.page, skip: j + 1 } : { page: nextLink, skip: 0 };
      items.push({ body: value[j], cursor: encodeCursor(cursorSecret, { collection, ...rest }) });
    }
    if (nextLink === null) return { items, hasNextPage: false, meta: reply };
    if (items.length === first || fetches === MAX_FETCHES) return { items, hasNextPage: true, meta: reply };
    try {
      pageRelativeToBase(nextLink, baseUrl);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      throw new GatewayError(
        ErrorCode.UPSTREAM_BAD_RESPONSE,
        'Microsoft Graph gave an @odata.nextLink outside GRAPH_BASE_URL; it was not followed.',
        badResponseError(reply, reply.clientRequestId, 'read', '').graph,
      );
    }
    position = { page: nextLink, skip: 0 };
  }
}
