import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createEmulator, type Emulator } from '../../src/emulator';
import { GatewayError } from '../../src/errors/gateway-error';
import { GraphClient, type GraphCall } from '../../src/graph/client';
import { RetryBudget } from '../../src/graph/policy';
import { createLogger } from '../../src/observability/logger';
import { AUTHORIZATION } from '../helpers/stack';
import { BearerCredential } from '../../src/caller/caller';

const LIST = '/deviceAppManagement/managedAppRegistrations';
const read: GraphCall = { method: 'GET', path: LIST, route: LIST, authorization: new BearerCredential(AUTHORIZATION), kind: 'read' };

let emulator: Emulator;
let client: GraphClient;
const silent = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));

function clientWith(env: Record<string, string>): GraphClient {
  const config = loadConfig({ GRAPH_RETRY_BASE_DELAY_MS: '1', ...env });
  return new GraphClient({ ...config.graph, baseUrl: emulator.url }, silent);
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

beforeAll(async () => {
  emulator = createEmulator({ faults: true });
  await emulator.listen(0, '127.0.0.1');
  client = clientWith({ GRAPH_TIMEOUT_MS: '200', GRAPH_RETRY_MAX: '2' });
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});
beforeEach(() => {
  emulator.faults.clear();
  emulator.clearRequests();
});

describe('GraphClient reads', () => {
  it('answers with the parsed body', async () => {
    const reply = await client.send(read);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ value: [] });
    expect(emulator.requests[0]!.headers['client-request-id']).toBe(reply.clientRequestId);
  });

  it.each([502, 503, 504])('retries a %i and succeeds', async (status) => {
    emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'status', status } });
    expect((await client.send(read)).status).toBe(200);
    expect(emulator.requests).toHaveLength(2);
  });

  it('does not retry a 500', async () => {
    emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'status', status: 500 } });
    expect((await failure(client.send(read))).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(emulator.requests).toHaveLength(1);
  });

  it('no answer within the deadline on every try is UPSTREAM_TIMEOUT', async () => {
    emulator.faults.add({ method: 'GET', path: LIST, times: 3, fault: { kind: 'delay', ms: 400 } });
    const error = await failure(client.send(read));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toBe('Microsoft Graph did not answer within 200 ms.');
    expect(emulator.requests).toHaveLength(3);
  });

  it('a dropped connection is retried for a read', async () => {
    emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'reset-before-read' } });
    expect((await client.send(read)).status).toBe(200);
    expect(emulator.requests).toHaveLength(2);
  });

  it('a body over GRAPH_MAX_RESPONSE_BYTES is UPSTREAM_BAD_RESPONSE', async () => {
    const small = clientWith({ GRAPH_MAX_RESPONSE_BYTES: '1024' });
    try {
      emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'patch', set: { padding: 'x'.repeat(4096) } } });
      const error = await failure(small.send(read));
      expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(error.message).toBe('Microsoft Graph answered 200 with a body over 1024 bytes.');
    } finally {
      await small.close();
    }
  });
});

describe('GraphClient with a saturated pool', () => {
  it('a create that never got a connection within the deadline is UPSTREAM_UNAVAILABLE and was never sent', async () => {
    // The GET holds the only connection (pipelining 1) for its 2 s deadline; the POST's operation has 300 ms
    // left (its retry budget), so its deadline passes while it waits in the queue, well before the GET lets go.
    const one = clientWith({ GRAPH_CONNECTIONS: '1', GRAPH_TIMEOUT_MS: '2000', GRAPH_RETRY_MAX: '0' });
    try {
      emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'delay', ms: 3000 } });
      const blocker = failure(one.send(read));
      const post: GraphCall = { method: 'POST', path: LIST, route: LIST, body: {}, authorization: read.authorization, kind: 'create', writes: 1 };
      // The budget's clock stands still, so its 300 ms are whole when the try's deadline is cut from them.
      const now = Date.now();
      const create = failure(one.send(post, undefined, new RetryBudget({ retryMax: 0, retryBudgetMs: 300 }, () => now)));
      expect((await blocker).code).toBe('UPSTREAM_TIMEOUT');
      const error = await create;
      expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toBe('No connection to Microsoft Graph was free within 300 ms; the request was not sent.');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(emulator.requests.map((r) => r.method)).toEqual(['GET']);
    } finally {
      await one.close();
    }
  });
});
