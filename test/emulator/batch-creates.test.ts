// POST create sub-requests in $batch (graph-facts §6, api-contract §9): every create path the single create has, with
// the same validation, the same 201 body, per-item client-request-id, dependsOn as Graph runs it, and the faults a
// gateway's bulk creates must survive, per item and per whole batch.
import { installStatusParent } from '../../src/emulator';
import {
  CREATED_DATE_TIME,
  GRAPH_CONTENT_TYPE,
  GUID,
  INNER_ERROR_DATE,
  IOS_APP,
  startHarness,
  type Harness,
  type Json,
  type Reply,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ faults: true, shuffleBatch: false });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const USER_STATUS = IOS_APP.userStatusIds[0];
const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';
const STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;
const USER_STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses/${USER_STATUS}/deviceStatuses`;

interface CreateItem {
  id: string;
  url: string;
  body: unknown;
  crid?: string;
  dependsOn?: string[];
}

const item = ({ id, url, body, crid, dependsOn }: CreateItem): Json => ({
  id,
  method: 'POST',
  url,
  headers: crid === undefined ? JSON_HEADERS : { ...JSON_HEADERS, 'client-request-id': crid },
  body,
  ...(dependsOn === undefined ? {} : { dependsOn }),
});

async function batch(items: Json[]): Promise<Reply> {
  return h.call('POST', '/$batch', { body: { requests: items } });
}

/** The items' answers by id. */
function byId(reply: Reply): Record<string, Json> {
  expect(reply.status).toBe(200);
  return Object.fromEntries(reply.body.responses.map((r: Json) => [r.id, r]));
}

const CREATES: Array<[string, string, Record<string, unknown>, { mobileAppId: string; userAppInstallStatusId: string | null } | null]> = [
  [
    'deviceAppManagement/managedAppRegistrations',
    REGISTRATIONS,
    {
      '@odata.type': '#microsoft.graph.iosManagedAppRegistration',
      deviceName: 'iPhone 15',
      flaggedReasons: ['rootedDevice'],
      appIdentifier: { '@odata.type': '#microsoft.graph.iosMobileAppIdentifier', bundleId: 'com.contoso.notes' },
    },
    null,
  ],
  [
    'managedAppRegistrations (root)',
    '/managedAppRegistrations',
    { '@odata.type': 'microsoft.graph.androidManagedAppRegistration', patchVersion: '2024-05', lastSyncDateTime: '2024-05-01T10:00:00+02:00' },
    null,
  ],
  ['users/{id}/managedAppRegistrations', '/users/u-7/managedAppRegistrations', { '@odata.type': '#microsoft.graph.windowsManagedAppRegistration' }, null],
  ['mobileApps/{id}/deviceStatuses', STATUSES, { deviceName: 'd-1', installState: 'installed', errorCode: 7 }, { mobileAppId: IOS_APP.id, userAppInstallStatusId: null }],
  [
    'mobileApps/{id}/userStatuses/{id}/deviceStatuses',
    USER_STATUSES,
    { mobileAppInstallStatusValue: 'failed', installStateDetail: 'iosAppStoreUpdateFailedToInstall' },
    { mobileAppId: IOS_APP.id, userAppInstallStatusId: USER_STATUS },
  ],
];

describe('$batch POST creates, path by path', () => {
  it.each(CREATES)('%s: 201 with the single create’s body, its own headers, stored the same', async (_name, url, body, parent) => {
    const single = await h.call('POST', url, { body });
    expect(single.status).toBe(201);
    const reply = await batch([item({ id: 'c1', url, body, crid: 'crid-c1' })]);
    const { c1 } = byId(reply);
    expect(c1.status).toBe(201);
    expect(c1.headers).toEqual({ 'Content-Type': GRAPH_CONTENT_TYPE, 'request-id': expect.stringMatching(GUID), 'client-request-id': 'crid-c1' });
    expect(c1.headers['request-id']).not.toBe(reply.headers['request-id']);
    const fresh: Record<string, unknown> = { id: expect.stringMatching(GUID) };
    if ('createdDateTime' in single.body) fresh.createdDateTime = expect.stringMatching(CREATED_DATE_TIME);
    expect(c1.body).toEqual({ ...single.body, ...fresh });
    expect(c1.body.id).not.toBe(single.body.id);

    const stored = parent === null ? h.emulator.store.managedAppRegistrations() : h.emulator.store.mobileAppInstallStatuses();
    expect(stored).toHaveLength(2);
    const { '@odata.context': _context, ...record } = c1.body;
    expect(stored[1]).toEqual(record);
    if (parent !== null) expect(installStatusParent(stored[1])).toEqual(parent);
  });

  it('up to 20 creates in one batch, each stored once, each echoing its own client-request-id', async () => {
    const items = Array.from({ length: 20 }, (_, i) =>
      item({ id: `${i + 1}`, url: i % 2 === 0 ? REGISTRATIONS : STATUSES, body: { deviceName: `d-${i}` }, crid: `crid-${i}` }),
    );
    const answers = byId(await batch(items));
    expect(Object.values(answers).map((a) => [a.status, a.headers['client-request-id'], a.body.deviceName])).toEqual(
      Array.from({ length: 20 }, (_, i) => [201, `crid-${i}`, `d-${i}`]),
    );
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['d-0', 'd-2', 'd-4', 'd-6', 'd-8', 'd-10', 'd-12', 'd-14', 'd-16', 'd-18']);
    expect(h.emulator.store.mobileAppInstallStatuses()).toHaveLength(10);
    expect(h.emulator.requests.slice(1).map((r) => [r.headers['client-request-id'], r.status])).toEqual(
      Array.from({ length: 20 }, (_, i) => [`crid-${i}`, 201]),
    );
  });

  it('without its own client-request-id an item’s is its request-id', async () => {
    const { x } = byId(await batch([item({ id: 'x', url: REGISTRATIONS, body: {} })]));
    expect(x.headers['client-request-id']).toBe(x.headers['request-id']);
  });
});

describe('$batch POST creates are validated like single creates', () => {
  const invalid: Array<[string, string, unknown]> = [
    ['an unknown property', REGISTRATIONS, { deviceName: 'x', foo: 1 }],
    ['a wrong @odata.type', '/managedAppRegistrations', { '@odata.type': '#microsoft.graph.user' }],
    ['an unknown enum member', '/users/u/managedAppRegistrations', { flaggedReasons: ['rooted'] }],
    ['a bad date', STATUSES, { lastSyncDateTime: '2024-02-30T00:00:00Z' }],
    ['a non-Int32 errorCode', USER_STATUSES, { errorCode: 2 ** 31 }],
    ['null for a non-nullable property', STATUSES, { installState: null }],
    ['a body that is not an object', REGISTRATIONS, ['x']],
  ];
  it.each(invalid)('%s: the item gets the single create’s 400, nothing is stored', async (_name, url, body) => {
    const single = await h.call('POST', url, { body });
    expect(single.status).toBe(400);
    const { bad } = byId(await batch([item({ id: 'bad', url, body, crid: 'crid-bad' })]));
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'BadRequest',
        message: single.body.error.message,
        innerError: { date: expect.stringMatching(INNER_ERROR_DATE), 'request-id': bad.headers['request-id'], 'client-request-id': 'crid-bad' },
      },
    });
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });

  it('a bad item fails alone; the exact message is Graph’s', async () => {
    const answers = byId(
      await batch([
        item({ id: '1', url: REGISTRATIONS, body: { foo: 1 } }),
        item({ id: '2', url: REGISTRATIONS, body: { deviceName: 'ok' } }),
        item({ id: '3', url: '/deviceAppManagement/mobileApps/no-such-app/deviceStatuses', body: {} }),
        item({ id: '4', url: `/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses/nobody/deviceStatuses`, body: {} }),
      ]),
    );
    expect([answers['1'].status, answers['2'].status, answers['3'].status, answers['4'].status]).toEqual([400, 201, 404, 404]);
    expect(answers['1'].body.error.message).toBe(
      "The property 'foo' does not exist on type 'microsoft.graph.managedAppRegistration'. " +
        'Make sure to only use property names that are defined by the type or mark the type as open type.',
    );
    expect(answers['3'].body.error).toMatchObject({
      code: 'ResourceNotFound',
      message: "Resource 'no-such-app' does not exist or one of its queried reference-property objects are not present.",
    });
    expect(answers['4'].body.error.message).toBe(
      "Resource 'nobody' does not exist or one of its queried reference-property objects are not present.",
    );
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['ok']);
  });

  it('a create item without a Content-Type header makes the whole batch 400, nothing runs', async () => {
    const reply = await batch([item({ id: '1', url: REGISTRATIONS, body: {} }), { id: '2', method: 'POST', url: REGISTRATIONS, body: {} }]);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe("Batch request '2' has a body but no Content-Type header.");
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
  });
});

describe('$batch POST creates with dependsOn', () => {
  it('run after what they depend on, in that order', async () => {
    const answers = byId(
      await batch([
        item({ id: 'c', url: REGISTRATIONS, body: { deviceName: 'third' }, dependsOn: ['b'] }),
        item({ id: 'b', url: REGISTRATIONS, body: { deviceName: 'second' }, dependsOn: ['a'] }),
        item({ id: 'a', url: REGISTRATIONS, body: { deviceName: 'first' } }),
      ]),
    );
    expect([answers.a.status, answers.b.status, answers.c.status]).toEqual([201, 201, 201]);
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['first', 'second', 'third']);
  });

  it('a create whose dependency failed is 424 FailedDependency and is not made', async () => {
    const answers = byId(
      await batch([
        item({ id: 'a', url: STATUSES, body: { errorCode: 'x' } }),
        item({ id: 'b', url: STATUSES, body: { deviceName: 'never' }, dependsOn: ['a'], crid: 'crid-b' }),
        item({ id: 'c', url: STATUSES, body: { deviceName: 'independent' } }),
      ]),
    );
    expect([answers.a.status, answers.b.status, answers.c.status]).toEqual([400, 424, 201]);
    expect(answers.b.body).toEqual({
      error: {
        code: 'FailedDependency',
        message: "The request depends on request 'a', which failed with status 400.",
        innerError: { date: expect.stringMatching(INNER_ERROR_DATE), 'request-id': answers.b.headers['request-id'], 'client-request-id': 'crid-b' },
      },
    });
    expect(h.emulator.store.mobileAppInstallStatuses().map((r) => r.deviceName)).toEqual(['independent']);
  });
});

describe('$batch POST creates under faults, per item', () => {
  const three = (): Json[] => [1, 2, 3].map((n) => item({ id: `${n}`, url: REGISTRATIONS, body: { deviceName: `d${n}` }, crid: `crid-${n}` }));

  it.each<[string, number, Record<string, string>]>([
    ['429 with Retry-After', 429, { 'Retry-After': '3' }],
    ['500', 500, {}],
    ['503 with Retry-After', 503, { 'Retry-After': '1' }],
  ])('%s lands in the one item it matched; the others are created', async (_name, status, extra) => {
    h.emulator.faults.add({
      scope: 'batch-item',
      method: 'POST',
      path: REGISTRATIONS,
      fault: { kind: 'status', status, ...(extra['Retry-After'] === undefined ? {} : { retryAfter: Number(extra['Retry-After']) }) },
    });
    const answers = byId(await batch(three()));
    expect([answers['1'].status, answers['2'].status, answers['3'].status]).toEqual([status, 201, 201]);
    expect(answers['1'].headers).toEqual({
      'Content-Type': GRAPH_CONTENT_TYPE,
      'request-id': expect.stringMatching(GUID),
      'client-request-id': 'crid-1',
      ...extra,
    });
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['d2', 'd3']);
  });

  it('a status fault with act: true creates the record and still answers the error', async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'status', status: 504, act: true } });
    const answers = byId(await batch(three()));
    expect(answers['1'].status).toBe(504);
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['d1', 'd2', 'd3']);
  });

  it('delay holds one item and the batch answer, and the item is still created', async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'delay', ms: 200 } });
    const started = Date.now();
    const answers = byId(await batch(three()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect([answers['1'].status, answers['2'].status, answers['3'].status]).toEqual([201, 201, 201]);
    // The delayed item ran last.
    expect(h.emulator.store.managedAppRegistrations().map((r) => r.deviceName)).toEqual(['d2', 'd3', 'd1']);
  });

  it('malformed: the item is created, its body is not JSON', async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'malformed' } });
    const answers = byId(await batch(three()));
    expect(answers['1']).toMatchObject({ status: 201, body: '{"id": "trunc' });
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(3);
  });

  it('a rule can pick the n-th create: earlier rules match earlier items', async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'delay', ms: 0 } });
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'status', status: 429, retryAfter: 2 } });
    const answers = byId(await batch(three()));
    expect([answers['1'].status, answers['2'].status, answers['3'].status]).toEqual([201, 429, 201]);
  });
});

describe('$batch POST creates under faults, per whole batch', () => {
  const two = (): Json[] => [item({ id: '1', url: REGISTRATIONS, body: {} }), item({ id: '2', url: STATUSES, body: {} })];
  const stored = (): number => h.emulator.store.managedAppRegistrations().length + h.emulator.store.mobileAppInstallStatuses().length;

  it.each<[number, string | undefined, string]>([
    [429, '5', 'TooManyRequests'],
    [503, '2', 'ServiceUnavailable'],
    [500, undefined, 'InternalServerError'],
    [502, undefined, 'BadGateway'],
  ])('%i on the $batch itself: no item runs', async (status, retryAfter, code) => {
    h.emulator.faults.add({ scope: 'top', path: '/$batch', fault: { kind: 'status', status, retryAfter } });
    const reply = await batch(two());
    expect(reply.status).toBe(status);
    expect(reply.headers['retry-after']).toBe(retryAfter);
    expect(reply.body.error.code).toBe(code);
    expect(stored()).toBe(0);
    expect(h.emulator.requests).toHaveLength(1); // the items were never read out of the batch
  });

  it('reset before read: the client sees a reset, nothing is created', async () => {
    h.emulator.faults.add({ path: '/$batch', fault: { kind: 'reset-before-read' } });
    await expect(batch(two())).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
    expect(stored()).toBe(0);
  });

  it('reset after read: the client sees a reset, yet every item was created', async () => {
    h.emulator.faults.add({ path: '/$batch', fault: { kind: 'reset-after-read' } });
    await expect(batch(two())).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
    expect(stored()).toBe(2);
    expect(h.emulator.requests.map((r) => [r.batch?.id ?? null, r.status])).toEqual([
      [null, undefined],
      ['1', 201],
      ['2', 201],
    ]);
  });

  it('delay on the $batch: every item is created after it', async () => {
    h.emulator.faults.add({ scope: 'top', path: '/$batch', fault: { kind: 'delay', ms: 150 } });
    const started = Date.now();
    const answers = byId(await batch(two()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect([answers['1'].status, answers['2'].status]).toEqual([201, 201]);
  });

  it('a whole-batch status fault with act: true creates every item, then answers the error', async () => {
    h.emulator.faults.add({ scope: 'top', path: '/$batch', fault: { kind: 'status', status: 504, act: true } });
    expect((await batch(two())).status).toBe(504);
    expect(stored()).toBe(2);
  });
});
