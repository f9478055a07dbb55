import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { OperationObserver } from '../observability/operation-plugin';
import type { GatewayContext } from '../resolvers/context';
import { ServerErrorCode } from '../errors/table';
import { FastPath, type FastRequest } from './fast-path';
import { errorsBody } from './format-error';
import { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, singleResultMediaType } from './media-type';

/** Headers that prove a request was preflighted (Apollo's two, and Authorization): the CSRF rule of Apollo Server. */
export const CSRF_PREFLIGHT_HEADERS = ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** The fast path and how to observe the operations it runs. */
export interface FastPathHandle {
  readonly path: FastPath;
  readonly observe: (context: GatewayContext, requestedName: string | null) => OperationObserver;
}

/** A request the lean path can run, and the media type its answer takes. */
interface LeanRequest {
  readonly request: FastRequest;
  /** Apollo's negotiated single-result type: application/json or application/graphql-response+json. */
  readonly mediaType: string;
  /** GET: only queries run; a mutation goes to Apollo, which answers 405. */
  readonly queriesOnly: boolean;
}

/**
 * The lean path takes what real clients send: JSON POSTs (curl, Apollo
 * Client, urql's mutations) and GETs that carry a preflight header (urql's
 * queries), whatever they accept among Apollo's single-result types. The
 * rest (forms and other CSRF suspects, landing-page GETs, federated
 * tracing, APQ and other extensions, batches, repeated or invalid GET
 * parameters, Accept headers Apollo would refuse) goes to Apollo Server.
 */
function leanRequest(req: IncomingMessage, url: URL, body: unknown, contentType: string): LeanRequest | undefined {
  const { headers } = req;
  if (headers['apollo-federation-include-trace'] !== undefined) return undefined;
  const mediaType = singleResultMediaType(headers.accept);
  if (mediaType !== APPLICATION_JSON && mediaType !== GRAPHQL_RESPONSE_JSON) return undefined;
  if (req.method === 'POST') {
    if (!/^application\/json\s*(;|$)/i.test(contentType)) return undefined;
    const request = FastPath.request(body);
    return request && { request, mediaType, queriesOnly: false };
  }
  if (req.method !== 'GET' || contentType !== '') return undefined;
  if (!CSRF_PREFLIGHT_HEADERS.some((name) => typeof headers[name] === 'string' && headers[name] !== '')) return undefined;
  // A browser asking for a page gets Apollo's landing page.
  if (/text\/html/i.test(headers.accept ?? '')) return undefined;
  const params = url.searchParams;
  for (const name of params.keys()) {
    if (name === 'extensions' || params.getAll(name).length > 1) return undefined;
  }
  const query = params.get('query');
  const variables = params.get('variables');
  let parsed: unknown;
  if (variables !== null) {
    try {
      parsed = JSON.parse(variables);
    } catch {
      return undefined;
    }
    // Apollo wants an object here (null included is refused); let it say so.
    if (parsed === null) return undefined;
  }
  const request = FastPath.request({ query: query ?? undefined, operationName: params.get('operationName') ?? undefined, variables: parsed });
  return request && { request, mediaType, queriesOnly: true };
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    // One chunk (the usual small request) is decoded as it is, without a copy.
    req.on('end', () => resolve(over ? null : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a small JSON answer (health checks, refusals outside GraphQL). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped refusal for a request that never reached Apollo. */
function refuse(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, errorsBody(ServerErrorCode.BAD_REQUEST, message));
}

function refuseTooLarge(res: ServerResponse, maxBodyBytes: number): void {
  refuse(res, 413, `The request body is larger than ${maxBodyBytes} bytes (MAX_REQUEST_BODY_BYTES).`);
}

/**
 * Serves one /graphql request through Apollo Server on plain node:http:
 * body read with a size limit, JSON parsed once, the answer written as
 * Apollo built it (status, headers, landing page or result).
 */
export async function handleGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  apollo: ApolloServer<GatewayContext>,
  context: () => Promise<GatewayContext>,
  limits: { readonly maxBodyBytes: number; readonly maxBatchedOperations: number },
  fast?: FastPathHandle,
): Promise<void> {
  const { maxBodyBytes } = limits;
  const contentType = req.headers['content-type'] ?? '';
  let body: unknown;
  if (req.method === 'POST') {
    // A declared length over the limit is refused before a byte is read; the connection is closed after.
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      res.shouldKeepAlive = false;
      refuseTooLarge(res, maxBodyBytes);
      req.resume();
      return;
    }
    const text = await readBody(req, maxBodyBytes);
    if (text === null) {
      refuseTooLarge(res, maxBodyBytes);
      return;
    }
    if (/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        refuse(res, 400, 'The request body is not valid JSON.');
        return;
      }
      // Apollo refuses batches when they are off; when on, bound their length.
      if (Array.isArray(body) && limits.maxBatchedOperations > 0 && body.length > limits.maxBatchedOperations) {
        refuse(res, 400, `The batch has ${body.length} operations; the limit is ${limits.maxBatchedOperations} (MAX_BATCHED_OPERATIONS).`);
        return;
      }
    } else {
      body = text;
    }
  }
  const lean = fast ? leanRequest(req, url, body, contentType) : undefined;
  // Built at most once: when the lean path hands a request to Apollo, Apollo gets the same context.
  let built: Promise<GatewayContext> | undefined;
  const contextOnce = (): Promise<GatewayContext> => (built ??= context());
  if (fast && lean) {
    const contextValue = await contextOnce();
    const answer = await fast.path.run(lean.request, contextValue, () => fast.observe(contextValue, lean.request.operationName), lean.queriesOnly);
    if (answer !== undefined) {
      res.writeHead(answer.status, { ...answer.headers, 'content-type': lean.mediaType, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
      return;
    }
  }
  // Only what Apollo Server runs needs its HeaderMap.
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
  const result = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: contextOnce });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
