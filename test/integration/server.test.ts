import { request } from 'undici';
import { CSRF_MESSAGE } from '../helpers/expected';
import { startStack, TOKEN, type Stack } from '../helpers/stack';

/** The Accept header Chromium sends when it navigates to a page. */
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const CSRF_REFUSAL = { errors: [{ message: CSRF_MESSAGE, extensions: { code: 'BAD_REQUEST' } }] };

/** Status, content type and body of an answer. */
async function answer(res: Awaited<ReturnType<typeof request>>): Promise<{ status: number; contentType: unknown; body: unknown }> {
  return { status: res.statusCode, contentType: res.headers['content-type'], body: await res.body.json() };
}

describe('HTTP surface', () => {
  let stack: Stack;
  let origin: string;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_REQUEST_BODY_BYTES: '2048' } });
    origin = new URL(stack.url).origin;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('GET /healthz is 200', async () => {
    const res = await request(`${origin}/healthz`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 once listening', async () => {
    const res = await request(`${origin}/readyz`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: 'ready' });
  });

  it('another path is 404', async () => {
    const res = await request(`${origin}/nope`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toEqual({ error: 'Not found: GraphQL is served at /graphql.' });
  });

  it('a body over MAX_REQUEST_BODY_BYTES is 413', async () => {
    const res = await request(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ gatewayInfo { version } } #${'x'.repeat(4096)}` }),
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toEqual({
      errors: [{ message: 'The request body is larger than 2048 bytes (MAX_REQUEST_BODY_BYTES).', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('a body that is not JSON is 400', async () => {
    const res = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('a cross-site form post is refused before anything runs (CSRF prevention; every kind is in test/http/graphql-over-http.test.ts)', async () => {
    stack.emulator.clearRequests();
    // What a <form method="post"> on another site sends: no preflight, so no Authorization and no JSON.
    const res = await request(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example', accept: PAGE_ACCEPT },
      body: new URLSearchParams({ query: 'mutation { createManagedAppRegistration(input: { deviceTag: "csrf" }) { id } }' }).toString(),
    });
    expect(await answer(res)).toEqual({ status: 400, contentType: 'application/json; charset=utf-8', body: CSRF_REFUSAL });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('serves the Apollo Sandbox landing page to a browser', async () => {
    const res = await request(stack.url, { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    const html = await res.body.text();
    expect(html).toContain('embeddable-sandbox');
    // Opens with the example operations and an Authorization header that works on the emulator.
    expect(html).toContain('"Authorization":"Bearer emulator-token"');
    expect(html).toContain('mutation CreateRegistration {');
  });

  it('answers introspection and gatewayInfo without a token, without calling Graph', async () => {
    stack.emulator.clearRequests();
    const res = await stack.gql('{ gatewayInfo { version graphBaseUrl emulator } __schema { queryType { name } } }', undefined, {});
    expect(res.body).toEqual({
      data: {
        gatewayInfo: { version: '0.1.0', graphBaseUrl: stack.emulator.url, emulator: true },
        __schema: { queryType: { name: 'Query' } },
      },
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('serves the subgraph SDL (_service)', async () => {
    const res = await stack.gql('{ _service { sdl } }', undefined, {});
    const sdl = (res.body.data!._service as { sdl: string }).sdl;
    expect(sdl).toMatch(/interface ManagedAppRegistration\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type MobileAppInstallStatus\s+@key\(fields: "mobileAppId id"\)/);
  });

  it('never writes the token to the logs', async () => {
    await stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
    stack.emulator.faults.add({ fault: { kind: 'status', status: 401, code: 'InvalidAuthenticationToken' } });
    await stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
    expect(stack.logLines.length).toBeGreaterThan(0);
    expect(stack.logLines.join('\n')).not.toContain(TOKEN);
  });
});

describe('production mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('turns introspection off', async () => {
    const res = await stack.gql('{ __schema { queryType { name } } }');
    expect(res.body).toEqual({
      errors: [
        {
          // Apollo's text names its constructor option; the gateway's names the setting.
          message: 'Introspection is off on this gateway (the query asks for __schema or __type): start it with GRAPHQL_INTROSPECTION=true to turn it on.',
          locations: [{ line: 1, column: 3 }],
          extensions: { validationErrorCode: 'INTROSPECTION_DISABLED', code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });

  it('serves no Sandbox: a browser asking for the page gets JSON, also when its request passes the CSRF check', async () => {
    // Outside production these same two requests get the Sandbox page (200 text/html).
    const page = await request(stack.url, { headers: { accept: PAGE_ACCEPT } });
    expect(await answer(page)).toEqual({ status: 400, contentType: 'application/json; charset=utf-8', body: CSRF_REFUSAL });
    const preflighted = await request(stack.url, { headers: { accept: PAGE_ACCEPT, 'apollo-require-preflight': 'true' } });
    expect(await answer(preflighted)).toEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: { errors: [{ message: 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.', extensions: { code: 'BAD_REQUEST' } }] },
    });
    const root = await request(`${new URL(stack.url).origin}/`, { headers: { accept: PAGE_ACCEPT } });
    expect(await answer(root)).toEqual({ status: 404, contentType: 'application/json; charset=utf-8', body: { error: 'Not found: GraphQL is served at /graphql.' } });
  });
});
