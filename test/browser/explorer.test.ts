// EXPLORER (api-contract.md §14): GraphiQL served by the gateway itself, tested in headless Chromium with every
// request to a host other than loopback blocked and recorded (browserContext.route also sees the workers' requests).
// Also, without a browser: the page's CSP, the assets' cache and encoding headers, EXPLORER=off, and that a gateway
// with EXPLORER=off never reads the bundle.
import * as fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { EXPLORER_DIST } from '../../src/server/explorer';
import { prefill } from '../../src/server/explorer/prefill';
import { CODEGEN } from '../trusted-documents/support';
import { CSRF_MESSAGE } from '../helpers/expected';
import { killIfRunning, spawnGateway, type GatewayProcess } from '../helpers/process';
import { startStack, type Stack } from '../helpers/stack';
import { CHROMIUM_ARGS, describeWithChromium, findChromium } from './support';

const lookup = findChromium();

// Chromium starts, loads ~2 MB of compressed GraphiQL and runs two operations: slow on a busy 2-core machine.
jest.setTimeout(120_000);

/** What Chromium sends when it navigates to a page. */
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const EXPECTED_CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Manifest {
  readonly script: string;
  readonly style: string;
  readonly workers: Record<'editor' | 'json' | 'graphql', string>;
  readonly files: Record<string, { readonly bytes: number; readonly encodings: readonly string[]; readonly etag: string }>;
}

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(EXPLORER_DIST, 'manifest.json'), 'utf8')) as Manifest;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A context whose every request to a host other than loopback is aborted and recorded (page, workers, fonts alike). */
async function offlineContext(browser: Browser): Promise<{ context: BrowserContext; attempted: string[] }> {
  const context = await browser.newContext();
  const attempted: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOOPBACK.has(new URL(url).hostname)) return route.continue();
    attempted.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, attempted };
}

