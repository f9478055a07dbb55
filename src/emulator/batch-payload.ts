// Reads and checks a JSON batch body (graph-facts §6). Any problem rejects the whole batch with a 400, as Graph does,
// before a single item runs.
import { requireJsonObject, type RequestBody } from './request';
import { badRequest } from './responses';

/** Graph's limit of requests in one $batch. */
export const BATCH_LIMIT = 20;

export interface BatchItem {
  id: string;
  /** Upper-cased. */
  method: string;
  /** As given (relative to the version segment). */
  url: string;
  /** As given (original header-name spelling). */
  headers: Record<string, string>;
  /** undefined when the item has no body. */
  body: unknown;
  dependsOn: string[];
}

/**
 * The key an item id is known by: Graph compares batch request ids case-insensitively, both for uniqueness and for
 * `dependsOn` (graph-facts §11: 'A' and 'a' in one batch make it 400).
 */
export function batchIdKey(id: string): string {
  return id.toLowerCase();
}

/** The items of a valid batch body; throws a 400 GraphError otherwise. */
export function parseBatchPayload(body: RequestBody): BatchItem[] {
  const payload = requireJsonObject(body);
  const requests = payload.requests;
  if (!Array.isArray(requests)) throw badRequest("Invalid batch payload format: expected an object with a 'requests' array.");
  if (requests.length > BATCH_LIMIT) {
    throw badRequest(`The batch contains ${requests.length} requests; the limit is ${BATCH_LIMIT} requests per batch.`);
  }
  const items = requests.map(parseItem);
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(batchIdKey(item.id))) {
      throw badRequest(`Batch request id '${item.id}' is used more than once; ids must be unique (ids are not case-sensitive).`);
    }
    ids.add(batchIdKey(item.id));
  }
  for (const item of items) {
    for (const dependency of item.dependsOn) {
      if (!ids.has(batchIdKey(dependency))) {
        throw badRequest(`Batch request '${item.id}' depends on '${dependency}', which is not a request of this batch.`);
      }
    }
  }
  rejectCycles(items);
  return items;
}

function parseItem(raw: unknown, index: number): BatchItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest(`Batch request at index ${index} is not a JSON object.`);
  }
  const item = raw as Record<string, unknown>;
  const { id, method, url, headers, body, dependsOn } = item;
  if (typeof id !== 'string' || id === '') throw badRequest(`Batch request at index ${index} has no 'id' (a non-empty string).`);
  if (typeof method !== 'string' || method === '') throw badRequest(`Batch request '${id}' has no 'method'.`);
  if (typeof url !== 'string' || url === '') throw badRequest(`Batch request '${id}' has no 'url'.`);
  // Items name resources relative to the version segment; Graph refuses scheme://host/... urls.
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    throw badRequest(`Batch request '${id}' has an absolute url; urls must be relative, e.g. '/users'.`);
  }
  const itemHeaders = parseHeaders(id, headers);
  if (body !== undefined && !Object.keys(itemHeaders).some((name) => name.toLowerCase() === 'content-type')) {
    throw badRequest(`Batch request '${id}' has a body but no Content-Type header.`);
  }
  if (dependsOn !== undefined && !(Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === 'string'))) {
    throw badRequest(`Batch request '${id}' has a 'dependsOn' that is not an array of request ids.`);
  }
  return { id, method: method.toUpperCase(), url, headers: itemHeaders, body, dependsOn: dependsOn ?? [] };
}

function parseHeaders(id: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw badRequest(`Batch request '${id}' has 'headers' that are not a JSON object.`);
  }
  const parsed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw badRequest(`Batch request '${id}' has a non-string value for header '${name}'.`);
    parsed[name] = value;
  }
  return parsed;
}

// A cycle would leave its items waiting on each other forever.
function rejectCycles(items: readonly BatchItem[]): void {
  const byKey = new Map(items.map((item) => [batchIdKey(item.id), item]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: BatchItem): void => {
    const key = batchIdKey(item.id);
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw badRequest(`Batch request '${item.id}' depends on itself through 'dependsOn'.`);
    state.set(key, 'visiting');
    for (const dependency of item.dependsOn) visit(byKey.get(batchIdKey(dependency)) as BatchItem); // checked above
    state.set(key, 'done');
  };
  for (const item of items) visit(item);
}
