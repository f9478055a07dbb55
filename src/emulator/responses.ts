// The two success shapes Graph uses: one entity with its properties at top level, or a collection page.
import type { EntityRef, GraphResponse } from './internal-types';
import type { GraphRecord } from './types';
import type { Page } from './paging';

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
