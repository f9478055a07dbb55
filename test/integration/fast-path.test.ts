import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

/**
 * The lean path (what real clients send, run directly with graphql-js;
 * src/server/lean/) must answer exactly as Apollo Server does: two gateways,
 * GRAPHQL_FAST_PATH on and off, each on its own emulator with the same
 * records, get the same requests, in the default, development and production
 * configurations; bodies are compared byte for byte, with status, content
 * type and CORS headers. Every case also says which path must answer it
 * (graphql_requests_served_total{path}), so the test fails when the lean
 * path stops serving what it should, not only when it answers differently.
 */
const APP = SEEDED_MOBILE_APPS[0]!.id;
const REG_ID = 'fixed-registration-id';
/** Fixed, so that both gateways sign the same paging cursors. */
const CURSOR_SECRET = 'differential-test-cursor-secret-0123456789';

type Path = 'lean' | 'apollo' | 'gateway';
/** Where a case is served on the gateway with the lean path on; `introspection`: lean unless introspection is off (production). */
type Expected = Path | 'introspection';

const REGISTRATION_FIELDS = '__typename id createdDateTime deviceTag flaggedReasons appIdentifier { __typename ... on AndroidMobileAppIdentifier { packageId } }';
const REPRESENTATIONS = Array.from({ length: 45 }, (_, i) => ({ __typename: 'ManagedAppRegistration', id: i % 3 === 0 ? REG_ID : `none-${i}` }));

