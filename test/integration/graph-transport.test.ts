import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { BearerCredential } from '../../src/caller/caller';
import { loadConfig } from '../../src/config';
import { GatewayError } from '../../src/errors/gateway-error';
import { GraphClient, type GraphCall } from '../../src/graph/client';
import { TransportError, transportCause } from '../../src/graph/transport';
import { createLogger } from '../../src/observability/logger';
import { AUTHORIZATION, TOKEN } from '../helpers/stack';

const LIST = '/deviceAppManagement/managedAppRegistrations';

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a Graph that cannot be reached', () => {
  let port: number;
  let client: GraphClient;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    port = await closedPort();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    const config = loadConfig({ GRAPH_RETRY_MAX: '2', GRAPH_RETRY_BASE_DELAY_MS: '1' });
    client = new GraphClient({ ...config.graph, baseUrl: `http://127.0.0.1:${port}/beta` }, createLogger('info', destination));
  });
  afterAll(async () => {
    await client.close();
  });

  it.each([
    ['read', 'GET'],
    ['create', 'POST'],
  ] as const)('a %s: each failed try is logged with its transport cause, ECONNREFUSED, and no token', async (kind, method) => {
    lines.length = 0;
    const base = { method, path: LIST, route: LIST, authorization: new BearerCredential(AUTHORIZATION) };
    const call: GraphCall = kind === 'create' ? { ...base, kind, body: {}, writes: 1 } : { ...base, kind };
    const error = await client.send(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect({ code: (error as GatewayError).code, message: (error as GatewayError).message }).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Could not connect to Microsoft Graph; the request was not sent.',
    });
    const cause = { cause: 'ECONNREFUSED', causeMessage: `connect ECONNREFUSED 127.0.0.1:${port}` };
    const common = { method, path: LIST, code: 'UPSTREAM_UNAVAILABLE', status: null, ...cause };
    expect(lines.map(({ msg, method: m, path, code, status, cause: c, causeMessage, retry, retries }) => ({ msg, method: m, path, code, status, cause: c, causeMessage, retry, retries }))).toEqual([
      { msg: 'graph call retried', ...common, retry: 1, retries: undefined },
      { msg: 'graph call retried', ...common, retry: 2, retries: undefined },
      { msg: 'graph call failed', ...common, retry: undefined, retries: 2 },
    ]);
    expect(lines.map((line) => typeof line.clientRequestId)).toEqual(['string', 'string', 'string']);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });
});

describe('transportCause', () => {
  const coded = (message: string, code: string, cause?: unknown) => Object.assign(new Error(message, { cause }), { code });
  it.each([
    ['a socket error', coded('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }],
    ["a wrapper with the code on its cause (undici's fetch)", new TypeError('fetch failed', { cause: coded('getaddrinfo ENOTFOUND graph.invalid', 'ENOTFOUND') }), { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND graph.invalid' }],
    ['an undici error', coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), { code: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' }],
    ['a TLS error', coded('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }],
    ["the gateway's own deadline", new TransportError('GATEWAY_DEADLINE', 'deadline of 5 ms passed'), { code: 'GATEWAY_DEADLINE', message: 'deadline of 5 ms passed' }],
    ['an error with no code at all', new RangeError('odd'), { code: 'RangeError', message: 'odd' }],
  ])('%s', (_name, error, expected) => {
    expect(transportCause(error)).toEqual(expected);
  });
});