/** The text the response pane shows (Monaco renders the visible lines). */
async function responseText(page: Page): Promise<string> {
  return (await page.locator('.graphiql-response .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** Waits until the query editor shows `operation` (the run button does nothing before Monaco holds the text). */
async function ready(page: Page, operation: string): Promise<void> {
  await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: operation }).waitFor({ timeout: 30_000 });
}

/** Clicks the run button and waits for the operation's answer to reach the page; the answer's body. */
async function answerOfRun(page: Page): Promise<Record<string, unknown>> {
  const answered = page.waitForResponse((res) => res.url().endsWith('/graphql') && res.request().method() === 'POST' && !(res.request().postData() ?? '').includes('IntrospectionQuery'));
  await page.locator('.graphiql-execute-button').click();
  return (await (await answered).json()) as Record<string, unknown>;
}

/** As answerOfRun, and waits for the response pane to show `expected` (Monaco renders spaces as U+00A0). */
async function run(page: Page, expected: RegExp): Promise<Record<string, unknown>> {
  const body = await answerOfRun(page);
  await page.locator('.graphiql-response .view-lines').filter({ hasText: expected }).waitFor({ timeout: 10_000 });
  return body;
}

describeWithChromium(lookup)('GraphiQL in Chromium with no internet (EXPLORER=graphiql)', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ env: { EXPLORER: 'graphiql' }, emulator: { faults: false } });
    browser = await chromium.launch({ executablePath: lookup.executablePath, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('loads, runs the pre-filled create and then the read, shows their data, and sends nothing off the machine', async () => {
    const { context, attempted } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      const schemaLoaded = page.waitForResponse((res) => res.url().endsWith('/graphql') && (res.request().postData() ?? '').includes('IntrospectionQuery'), { timeout: 30_000 });
      const navigation = await page.goto(stack.url);
      expect(navigation?.status()).toBe(200);
      expect(await navigation?.headerValue('content-security-policy')).toBe(EXPECTED_CSP);
      expect((await schemaLoaded).status()).toBe(200);
      await ready(page, 'CreateRegistration');
      expect(await page.locator('#explorer-notes').innerText()).toBe(
        'Graph is the built-in emulator (emulated data, no tenant): it takes any bearer token, so "Bearer emulator-token" is filled in.',
      );

      // The first tab: the create, with the pre-filled Authorization.
      const created = await run(page, /"AndroidManagedAppRegistration"/);
      const registration = (created.data as { createManagedAppRegistration: { id: string } }).createManagedAppRegistration;
      expect(created).toEqual({
        data: {
          createManagedAppRegistration: {
            __typename: 'AndroidManagedAppRegistration',
            id: registration.id,
            createdDateTime: expect.any(String),
            flaggedReasons: ['ROOTED_DEVICE'],
            appIdentifier: { packageId: 'com.contoso.fieldservice' },
          },
        },
      });
      expect(await responseText(page)).toContain(`"id": "${registration.id}"`);

      // The Registrations tab: the read shows what the create made.
      await page.getByRole('tab', { name: 'Registrations', exact: true }).click();
      await ready(page, 'managedAppRegistrations');
      // The answer the browser got, not the pane. Right after a tab switch GraphiQL 5 can still send the previous
      // tab's operationName with the new tab's text (OPERATION_RESOLUTION_FAILURE), as a user clicking Run at once
      // would see; clicking again sends the right one. At most a few clicks, each waited for by its answer.
      let read = await answerOfRun(page);
      for (let again = 0; again < 4 && JSON.stringify(read).includes('OPERATION_RESOLUTION_FAILURE'); again++) read = await answerOfRun(page);
      expect(JSON.stringify(read)).toContain(`"id":"${registration.id}"`);

      expect(problems).toEqual([]);
      expect(attempted).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('starts its Monaco workers from /explorer/ (same origin, no blob:)', async () => {
    const { context, attempted } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
      const graphqlWorker = page.waitForEvent('worker', { predicate: (worker) => worker.url().includes('/graphql.worker-'), timeout: 30_000 });
      await page.goto(stack.url);
      await graphqlWorker;
      const { workers: built } = manifest();
      for (const worker of workers) expect(Object.values(built).map((name) => `/explorer/${name}`)).toContain(worker);
      expect(new Set(workers)).toEqual(new Set(Object.values(built).map((name) => `/explorer/${name}`)));
      expect(attempted).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('EXPLORER=graphiql over HTTP', () => {
  let stack: Stack;
  let origin: string;
  beforeAll(async () => {
    stack = await startStack({ env: { EXPLORER: 'graphiql' } });
    origin = new URL(stack.url).origin;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('answers the page to a browser, with a CSP that allows nothing but its own origin', async () => {
    const res = await request(stack.url, { headers: { accept: PAGE_ACCEPT } });
    const html = await res.body.text();
    const { script, style } = manifest();
    expect({ status: res.statusCode, headers: res.headers }).toEqual({
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(Buffer.byteLength(html)),
        'content-security-policy': EXPECTED_CSP,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        date: expect.any(String),
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
      },
    });
    expect(html).toContain(`<script type="module" src="/explorer/${script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/explorer/${style}">`);
    // No inline script runs: the one <script> without src is a JSON block.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="explorer-settings">', `<script type="module" src="/explorer/${script}">`]);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('still answers GraphQL to a client that asks for JSON', async () => {
    const res = await stack.gql('{ __typename }');
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves each file precompressed by the encoding asked for, cacheable for a year under its hashed name', async () => {
    const { script, files } = manifest();
    const raw = fs.readFileSync(path.join(EXPLORER_DIST, script));
    const cases = [
      { acceptEncoding: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
      { acceptEncoding: 'gzip', encoding: 'gzip', decode: gunzipSync },
      { acceptEncoding: 'identity', encoding: undefined, decode: (body: Buffer) => body },
    ] as const;
    for (const { acceptEncoding, encoding, decode } of cases) {
      const res = await request(`${origin}/explorer/${script}`, { headers: { 'accept-encoding': acceptEncoding } });
      const body = Buffer.from(await res.body.arrayBuffer());
      expect({ status: res.statusCode, headers: res.headers }).toEqual({
        status: 200,
        headers: {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'public, max-age=31536000, immutable',
          etag: files[script]!.etag,
          'x-content-type-options': 'nosniff',
          vary: 'accept-encoding',
          ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
          'content-length': String(body.length),
          date: expect.any(String),
          connection: 'keep-alive',
          'keep-alive': 'timeout=5',
        },
      });
      expect(decode(body).equals(raw)).toBe(true);
    }
    const revalidated = await request(`${origin}/explorer/${script}`, { headers: { 'if-none-match': files[script]!.etag } });
    await revalidated.body.dump();
    expect(revalidated.statusCode).toBe(304);
  });

  it('compresses every file over 1 kB, and only those', () => {
    const { files } = manifest();
    const names = Object.keys(files);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect({ name, encodings: files[name]!.encodings }).toEqual({ name, encodings: files[name]!.bytes > 1024 ? ['br', 'gzip'] : [] });
  });

  it('answers 404 for any name the manifest does not list', async () => {
    for (const name of ['nope.js', 'manifest.json', '..%2Fmain.js', `${manifest().script}.br`]) {
      const res = await request(`${origin}/explorer/${name}`);
      expect({ name, status: res.statusCode, body: await res.body.json() }).toEqual({ name, status: 404, body: { error: 'Not found: no such explorer file.' } });
    }
  });
});

describe('EXPLORER=off', () => {
  // The module object the gateway's code calls through (an `import * as` namespace has read-only getters).
  const nodeFs = jest.requireActual<typeof import('node:fs')>('node:fs');

  /** Every path under dist/explorer/ the process opens, stats or reads while a spy is on. */
  function watchBundleReads(): { readonly paths: string[]; restore(): void } {
    const paths: string[] = [];
    const spies = (['readFileSync', 'statSync', 'openSync', 'createReadStream', 'readFile', 'open'] as const).map((name) => {
      const original = nodeFs[name] as (...args: unknown[]) => unknown;
      return jest.spyOn(nodeFs, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
        if (String(args[0]).startsWith(EXPLORER_DIST)) paths.push(String(args[0]));
        return original.apply(this, args);
      } as never);
    });
    return { paths, restore: () => spies.forEach((spy) => spy.mockRestore()) };
  }

  it('serves no page and no file, and never reads the bundle', async () => {
    const watch = watchBundleReads();
    try {
      const stack = await startStack({ env: { EXPLORER: 'off' } });
      try {
        const page = await request(stack.url, { headers: { accept: PAGE_ACCEPT } });
        expect({ status: page.statusCode, contentType: page.headers['content-type'], body: await page.body.json() }).toEqual({
          status: 400,
          contentType: 'application/json; charset=utf-8',
          body: { errors: [{ message: CSRF_MESSAGE, extensions: { code: 'BAD_REQUEST' } }] },
        });
        const asset = await request(`${new URL(stack.url).origin}/explorer/${manifest().script}`);
        expect({ status: asset.statusCode, body: await asset.body.json() }).toEqual({ status: 404, body: { error: 'Not found: GraphQL is served at /graphql.' } });
      } finally {
        await stack.close();
      }
      // manifest() above read the manifest itself: only those reads.
      expect(watch.paths).toEqual([path.join(EXPLORER_DIST, 'manifest.json')]);
    } finally {
      watch.restore();
    }
  });

  it('(the same watch sees a graphiql gateway read its manifest and stat its files)', async () => {
    const watch = watchBundleReads();
    try {
      const stack = await startStack({ env: { EXPLORER: 'graphiql' } });
      await stack.close();
      expect(watch.paths).toContain(path.join(EXPLORER_DIST, 'manifest.json'));
      expect(watch.paths.length).toBeGreaterThan(10);
    } finally {
      watch.restore();
    }
  });
});

/** The settings block of a GraphiQL page. */
function pageSettings(html: string): { headers: string; tabs: Array<{ query: string; headers: string }> } {
  const json = /<script type="application\/json" id="explorer-settings">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error(`no settings block in the page:\n${html}`);
  return JSON.parse(json) as ReturnType<typeof pageSettings>;
}

/** The Authorization Apollo's Sandbox page opens with (its config is JSON in an inline script). */
function sandboxAuthorization(html: string): string {
  const config = /var embeddedSandboxConfig = (\{.*\});\n/.exec(html)?.[1];
  if (config === undefined) throw new Error(`no Sandbox config in the page:\n${html.slice(0, 2000)}`);
  return (JSON.parse(config) as { initialState: { headers: { Authorization: string } } }).initialState.headers.Authorization;
}

async function page(url: string): Promise<string> {
  const res = await request(url, { headers: { accept: PAGE_ACCEPT } });
  expect(res.statusCode).toBe(200);
  return res.body.text();
}

async function createWith(url: string, authorization: string): Promise<unknown> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: 'mutation { createManagedAppRegistration(input: { deviceTag: "explorer-obo" }) { deviceTag } }' }),
  });
  return res.body.json();
}

describe('npm start (dist/main.js)', () => {
  let proc: GatewayProcess | undefined;
  afterEach(async () => {
    await killIfRunning(proc);
    proc = undefined;
  });

  it.each(['graphiql', 'sandbox'] as const)('EXPLORER=%s in obo mode on the emulator pre-fills a user token minted per page, which the gateway accepts and never logs', async (explorer) => {
    proc = spawnGateway({ PORT: '0', AUTH_MODE: 'obo', EXPLORER: explorer });
    const url = (await proc.waitForLine((l) => l.msg === 'gateway ready')).url as string;
    const authorizationOf = (html: string): string => (explorer === 'graphiql' ? (JSON.parse(pageSettings(html).headers) as { Authorization: string }).Authorization : sandboxAuthorization(html));
    const first = authorizationOf(await page(url));
    const second = authorizationOf(await page(url));
    expect(first).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(second).not.toBe(first);
    const claims = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(15 * 60);
    expect(await createWith(url, first)).toEqual({ data: { createManagedAppRegistration: { deviceTag: 'explorer-obo' } } });
    expect(proc.lines.join('\n')).not.toContain(first.split('.')[2]);
  });

  it('EXPLORER=graphiql with NODE_ENV=production turns introspection on and says so at start', async () => {
    proc = spawnGateway({ PORT: '0', NODE_ENV: 'production', EXPLORER: 'graphiql' });
    const line = await proc.waitForLine((l) => l.explorer !== undefined);
    expect(line).toMatchObject({ level: 'info', explorer: 'graphiql', introspection: true, msg: 'EXPLORER=graphiql with NODE_ENV=production: introspection is on (an explorer needs the schema)' });
    const url = (await proc.waitForLine((l) => l.msg === 'gateway ready')).url as string;
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
    expect(await res.body.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('an EXPLORER it does not know stops the start, naming the variable', async () => {
    proc = spawnGateway({ PORT: '0', EXPLORER: 'graphql-playground' });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toBe('Invalid configuration: EXPLORER: must be one of sandbox, graphiql, off, got "graphql-playground"\n');
  });
});

describe('what an explorer opens with (prefill)', () => {
  const EMULATOR_FORWARD = 'Graph is the built-in emulator (emulated data, no tenant): it takes any bearer token, so "Bearer emulator-token" is filled in.';
  const REAL_GRAPH = { GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' };
  const REAL_OBO = { ...REAL_GRAPH, AUTH_MODE: 'obo', AZURE_TENANT_ID: 'e17a0000-0000-4000-8000-000000000001', AZURE_CLIENT_ID: 'e17a0000-0000-4000-8000-000000000002', AZURE_CLIENT_SECRET: 'a-client-secret' };
  const SECRET = 'a-bypass-secret-of-16-or-more';

  it.each([
    ['the emulator, forward', {}, true, undefined, { authorization: 'Bearer emulator-token', notes: [EMULATOR_FORWARD] }],
    [
      'the emulator, obo with the stand-in',
      { AUTH_MODE: 'obo' },
      true,
      () => 'minted.user.token',
      {
        authorization: 'Bearer minted.user.token',
        notes: ['AUTH_MODE=obo on the built-in emulator: the Authorization header holds a user token its Entra ID stand-in minted for this page (valid 15 minutes; reload the page for a new one).'],
      },
    ],
    [
      'real Graph, forward',
      REAL_GRAPH,
      false,
      undefined,
      { authorization: '', notes: ['Authorization is empty: paste "Bearer <token>": a Microsoft Graph delegated token (DeviceManagementApps.ReadWrite.All), which the gateway forwards to Graph.'] },
    ],
    [
      'real Graph, obo',
      REAL_OBO,
      false,
      undefined,
      {
        authorization: '',
        notes: [
          'Authorization is empty: paste "Bearer <token>": a user\'s token for this gateway\'s API (audience api://<AZURE_CLIENT_ID>, scope access_as_user), which the gateway exchanges On-Behalf-Of.',
        ],
      },
    ],
    [
      'enforce with a bypass secret',
      { TRUSTED_DOCUMENTS: CODEGEN, TRUSTED_DOCUMENTS_MODE: 'enforce', TRUSTED_DOCUMENTS_BYPASS_SECRET: SECRET },
      true,
      undefined,
      {
        authorization: 'Bearer emulator-token',
        notes: [
          EMULATOR_FORWARD,
          'TRUSTED_DOCUMENTS_MODE=enforce: to run operations typed here (the schema\'s introspection too), add the header "x-trusted-documents-bypass" with the value of TRUSTED_DOCUMENTS_BYPASS_SECRET (ask the operator).',
        ],
      },
    ],
    [
      'ids-only without one',
      { TRUSTED_DOCUMENTS: CODEGEN, TRUSTED_DOCUMENTS_MODE: 'ids-only' },
      true,
      undefined,
      {
        authorization: 'Bearer emulator-token',
        notes: [
          EMULATOR_FORWARD,
          'TRUSTED_DOCUMENTS_MODE=ids-only: operations typed here (the schema\'s introspection too) are refused; the operator can set TRUSTED_DOCUMENTS_BYPASS_SECRET to let an explorer run them.',
        ],
      },
    ],
    ['audit: nothing to say', { TRUSTED_DOCUMENTS: CODEGEN }, true, undefined, { authorization: 'Bearer emulator-token', notes: [EMULATOR_FORWARD] }],
  ] as const)('%s', (_name, env, emulator, mintUserToken, expected) => {
    expect(prefill({ config: loadConfig(env), emulator, mintUserToken })).toEqual(expected);
  });

  it('under enforce, the bypass header the page names lets the explorer run its text', async () => {
    const stack = await startStack({ env: { EXPLORER: 'graphiql', TRUSTED_DOCUMENTS: CODEGEN, TRUSTED_DOCUMENTS_MODE: 'enforce', TRUSTED_DOCUMENTS_BYPASS_SECRET: SECRET } });
    try {
      expect(await page(stack.url)).toContain('add the header &quot;x-trusted-documents-bypass&quot; with the value of TRUSTED_DOCUMENTS_BYPASS_SECRET');
      const headers = { authorization: 'Bearer emulator-token' };
      expect((await stack.gql('query GatewayInfo { gatewayInfo { emulator } }', undefined, headers)).body.errors?.[0]?.extensions?.code).toBe('QUERY_NOT_IN_SAFELIST');
      expect((await stack.gql('query GatewayInfo { gatewayInfo { emulator } }', undefined, { ...headers, 'x-trusted-documents-bypass': SECRET })).body).toEqual({ data: { gatewayInfo: { emulator: true } } });
    } finally {
      await stack.close();
    }
  });
});
