// Intune-like throttling (src/emulator/graph/throttle.ts): buckets per (tenant, app) from the token, write and any-request
// limits per sliding window, the tenant-wide limits, 429 with Retry-After, $batch items counted one by one, and the
// accepted-write timeline. Real HTTP on port 0, on a clock the test moves (createEmulator's `clock`): every Retry-After
// and window edge is exact however slowly the machine runs, and no test waits for real time to pass.
import { createEmulator, type EmulatorOptions, type ThrottleOptions } from '../../src/emulator';
import {
  bearerJwt,
  errorBody,
  expectGraphHeaders,
  GRAPH_CONTENT_TYPE,
  GUID,
  INNER_ERROR_DATE,
  IOS_APP,
  startHarness,
  TOKEN,
  type Harness,
  type Json,
  type Reply,
} from './support';

const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';
const STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };

const TENANT_A = '11111111-1111-4111-8111-111111111111';
const TENANT_B = '22222222-2222-4222-8222-222222222222';
const APP_1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const APP_2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const A1 = bearerJwt({ tid: TENANT_A, appid: APP_1, oid: 'user-1' });
const A2 = bearerJwt({ tid: TENANT_A, appid: APP_2 });
const B1 = bearerJwt({ tid: TENANT_B, appid: APP_1 });

/** The emulator's clock in every test here: whole milliseconds, standing still until the test advances it. */
const START = 1_000_000;
let t = START;
const clock = (): number => t;
const advance = (ms: number): void => {
  t += ms;
};

let open: Harness[] = [];
beforeEach(() => {
  t = START;
});
afterEach(async () => {
  await Promise.all(open.map((h) => h.close()));
  open = [];
});

async function harness(throttle: ThrottleOptions, options: EmulatorOptions = {}): Promise<Harness> {
  const h = await startHarness({ shuffleBatch: false, ...options, throttle, clock });
  open.push(h);
  return h;
}

const create = (h: Harness, auth: string = `Bearer ${TOKEN}`, body: unknown = {}): Promise<Reply> =>
  h.call('POST', REGISTRATIONS, { auth, body });
const list = (h: Harness, auth: string = `Bearer ${TOKEN}`): Promise<Reply> => h.call('GET', REGISTRATIONS, { auth });

async function statuses(replies: Promise<Reply>[] | Reply[]): Promise<number[]> {
  return (await Promise.all(replies)).map((r) => r.status);
}

/** The exact 429 the throttle answers, Retry-After given or (null) absent. */
function expectThrottled(reply: Reply, retryAfter: string | null): void {
  expect(reply.status).toBe(429);
  expectGraphHeaders(reply);
  expect(reply.headers['retry-after']).toBe(retryAfter ?? undefined);
  expect(reply.body).toEqual(errorBody(reply, 'TooManyRequests', 'Please retry again later.'));
}

