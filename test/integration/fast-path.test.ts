import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

/**
 * The lean path (what real clients send, run directly with graphql-js) must
 * answer exactly as Apollo Server does: two gateways, GRAPHQL_FAST_PATH on
 * and off, each on its own emulator with the same records, get the same
 * requests, in the default, development and production configurations;
 * bodies are compared byte for byte, with status, content type and CORS
 * headers.
 */
const APP = SEEDED_MOBILE_APPS[0]!.id;
const REG_ID = 'fixed-registration-id';

const CASES: Array<[string, Record<string, unknown>, Record<string, string> | undefined]> = [
  ['a read', { query: 'query One($id: ID!) { managedAppRegistration(id: $id) { __typename id deviceTag flaggedReasons appIdentifier { __typename ... on AndroidMobileAppIdentifier { packageId } } } }', variables: { id: REG_ID } }, undefined],
  ['a read of nothing (404 → null)', { query: '{ managedAppRegistration(id: "none") { id } }' }, undefined],
  ['unknown enum values from Graph', { query: `{ mobileAppInstallStatus(mobileAppId: "${APP}", id: "fixed-status-id") { mobileAppInstallStatusValue installState installStateDetail } }` }, undefined],
  ['no token', { query: '{ managedAppRegistration(id: "x") { id } }' }, {}],
  ['a resolver error (empty id) next to data', { query: '{ a: managedAppRegistration(id: "") { id } b: gatewayInfo { emulator } }' }, undefined],
  ['a non-null field failing', { query: 'query($f: Int) { managedAppRegistrations(first: $f) { nodes { id } } }', variables: { f: 0 } }, undefined],
  ['operation name selection', { query: 'query A { gatewayInfo { emulator } } query B { gatewayInfo { version } }', operationName: 'B' }, undefined],
  ['an unknown operation name', { query: 'query A { gatewayInfo { emulator } }', operationName: 'Nope' }, undefined],
  ['variables that do not coerce', { query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: {} }, undefined],
  ['a bad enum variable', { query: 'mutation($i: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $i) { id } }', variables: { i: { flaggedReasons: ['NOPE'] } } }, undefined],
  ['a validation error', { query: '{ gatewayInfo { nope } }' }, undefined],
  ['a syntax error', { query: '{ gatewayInfo { ' }, undefined],
  ['no query', { variables: {} }, undefined],
  ['introspection', { query: '{ __type(name: "ResultantAppState") { enumValues { name } } }' }, undefined],
  ['a create', { query: 'mutation { createMobileAppInstallStatus(mobileAppId: "no-such-app", input: {}) { id } }' }, undefined],
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
const RAW: Array<[string, { method: 'GET' | 'POST'; search?: string; headers?: Record<string, string>; body?: string }]> = [
  ['a GET query (urql)', { method: 'GET', search: `?query=${encodeURIComponent(`query One($id: ID!) { managedAppRegistration(id: $id) { id deviceTag } }`)}&operationName=One&variables=${encodeURIComponent(JSON.stringify({ id: REG_ID }))}` }],
  ['a GET mutation (405)', { method: 'GET', search: `?query=${encodeURIComponent('mutation { createMobileAppInstallStatus(mobileAppId: "x", input: {}) { id } }')}` }],
  ['a GET with null variables', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&variables=null` }],
  ['a GET with bad variables JSON', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&variables=%7B` }],
  ['a GET with a repeated query', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&query=x` }],
  ['a GET with extensions (APQ)', { method: 'GET', search: `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'abc' } }))}` }],
  ['a GET without a preflight header (CSRF)', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: {} }],
  ['a GET asking for HTML', { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: { accept: 'text/html' } }],
  ['an APQ POST', { method: 'POST', body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }) }],
  ['a batch POST (off)', { method: 'POST', body: JSON.stringify([{ query: '{ __typename }' }]) }],
  ['bad JSON', { method: 'POST', body: '{"query":' }],
  ['a text/plain POST (CSRF)', { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'text/plain' } }],
  ['federated tracing asked for', { method: 'POST', body: JSON.stringify({ query: '{ gatewayInfo { emulator } }' }), headers: { 'apollo-federation-include-trace': 'ftv1' } }],
  ['entities', { method: 'POST', body: JSON.stringify({ query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id deviceTag } } }`, variables: { r: [{ __typename: 'ManagedAppRegistration', id: REG_ID }, { __typename: 'ManagedAppRegistration', id: 'none' }] } }) }],
];

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

