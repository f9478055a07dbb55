import { request } from 'undici';
import { startStack, TOKEN, type Stack } from '../helpers/stack';

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

  it('a header-less GET is refused (CSRF prevention; every kind is in test/http/graphql-over-http.test.ts)', async () => {
    const res = await request(`${stack.url}?query=${encodeURIComponent('{ gatewayInfo { version } }')}`, { method: 'GET' });
    expect(res.statusCode).toBe(400);
    const body = (await res.body.json()) as { errors: Array<{ message: string; extensions: unknown }> };
    expect(body.errors.map((e) => [e.extensions, e.message.slice(0, 70)])).toEqual([
      [{ code: 'BAD_REQUEST' }, 'This operation has been blocked as a potential Cross-Site Request Forg'],
    ]);
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
    expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves no Sandbox', async () => {
    const res = await request(stack.url, { headers: { accept: 'text/html' } });
    const html = await res.body.text();
    expect(html).not.toContain('embeddable-sandbox');
  });
});
