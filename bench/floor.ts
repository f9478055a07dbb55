// The bare floor: what the scenarios cost without GraphQL. It does the same honest work the gateway must do
// per operation and nothing else: read and parse the request JSON (or a GET's query string, as urql sends
// queries), build Graph's body (@odata.type, Graph's
// enum spelling), call Graph through an undici Pool, parse Graph's JSON, project the selected fields back to
// GraphQL's spelling, and write a JSON reply shaped like the gateway's (so one checker validates both).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequest } from './http-request';
import { createGraphOperations, GraphOperationError, obj, type Json } from './graph-operations';
import { exitWhenOrphaned } from './orphan-guard';

const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the floor's request handler around the shared Graph operations (one undici Pool). */
export function createFloorHandler(graphBaseUrl: string): { handle: (req: IncomingMessage, res: ServerResponse) => void; close: () => Promise<void> } {
  const { operations, close } = createGraphOperations(graphBaseUrl);

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/readyz' || req.url === '/healthz') return reply(res, 200, { status: 'ready' });
    readRequest(req, MAX_BODY_BYTES, ({ pathname, search, hasSearch, body, tooLarge }) => {
      const get = req.method === 'GET' && hasSearch;
      if (pathname !== '/graphql' || (req.method !== 'POST' && !get)) return reply(res, 404, { error: 'The floor serves POST /graphql and GET /graphql?query=… only.' });
      if (tooLarge) return reply(res, 413, { errors: [{ message: 'Body too large', extensions: { code: 'BAD_REQUEST' } }] });
      const authorization = req.headers.authorization;
      if (authorization === undefined || !/^Bearer\s+\S/i.test(authorization)) {
        return reply(res, 200, { errors: [{ message: 'No bearer token', extensions: { code: 'UNAUTHENTICATED' } }], data: null });
      }
      let request: Json;
      try {
        if (get) {
          // No query parse here either: the operation name picks the operation, the variables are JSON.
          const params = new URLSearchParams(search);
          request = { operationName: params.get('operationName'), variables: JSON.parse(params.get('variables') ?? '{}') as unknown };
        } else {
          request = obj(JSON.parse(body.toString('utf8')));
        }
      } catch {
        return reply(res, 400, { errors: [{ message: 'The request is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const operation = operations[String(request.operationName)];
      if (operation === undefined) return reply(res, 400, { errors: [{ message: 'Unknown operationName', extensions: { code: 'BAD_REQUEST' } }] });
      operation(obj(request.variables), authorization).then(
        (data) => reply(res, 200, { data }),
        (error: unknown) => {
          const code = error instanceof GraphOperationError ? error.code : 'INTERNAL_SERVER_ERROR';
          reply(res, 200, { errors: [{ message: error instanceof Error ? error.message : String(error), extensions: { code } }], data: null });
        },
      );
    });
  };

  return { handle, close };
}

/** `node floor.js`: GRAPH_BASE_URL and PORT as for the gateway; listens on 127.0.0.1. */
function main(): void {
  const graphBaseUrl = process.env.GRAPH_BASE_URL;
  if (graphBaseUrl === undefined) {
    process.stderr.write('floor: GRAPH_BASE_URL is required\n');
    process.exit(1);
  }
  const floor = createFloorHandler(graphBaseUrl);
  // Same keep-alive timeout as the gateway's server, so both treat the load generator's connections alike.
  const server = createServer({ keepAliveTimeout: 5000 }, floor.handle);
  server.listen(Number(process.env.PORT ?? '0'), '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => void floor.close().finally(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWhenOrphaned();
}

if (require.main === module) main();