async function send(stack: Stack, method: 'GET' | 'POST', search: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const res = await request(`${stack.url}${search}`, { method, headers, body });
  const text = await res.body.text();
  // Per-request values are compared by presence: upstream ids and dates, the
  // landing page's CSP nonce, federated-trace timings, and the frames of a
  // development stack trace (which name the path the request took).
  const normalized = text
    .replace(/"(requestId|clientRequestId)":"[0-9a-f-]{36}"/g, '"$1":"<uuid>"')
    .replace(/"date":"[^"]+"/g, '"date":"<date>"')
    .replace(/nonce(=\\?"?|-)[0-9a-f]{64}/g, 'nonce$1<nonce>')
    .replace(/"ftv1":"[^"]+"/g, '"ftv1":"<trace>"')
    .replace(/,"    at [^"]*"/g, '');
  const pick = ['content-type', 'access-control-allow-origin', 'access-control-expose-headers', 'vary', 'allow'];
  return { status: res.statusCode, headers: Object.fromEntries(pick.map((name) => [name, res.headers[name]])), body: normalized };
}

async function post(stack: Stack, body: Record<string, unknown>, headers: Record<string, string> = { authorization: AUTHORIZATION }) {
  return send(stack, 'POST', '', { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
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
] as Array<[string, Record<string, string>]>)('the lean path answers exactly as Apollo Server (%s)', (_config, env) => {
  let fast: Stack;
  let apollo: Stack;
  beforeAll(async () => {
    [fast, apollo] = await Promise.all([startStack({ env }), startStack({ env: { ...env, GRAPHQL_FAST_PATH: 'false' } })]);
    seed(fast);
    seed(apollo);
  });
  afterAll(async () => {
    await Promise.all([fast.close(), apollo.close()]);
  });

  const posts = CASES.flatMap(([name, body, headers]) => ACCEPTS.map(([acceptName, accept]) => [`${name}, ${acceptName}`, body, headers, accept] as const));
  it.each(posts)('%s', async (_name, body, headers, accept) => {
    const all = { origin: ORIGIN, ...(headers ?? { authorization: AUTHORIZATION }), ...(accept === undefined ? {} : { accept }) };
    const [a, b] = await Promise.all([post(fast, body, all), post(apollo, body, all)]);
    expect(a).toEqual(b);
  });

  it.each(RAW)('%s', async (_name, raw) => {
    const headers = { origin: ORIGIN, authorization: AUTHORIZATION, accept: ACCEPTS[3]![1]!, ...(raw.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...raw.headers };
    if (raw.headers && Object.keys(raw.headers).length === 0) delete (headers as Record<string, string>).authorization;
    const [a, b] = await Promise.all([send(fast, raw.method, raw.search ?? '', headers, raw.body), send(apollo, raw.method, raw.search ?? '', headers, raw.body)]);
    expect(a).toEqual(b);
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
      expect(res.status).toBe(200);
    }
    const get = await send(stack, 'GET', `?query=${encodeURIComponent('{ gatewayInfo { version } }')}`, { authorization: AUTHORIZATION, accept: ACCEPTS[3]![1]! });
    expect(get.status).toBe(200);
    expect(stack.gateway.documentCaches.lean!.documents).toBe(5);
    expect(stack.gateway.documentCaches.apollo.documents).toBe(0);
    // Invalid documents are answered by Apollo and kept by neither cache.
    for (let i = 0; i < 20; i++) await post(stack, { query: `{ nope${i} }` });
    expect(stack.gateway.documentCaches.lean!.documents).toBe(5);
    expect(stack.gateway.documentCaches.apollo.documents).toBe(0);
  });
});
