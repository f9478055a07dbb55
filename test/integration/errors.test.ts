import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startStack, TOKEN, type Stack } from '../helpers/stack';
import { fileStack } from '../helpers/file-stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REG = `mutation { createManagedAppRegistration(input: { deviceTag: "t" }) { id deviceTag } }`;
const REG_PATH = '/deviceAppManagement/managedAppRegistrations';
const STATUS = `mutation($a: ID!) { createMobileAppInstallStatus(mobileAppId: $a, input: { deviceName: "d" }) { id } }`;

let stack: Stack;
fileStack({ env: { GRAPH_RETRY_MAX: '3', GRAPH_TIMEOUT_MS: '300' } }, (started) => (stack = started));

function onlyError(res: Awaited<ReturnType<Stack['gql']>>) {
  expect(res.body.data).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  return res.body.errors![0]!;
}

function posts(path = REG_PATH) {
  return stack.emulator.requests.filter((r) => r.method === 'POST' && r.rawPath === `/beta${path}`);
}

describe('Graph statuses map to the contract codes', () => {
  it.each([
    [400, 'BadRequest', 'BAD_USER_INPUT'],
    [401, 'InvalidAuthenticationToken', 'UNAUTHENTICATED'],
    [403, 'Forbidden', 'FORBIDDEN'],
    [404, 'ResourceNotFound', 'NOT_FOUND'],
    [409, 'Conflict', 'CONFLICT'],
    [500, 'InternalError', 'UPSTREAM_UNAVAILABLE'],
    [503, 'ServiceUnavailable', 'UPSTREAM_UNAVAILABLE'],
    [502, 'BadGateway', 'UPSTREAM_OUTCOME_UNKNOWN'],
    [504, 'GatewayTimeout', 'UPSTREAM_OUTCOME_UNKNOWN'],
  ])('%i %s on a create is %s, sent exactly once', async (status, graphCode, code) => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status, code: graphCode, message: `emulated ${status}` } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe(code);
    const [sent] = posts();
    expect(posts()).toHaveLength(1);
    const graph = error.extensions!.graph as Record<string, unknown>;
    expect(graph).toEqual({
      status,
      code: graphCode,
      message: `emulated ${status}`,
      requestId: expect.stringMatching(UUID),
      clientRequestId: sent!.headers['client-request-id'],
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    });
    expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'graph']);
    expect(stack.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it('an unknown mobile app is NOT_FOUND (the emulator 404)', async () => {
    const error = onlyError(await stack.gql(STATUS, { a: 'no-such-app' }));
    expect(error.extensions!.code).toBe('NOT_FOUND');
    expect((error.extensions!.graph as Record<string, unknown>).status).toBe(404);
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s is UNAUTHENTICATED before any Graph call', async (_name, headers) => {
    const res = await stack.gql(REG, undefined, headers);
    const error = onlyError(res);
    expect(error).toEqual({
      message: 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".',
      locations: [{ line: 1, column: 12 }],
      path: ['createManagedAppRegistration'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('forwards the Authorization header unchanged', async () => {
    const authorization = `bearer   ${TOKEN}`;
    await stack.gql(REG, undefined, { authorization });
    expect(posts()[0]!.headers.authorization).toBe(authorization);
  });
});

describe('create safety', () => {
  it('429 then 201: retried after Retry-After, 2 requests, success', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '0.2' } });
    const started = Date.now();
    const res = await stack.gql(REG);
    expect(res.body.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    const sent = posts();
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers['retry-attempt']).toBeUndefined();
    expect(sent[1]!.headers['retry-attempt']).toBe('1');
    expect(sent[0]!.headers['client-request-id']).not.toBe(sent[1]!.headers['client-request-id']);
    expect(sent[1]!.body).toEqual(sent[0]!.body);
    expect(stack.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it('429 every time: UPSTREAM_THROTTLED after GRAPH_RETRY_MAX retries', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, times: Infinity, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '0' } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe('UPSTREAM_THROTTLED');
    expect(error.message).toBe('Microsoft Graph throttled the request (429 TooManyRequests) and it was still throttled after 3 retries. Retry later.');
    expect(posts()).toHaveLength(4);
  });

  it('a Retry-After beyond the retry budget is not waited for', async () => {
    const local = await startStack({ env: { GRAPH_RETRY_BUDGET_MS: '1000' } });
    try {
      local.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 429, retryAfter: '30' } });
      const started = Date.now();
      const error = onlyError(await local.gql(REG));
      expect(error.extensions!.code).toBe('UPSTREAM_THROTTLED');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(local.emulator.requests).toHaveLength(1);
    } finally {
      await local.close();
    }
  });

  it.each([
    [503, 'UPSTREAM_UNAVAILABLE'],
    [502, 'UPSTREAM_OUTCOME_UNKNOWN'],
    [504, 'UPSTREAM_OUTCOME_UNKNOWN'],
  ])('%i with Retry-After is not retried for a create', async (status, code) => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status, retryAfter: '0' } });
    expect(onlyError(await stack.gql(REG)).extensions!.code).toBe(code);
    expect(posts()).toHaveLength(1);
  });

  it('a reset after Graph read (and acted on) the request is UPSTREAM_OUTCOME_UNKNOWN, sent once', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'reset-after-read' } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(error.extensions!.graph).toEqual({
      status: null,
      code: null,
      message: null,
      requestId: null,
      clientRequestId: posts()[0]!.headers['client-request-id'],
      date: null,
    });
    expect(posts()).toHaveLength(1);
    expect(stack.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it('a reset before Graph read the request is still UPSTREAM_OUTCOME_UNKNOWN: the bytes had left', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'reset-before-read' } });
    expect(onlyError(await stack.gql(REG)).extensions!.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(posts()).toHaveLength(1);
    expect(stack.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it('no answer within GRAPH_TIMEOUT_MS is UPSTREAM_OUTCOME_UNKNOWN, sent once', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'delay', ms: 600 } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(error.message).toBe(
      'Microsoft Graph did not answer within 300 ms after the create was sent: the record may or may not exist. Check before retrying.',
    );
    expect(posts()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(stack.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it('a malformed 201 body is UPSTREAM_BAD_RESPONSE and says the record exists', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'malformed' } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('Microsoft Graph answered 201 with a body that is not JSON. Graph accepted the create, so the record exists.');
    expect(posts()).toHaveLength(1);
  });

  it('a 201 whose body is JSON but not an entity is UPSTREAM_BAD_RESPONSE', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'patch', set: { id: undefined } } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('Microsoft Graph answered 201 with no "id" (managedAppRegistration). Graph accepted the create, so the record exists.');
  });
});

describe('connection refused', () => {
  let closed: Server;
  let port: number;
  beforeAll(async () => {
    // A port that was just free: nothing listens there.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  it('is UPSTREAM_UNAVAILABLE after the retries, since nothing was sent', async () => {
    const local = await startStack({ graphBaseUrl: `http://127.0.0.1:${port}/beta`, env: { GRAPH_RETRY_MAX: '2' } });
    try {
      const error = onlyError(await local.gql(REG));
      expect(error.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toBe('Could not connect to Microsoft Graph; the request was not sent.');
      const retries = local.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'graph call retried');
      expect(retries.map((l) => l.retry)).toEqual([1, 2]);
    } finally {
      await local.close();
    }
  });
});

describe('responses', () => {
  it('carry no stack trace outside development', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 500 } });
    const error = onlyError(await stack.gql(REG));
    expect(error.extensions!.stacktrace).toBeUndefined();
  });

  it('carry a stack trace with NODE_ENV=development', async () => {
    const local = await startStack({ env: { NODE_ENV: 'development' } });
    try {
      local.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'status', status: 500 } });
      const error = onlyError(await local.gql(REG));
      expect(Array.isArray(error.extensions!.stacktrace)).toBe(true);
    } finally {
      await local.close();
    }
  });
});