describe('buckets', () => {
  it('two tenants: each (tenant, app) has its own write budget', async () => {
    const h = await harness({ writeLimit: 2 });
    expect(await statuses([await create(h, A1), await create(h, A1)])).toEqual([201, 201]);
    expectThrottled(await create(h, A1), '20');
    expect(await statuses([await create(h, B1), await create(h, B1)])).toEqual([201, 201]);
    expect((await create(h, B1)).status).toBe(429);
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(4);
    expect(h.emulator.requests.map((r) => r.throttled ?? null)).toEqual([null, null, ['writeLimit'], null, null, ['writeLimit']]);
  });

  it('two apps in one tenant: separate budgets while the tenant-wide limit is off', async () => {
    const h = await harness({ writeLimit: 2 });
    for (let i = 0; i < 2; i += 1) expect((await create(h, A1)).status).toBe(201);
    expect((await create(h, A1)).status).toBe(429);
    for (let i = 0; i < 2; i += 1) expect((await create(h, A2)).status).toBe(201);
    expect((await create(h, A2)).status).toBe(429);
  });

  it('the tenant-wide write limit counts every app of the tenant, and only that tenant', async () => {
    const h = await harness({ writeLimit: 2, tenantWriteLimit: 3 });
    expect(await statuses([await create(h, A1), await create(h, A1), await create(h, A2)])).toEqual([201, 201, 201]);
    const refused = await create(h, A2); // app 2 has used 1 of its 2, but the tenant has used 3 of 3
    expectThrottled(refused, '20');
    expect(h.emulator.requests[3].throttled).toEqual(['tenantWriteLimit']);
    const both = await create(h, A1); // app 1 is spent too
    expect(both.status).toBe(429);
    expect(h.emulator.requests[4].throttled).toEqual(['writeLimit', 'tenantWriteLimit']);
    expect((await create(h, B1)).status).toBe(201);
  });

  it('tokens that are not JWTs share one bucket, whatever the token', async () => {
    const h = await harness({ writeLimit: 2 });
    expect((await create(h, 'Bearer opaque-one')).status).toBe(201);
    expect((await create(h, 'Bearer opaque-two')).status).toBe(201);
    // Three dot-separated parts whose middle is not JSON is no JWT either.
    expectThrottled(await create(h, 'Bearer not.a.jwt'), '20');
    expect((await create(h, A1)).status).toBe(201);
    expect(h.emulator.throttle.timeline.map((w) => w.bucket)).toEqual([
      { tenantId: null, appId: null },
      { tenantId: null, appId: null },
      { tenantId: TENANT_A, appId: APP_1 },
    ]);
  });

  it.each<[string, Record<string, unknown>, { tenantId: string | null; appId: string | null }]>([
    ['appid (v1 tokens)', { tid: TENANT_A, appid: APP_1, azp: APP_2 }, { tenantId: TENANT_A, appId: APP_1 }],
    ['azp when there is no appid (v2 tokens)', { tid: TENANT_A, azp: APP_2 }, { tenantId: TENANT_A, appId: APP_2 }],
    ['null for a missing claim', { tid: TENANT_B }, { tenantId: TENANT_B, appId: null }],
    ['null for a claim that is not a string', { tid: 7, appid: APP_1 }, { tenantId: null, appId: APP_1 }],
  ])('the bucket takes %s', async (_name, claims, bucket) => {
    const h = await harness({});
    expect((await create(h, bearerJwt(claims))).status).toBe(201);
    expect(h.emulator.throttle.timeline.map((w) => w.bucket)).toEqual([bucket]);
  });
});

describe('Retry-After', () => {
  it('is the whole seconds, rounded up, until the window frees a slot', async () => {
    const h = await harness({ writeLimit: 1, writeWindowMs: 3000 });
    expect((await create(h)).status).toBe(201);
    expect(h.emulator.throttle.timeline[0].at).toBe(START);
    // [ms since the write, Retry-After]: each second's both edges, 3000 ms left down to 1 ms.
    const steps: [number, string][] = [[0, '3'], [999, '3'], [1200, '2'], [1999, '2'], [2000, '1'], [2999, '1']];
    for (const [since, retryAfter] of steps) {
      t = START + since;
      expectThrottled(await create(h), retryAfter);
    }
    t = START + 3000;
    expect((await create(h)).status).toBe(201);
  });

  it('is the longest wait of all the spent limits', async () => {
    const h = await harness({ writeLimit: 1, writeWindowMs: 5000, readLimit: 1, readWindowMs: 2000 });
    expect((await create(h)).status).toBe(201);
    expectThrottled(await create(h), '5');
    expect(h.emulator.requests[1].throttled).toEqual(['writeLimit', 'readLimit']);
    expectThrottled(await list(h), '2');
    expect(h.emulator.requests[2].throttled).toEqual(['readLimit']);
  });

  it('is left out with retryAfter: false, the answer otherwise the same', async () => {
    const h = await harness({ writeLimit: 1, retryAfter: false });
    expect((await create(h)).status).toBe(201);
    expectThrottled(await create(h), null);
  });

  it('a 429 echoes the client-request-id like every other answer', async () => {
    const h = await harness({ writeLimit: 1 });
    await create(h);
    const reply = await h.call('POST', REGISTRATIONS, { body: {}, headers: { 'client-request-id': 'crid-429' } });
    expect(reply.status).toBe(429);
    expectGraphHeaders(reply, 'crid-429');
    expect(reply.body.error.innerError['client-request-id']).toBe('crid-429');
  });
});

