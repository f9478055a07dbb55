import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from '../resolvers/context';
import { ServerErrorCode } from '../errors/table';
import { errorsBody } from './format-error';
import { type LeanPathHandle, leanRequest, writeLeanAnswer } from './lean';
import { type TrustedStep, writeRefusal } from './trusted';

/** What serves /graphql, in the order a request meets it. */
export interface GraphQLPipeline {
  /** Contract §13; undefined when TRUSTED_DOCUMENTS is unset. */
  readonly trusted: TrustedStep | undefined;
  /** Undefined when GRAPHQL_FAST_PATH=false. */
  readonly lean: LeanPathHandle | undefined;
  readonly apollo: ApolloServer<GatewayContext>;
  /** graphql_requests_served_total{path}: which part answered. */
  readonly metrics: GatewayMetrics | undefined;
}

/** Who answered a /graphql request: the lean path, Apollo Server, or this file (a refusal outside GraphQL). */
type ServedBy = 'lean' | 'apollo' | 'gateway';

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

/** The body, read and parsed; or undefined once a refusal has been written. */
async function readGraphQLBody(req: IncomingMessage, res: ServerResponse, limits: { readonly maxBodyBytes: number; readonly maxBatchedOperations: number }): Promise<{ body: unknown } | undefined> {
  if (req.method !== 'POST') return { body: undefined };
  const { maxBodyBytes } = limits;
  // A declared length over the limit is refused before a byte is read; the connection is closed after.
  if (Number(req.headers['content-length']) > maxBodyBytes) {
    res.shouldKeepAlive = false;
    refuseTooLarge(res, maxBodyBytes);
    req.resume();
    return undefined;
  }
  const text = await readBody(req, maxBodyBytes);
  if (text === null) {
    refuseTooLarge(res, maxBodyBytes);
    return undefined;
  }
  if (!/^application\/(graphql-response\+)?json\b/i.test(req.headers['content-type'] ?? '')) return { body: text };
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    refuse(res, 400, 'The request body is not valid JSON.');
    return undefined;
  }
  // Apollo refuses batches when they are off; when on, bound their length.
  if (Array.isArray(body) && limits.maxBatchedOperations > 0 && body.length > limits.maxBatchedOperations) {
    refuse(res, 400, `The batch has ${body.length} operations; the limit is ${limits.maxBatchedOperations} (MAX_BATCHED_OPERATIONS).`);
    return undefined;
  }
  return { body };
}

/** Runs the request through Apollo Server and writes its answer (status, headers, landing page or result). */
async function serveWithApollo(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown, apollo: ApolloServer<GatewayContext>, context: () => Promise<GatewayContext>): Promise<void> {
  // Only what Apollo Server runs needs its HeaderMap.
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
  const result = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Serves one /graphql request on plain node:http: the body read with a size
 * limit and parsed once; the trusted documents' decision (contract §13); the
 * lean path, which runs what it can exactly as Apollo would (a trusted
 * document by id with no parse and no validation); Apollo Server for the rest.
 */
export async function handleGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  pipeline: GraphQLPipeline,
  context: () => Promise<GatewayContext>,
  limits: { readonly maxBodyBytes: number; readonly maxBatchedOperations: number },
): Promise<void> {
  const servedBy = await serve(req, res, url, pipeline, context, limits);
  pipeline.metrics?.requestsServed.inc({ path: servedBy });
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  requestUrl: URL,
  pipeline: GraphQLPipeline,
  context: () => Promise<GatewayContext>,
  limits: { readonly maxBodyBytes: number; readonly maxBatchedOperations: number },
): Promise<ServedBy> {
  const read = await readGraphQLBody(req, res, limits);
  if (read === undefined) return 'gateway';
  const action = pipeline.trusted?.(req, requestUrl, read.body) ?? { kind: 'go-on', body: read.body, url: requestUrl, document: undefined };
  if (action.kind === 'refuse') {
    writeRefusal(req, res, action.code, action.message);
    return 'gateway';
  }
  const { body, url, document } = action;
  // Built at most once: when the lean path hands a request to Apollo, Apollo gets the same context.
  let built: Promise<GatewayContext> | undefined;
  const contextOnce = (): Promise<GatewayContext> => (built ??= context());
  const { lean } = pipeline;
  const request = lean ? leanRequest(req, url, body, req.headers['content-type'] ?? '') : undefined;
  if (lean && request) {
    const contextValue = await contextOnce();
    const observe = () => lean.observe(contextValue, request.operation.operationName);
    const answer = document
      ? await lean.path.runPrepared(document, request.operation, contextValue, observe, request.queriesOnly)
      : await lean.path.run(request.operation, contextValue, observe, request.queriesOnly);
    if (answer !== undefined) {
      writeLeanAnswer(res, answer, request.mediaType);
      return 'lean';
    }
  }
  await serveWithApollo(req, res, url, body, pipeline.apollo, contextOnce);
  return 'apollo';
}
