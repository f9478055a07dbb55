import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { OperationObserver } from '../observability/operation-plugin';
import type { GatewayContext } from './context';
import { FastPath } from './fast-path';

/** The fast path and how to observe the operations it runs. */
export interface FastPathHandle {
  readonly path: FastPath;
  readonly observe: (context: GatewayContext, requestedName: string | null) => OperationObserver;
}

/** Whether the client takes Apollo's default application/json answer (else Apollo negotiates). */
function acceptsPlainJson(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return true;
  if (/graphql-response\+json|multipart\//i.test(accept)) return false;
  return /application\/json|\*\/\*/i.test(accept);
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
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
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
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
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
    const text = await readBody(req, maxBodyBytes);
    if (text === null) {
      refuse(res, 413, 'BAD_REQUEST', `The request body is larger than ${maxBodyBytes} bytes (MAX_REQUEST_BODY_BYTES).`);
      return;
    }
    if (/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        refuse(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
        return;
      }
      // Apollo refuses batches when they are off; when on, bound their length.
      if (Array.isArray(body) && limits.maxBatchedOperations > 0 && body.length > limits.maxBatchedOperations) {
        refuse(res, 400, 'BAD_REQUEST', `The batch has ${body.length} operations; the limit is ${limits.maxBatchedOperations} (MAX_BATCHED_OPERATIONS).`);
        return;
      }
    } else {
      body = text;
    }
  }
  if (
    fast &&
    req.method === 'POST' &&
    /^application\/json\s*(;|$)/i.test(contentType) &&
    req.headers['apollo-federation-include-trace'] === undefined &&
    acceptsPlainJson(req.headers.accept)
  ) {
    const request = FastPath.request(body);
    if (request) {
      const contextValue = await context();
      const answer = await fast.path.run(request, contextValue, () => fast.observe(contextValue, request.operationName));
      if (answer !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
        return;
      }
    }
  }
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
