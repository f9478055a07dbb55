import {
  ANDROID_APP,
  CREATED_DATE_TIME,
  errorBody,
  expectGraphHeaders,
  GUID,
  INNER_ERROR_DATE,
  installStatusProperties,
  IOS_APP,
  registrationProperties,
  startHarness,
  type Harness,
} from './support';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = h.emulator.url;
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.store.reset();
  h.emulator.clearRequests();
});

const USER_STATUS = IOS_APP.userStatusIds[0];

describe('managedAppRegistrations', () => {
  const sent = {
    '@odata.type': '#microsoft.graph.managedAppRegistration',
    lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
    applicationVersion: 'Application Version value',
    flaggedReasons: ['rootedDevice'],
    appIdentifier: { '@odata.type': 'microsoft.graph.mobileAppIdentifier' },
    version: 'Version value',
  };

  it.each([
    ['/deviceAppManagement/managedAppRegistrations', 'deviceAppManagement/managedAppRegistrations', null],
    ['/managedAppRegistrations', 'managedAppRegistrations', null],
    ['/users/user-1/managedAppRegistrations', "users('user-1')/managedAppRegistrations", 'user-1'],
  ])('POST %s creates the full entity (201)', async (path, fragment, userId) => {
    const reply = await h.call('POST', path, { body: sent });
    expect(reply.status).toBe(201);
    expectGraphHeaders(reply);
    expect(reply.body).toEqual({
      '@odata.context': `${base}/$metadata#${fragment}/$entity`,
      '@odata.type': '#microsoft.graph.managedAppRegistration',
      id: expect.stringMatching(GUID),
      createdDateTime: expect.stringMatching(CREATED_DATE_TIME),
      ...registrationProperties({ ...sent, userId }),
    });
    // Service-set properties come first, like Graph writes them.
    expect(Object.keys(reply.body).slice(0, 4)).toEqual(['@odata.context', '@odata.type', 'id', 'createdDateTime']);
    const { '@odata.context': _context, ...stored } = reply.body;
    expect(h.emulator.store.managedAppRegistrations()).toEqual([stored]);
  });

  it.each([
    ['/deviceAppManagement/managedAppRegistrations', 'deviceAppManagement/managedAppRegistrations'],
    ['/managedAppRegistrations', 'managedAppRegistrations'],
    ['/users/user-1/managedAppRegistrations', "users('user-1')/managedAppRegistrations"],
  ])('GET %s lists and GET %s/{id} reads one', async (path, fragment) => {
    const created = (await h.call('POST', path, { body: {} })).body;
    const { '@odata.context': _c, ...entity } = created;

    const list = await h.call('GET', path);
    expect(list.status).toBe(200);
    expectGraphHeaders(list);
    expect(list.body).toEqual({ '@odata.context': `${base}/$metadata#${fragment}`, value: [entity] });

    const one = await h.call('GET', `${path}/${created.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ '@odata.context': `${base}/$metadata#${fragment}/$entity`, ...entity });
  });

  it('the user forms see only that user’s registrations', async () => {
    const mine = (await h.call('POST', '/users/u1/managedAppRegistrations', { body: {} })).body;
    const other = (await h.call('POST', '/deviceAppManagement/managedAppRegistrations', { body: { userId: 'u2' } })).body;
    // A userId in the body wins over the path's.
    const explicit = (await h.call('POST', '/users/u1/managedAppRegistrations', { body: { userId: 'u3' } })).body;
    expect([mine.userId, other.userId, explicit.userId]).toEqual(['u1', 'u2', 'u3']);

    const list = await h.call('GET', '/users/u1/managedAppRegistrations');
    expect(list.body.value.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    const all = await h.call('GET', '/managedAppRegistrations');
    expect(all.body.value.map((r: { id: string }) => r.id)).toEqual([mine.id, other.id, explicit.id]);

    const hidden = await h.call('GET', `/users/u1/managedAppRegistrations/${other.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(
      errorBody(
        hidden,
        'ResourceNotFound',
        `Resource '${other.id}' does not exist or one of its queried reference-property objects are not present.`,
      ),
    );
  });

  it('accepts trailing slashes (the seeds use them) on every form', async () => {
    const created = await h.call('POST', '/deviceAppManagement/managedAppRegistrations/', { body: {} });
    expect(created.status).toBe(201);
    expect((await h.call('POST', '/managedAppRegistrations/', { body: {} })).status).toBe(201);
    expect((await h.call('POST', '/users/u/managedAppRegistrations/', { body: {} })).status).toBe(201);
    const list = await h.call('GET', '/deviceAppManagement/managedAppRegistrations/');
    expect(list.body.value).toHaveLength(3);
    const one = await h.call('GET', `/managedAppRegistrations/${created.body.id}/`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(created.body.id);
  });

  it('percent-decodes each segment once and keeps it whole', async () => {
    const created = await h.call('POST', '/users/a%2Fb/managedAppRegistrations', { body: {} });
    expect(created.status).toBe(201);
    expect(created.body.userId).toBe('a/b');
    expect(created.body['@odata.context']).toBe(`${base}/$metadata#users('a%2Fb')/managedAppRegistrations/$entity`);
    expect(h.emulator.requests[0].rawPath).toBe('/beta/users/a%2Fb/managedAppRegistrations');

    // Decoded once only: '%252F' is the id 'a%2Fb', a different user.
    const doubly = await h.call('POST', '/users/a%252Fb/managedAppRegistrations', { body: {} });
    expect(doubly.body.userId).toBe('a%2Fb');
    const dots = await h.call('POST', '/users/%2e%2e/managedAppRegistrations', { body: {} });
    expect(dots.body.userId).toBe('..');
    const quote = await h.call('POST', "/users/o'neil/managedAppRegistrations", { body: {} });
    expect(quote.body['@odata.context']).toBe(`${base}/$metadata#users('o''neil')/managedAppRegistrations/$entity`);

    const list = await h.call('GET', '/users/a%2Fb/managedAppRegistrations');
    expect(list.body.value.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    // Unencoded, the slash splits the path, and 'b' is not a segment Graph knows.
    const split = await h.call('GET', '/users/a/b/managedAppRegistrations');
    expect(split.status).toBe(400);
    expect(split.body).toEqual(errorBody(split, 'BadRequest', "Resource not found for the segment 'b'."));
    // An id with '?' encoded stays in the path.
    const q = await h.call('GET', `/managedAppRegistrations/x%3Fy`);
    expect(q.body).toEqual(
      errorBody(q, 'ResourceNotFound', "Resource 'x?y' does not exist or one of its queried reference-property objects are not present."),
    );
  });

  it('matches navigation names case-insensitively, like Graph', async () => {
    const reply = await h.call('POST', '/DEVICEAPPMANAGEMENT/ManagedAppRegistrations', { body: {} });
    expect(reply.status).toBe(201);
  });
});

describe('mobileAppInstallStatuses', () => {
  const sent = {
    '@odata.type': '#microsoft.graph.mobileAppInstallStatus',
    deviceName: 'Device Name value',
    deviceId: 'Device Id value',
    lastSyncDateTime: '2017-01-01T00:02:43.5775965-08:00',
    mobileAppInstallStatusValue: 'installed',
    errorCode: 9,
    osVersion: 'Os Version value',
    osDescription: 'Os Description value',
    userName: 'User Name value',
    userPrincipalName: 'User Principal Name value',
  };
  const appPath = `/deviceAppManagement/mobileApps/${IOS_APP.id}`;
  const appFragment = `deviceAppManagement/mobileApps('${IOS_APP.id}')`;

  it.each([
    [`${appPath}/deviceStatuses`, `${appFragment}/deviceStatuses`, null],
    [
      `${appPath}/userStatuses/${USER_STATUS}/deviceStatuses`,
      `${appFragment}/userStatuses('${USER_STATUS}')/deviceStatuses`,
      USER_STATUS,
    ],
  ])('POST, GET list and GET one on %s', async (path, fragment, userStatusId) => {
    const created = await h.call('POST', path, { body: sent });
    expect(created.status).toBe(201);
    expectGraphHeaders(created);
    expect(created.body).toEqual({
      '@odata.context': `${base}/$metadata#${fragment}/$entity`,
      '@odata.type': '#microsoft.graph.mobileAppInstallStatus',
      id: expect.stringMatching(GUID),
      ...installStatusProperties({ ...sent, installState: 'installed' }),
    });
    expect(created.body).not.toHaveProperty('createdDateTime');
    const { '@odata.context': _c, ...entity } = created.body;

    const [stored] = h.emulator.store.mobileAppInstallStatuses(IOS_APP.id);
    expect(stored).toEqual(entity);
    expect(stored.mobileAppId).toBe(IOS_APP.id);
    expect(stored.userAppInstallStatusId).toBe(userStatusId);

    const list = await h.call('GET', `${path}/`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ '@odata.context': `${base}/$metadata#${fragment}`, value: [entity] });

    const one = await h.call('GET', `${path}/${entity.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ '@odata.context': `${base}/$metadata#${fragment}/$entity`, ...entity });
  });

  it('the app list includes statuses made under its user statuses; a user status list only its own', async () => {
    const direct = (await h.call('POST', `${appPath}/deviceStatuses`, { body: {} })).body;
    const viaUser = (await h.call('POST', `${appPath}/userStatuses/${USER_STATUS}/deviceStatuses`, { body: {} })).body;
    const appList = await h.call('GET', `${appPath}/deviceStatuses`);
    expect(appList.body.value.map((s: { id: string }) => s.id)).toEqual([direct.id, viaUser.id]);
    const userList = await h.call('GET', `${appPath}/userStatuses/${USER_STATUS}/deviceStatuses`);
    expect(userList.body.value.map((s: { id: string }) => s.id)).toEqual([viaUser.id]);
    const notUnderUser = await h.call('GET', `${appPath}/userStatuses/${USER_STATUS}/deviceStatuses/${direct.id}`);
    expect(notUnderUser.status).toBe(404);
    const otherApp = await h.call('GET', `/deviceAppManagement/mobileApps/${ANDROID_APP.id}/deviceStatuses/${direct.id}`);
    expect(otherApp.status).toBe(404);
  });

  it.each([
    ['unknown app', `/deviceAppManagement/mobileApps/no-such-app/deviceStatuses`, 'no-such-app'],
    ['unknown user status', `${appPath}/userStatuses/nobody/deviceStatuses`, 'nobody'],
    ['another app’s user status', `${appPath}/userStatuses/${ANDROID_APP.userStatusIds[0]}/deviceStatuses`, ANDROID_APP.userStatusIds[0]],
  ])('%s → 404 ResourceNotFound on POST and GET, nothing stored', async (_name, path, id) => {
    for (const method of ['POST', 'GET']) {
      const reply = await h.call(method, path, { body: method === 'POST' ? {} : undefined });
      expect(reply.status).toBe(404);
      expectGraphHeaders(reply);
      expect(reply.body).toEqual(
        errorBody(reply, 'ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
      );
    }
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });

  it('unknown item id → 404', async () => {
    const reply = await h.call('GET', `${appPath}/deviceStatuses/missing`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('ResourceNotFound');
  });
});

describe('mobileApps and userStatuses (seeded, read-only)', () => {
  it('lists the seeded apps and reads one', async () => {
    const list = await h.call('GET', '/deviceAppManagement/mobileApps');
    expect(list.status).toBe(200);
    expect(list.body['@odata.context']).toBe(`${base}/$metadata#deviceAppManagement/mobileApps`);
    expect(list.body.value.map((a: { id: string; '@odata.type': string }) => [a.id, a['@odata.type']])).toEqual(
      SEEDED_MOBILE_APPS.map((app) => [app.id, app.odataType]),
    );
    const one = await h.call('GET', `/deviceAppManagement/mobileApps/${IOS_APP.id}`);
    expect(one.body).toEqual({
      '@odata.context': `${base}/$metadata#deviceAppManagement/mobileApps/$entity`,
      '@odata.type': '#microsoft.graph.iosStoreApp',
      id: IOS_APP.id,
      displayName: IOS_APP.displayName,
      description: `${IOS_APP.displayName}, seeded by the Microsoft Graph emulator.`,
      publisher: 'Contoso',
      createdDateTime: '2026-01-05T08:30:00.0000000Z',
      lastModifiedDateTime: '2026-01-05T08:30:00.0000000Z',
      isFeatured: false,
      publishingState: 'published',
    });
    expect((await h.call('GET', '/deviceAppManagement/mobileApps/nope')).status).toBe(404);
  });

  it('user statuses count the devices stored under them', async () => {
    const path = `/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses/${USER_STATUS}`;
    await h.call('POST', `${path}/deviceStatuses`, { body: { mobileAppInstallStatusValue: 'installed' } });
    await h.call('POST', `${path}/deviceStatuses`, { body: { installState: 'failed' } });
    const one = await h.call('GET', path);
    expect(one.body).toEqual({
      '@odata.context': `${base}/$metadata#deviceAppManagement/mobileApps('${IOS_APP.id}')/userStatuses/$entity`,
      '@odata.type': '#microsoft.graph.userAppInstallStatus',
      id: USER_STATUS,
      userName: 'Adele Vance',
      userPrincipalName: 'AdeleV@contoso.onmicrosoft.com',
      installedDeviceCount: 1,
      failedDeviceCount: 1,
      notInstalledDeviceCount: 0,
    });
    const list = await h.call('GET', `/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses`);
    expect(list.body.value.map((s: { id: string }) => s.id)).toEqual(IOS_APP.userStatusIds);
  });
});

describe('paths Graph does not serve, and methods', () => {
  it.each([
    ['/foo', 'foo'],
    ['/deviceAppManagement/foo', 'foo'],
    ['/deviceAppManagement/managedAppRegistrations/x/appliedPolicies', 'appliedPolicies'],
    ['/users/u/foo', 'foo'],
    [`/deviceAppManagement/mobileApps/${IOS_APP.id}/foo`, 'foo'],
    [`/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses/${USER_STATUS}/bar`, 'bar'],
    [`/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses/x/y`, 'y'],
    ['/managedAppRegistrations//', ''],
  ])('GET %s → 400 Resource not found for the segment', async (path, segment) => {
    const reply = await h.call('GET', path);
    expect(reply.status).toBe(400);
    expectGraphHeaders(reply);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', `Resource not found for the segment '${segment}'.`));
  });

  it('a path outside basePath → 404 Invalid version', async () => {
    const res = await h.agent.request({
      origin: h.origin,
      path: '/v1.0/deviceAppManagement/managedAppRegistrations',
      method: 'GET',
      headers: { authorization: 'Bearer t' },
    });
    expect(res.statusCode).toBe(404);
    const requestId = res.headers['request-id'];
    expect(requestId).toMatch(GUID);
    expect(await res.body.json()).toEqual({
      error: {
        code: 'ResourceNotFound',
        message: 'Invalid version: v1.0',
        innerError: { date: expect.stringMatching(INNER_ERROR_DATE), 'request-id': requestId, 'client-request-id': requestId },
      },
    });
  });

  it.each([
    ['DELETE', '/deviceAppManagement/managedAppRegistrations', 'GET, POST'],
    ['PATCH', '/managedAppRegistrations/some-id', 'GET'],
    ['POST', '/users/u/managedAppRegistrations/some-id', 'GET'],
    ['PUT', `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`, 'GET, POST'],
    ['POST', '/deviceAppManagement/mobileApps', 'GET'],
    ['GET', '/$batch', 'POST'],
  ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const reply = await h.call(method, path);
    expect(reply.status).toBe(405);
    expectGraphHeaders(reply);
    expect(reply.headers.allow).toBe(allow);
    expect(reply.body).toEqual(
      errorBody(reply, 'MethodNotAllowed', `The HTTP method '${method}' is not allowed for this resource. Allowed: ${allow}.`),
    );
  });

  it.each(['', '/', '/deviceAppManagement', '/users', '/users/u', '/me/managedAppRegistrations'])(
    'GET %s (real Graph, not emulated) → 501 NotImplemented',
    async (path) => {
      const reply = await h.call('GET', path);
      expect(reply.status).toBe(501);
      expect(reply.body.error.code).toBe('NotImplemented');
    },
  );

  it('broken percent-encoding → 400', async () => {
    const reply = await h.call('GET', '/users/%zz/managedAppRegistrations');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', "The URI segment '%zz' is not correctly percent-encoded."));
  });
});

describe('headers and connections', () => {
  it('echoes client-request-id in the header and the error body', async () => {
    const reply = await h.call('GET', '/foo', { headers: { 'client-request-id': 'my-correlation-id' } });
    expectGraphHeaders(reply, 'my-correlation-id');
    expect(reply.body.error.innerError['client-request-id']).toBe('my-correlation-id');
    expect(reply.body.error.innerError['request-id']).toBe(reply.headers['request-id']);
  });

  it('gives every answer a fresh request-id', async () => {
    const a = await h.call('GET', '/managedAppRegistrations');
    const b = await h.call('GET', '/managedAppRegistrations');
    expect(a.headers['request-id']).not.toBe(b.headers['request-id']);
  });

  it('keeps connections alive across requests', async () => {
    const a = await h.call('GET', '/managedAppRegistrations');
    expect(a.headers.connection).toBe('keep-alive');
    const b = await h.call('GET', '/managedAppRegistrations');
    expect(b.status).toBe(200);
  });

  it('records each request with raw path, lower-cased headers and parsed body', async () => {
    await h.call('POST', '/managedAppRegistrations?x=1', { body: { version: '1' }, headers: { 'X-Custom': 'v' } });
    await h.call('POST', '/managedAppRegistrations', { rawBody: '{not json', headers: { 'content-type': 'application/json' } });
    expect(h.emulator.requests).toEqual([
      {
        method: 'POST',
        rawPath: '/beta/managedAppRegistrations?x=1',
        headers: expect.objectContaining({ 'x-custom': 'v', authorization: expect.stringMatching(/^Bearer /) }),
        body: { version: '1' },
        status: 201,
      },
      {
        method: 'POST',
        rawPath: '/beta/managedAppRegistrations',
        headers: expect.any(Object),
        body: '{not json',
        status: 400,
      },
    ]);
  });
});
