// $batch (graph-facts §6): the JSON batch body, read and checked as Graph does (any problem rejects the whole batch
// with a 400 before a single item runs), then run in-process: each item goes through the same dispatcher and fault
// pipeline as a top-level request, after the items it dependsOn, and the answers come back in any order.
import { randomInt } from 'node:crypto';
import type { RecordedRequest, ThrottleBucket } from '../types';
import {
  lowerCaseHeaders,
  parseBatchItemTarget,
  requireJsonObject,
  type GraphRequest,
  type RequestBody,
} from './request';
import {
  badRequest,
  batchItemHeaders,
  errorResponse,
  graphErrorBody,
  GraphError,
  mergeHeaders,
  requestContext,
  type GraphResponse,
} from './responses';
import { runWithFault } from '../harness/faults';
import { dispatch, type GraphCore } from './dispatch';
import { serveThrottled } from './throttle';

/** Graph's limit of requests in one $batch. */
export const BATCH_LIMIT = 20;

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Serves POST /$batch (already authorised); `outerIndex` is the batch's own sequence number in `core.harness.log`, `bucket` the
 * throttle bucket of its token, which every item spends (graph-facts §11: each item counts against the limits).
 */
export async function handleBatch(
  req: GraphRequest,
  outerIndex: number,
  bucket: ThrottleBucket,
  core: GraphCore,
): Promise<GraphResponse> {
  let items: BatchItem[];
  try {
    items = parseBatchPayload(req.body);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return errorResponse(req.ctx, error.status, error.code, error.message);
  }
  const records = recordItems(items, req, outerIndex, core);
  const run: BatchRun = { req, bucket, core };

  // Keyed by batchIdKey: a dependsOn entry names its item case-insensitively, as in Graph.
  const started = new Map<string, Promise<ItemResponse>>();
  const resultOf = (index: number): Promise<ItemResponse> => {
    const item = items[index];
    let result = started.get(batchIdKey(item.id));
    if (!result) {
      result = runItem(run, item, records[index], (id) => resultOf(items.findIndex((i) => batchIdKey(i.id) === batchIdKey(id))));
      started.set(batchIdKey(item.id), result);
    }
    return result;
  };

  const responses = await Promise.all(items.map((_, index) => resultOf(index)));
  if (core.shuffleBatch) shuffle(responses);
  return { status: 200, headers: {}, body: { responses } };
}

/** What every item of one batch runs with: the outer request, its token's throttle bucket, the emulator. */
interface BatchRun {
  readonly req: GraphRequest;
  readonly bucket: ThrottleBucket;
  readonly core: GraphCore;
}

/** Each item in the request log, in the batch's order, with the outer token (items run with it). */
function recordItems(items: readonly BatchItem[], req: GraphRequest, outerIndex: number, core: GraphCore): RecordedRequest[] {
  const authorization = req.headers.authorization;
  return items.map((item) => {
    const headers = lowerCaseHeaders(item.headers);
    if (authorization !== undefined) headers.authorization = authorization;
    const record: RecordedRequest = {
      method: item.method,
      rawPath: item.url,
      headers,
      body: item.body,
      batch: { id: item.id, outerIndex },
    };
    core.harness.log.record(record);
    return record;
  });
}

/** One item: after the items it depends on (a 424 if one failed), through the fault pipeline and the throttle like a top-level request. */
async function runItem(
  run: BatchRun,
  item: BatchItem,
  record: RecordedRequest,
  dependency: (id: string) => Promise<ItemResponse>,
): Promise<ItemResponse> {
  const { core, bucket } = run;
  const ctx = requestContext(record.headers, run.req.ctx.serviceRoot);
  for (const id of item.dependsOn) {
    const { status } = await dependency(id);
    if (status < 200 || status >= 300) {
      record.status = 424;
      const message = `The request depends on request '${id}', which failed with status ${status}.`;
      return { id: item.id, status: 424, headers: batchItemHeaders(ctx), body: graphErrorBody(ctx, 'FailedDependency', message) };
    }
  }
  const target = parseBatchItemTarget(item.url);
  const itemRequest: GraphRequest = {
    method: item.method,
    target,
    headers: record.headers,
    body: item.body === undefined ? { kind: 'none' } : { kind: 'json', value: item.body },
    ctx,
  };
  // Taken before the first await for items without dependencies, so rules apply in the batch's order.
  const fault = core.harness.faults?.take('batch-item', item.method, target.faultPath, bucket);
  if (fault) record.fault = fault.kind;
  const outcome = await runWithFault({
    fault,
    ctx,
    method: item.method,
    perform: () => serveThrottled(core.throttle, itemRequest, bucket, record, () => dispatch(itemRequest, core)),
    store: core.store,
    signal: core.harness.signal,
  });
  // Reset faults never match batch items (faults.ts); this only keeps the types honest.
  const response = outcome.kind === 'respond' ? outcome.response : errorResponse(ctx, 500, 'InternalServerError', 'Item was reset.');
  record.status = response.status;
  return {
    id: item.id,
    status: response.status,
    headers: mergeHeaders(batchItemHeaders(ctx), response.headers),
    body: response.rawBody ?? response.body,
  };
}

function shuffle<T>(values: T[]): void {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
}

// The payload.

interface BatchItem {
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
function batchIdKey(id: string): string {
  return id.toLowerCase();
}

/** The items of a valid batch body; throws a 400 GraphError otherwise. */
function parseBatchPayload(body: RequestBody): BatchItem[] {
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