describe('reads and writes', () => {
  it('spent writes leave reads alone; the any-request limit counts reads and writes alike', async () => {
    const h = await harness({ writeLimit: 2, readLimit: 5 });
    expect(await statuses([await create(h), await create(h)])).toEqual([201, 201]);
    expect((await create(h)).status).toBe(429); // writes spent: 2 of 2
    expect(await statuses([await list(h), await list(h), await list(h)])).toEqual([200, 200, 200]); // 5 of 5 requests
    expectThrottled(await list(h), '20');
    expect(h.emulator.requests.map((r) => r.throttled ?? null)).toEqual([
      null,
      null,
      ['writeLimit'],
      null,
      null,
      null,
      ['readLimit'],
    ]);
  });

  it('with only write limits, reads are never throttled', async () => {
    const h = await harness({ writeLimit: 1, tenantWriteLimit: 1 });
    await create(h);
    const replies = await Promise.all(Array.from({ length: 30 }, () => list(h)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200]));
  });

  it('the tenant-wide any-request limit spans the tenant’s apps', async () => {
    const h = await harness({ readLimit: 2, tenantReadLimit: 3 });
    expect(await statuses([await list(h, A1), await list(h, A1), await list(h, A2)])).toEqual([200, 200, 200]);
    expect((await list(h, A2)).status).toBe(429);
    expect(h.emulator.requests[3].throttled).toEqual(['tenantReadLimit']);
    expect((await list(h, B1)).status).toBe(200);
  });

  it('counts PUT, PATCH and DELETE as writes, even when the path refuses them, and GET not', async () => {
    const h = await harness({ writeLimit: 3 });
    expect(await statuses([await h.call('PATCH', REGISTRATIONS, { body: {} }), await h.call('DELETE', REGISTRATIONS), await h.call('PUT', REGISTRATIONS, { body: {} })])).toEqual([405, 405, 405]);
    expect((await list(h)).status).toBe(200);
    expect((await create(h)).status).toBe(429);
    expect(h.emulator.throttle.timeline.map((w) => [w.method, w.status])).toEqual([
      ['PATCH', 405],
      ['DELETE', 405],
      ['PUT', 405],
    ]);
  });

  it('a request without a usable token is 401 and takes no slot', async () => {
    const h = await harness({ writeLimit: 1 });
    expect((await h.call('POST', REGISTRATIONS, { auth: false, body: {} })).status).toBe(401);
    expect((await create(h)).status).toBe(201);
  });
});

describe('the window', () => {
  it('frees each slot one window after its request: 5 writes per 500 ms', async () => {
    const h = await harness({ writeLimit: 5, writeWindowMs: 500 });
    expect(await statuses(Array.from({ length: 6 }, () => create(h)))).toEqual([201, 201, 201, 201, 201, 429]);
    expect(h.emulator.requests[5].throttled).toEqual(['writeLimit']);
    expect(h.emulator.throttle.timeline).toHaveLength(5);
    advance(499);
    expectThrottled(await create(h), '1'); // 1 ms before the five leave the window
    advance(1);
    expect(await statuses(Array.from({ length: 6 }, () => create(h)))).toEqual([201, 201, 201, 201, 201, 429]);
    expect(h.emulator.throttle.timeline.map((w) => w.at)).toEqual([...Array(5).fill(START), ...Array(5).fill(START + 500)]);
  });

  it('slides: slots free one by one as their requests age out, not all at a boundary', async () => {
    const h = await harness({ writeLimit: 3, writeWindowMs: 2000 });
    expect(await statuses([await create(h), await create(h)])).toEqual([201, 201]);
    advance(1000);
    expect((await create(h)).status).toBe(201);
    expectThrottled(await create(h), '1'); // the first two free their slots 1000 ms from now
    // The first two have aged out; the third (1 s younger) still holds its slot.
    advance(1000);
    expect(await statuses([await create(h), await create(h), await create(h)])).toEqual([201, 201, 429]);
    expectThrottled(await create(h), '1'); // the third frees its slot 1000 ms from now
    // No 2000 ms window ever held more than 3 accepted writes.
    const times = h.emulator.throttle.timeline.map((w) => w.at);
    expect(times).toEqual([START, START, START + 1000, START + 2000, START + 2000]);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 2000).length).toBeLessThanOrEqual(3);
  });

  it('a refused request takes no slot: retrying at Retry-After gets through', async () => {
    const h = await harness({ writeLimit: 1, writeWindowMs: 800 });
    await create(h);
    const refused = await Promise.all(Array.from({ length: 5 }, () => create(h)));
    expect(refused.map((r) => [r.status, r.headers['retry-after']])).toEqual(Array.from({ length: 5 }, () => [429, '1']));
    advance(800); // what the write let through waits, and no more: the five refusals added nothing
    expect((await create(h)).status).toBe(201);
  });
});

