import {
  errorBody,
  GRAPH_CONTENT_TYPE,
  GUID,
  INNER_ERROR_DATE,
  IOS_APP,
  startHarness,
  TOKEN,
  type Harness,
  type Json,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ faults: true, shuffleBatch: false });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;

const itemHeaders = (item: Json): Json => ({
  'Content-Type': GRAPH_CONTENT_TYPE,
  'request-id': expect.stringMatching(GUID),
  'client-request-id': item.headers['request-id'],
});

function itemError(item: Json, code: string, message: string): Json {
  return {
    error: {
      code,
      message,
      innerError: {
        date: expect.stringMatching(INNER_ERROR_DATE),
        'request-id': item.headers['request-id'],
        'client-request-id': item.headers['client-request-id'],
      },
    },
  };
}

describe('$batch', () => {
  it('runs each item through the same routes, answers 200 with one response per item', async () => {
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: 'a', method: 'POST', url: '/users/u1/managedAppRegistrations/', headers: JSON_HEADERS, body: { version: '1' } },
          { id: 'b', method: 'post', url: `${STATUSES.slice(1)}`, headers: JSON_HEADERS, body: { errorCode: 3 } },
          { id: 'c', method: 'GET', url: '/users/u1/managedAppRegistrations', dependsOn: ['a'] },
          { id: 'd', method: 'GET', url: '/managedAppRegistrations/missing' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(GRAPH_CONTENT_TYPE);
    const [a, b, c, d] = reply.body.responses;
    expect(reply.body.responses.map((r: Json) => [r.id, r.status])).toEqual([
      ['a', 201],
      ['b', 201],
      ['c', 200],
      ['d', 404],
    ]);
    for (const item of [a, b, c, d]) expect(item.headers).toEqual(itemHeaders(item));
    const [stored] = h.emulator.store.managedAppRegistrations();
    expect(a.body).toEqual({
      '@odata.context': `${h.emulator.url}/$metadata#users('u1')/managedAppRegistrations/$entity`,
      ...stored,
    });
    expect(stored).toMatchObject({ version: '1', userId: 'u1' });
    expect(b.body.errorCode).toBe(3);
    expect(c.body).toEqual({
      '@odata.context': `${h.emulator.url}/$metadata#users('u1')/managedAppRegistrations`,
      value: [stored],
    });
    expect(d.body).toEqual(
      itemError(d, 'ResourceNotFound', "Resource 'missing' does not exist or one of its queried reference-property objects are not present."),
    );
  });

  it('records the outer request and every item, with the outer authorization', async () => {
    await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'POST', url: 'managedAppRegistrations', headers: { 'Content-Type': 'application/json', 'Client-Request-Id': 'item-crid' }, body: {} },
          { id: '2', method: 'GET', url: '/users/a%2Fb/managedAppRegistrations?$top=1' },
        ],
      },
    });
    const [outer, one, two] = h.emulator.requests;
    expect(h.emulator.requests).toHaveLength(3);
    expect(outer).toMatchObject({ method: 'POST', rawPath: '/beta/$batch', status: 200 });
    expect(outer.batch).toBeUndefined();
    expect(one).toEqual({
      method: 'POST',
      rawPath: 'managedAppRegistrations',
      headers: { 'content-type': 'application/json', 'client-request-id': 'item-crid', authorization: `Bearer ${TOKEN}` },
      body: {},
      batch: { id: '1', outerIndex: 0 },
      status: 201,
    });
    expect(two).toEqual({
      method: 'GET',
      rawPath: '/users/a%2Fb/managedAppRegistrations?$top=1',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: undefined,
      batch: { id: '2', outerIndex: 0 },
      status: 200,
    });
  });

  it('echoes an item’s client-request-id in its headers', async () => {
    const reply = await h.call('POST', '/$batch', {
      body: { requests: [{ id: '1', method: 'GET', url: '/nope', headers: { 'client-request-id': 'c-1' } }] },
    });
    const [item] = reply.body.responses;
    expect(item.headers['client-request-id']).toBe('c-1');
    expect(item.body).toEqual(itemError(item, 'BadRequest', "Resource not found for the segment 'nope'."));
  });

  it('answers 424 FailedDependency for items whose dependency failed, transitively, without running them', async () => {
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: '3', method: 'POST', url: '/managedAppRegistrations', headers: JSON_HEADERS, body: {}, dependsOn: ['2'] },
          { id: '1', method: 'GET', url: '/managedAppRegistrations/missing' },
          { id: '2', method: 'GET', url: '/managedAppRegistrations', dependsOn: ['1'] },
        ],
      },
    });
    const byId = Object.fromEntries(reply.body.responses.map((r: Json) => [r.id, r]));
    expect(byId['1'].status).toBe(404);
    expect(byId['2'].status).toBe(424);
    expect(byId['2'].body).toEqual(
      itemError(byId['2'], 'FailedDependency', "The request depends on request '1', which failed with status 404."),
    );
    expect(byId['3'].status).toBe(424);
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    expect(h.emulator.requests.map((r) => r.status)).toEqual([200, 424, 404, 424]);
  });

  it('matches dependsOn to ids case-insensitively: the dependant waits, and fails with 424 when its dependency does', async () => {
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: 'Second', method: 'GET', url: '/managedAppRegistrations', dependsOn: ['FIRST'] },
          { id: 'first', method: 'GET', url: '/managedAppRegistrations/missing' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const byId = Object.fromEntries(reply.body.responses.map((r: Json) => [r.id, r]));
    expect(Object.keys(byId)).toEqual(['Second', 'first']);
    expect(byId.first.status).toBe(404);
    expect(byId.Second.status).toBe(424);
    expect(byId.Second.body).toEqual(
      itemError(byId.Second, 'FailedDependency', "The request depends on request 'FIRST', which failed with status 404."),
    );
    // Logged in batch order; the dependant was answered 424 without being dispatched.
    expect(h.emulator.requests.map((r) => [r.batch?.id ?? null, r.status])).toEqual([[null, 200], ['Second', 424], ['first', 404]]);
  });

  it('keeps request order when shuffleBatch is false', async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, method: 'GET', url: '/managedAppRegistrations' }));
    const reply = await h.call('POST', '/$batch', { body: { requests } });
    expect(reply.body.responses.map((r: Json) => r.id)).toEqual(requests.map((r) => r.id));
  });

  it('shuffles responses by default', async () => {
    const shuffled = await startHarness();
    try {
      const requests = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, method: 'GET', url: '/managedAppRegistrations' }));
      const reply = await shuffled.call('POST', '/$batch', { body: { requests } });
      const ids = reply.body.responses.map((r: Json) => r.id);
      expect([...ids].sort()).toEqual(requests.map((r) => r.id).sort());
      expect(ids).not.toEqual(requests.map((r) => r.id)); // chance of the identity order: 1 in 20!
    } finally {
      await shuffled.close();
    }
  });

  it('an empty requests array gives an empty responses array', async () => {
    const reply = await h.call('POST', '/$batch', { body: { requests: [] } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ responses: [] });
  });

  const get = (id: string): Json => ({ id, method: 'GET', url: '/managedAppRegistrations' });
  it.each<[string, unknown, string]>([
    ['no body', undefined, 'Empty Payload. JSON content expected.'],
    ['not an object', [get('1')], 'The request body must be a JSON object.'],
    ['no requests array', { requests: get('1') }, "Invalid batch payload format: expected an object with a 'requests' array."],
    [
      'more than 20 requests',
      { requests: Array.from({ length: 21 }, (_, i) => get(`${i}`)) },
      'The batch contains 21 requests; the limit is 20 requests per batch.',
    ],
    ['an item that is not an object', { requests: [get('1'), 'x'] }, 'Batch request at index 1 is not a JSON object.'],
    ['missing id', { requests: [{ method: 'GET', url: '/x' }] }, "Batch request at index 0 has no 'id' (a non-empty string)."],
    ['numeric id', { requests: [{ id: 1, method: 'GET', url: '/x' }] }, "Batch request at index 0 has no 'id' (a non-empty string)."],
    ['duplicate ids', { requests: [get('1'), get('2'), get('1')] }, "Batch request id '1' is used more than once; ids must be unique (ids are not case-sensitive)."],
    [
      'ids that differ only in case (Graph compares them case-insensitively)',
      { requests: [get('item-A'), get('item-a')] },
      "Batch request id 'item-a' is used more than once; ids must be unique (ids are not case-sensitive).",
    ],
    ['missing method', { requests: [{ id: '1', url: '/x' }] }, "Batch request '1' has no 'method'."],
    ['missing url', { requests: [{ id: '1', method: 'GET' }] }, "Batch request '1' has no 'url'."],
    [
      'absolute url',
      { requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/beta/managedAppRegistrations' }] },
      "Batch request '1' has an absolute url; urls must be relative, e.g. '/users'.",
    ],
    [
      'protocol-relative url',
      { requests: [{ id: '1', method: 'GET', url: '//graph.microsoft.com/beta/x' }] },
      "Batch request '1' has an absolute url; urls must be relative, e.g. '/users'.",
    ],
    [
      'body without Content-Type',
      { requests: [{ id: '1', method: 'POST', url: '/managedAppRegistrations', body: {} }] },
      "Batch request '1' has a body but no Content-Type header.",
    ],
    [
      'non-string header value',
      { requests: [{ id: '1', method: 'GET', url: '/x', headers: { 'x-n': 1 } }] },
      "Batch request '1' has a non-string value for header 'x-n'.",
    ],
    [
      'dependsOn an unknown id',
      { requests: [{ ...get('1'), dependsOn: ['9'] }] },
      "Batch request '1' depends on '9', which is not a request of this batch.",
    ],
    [
      'dependsOn cycle',
      { requests: [{ ...get('1'), dependsOn: ['2'] }, { ...get('2'), dependsOn: ['1'] }] },
      "Batch request '1' depends on itself through 'dependsOn'.",
    ],
    [
      'dependsOn cycle through ids spelt in another case',
      { requests: [{ ...get('a'), dependsOn: ['B'] }, { ...get('b'), dependsOn: ['A'] }] },
      "Batch request 'a' depends on itself through 'dependsOn'.",
    ],
  ])('rejects a batch with %s (400, no item runs)', async (_name, body, message) => {
    const reply = await h.call('POST', '/$batch', { body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', message));
    expect(h.emulator.requests).toHaveLength(1);
  });

  it('accepts exactly 20 requests', async () => {
    const reply = await h.call('POST', '/$batch', { body: { requests: Array.from({ length: 20 }, (_, i) => get(`${i}`)) } });
    expect(reply.status).toBe(200);
    expect(reply.body.responses).toHaveLength(20);
  });

  it('item errors stay inside the item: validation, unknown segment, 405, nested $batch', async () => {
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'POST', url: '/managedAppRegistrations', headers: JSON_HEADERS, body: { foo: 1 } },
          { id: '2', method: 'GET', url: '/deviceAppManagement/nope' },
          { id: '3', method: 'DELETE', url: '/managedAppRegistrations' },
          { id: '4', method: 'POST', url: '/$batch', headers: JSON_HEADERS, body: { requests: [] } },
          { id: '5', method: 'POST', url: '/managedAppRegistrations', headers: JSON_HEADERS, body: 'text' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const [one, two, three, four, five] = reply.body.responses;
    expect(one.status).toBe(400);
    expect(one.body.error.message).toMatch(/^The property 'foo' does not exist on type 'microsoft.graph.managedAppRegistration'/);
    expect(two.body).toEqual(itemError(two, 'BadRequest', "Resource not found for the segment 'nope'."));
    expect([three.status, three.headers.Allow]).toEqual([405, 'GET, POST']);
    expect(four.body).toEqual(itemError(four, 'BadRequest', 'A $batch request cannot be nested inside another $batch request.'));
    expect(five.body).toEqual(itemError(five, 'BadRequest', 'The request body must be a JSON object.'));
  });

  it('paging inside an item gives a nextLink on the outer origin', async () => {
    for (let i = 0; i < 2; i += 1) await h.call('POST', '/managedAppRegistrations', { body: {} });
    const reply = await h.call('POST', '/$batch', {
      body: { requests: [{ id: '1', method: 'GET', url: 'managedAppRegistrations?$top=1' }] },
    });
    const link: string = reply.body.responses[0].body['@odata.nextLink'];
    expect(link.startsWith(`${h.emulator.url}/managedAppRegistrations?$top=1&$skiptoken=`)).toBe(true);
    expect((await h.call('GET', link)).body.value).toHaveLength(1);
  });
});

describe('$batch item faults', () => {
  it('status with Retry-After lands in the item, and only in the matching item', async () => {
    h.emulator.faults.add({
      scope: 'batch-item',
      method: 'POST',
      path: STATUSES,
      fault: { kind: 'status', status: 429, retryAfter: 3 },
    });
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'POST', url: `${STATUSES}/`, headers: JSON_HEADERS, body: {} },
          { id: '2', method: 'POST', url: STATUSES, headers: JSON_HEADERS, body: {} },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const [one, two] = reply.body.responses;
    expect(one.status).toBe(429);
    expect(one.headers).toEqual({ ...itemHeaders(one), 'Retry-After': '3' });
    expect(one.body).toEqual(
      itemError(one, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.'),
    );
    expect(two.status).toBe(201);
    expect(h.emulator.store.mobileAppInstallStatuses()).toHaveLength(1); // act defaults to false
    expect(h.emulator.requests.map((r) => r.fault)).toEqual([undefined, 'status', undefined]);
    expect(h.emulator.faults.pending()).toBe(0);
  });

  it('malformed puts the raw string in the item body', async () => {
    h.emulator.faults.add({ scope: 'batch-item', fault: { kind: 'malformed' } });
    const reply = await h.call('POST', '/$batch', {
      body: { requests: [{ id: '1', method: 'POST', url: '/managedAppRegistrations', headers: JSON_HEADERS, body: {} }] },
    });
    expect(reply.body.responses[0]).toMatchObject({ id: '1', status: 201, body: '{"id": "trunc' });
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(1);
  });

  it('patch changes the item body and the stored record', async () => {
    h.emulator.faults.add({ path: '/managedAppRegistrations', fault: { kind: 'patch', set: { flaggedReasons: ['futureReason'] } } });
    const reply = await h.call('POST', '/$batch', {
      body: { requests: [{ id: '1', method: 'POST', url: '/managedAppRegistrations', headers: JSON_HEADERS, body: {} }] },
    });
    expect(reply.body.responses[0].body.flaggedReasons).toEqual(['futureReason']);
    expect(h.emulator.store.managedAppRegistrations()[0].flaggedReasons).toEqual(['futureReason']);
  });

  it('delay holds one item while the others answer', async () => {
    h.emulator.faults.add({ scope: 'batch-item', path: /\/slow$/, fault: { kind: 'delay', ms: 150 } });
    const started = Date.now();
    const reply = await h.call('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users/slow' },
          { id: '2', method: 'GET', url: '/managedAppRegistrations' },
        ],
      },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.body.responses.map((r: Json) => r.status)).toEqual([501, 200]);
  });

  it('top-level-only rules and reset kinds never touch items', async () => {
    h.emulator.faults.add({ scope: 'top', path: '/managedAppRegistrations', fault: { kind: 'status', status: 500 } });
    h.emulator.faults.add({ path: '/managedAppRegistrations', fault: { kind: 'reset-after-read' } });
    const reply = await h.call('POST', '/$batch', { body: { requests: [get('1')] } });
    expect(reply.body.responses[0].status).toBe(200);
    expect(h.emulator.faults.pending()).toBe(2);
  });

  const get = (id: string): Json => ({ id, method: 'GET', url: '/managedAppRegistrations' });
});
