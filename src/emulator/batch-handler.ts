// Runs a $batch in-process: each item goes through the same dispatcher and fault pipeline as a top-level request,
// after the items it dependsOn, and the answers come back in any order (graph-facts §6).
import { randomInt } from 'node:crypto';
import type { RecordedRequest } from './types';
import { parseBatchItemTarget, lowerCaseHeaders, type GraphRequest } from './request';
import {
  errorResponse,
  graphErrorBody,
  GraphError,
  requestContext,
  batchItemHeaders,
  mergeHeaders,
  type GraphResponse,
} from './responses';
import { batchIdKey, parseBatchPayload, type BatchItem } from './batch-payload';
import { runWithFault } from './faults';
import { dispatch, type EmulatorCore } from './dispatch';

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Serves POST /$batch (already authorised); `outerIndex` is the batch's own index in `core.requests`. */
export async function handleBatch(req: GraphRequest, outerIndex: number, core: EmulatorCore): Promise<GraphResponse> {
  let items: BatchItem[];
  try {
    items = parseBatchPayload(req.body);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return errorResponse(req.ctx, error.status, error.code, error.message);
  }
  const authorization = req.headers.authorization;
  const records = items.map((item) => {
    const headers = lowerCaseHeaders(item.headers);
    if (authorization !== undefined) headers.authorization = authorization; // items run with the outer token
    const record: RecordedRequest = {
      method: item.method,
      rawPath: item.url,
      headers,
      body: item.body,
      batch: { id: item.id, outerIndex },
    };
    core.requests.push(record);
    return record;
  });

  // Keyed by batchIdKey: a dependsOn entry names its item case-insensitively, as in Graph.
  const started = new Map<string, Promise<ItemResponse>>();
  const resultOf = (index: number): Promise<ItemResponse> => {
    const item = items[index];
    let result = started.get(batchIdKey(item.id));
    if (!result) {
      result = runItem(item, records[index], (id) => resultOf(items.findIndex((i) => batchIdKey(i.id) === batchIdKey(id))));
      started.set(batchIdKey(item.id), result);
    }
    return result;
  };

  const runItem = async (
    item: BatchItem,
    record: RecordedRequest,
    dependency: (id: string) => Promise<ItemResponse>,
  ): Promise<ItemResponse> => {
    const ctx = requestContext(record.headers, req.ctx.serviceRoot);
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
    const fault = core.faults?.take('batch-item', item.method, target.faultPath);
    if (fault) record.fault = fault.kind;
    const outcome = await runWithFault({
      fault,
      ctx,
      method: item.method,
      perform: async () => dispatch(itemRequest, core),
      store: core.store,
      signal: core.signal,
    });
    // Reset faults never match batch items (faults.ts); this only keeps the types honest.
    const response =
      outcome.kind === 'respond' ? outcome.response : errorResponse(ctx, 500, 'InternalServerError', 'Item was reset.');
    record.status = response.status;
    return {
      id: item.id,
      status: response.status,
      headers: mergeHeaders(batchItemHeaders(ctx), response.headers),
      body: response.rawBody ?? response.body,
    };
  };

  const responses = await Promise.all(items.map((_, index) => resultOf(index)));
  if (core.shuffleBatch) shuffle(responses);
  return { status: 200, headers: {}, body: { responses } };
}

function shuffle<T>(values: T[]): void {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
}