const CASES: Array<[string, Record<string, unknown>, Record<string, string> | undefined, Expected]> = [
  ['a read', { query: 'query One($id: ID!) { managedAppRegistration(id: $id) { __typename id deviceTag flaggedReasons appIdentifier { __typename ... on AndroidMobileAppIdentifier { packageId } } } }', variables: { id: REG_ID } }, undefined, 'lean'],
  ['a read of nothing (404 → null)', { query: '{ managedAppRegistration(id: "none") { id } }' }, undefined, 'lean'],
  ['a read of a page', { query: 'query($f: Int) { managedAppRegistrations(first: $f) { nodes { deviceTag } pageInfo { hasNextPage } } }', variables: { f: 2 } }, undefined, 'lean'],
  ['unknown enum values from Graph', { query: `{ mobileAppInstallStatus(mobileAppId: "${APP}", id: "fixed-status-id") { mobileAppInstallStatusValue installState installStateDetail } }` }, undefined, 'lean'],
  ['no token', { query: '{ managedAppRegistration(id: "x") { id } }' }, {}, 'lean'],
  ['a resolver error (empty id) next to data', { query: '{ a: managedAppRegistration(id: "") { id } b: gatewayInfo { emulator } }' }, undefined, 'lean'],
  ['a non-null field failing', { query: 'query($f: Int) { managedAppRegistrations(first: $f) { nodes { id } } }', variables: { f: 0 } }, undefined, 'lean'],
  ['operation name selection', { query: 'query A { gatewayInfo { emulator } } query B { gatewayInfo { version } }', operationName: 'B' }, undefined, 'lean'],
  ['an unknown operation name', { query: 'query A { gatewayInfo { emulator } }', operationName: 'Nope' }, undefined, 'apollo'],
  ['variables that do not coerce', { query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: {} }, undefined, 'apollo'],
  ['a bad enum variable', { query: 'mutation($i: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $i) { id } }', variables: { i: { flaggedReasons: ['NOPE'] } } }, undefined, 'apollo'],
  ['a @oneOf literal with two members', { query: 'mutation { createManagedAppRegistration(input: { appIdentifier: { android: { packageId: "a" }, ios: { bundleId: "b" } } }) { id } }' }, undefined, 'apollo'],
  ['a validation error', { query: '{ gatewayInfo { nope } }' }, undefined, 'apollo'],
  ['a syntax error', { query: '{ gatewayInfo { ' }, undefined, 'apollo'],
  ['over MAX_QUERY_TOKENS', { query: `{ ${'__typename '.repeat(10_001)}}` }, undefined, 'apollo'],
  ['over MAX_QUERY_DEPTH', { query: `{ managedAppRegistration(id: "x") { ${'user { managedAppRegistrations { nodes { '.repeat(6)}id${' } } }'.repeat(6)} } }` }, undefined, 'apollo'],
  ['over MAX_QUERY_COST', { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { managedAppRegistrations(first: 100) { nodes { id } } } } }', variables: { r: Array.from({ length: 300 }, (_, i) => ({ __typename: 'User', id: `u${i}` })) } }, undefined, 'apollo'],
  ['no query', { variables: {} }, undefined, 'apollo'],
  ['introspection', { query: '{ __type(name: "ResultantAppState") { enumValues { name } } }' }, undefined, 'introspection'],
  ['a create of an unknown app (NOT_FOUND)', { query: 'mutation { createMobileAppInstallStatus(mobileAppId: "no-such-app", input: {}) { id } }' }, undefined, 'lean'],
  ['a create', { query: `mutation($i: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $i) { ${REGISTRATION_FIELDS} } }`, variables: { i: { deviceTag: 'created', flaggedReasons: ['ROOTED_DEVICE'], appIdentifier: { android: { packageId: 'com.created' } } } } }, undefined, 'lean'],
  ['a create with an idempotency key', { query: `mutation($i: ManagedAppRegistrationInput!, $k: String) { createManagedAppRegistration(input: $i, idempotencyKey: $k) { ${REGISTRATION_FIELDS} } }`, variables: { i: { deviceTag: 'keyed' }, k: 'differential-key-1' } }, undefined, 'lean'],
  ['an install status create', { query: `mutation($a: ID!, $i: MobileAppInstallStatusInput!) { createMobileAppInstallStatus(mobileAppId: $a, input: $i) { id mobileAppId deviceName mobileAppInstallStatusValue lastSyncDateTime } }`, variables: { a: APP, i: { deviceName: 'd', mobileAppInstallStatusValue: 'INSTALLED', lastSyncDateTime: '2026-01-02T03:04:05.1234567Z' } } }, undefined, 'lean'],
  ['an install status create with an idempotency key', { query: `mutation($a: ID!, $i: MobileAppInstallStatusInput!) { createMobileAppInstallStatus(mobileAppId: $a, input: $i, idempotencyKey: "differential-key-2") { id deviceName } }`, variables: { a: APP, i: { deviceName: 'keyed' } } }, undefined, 'lean'],
  [
    'a bulk create',
    {
      query: `mutation($items: [ManagedAppRegistrationCreateItem!]!) { createManagedAppRegistrations(items: $items) { __typename ... on ManagedAppRegistrationCreated { index registration { id deviceTag } } ... on CreateFailed { index code message outcomeUnknown graph { status } } } }`,
      variables: { items: [{ input: { deviceTag: 'b0' } }, { input: { deviceTag: 'b1' }, idempotencyKey: 'differential-bulk' }, { input: { deviceTag: 'b2' }, userId: '' }] },
    },
    undefined,
    'lean',
  ],
  ['_entities with 45 references', { query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ManagedAppRegistration { id deviceTag } } }`, variables: { r: REPRESENTATIONS } }, undefined, 'lean'],
];

/** The header sets real clients send (measured in Chromium, see test/browser). */
const ACCEPTS: Array<[string, string | undefined]> = [
  ['no Accept', undefined],
  ['curl', 'application/json'],
  ['Apollo Client 4', 'application/graphql-response+json,application/json;q=0.9'],
  ['urql', 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed'],
  ['application/json;q=0 (refused)', 'application/json;q=0'],
];
const ORIGIN = 'http://localhost:5173';

/** Extra requests: GETs as urql sends them, and what must not take the lean path. */
const RAW: Array<[string, { method: 'GET' | 'POST'; search?: string; headers?: Record<string, string>; body?: string }, Path]> = [
  ['a GET query (urql)', { method: 'GET', search: `?query=${encodeURIComponent(`query One($id: ID!) { managedAppRegistration(id: $id) { id deviceTag } }`)}&operationName=One&variables=${encodeURIComponent(JSON.stringify({ id: REG_ID }))}` }, 'lean'],
  ['a GET mutation (405)', { method: 'GET', search: `?query=${encodeURIComponent('mutation { createMobileAppInstallStatus(mobileAppId: "x", input: {}) { id } }')}` }, 'apollo'],
  ['a GET with null variables', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&variables=null` }, 'apollo'],
  ['a GET with bad variables JSON', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&variables=%7B` }, 'apollo'],
  ['a GET with a repeated query', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&query=x` }, 'apollo'],
  ['a GET with extensions (APQ)', { method: 'GET', search: `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'abc' } }))}` }, 'apollo'],
  ['a GET without a preflight header (CSRF)', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: {} }, 'apollo'],
  ['a GET asking for HTML', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: { accept: 'text/html' } }, 'apollo'],
  ['an APQ POST', { method: 'POST', body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }) }, 'apollo'],
  ['a batch POST (off)', { method: 'POST', body: JSON.stringify([{ query: '{ __typename }' }]) }, 'apollo'],
  ['bad JSON', { method: 'POST', body: '{"query":' }, 'gateway'],
  ['a text/plain POST (CSRF)', { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'text/plain' } }, 'apollo'],
  ['federated tracing asked for', { method: 'POST', body: JSON.stringify({ query: '{ gatewayInfo { emulator } }' }), headers: { 'apollo-federation-include-trace': 'ftv1' } }, 'apollo'],
  ['entities', { method: 'POST', body: JSON.stringify({ query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id deviceTag } } }`, variables: { r: [{ __typename: 'ManagedAppRegistration', id: REG_ID }, { __typename: 'ManagedAppRegistration', id: 'none' }] } }) }, 'lean'],
];

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What one gateway answered, and which path served it. */
interface Exchange {
  answer: Answer;
  servedBy: Path | 'none' | 'several';
}

/** graphql_requests_served_total by path, read from the gateway's metrics endpoint. */
async function servedCounts(stack: Stack): Promise<Map<string, number>> {
  const text = await (await request(stack.gateway.metricsUrl!)).body.text();
  return new Map([...text.matchAll(/^graphql_requests_served_total\{path="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function send(stack: Stack, method: 'GET' | 'POST', search: string, headers: Record<string, string>, body?: string): Promise<Exchange> {
  const before = await servedCounts(stack);
  const res = await request(`${stack.url}${search}`, { method, headers, body });
  const text = await res.body.text();
  const after = await servedCounts(stack);
  const grew = [...after].filter(([path, n]) => n !== (before.get(path) ?? 0)).map(([path, n]) => [path, n - (before.get(path) ?? 0)] as const);
  const servedBy = grew.length === 0 ? 'none' : grew.length > 1 || grew[0]![1] !== 1 ? 'several' : (grew[0]![0] as Path);
  // Per-request values are compared by presence: upstream ids and dates, the
  // landing page's CSP nonce, federated-trace timings, the frames of a
  // development stack trace (which name the path the request took), and what
  // Graph makes up on a create (ids, createdDateTime).
  const normalized = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/"(date|createdDateTime)":"[^"]+"/g, '"$1":"<date>"')
    .replace(/nonce(=\\?"?|-)[0-9a-f]{64}/g, 'nonce$1<nonce>')
    .replace(/"ftv1":"[^"]+"/g, '"ftv1":"<trace>"')
    .replace(/,"    at [^"]*"/g, '');
  const pick = ['content-type', 'access-control-allow-origin', 'access-control-expose-headers', 'vary', 'allow', 'cache-control', 'retry-after', 'www-authenticate'];
  return { answer: { status: res.statusCode, headers: Object.fromEntries(pick.map((name) => [name, res.headers[name]])), body: normalized }, servedBy };
}

async function post(stack: Stack, body: Record<string, unknown>, headers: Record<string, string> = { authorization: AUTHORIZATION }) {
  return send(stack, 'POST', '', { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
}

/** The same request to both gateways: the same answer, each from the path it must take. */
async function compare(fast: Stack, apollo: Stack, lean: Path, exchange: (stack: Stack) => Promise<Exchange>): Promise<Answer> {
  const [a, b] = await Promise.all([exchange(fast), exchange(apollo)]);
  expect(a.answer).toEqual(b.answer);
  expect({ lean: a.servedBy, apollo: b.servedBy }).toEqual({ lean, apollo: lean === 'gateway' ? 'gateway' : 'apollo' });
  return a.answer;
}

function seed(stack: Stack): void {
  stack.emulator.store.putManagedAppRegistration({
    '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
    id: REG_ID,
    deviceTag: 'same',
    flaggedReasons: ['rootedDevice', 'somethingNew'],
    appIdentifier: { '@odata.type': '#microsoft.graph.androidMobileAppIdentifier', packageId: 'com.a' },
  });
  stack.emulator.store.putMobileAppInstallStatus(APP, { id: 'fixed-status-id', mobileAppInstallStatusValue: 'hibernating', installState: 'installed', installStateDetail: 'brandNew' });
}

describe.each([
  ['default', {}],
  ['development', { NODE_ENV: 'development' }],
  ['production', { NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: ORIGIN }],
] as Array<[string, Record<string, string>]>)('the lean path answers exactly as Apollo Server (%s)', (config, env) => {
  let fast: Stack;
  let apollo: Stack;
  beforeAll(async () => {
    [fast, apollo] = await Promise.all([startStack({ env: { ...env, CURSOR_SECRET } }), startStack({ env: { ...env, CURSOR_SECRET, GRAPHQL_FAST_PATH: 'false' } })]);
    seed(fast);
    seed(apollo);
  });
  afterAll(async () => {
    await Promise.all([fast.close(), apollo.close()]);
  });

  const posts = CASES.flatMap(([name, body, headers, expected]) => ACCEPTS.map(([acceptName, accept]) => [`${name}, ${acceptName}`, body, headers, accept, expected] as const));
  it.each(posts)('%s', async (_name, body, headers, accept, expected) => {
    const all = { origin: ORIGIN, ...(headers ?? { authorization: AUTHORIZATION }), ...(accept === undefined ? {} : { accept }) };
    // Apollo refuses an Accept it cannot answer; the lean path leaves those to it. Introspection is off in production.
    const lean = accept?.endsWith(';q=0') ? 'apollo' : expected === 'introspection' ? (config === 'production' ? 'apollo' : 'lean') : expected;
    await compare(fast, apollo, lean, (stack) => post(stack, body, all));
  });

  it.each(RAW)('%s', async (_name, raw, lean) => {
    const headers = { origin: ORIGIN, authorization: AUTHORIZATION, accept: ACCEPTS[3]![1]!, ...(raw.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...raw.headers };
    if (raw.headers && Object.keys(raw.headers).length === 0) delete (headers as Record<string, string>).authorization;
    await compare(fast, apollo, lean, (stack) => send(stack, raw.method, raw.search ?? '', headers, raw.body));
  });

  it('makes the same Graph calls', async () => {
    fast.emulator.clearRequests();
    apollo.emulator.clearRequests();
    const body = { query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: { id: REG_ID } };
    await post(fast, body);
    await post(apollo, body);
    const calls = (stack: Stack) => stack.emulator.requests.map((r) => `${r.method} ${r.rawPath} ${r.headers.authorization}`);
    expect(calls(fast)).toEqual(calls(apollo));
    expect(calls(fast)).toHaveLength(1);
  });
});

/** Every error class of contract §6, each made by the emulator (or the gateway) the same way on both sides. */
const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';
const CREATE = `mutation($i: ManagedAppRegistrationInput!, $k: String) { createManagedAppRegistration(input: $i, idempotencyKey: $k) { id deviceTag } }`;
const READ = `query($id: ID!) { managedAppRegistration(id: $id) { id deviceTag } }`;
type Fault = Parameters<Stack['emulator']['faults']['add']>[0];
const ERROR_CLASSES: Array<[string, Fault | undefined, Record<string, unknown>]> = [
  ['BAD_USER_INPUT (Graph 400)', { method: 'POST', path: REGISTRATIONS, fault: { kind: 'status', status: 400 } }, { query: CREATE, variables: { i: {} } }],
  ['BAD_USER_INPUT (userId with ROOT)', undefined, { query: 'mutation { createManagedAppRegistration(input: {}, userId: "u", collection: ROOT) { id } }' }],
  ['UNAUTHENTICATED (Graph 401)', { method: 'POST', path: REGISTRATIONS, fault: { kind: 'status', status: 401 } }, { query: CREATE, variables: { i: {} } }],
  ['FORBIDDEN', { method: 'POST', path: REGISTRATIONS, fault: { kind: 'status', status: 403 } }, { query: CREATE, variables: { i: {} } }],
  ['NOT_FOUND', undefined, { query: 'mutation { createMobileAppInstallStatus(mobileAppId: "no-such-app", input: {}) { id } }' }],
  ['CONFLICT', { method: 'POST', path: REGISTRATIONS, fault: { kind: 'status', status: 409 } }, { query: CREATE, variables: { i: {} } }],
  ['UPSTREAM_THROTTLED', { method: 'GET', path: `${REGISTRATIONS}/${REG_ID}`, times: Infinity, fault: { kind: 'status', status: 429, retryAfter: 0 } }, { query: READ, variables: { id: REG_ID } }],
  ['UPSTREAM_UNAVAILABLE', { method: 'GET', path: `${REGISTRATIONS}/${REG_ID}`, times: Infinity, fault: { kind: 'status', status: 503 } }, { query: READ, variables: { id: REG_ID } }],
  ['UPSTREAM_TIMEOUT', { method: 'GET', path: `${REGISTRATIONS}/${REG_ID}`, times: Infinity, fault: { kind: 'delay', ms: 600 } }, { query: READ, variables: { id: REG_ID } }],
  ['UPSTREAM_OUTCOME_UNKNOWN', { method: 'POST', path: REGISTRATIONS, fault: { kind: 'status', status: 502 } }, { query: CREATE, variables: { i: {} } }],
  ['UPSTREAM_BAD_RESPONSE', { method: 'GET', path: `${REGISTRATIONS}/${REG_ID}`, times: Infinity, fault: { kind: 'malformed' } }, { query: READ, variables: { id: REG_ID } }],
  ['IDEMPOTENCY_STORE_UNAVAILABLE (the store is full)', undefined, { query: CREATE, variables: { i: {}, k: 'second-key' } }],
];

describe('every error class answers the same on both paths', () => {
  let fast: Stack;
  let apollo: Stack;
  // Short deadlines and one retry; an idempotency store of one entry, filled before the last case.
  const env = { GRAPH_TIMEOUT_MS: '200', GRAPH_RETRY_MAX: '1', IDEMPOTENCY_MAX_ENTRIES: '1', CURSOR_SECRET };
  beforeAll(async () => {
    [fast, apollo] = await Promise.all([startStack({ env }), startStack({ env: { ...env, GRAPHQL_FAST_PATH: 'false' } })]);
    for (const stack of [fast, apollo]) {
      seed(stack);
      await stack.gql(CREATE, { i: {}, k: 'first-key' });
    }
  });
  afterAll(async () => {
    await Promise.all([fast.close(), apollo.close()]);
  });
  afterEach(() => {
    fast.emulator.faults.clear();
    apollo.emulator.faults.clear();
  });

  it.each(ERROR_CLASSES)('%s', async (name, fault, body) => {
    if (fault) for (const stack of [fast, apollo]) stack.emulator.faults.add(fault);
    const headers = { origin: ORIGIN, authorization: AUTHORIZATION, accept: ACCEPTS[2]![1]! };
    const answer = await compare(fast, apollo, 'lean', (stack) => post(stack, body, headers));
    // The case makes the error it is named after.
    expect((JSON.parse(answer.body) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(name.split(' ')[0]);
  });
});

describe('what takes the lean path', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('takes every header set real clients send, POST and GET, and caches only documents that validate', async () => {
    const before = stack.gateway.documentCaches;
    expect(before).toEqual({ lean: { documents: 0, bytes: 0 }, apollo: { documents: 0, bytes: 0 } });
    for (const [, accept] of ACCEPTS.slice(0, 4)) {
      const query = `{ gatewayInfo { emulator } } # ${accept ?? 'none'}`;
      const res = await post(stack, { query }, { authorization: AUTHORIZATION, ...(accept ? { accept } : {}) });
      expect([res.answer.status, res.servedBy]).toEqual([200, 'lean']);
    }
    const get = await send(stack, 'GET', `?query=${encodeURIComponent('{ gatewayInfo { version } }')}`, { authorization: AUTHORIZATION, accept: ACCEPTS[3]![1]! });
    expect([get.answer.status, get.servedBy]).toEqual([200, 'lean']);
    expect(stack.gateway.documentCaches.lean!.documents).toBe(5);
    expect(stack.gateway.documentCaches.apollo.documents).toBe(0);
    // Invalid documents are answered by Apollo and kept by neither cache.
    for (let i = 0; i < 20; i++) await post(stack, { query: `{ nope${i} }` });
    expect(stack.gateway.documentCaches.lean!.documents).toBe(5);
    expect(stack.gateway.documentCaches.apollo.documents).toBe(0);
  });
});
