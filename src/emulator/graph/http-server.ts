// Graph's HTTP face: records each request, applies a fault if a rule picked one, checks the token, passes it through
// the throttle, and writes Graph's answer. Everything Graph-specific past the transport happens in dispatch.ts and
// batch.ts. The emulator's one server (emulator.ts) hands it every request the Entra ID stand-in does not own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest, ThrottleBucket } from '../types';
import { readBodyText } from '../body';
import {
  bearerToken,
  classifyBody,
  lowerCaseHeaders,
  MAX_BODY_BYTES,
  parseTopLevelTarget,
  type GraphRequest,
  type RequestBody,
} from './request';
import { errorResponse, GraphError, mergeHeaders, requestContext, topLevelHeaders, type GraphResponse } from './responses';
import { routeOf } from './route';
import { runWithFault } from '../harness/faults';
import { dispatch, requireMethod, type GraphCore } from './dispatch';
import { handleBatch } from './batch';
import { bucketOf, serveThrottled } from './throttle';

/** Serves one top-level Graph request over HTTP; rejects only when the client went away or close() aborted it. */
export async function serveGraph(core: GraphCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const headers = lowerCaseHeaders(req.headers);
  const record: RecordedRequest = { method, rawPath: rawUrl, headers, body: undefined };
  const recordIndex = core.harness.log.record(record);
  const target = parseTopLevelTarget(rawUrl, core.basePath);
  const bucket = bucketOf(headers.authorization);
  const batch = target.relativePath !== undefined && routeOf(target.relativePath).kind === 'batch';

  // A $batch envelope spends no bucket's budget (its items do), so rules about a bucket do not match it.
  const fault = core.harness.faults?.take('top', method, target.faultPath, batch ? undefined : bucket);
  if (fault) record.fault = fault.kind;
  if (fault?.kind === 'reset-before-read') {
    reset(req);
    return;
  }

  const body = await readBody(req);
  record.body = recordedBody(body);
  const ctx = requestContext(headers, `http://${headers.host ?? localHost(req)}${core.basePath}`);
  const graphRequest: GraphRequest = { method, target, headers, body, ctx };

  const outcome = await runWithFault({
    fault,
    ctx,
    method,
    perform: () => perform(graphRequest, { record, index: recordIndex, bucket, batch }, core),
    store: core.store,
    signal: core.harness.signal,
  });
  if (outcome.kind === 'reset') {
    reset(req);
    return;
  }
  record.status = outcome.response.status;
  write(res, mergeHeaders(topLevelHeaders(ctx), outcome.response.headers), outcome.response);
}

// Graph refuses any request without a bearer token before routing it. The emulator accepts every non-empty token
// (it has no tenant to validate against) and never logs or echoes one.

// What Graph sends with its 401s, so that clients that read the challenge see a familiar one.
const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000"';

/** The 401 answer when the request has no usable `Authorization: Bearer <token>`, else undefined. */
function authorizationFailure(req: GraphRequest): GraphResponse | undefined {
  if (bearerToken(req.headers.authorization) !== undefined) return undefined;
  return errorResponse(req.ctx, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
    'WWW-Authenticate': CHALLENGE,
  });
}

/** Where a top-level request is in the log, whose throttle budget it spends, and whether it is a $batch. */
interface Caller {
  record: RecordedRequest;
  index: number;
  bucket: ThrottleBucket;
  batch: boolean;
}

// Graph checks the token before it even routes the request; a $batch is checked once, its items run with its token.
// Then the throttle, for everything but the $batch envelope (each of its items counts on its own, in batch.ts).
async function perform(req: GraphRequest, caller: Caller, core: GraphCore): Promise<GraphResponse> {
  const denied = authorizationFailure(req);
  if (denied) return denied;
  if (caller.batch) {
    try {
      requireMethod(req, ['POST']);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      return errorResponse(req.ctx, error.status, error.code, error.message, error.headers);
    }
    return handleBatch(req, caller.index, caller.bucket, core);
  }
  return serveThrottled(core.throttle, req, caller.bucket, caller.record, () => dispatch(req, core));
}

// An RST rather than a FIN, so the client sees ECONNRESET, as when a proxy or Graph's front end drops a connection.
function reset(req: IncomingMessage): void {
  if (!req.socket.destroyed) req.socket.resetAndDestroy();
}

function write(res: ServerResponse, headers: Record<string, string>, response: GraphResponse): void {
  if (res.destroyed || res.writableEnded) return; // the client went away (e.g. after a delay): Graph acted, the answer is lost
  const text = response.rawBody ?? JSON.stringify(response.body);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.writeHead(response.status);
  res.end(text);
}

// Bodies over the limit are drained (so the answer can still be sent on this connection) but not kept.
async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const text = await readBodyText(req, MAX_BODY_BYTES);
  return text === null ? { kind: 'too-large' } : classifyBody(text);
}

function recordedBody(body: RequestBody): unknown {
  switch (body.kind) {
    case 'json':
      return body.value;
    case 'invalid':
      return body.text;
    case 'none':
    case 'too-large':
      return undefined;
  }
}

function localHost(req: IncomingMessage): string {
  const { localAddress, localPort } = req.socket;
  const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
  return `${host ?? '127.0.0.1'}:${localPort ?? 80}`;
}