describe('$batch', () => {
  const post = (id: string, url = REGISTRATIONS): Json => ({ id, method: 'POST', url, headers: JSON_HEADERS, body: {} });
  const get = (id: string): Json => ({ id, method: 'GET', url: REGISTRATIONS });

  it('counts each item against its bucket; a throttled item is 429 with its own Retry-After, the others go on', async () => {
    const h = await harness({ writeLimit: 3, writeWindowMs: 7000 });
    const reply = await h.call('POST', '/$batch', {
      auth: A1,
      body: { requests: [post('1'), post('2', STATUSES), get('3'), post('4'), post('5'), post('6', STATUSES)] },
    });
    expect(reply.status).toBe(200);
    const items: Json[] = reply.body.responses;
    expect(items.map((i) => [i.id, i.status])).toEqual([
      ['1', 201],
      ['2', 201],
      ['3', 200],
      ['4', 201],
      ['5', 429],
      ['6', 429],
    ]);
    for (const item of [items[4], items[5]]) {
      expect(item.headers).toEqual({
        'Content-Type': GRAPH_CONTENT_TYPE,
        'request-id': expect.stringMatching(GUID),
        'client-request-id': item.headers['request-id'],
        'Retry-After': '7',
      });
      expect(item.body).toEqual({
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: {
            date: expect.stringMatching(INNER_ERROR_DATE),
            'request-id': item.headers['request-id'],
            'client-request-id': item.headers['request-id'],
          },
        },
      });
    }
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(2);
    expect(h.emulator.store.mobileAppInstallStatuses()).toHaveLength(1);
    expect(h.emulator.requests.map((r) => [r.batch?.id ?? null, r.status, r.throttled ?? null])).toEqual([
      [null, 200, null],
      ['1', 201, null],
      ['2', 201, null],
      ['3', 200, null],
      ['4', 201, null],
      ['5', 429, ['writeLimit']],
      ['6', 429, ['writeLimit']],
    ]);
    // The bucket is the batch's: another app still has its whole budget.
    expect((await create(h, A2)).status).toBe(201);
  });

  it('does not count the $batch envelope itself', async () => {
    const h = await harness({ readLimit: 2 });
    const reply = await h.call('POST', '/$batch', { body: { requests: [get('1'), get('2')] } });
    expect(reply.body.responses.map((i: Json) => i.status)).toEqual([200, 200]);
    const third = await h.call('POST', '/$batch', { body: { requests: [get('3')] } });
    expect(third.status).toBe(200); // the envelope passes; its one item is the third request
    expect(third.body.responses.map((i: Json) => i.status)).toEqual([429]);
  });

  it('an item that depends on a throttled item is 424 and takes no slot', async () => {
    const h = await harness({ writeLimit: 1 });
    await create(h);
    const reply = await h.call('POST', '/$batch', {
      body: { requests: [post('1'), { ...get('2'), dependsOn: ['1'] }] },
    });
    expect(reply.body.responses.map((i: Json) => i.status)).toEqual([429, 424]);
    expect(h.emulator.requests.map((r) => r.throttled ?? null)).toEqual([null, null, ['writeLimit'], null]);
  });

  it('leaves Retry-After out of items too with retryAfter: false', async () => {
    const h = await harness({ writeLimit: 1, retryAfter: false });
    const reply = await h.call('POST', '/$batch', { body: { requests: [post('1'), post('2')] } });
    const [, second] = reply.body.responses;
    expect(second.status).toBe(429);
    expect(Object.keys(second.headers)).toEqual(['Content-Type', 'request-id', 'client-request-id']);
  });
});

