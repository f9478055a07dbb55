import { request } from 'undici';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

/** The preflight Chromium sends before Apollo Client's POST (measured in test/browser). */
const PREFLIGHT = {
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'authorization,content-type',
};

const ALLOW_HEADERS =
  'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, apollographql-client-name, apollographql-client-version, traceparent, tracestate, baggage, x-trusted-documents-bypass';

type Headers = Record<string, string | string[] | undefined>;

/** Only the CORS headers (and Vary) of an answer, to compare exactly. */
function corsHeaders(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'));
}

async function send(url: string, options: { method?: 'GET' | 'POST' | 'OPTIONS'; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(url, { method: options.method ?? 'POST', headers: options.headers, body: options.body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers as Headers, text };
}

const QUERY = JSON.stringify({ query: '{ gatewayInfo { emulator } }' });
const JSON_POST = { 'content-type': 'application/json', authorization: AUTHORIZATION };

describe('CORS with the default (* outside production)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.clearRequests());

  it('answers a preflight 204 with *, the methods, the headers and the max age; never credentials', async () => {
    const res = await send(stack.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', ...PREFLIGHT } });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '600',
      'access-control-expose-headers': 'www-authenticate',
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('puts Access-Control-Allow-Origin: * on answers to any origin', async () => {
    const res = await send(stack.url, { headers: { ...JSON_POST, origin: 'https://anything.example' }, body: QUERY });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { gatewayInfo: { emulator: true } } });
    expect(corsHeaders(res.headers)).toEqual({ 'access-control-allow-origin': '*', 'access-control-expose-headers': 'www-authenticate' });
  });

  it('sends no CORS headers to a request without Origin (curl, servers, same origin)', async () => {
    const res = await send(stack.url, { headers: JSON_POST, body: QUERY });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual({});
  });

  it('keeps CORS to /graphql: other paths answer without it', async () => {
    const res = await send(`${new URL(stack.url).origin}/healthz`, { method: 'GET', headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual({});
  });
});

describe('CORS with a list of origins', () => {
  const APP = 'http://localhost:5173';
  const OTHER = 'https://evil.example';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: `${APP},https://app.contoso.com`, CORS_MAX_AGE_S: '60', MAX_REQUEST_BODY_BYTES: '2048' } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.clearRequests());

  it('answers a listed origin\'s preflight with that origin and Vary: Origin', async () => {
    const res = await send(stack.url, { method: 'OPTIONS', headers: { origin: APP, ...PREFLIGHT } });
    expect(res.status).toBe(204);
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '60',
      'access-control-expose-headers': 'www-authenticate',
      vary: 'Origin',
    });
  });

  it('gives another origin no Access-Control-* header at all, on the preflight and on answers', async () => {
    const preflight = await send(stack.url, { method: 'OPTIONS', headers: { origin: OTHER, ...PREFLIGHT } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.allow).toBe('GET, POST, OPTIONS');
    expect(corsHeaders(preflight.headers)).toEqual({ vary: 'Origin' });
    const post = await send(stack.url, { headers: { ...JSON_POST, origin: OTHER }, body: QUERY });
    expect(post.status).toBe(200);
    expect(corsHeaders(post.headers)).toEqual({ vary: 'Origin' });
    // An origin is matched exactly: scheme, host and port.
    for (const near of ['https://localhost:5173', 'http://localhost:5174', 'http://localhost', 'http://localhost:5173.evil.example', 'null']) {
      const res = await send(stack.url, { method: 'OPTIONS', headers: { origin: near, ...PREFLIGHT } });
      expect([near, corsHeaders(res.headers)]).toEqual([near, { vary: 'Origin' }]);
    }
  });

  it.each([
    ['data', { ...JSON_POST }, QUERY, 200],
    ['an UNAUTHENTICATED error', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ managedAppRegistration(id: "x") { id } }' }), 200],
    ['a validation error', { ...JSON_POST }, JSON.stringify({ query: '{ nope }' }), 200],
    ['invalid JSON (400)', { ...JSON_POST }, '{"query":', 400],
    ['a CSRF refusal (400)', { 'content-type': 'text/plain' }, QUERY, 400],
    ['a body over MAX_REQUEST_BODY_BYTES (413)', { ...JSON_POST }, JSON.stringify({ query: `{ gatewayInfo { version } } #${'x'.repeat(4096)}` }), 413],
  ])('puts the origin on every answer to a listed origin: %s', async (_what, headers, body, status) => {
    const res = await send(stack.url, { headers: { ...headers, origin: APP }, body });
    expect(res.status).toBe(status);
    expect(corsHeaders(res.headers)).toEqual({ 'access-control-allow-origin': APP, 'access-control-expose-headers': 'www-authenticate', vary: 'Origin' });
  });

  it('puts the origin on a GET mutation\'s 405', async () => {
    const res = await send(`${stack.url}?query=${encodeURIComponent('mutation { __typename }')}`, { method: 'GET', headers: { authorization: AUTHORIZATION, origin: APP } });
    expect(res.status).toBe(405);
    expect(corsHeaders(res.headers)).toEqual({ 'access-control-allow-origin': APP, 'access-control-expose-headers': 'www-authenticate', vary: 'Origin' });
  });
});

describe('CORS in production without CORS_ALLOWED_ORIGINS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('sends no CORS headers at all; OPTIONS says what /graphql allows', async () => {
    const preflight = await send(stack.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', ...PREFLIGHT } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.allow).toBe('GET, POST, OPTIONS');
    expect(corsHeaders(preflight.headers)).toEqual({});
    const post = await send(stack.url, { headers: { ...JSON_POST, origin: 'http://localhost:5173' }, body: QUERY });
    expect(post.status).toBe(200);
    expect(corsHeaders(post.headers)).toEqual({});
  });
});
