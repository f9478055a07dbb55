import { createEmulator } from '../../src/emulator';
import {
  errorBody,
  eventually,
  expectGraphHeaders,
  GRAPH_CONTENT_TYPE,
  IOS_APP,
  startHarness,
  type Harness,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ faults: true });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';
const STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;

/** The socket-level error undici reports for a reset connection. */
async function expectSocketError(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code?: string },
  );
  expect(error).toBeDefined();
  expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(error?.code);
}

describe('fault kinds (top-level)', () => {
  it('reset-before-read: the client sees a socket error, nothing is read or stored', async () => {
    h.emulator.faults.add({ method: 'POST', path: REGISTRATIONS, fault: { kind: 'reset-before-read' } });
    await expectSocketError(h.call('POST', REGISTRATIONS, { body: { deviceName: 'x' } }));
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    expect(h.emulator.requests).toEqual([
      {
        method: 'POST',
        rawPath: `/beta${REGISTRATIONS}`,
        headers: expect.any(Object),
        body: undefined,
        fault: 'reset-before-read',
      },
    ]);
    // The emulator keeps serving afterwards.
    expect((await h.call('POST', REGISTRATIONS, { body: {} })).status).toBe(201);
  });

  it('reset-after-read: socket error, but the record IS stored', async () => {
    h.emulator.faults.add({ path: REGISTRATIONS, fault: { kind: 'reset-after-read' } });
    await expectSocketError(h.call('POST', REGISTRATIONS, { body: { deviceName: 'x' } }));
    expect(h.emulator.store.managedAppRegistrations()).toEqual([expect.objectContaining({ deviceName: 'x' })]);
    expect(h.emulator.requests[0]).toMatchObject({ body: { deviceName: 'x' }, fault: 'reset-after-read' });
    expect(h.emulator.requests[0].status).toBeUndefined();
  });

  it('reset-after-read with act: false stores nothing', async () => {
    h.emulator.faults.add({ fault: { kind: 'reset-after-read', act: false } });
    await expectSocketError(h.call('POST', STATUSES, { body: {} }));
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });

  it('delay: answers normally after the wait', async () => {
    h.emulator.faults.add({ fault: { kind: 'delay', ms: 200 } });
    const started = Date.now();
    const reply = await h.call('POST', REGISTRATIONS, { body: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(reply.status).toBe(201);
    expect(h.emulator.requests[0]).toMatchObject({ fault: 'delay', status: 201 });
  });

  it('delay: the operation happens even when the client gave up', async () => {
    h.emulator.faults.add({ fault: { kind: 'delay', ms: 200 } });
    const controller = new AbortController();
    const call = h.call('POST', REGISTRATIONS, { body: { deviceName: 'late' }, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toThrow();
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    await eventually(() => h.emulator.store.managedAppRegistrations().length === 1);
    expect(h.emulator.store.managedAppRegistrations()[0].deviceName).toBe('late');
  });

  it('malformed: the normal status, a body that is not JSON, and the operation done', async () => {
    h.emulator.faults.add({ fault: { kind: 'malformed' } });
    const reply = await h.call('POST', REGISTRATIONS, { body: {} });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe('{"id": "trunc');
    expect(reply.headers['content-type']).toBe(GRAPH_CONTENT_TYPE);
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it('malformed with status, body and act: false', async () => {
    h.emulator.faults.add({ fault: { kind: 'malformed', status: 502, body: '<html>Bad Gateway</html>', act: false } });
    const reply = await h.call('POST', STATUSES, { body: {} });
    expect(reply.status).toBe(502);
    expect(reply.text).toBe('<html>Bad Gateway</html>');
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });

  it('malformed on a failing request keeps the failure status', async () => {
    h.emulator.faults.add({ fault: { kind: 'malformed' } });
    const reply = await h.call('GET', `${REGISTRATIONS}/missing`);
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('{"id": "trunc');
  });

  it('patch: changes the response and the stored record (unknown enum, unknown @odata.type)', async () => {
    h.emulator.faults.add({
      method: 'POST',
      fault: { kind: 'patch', set: { '@odata.type': '#microsoft.graph.futureManagedAppRegistration', flaggedReasons: ['newReason'] } },
    });
    const reply = await h.call('POST', REGISTRATIONS, { body: { flaggedReasons: ['rootedDevice'] } });
    expect(reply.status).toBe(201);
    expect(reply.body['@odata.type']).toBe('#microsoft.graph.futureManagedAppRegistration');
    expect(reply.body.flaggedReasons).toEqual(['newReason']);
    const [stored] = h.emulator.store.managedAppRegistrations();
    expect(stored).toMatchObject({ '@odata.type': '#microsoft.graph.futureManagedAppRegistration', flaggedReasons: ['newReason'] });
    // The change persists for later reads.
    expect((await h.call('GET', `${REGISTRATIONS}/${reply.body.id}`)).body.flaggedReasons).toEqual(['newReason']);
  });

  it('patch: undefined deletes a key (installState but no mobileAppInstallStatusValue)', async () => {
    h.emulator.faults.add({ fault: { kind: 'patch', set: { mobileAppInstallStatusValue: undefined } } });
    const reply = await h.call('POST', STATUSES, { body: { installState: 'installed' } });
    expect(reply.body).not.toHaveProperty('mobileAppInstallStatusValue');
    expect(reply.body.installState).toBe('installed');
    expect(h.emulator.store.mobileAppInstallStatuses()[0]).not.toHaveProperty('mobileAppInstallStatusValue');
  });

  it('patch on a GET changes the stored record too', async () => {
    const { id } = (await h.call('POST', STATUSES, { body: {} })).body;
    h.emulator.faults.add({ method: 'GET', fault: { kind: 'patch', set: { installStateDetail: 'somethingNew' } } });
    const reply = await h.call('GET', `${STATUSES}/${id}`);
    expect(reply.body.installStateDetail).toBe('somethingNew');
    expect(h.emulator.store.mobileAppInstallStatuses()[0].installStateDetail).toBe('somethingNew');
  });

  it('status 429 with Retry-After: Graph error body, header as given, nothing stored', async () => {
    h.emulator.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '2.128' } });
    const reply = await h.call('POST', REGISTRATIONS, { body: {} });
    expect(reply.status).toBe(429);
    expectGraphHeaders(reply);
    expect(reply.headers['retry-after']).toBe('2.128');
    expect(reply.body).toEqual(
      errorBody(reply, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.'),
    );
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it('status 503 with code, message, headers and act: true', async () => {
    h.emulator.faults.add({
      fault: {
        kind: 'status',
        status: 503,
        code: 'serviceNotAvailable',
        message: 'Try later',
        retryAfter: 1,
        headers: { 'x-extra': 'yes' },
        act: true,
      },
    });
    const reply = await h.call('POST', REGISTRATIONS, { body: {} });
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(reply.headers['x-extra']).toBe('yes');
    expect(reply.body).toEqual(errorBody(reply, 'serviceNotAvailable', 'Try later'));
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it.each([
    [500, 'InternalServerError'],
    [502, 'BadGateway'],
    [504, 'GatewayTimeout'],
    [403, 'Forbidden'],
    [409, 'Conflict'],
  ])('status %i defaults to code %s', async (status, code) => {
    h.emulator.faults.add({ fault: { kind: 'status', status } });
    const reply = await h.call('GET', REGISTRATIONS);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(reply.headers).not.toHaveProperty('retry-after');
  });

  it('a fault overrides even an unauthenticated request', async () => {
    h.emulator.faults.add({ fault: { kind: 'status', status: 503 } });
    expect((await h.call('GET', REGISTRATIONS, { auth: false })).status).toBe(503);
  });
});

describe('fault rules', () => {
  it('match method, exact path (encoded, no query, no trailing slash) and are consumed', async () => {
    h.emulator.faults.add({ method: 'post', path: '/users/a%2Fb/managedAppRegistrations', fault: { kind: 'status', status: 500 } });
    expect(h.emulator.faults.pending()).toBe(1);
    expect((await h.call('GET', '/users/a%2Fb/managedAppRegistrations')).status).toBe(200);
    expect((await h.call('POST', '/users/a/managedAppRegistrations', { body: {} })).status).toBe(201);
    expect((await h.call('POST', '/users/a%2Fb/managedAppRegistrations/?x=1', { body: {} })).status).toBe(500);
    expect(h.emulator.faults.pending()).toBe(0);
    expect((await h.call('POST', '/users/a%2Fb/managedAppRegistrations', { body: {} })).status).toBe(201);
  });

  it('match a RegExp, honour times, and are checked in order', async () => {
    h.emulator.faults.add({ path: /managedAppRegistrations$/g, times: 2, fault: { kind: 'status', status: 503 } });
    h.emulator.faults.add({ fault: { kind: 'status', status: 500 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await h.call('GET', REGISTRATIONS)).status);
    expect(statuses).toEqual([503, 503, 500, 200]);
    expect(h.emulator.requests.map((r) => r.fault)).toEqual(['status', 'status', 'status', undefined]);
  });

  it('times: Infinity never runs out; clear() drops everything', async () => {
    h.emulator.faults.add({ times: Infinity, fault: { kind: 'status', status: 429 } });
    for (let i = 0; i < 3; i += 1) expect((await h.call('GET', REGISTRATIONS)).status).toBe(429);
    expect(h.emulator.faults.pending()).toBe(1);
    h.emulator.faults.clear();
    expect(h.emulator.faults.pending()).toBe(0);
    expect((await h.call('GET', REGISTRATIONS)).status).toBe(200);
  });

  it("scope 'batch-item' leaves top-level requests alone", async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'status', status: 500 } });
    expect((await h.call('GET', REGISTRATIONS)).status).toBe(200);
    expect(h.emulator.faults.pending()).toBe(1);
  });

  it('a path outside basePath is matched whole', async () => {
    h.emulator.faults.add({ path: '/v1.0/users', fault: { kind: 'status', status: 418 } });
    const res = await h.agent.request({ origin: h.origin, path: '/v1.0/users/', method: 'GET' });
    await res.body.dump();
    expect(res.statusCode).toBe(418);
  });

  it.each([
    [{ fault: { kind: 'status', status: 99 } }, 'fault.status must be an HTTP status from 100 to 599'],
    [{ fault: { kind: 'explode' } }, 'fault.kind must be one of'],
    [{ times: 0, fault: { kind: 'delay', ms: 1 } }, 'times must be a positive integer or Infinity'],
    [{ fault: { kind: 'delay', ms: -1 } }, 'fault.ms must be a non-negative number'],
    [{ scope: 'batch-item', fault: { kind: 'reset-before-read' } }, "'reset-before-read' applies to top-level requests only"],
    [{ scope: 'everywhere', fault: { kind: 'delay', ms: 1 } }, "scope must be 'top' or 'batch-item'"],
    [{ fault: { kind: 'patch' } }, 'fault.set must be an object'],
  ])('add() rejects %j', (rule, message) => {
    // why cast: these rules are deliberately outside the FaultRule type.
    expect(() => h.emulator.faults.add(rule as unknown as Parameters<typeof h.emulator.faults.add>[0])).toThrow(message);
    expect(h.emulator.faults.pending()).toBe(0);
  });
});

describe('without faults: true', () => {
  it('emulator.faults throws, and no request can inject one', async () => {
    const plain = await startHarness();
    try {
      expect(() => plain.emulator.faults).toThrow(
        'Fault injection is disabled: create the emulator with createEmulator({ faults: true }).',
      );
      const reply = await plain.call('POST', `${REGISTRATIONS}?fault=reset-before-read`, {
        body: {},
        headers: { 'x-fault': 'status=500', 'x-emulator-fault': 'reset-before-read' },
      });
      expect(reply.status).toBe(201);
    } finally {
      await plain.close();
    }
  });

  it('faults is off by default, before listen too', () => {
    expect(() => createEmulator().faults).toThrow(/Fault injection is disabled/);
  });
});