describe('the accepted-write timeline', () => {
  it('holds every write let through: time, bucket, method, path, status; not reads, not refusals', async () => {
    const h = await harness({ writeLimit: 3 });
    await create(h, A1, { deviceName: 'x' });
    advance(7);
    await create(h, A1, { nope: 1 }); // 400, but Graph took the request: it counts
    advance(7);
    await list(h, A1);
    advance(7);
    await h.call('POST', '/$batch', { auth: A1, body: { requests: [{ id: 'i', method: 'POST', url: `${STATUSES}/`, headers: JSON_HEADERS, body: {} }] } });
    advance(7);
    await create(h, A1); // refused
    const bucket = { tenantId: TENANT_A, appId: APP_1 };
    // `at` is the emulator's clock when the throttle let the write through.
    expect(h.emulator.throttle.timeline).toEqual([
      { at: START, bucket, method: 'POST', path: REGISTRATIONS, status: 201 },
      { at: START + 7, bucket, method: 'POST', path: REGISTRATIONS, status: 400 },
      { at: START + 21, bucket, method: 'POST', path: STATUSES, status: 201 },
    ]);
  });

  it('is kept with every limit off (the default), and emptied by clearRequests() and by reset()', async () => {
    const h = await harness({});
    expect(h.emulator.throttle.settings).toEqual({
      writeLimit: 0,
      writeWindowMs: 20000,
      tenantWriteLimit: 0,
      readLimit: 0,
      readWindowMs: 20000,
      tenantReadLimit: 0,
      retryAfter: true,
    });
    const timeline = h.emulator.throttle.timeline;
    await create(h);
    expect(timeline).toHaveLength(1);
    h.emulator.clearRequests();
    expect(timeline).toEqual([]);
    await create(h);
    h.emulator.throttle.reset();
    expect(timeline).toEqual([]);
  });

  it('reset() empties the windows: a spent bucket has its whole budget again', async () => {
    const h = await harness({ writeLimit: 1, readLimit: 1 });
    await create(h);
    expect((await create(h)).status).toBe(429);
    h.emulator.clearRequests(); // the record only: the window still holds the write
    expect((await create(h)).status).toBe(429);
    h.emulator.throttle.reset();
    expect((await create(h)).status).toBe(201);
  });

  it('keeps a write that a fault answered after acting, with the status the operation produced', async () => {
    const h = await harness({ writeLimit: 2 }, { faults: true });
    h.emulator.faults.add({ method: 'POST', fault: { kind: 'status', status: 503, act: true } });
    h.emulator.faults.add({ method: 'POST', fault: { kind: 'status', status: 503 } }); // not acted: Graph never took it
    expect(await statuses([await create(h), await create(h)])).toEqual([503, 503]);
    expect(h.emulator.throttle.timeline.map((w) => w.status)).toEqual([201]);
    expect((await create(h)).status).toBe(201);
    expect((await create(h)).status).toBe(429);
  });
});

describe('a 429 injected for the next writes of one bucket (faults)', () => {
  it('answers the next N writes of that bucket 429 with the Retry-After given; other buckets and reads go on', async () => {
    const h = await harness({}, { faults: true });
    h.emulator.faults.add({
      bucket: { tenantId: TENANT_A, appId: APP_1 },
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      times: 2,
      fault: { kind: 'status', status: 429, retryAfter: 7 },
    });
    const first = await create(h, A1);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.body).toEqual(
      errorBody(first, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.'),
    );
    expect((await list(h, A1)).status).toBe(200);
    expect((await create(h, A2)).status).toBe(201);
    const item = await h.call('POST', '/$batch', {
      auth: A1,
      body: { requests: [{ id: '1', method: 'POST', url: REGISTRATIONS, headers: JSON_HEADERS, body: {} }] },
    });
    expect(item.body.responses[0]).toMatchObject({ status: 429, headers: { 'Retry-After': '7' } });
    expect((await create(h, A1)).status).toBe(201);
    expect(h.emulator.faults.pending()).toBe(0);
    expect(h.emulator.throttle.timeline.map((w) => w.bucket.appId)).toEqual([APP_2, APP_1]);
  });

  it('a bucket rule may name the tenant only, or the shared bucket of non-JWT tokens', async () => {
    const h = await harness({}, { faults: true });
    h.emulator.faults.add({ bucket: { tenantId: TENANT_B }, times: Infinity, fault: { kind: 'status', status: 429 } });
    h.emulator.faults.add({ bucket: { tenantId: null, appId: null }, fault: { kind: 'status', status: 503 } });
    expect(await statuses([await create(h, B1), await create(h, bearerJwt({ tid: TENANT_B, azp: APP_2 }))])).toEqual([429, 429]);
    expect(await statuses([await create(h, A1), await create(h), await create(h)])).toEqual([201, 503, 201]);
  });

  it.each<[string, unknown, string]>([
    ['a bucket that is not an object', 'tenant', 'Invalid fault rule: bucket must be an object whose tenantId and appId are strings or null.'],
    ['a tenantId that is a number', { tenantId: 1 }, 'Invalid fault rule: bucket must be an object whose tenantId and appId are strings or null.'],
  ])('refuses %s', (_name, bucket, message) => {
    const emulator = createEmulator({ faults: true });
    expect(() => emulator.faults.add({ bucket: bucket as never, fault: { kind: 'delay', ms: 1 } })).toThrow(message);
  });

  it.each<[string, unknown]>([
    ['an empty array', []],
    ['an array with an empty method', ['POST', '']],
    ['a number', 1],
  ])('refuses a method that is %s', (_name, method) => {
    const emulator = createEmulator({ faults: true });
    expect(() => emulator.faults.add({ method: method as never, fault: { kind: 'delay', ms: 1 } })).toThrow(
      'Invalid fault rule: method must be a non-empty string or a non-empty array of them.',
    );
  });
});
