// Apollo Client 4 and urql in headless Chromium (issue 11, item 5): examples/frontend's page, bundled by esbuild,
// served from one origin and calling the gateway on another, so Chromium preflights as it would for a real frontend.
// Asserts what the page received, what Chromium sent and got back, and what reached Graph (the emulator's log).
// Production mode: one allowed origin works; an identical page on another origin is blocked before anything runs.
import { chromium, type Browser } from 'playwright-core';
import type { FlowResult } from '../../examples/frontend/src/browser/flow';
import { DEMO_GRAPH_BODIES, GRAPH_TIMESTAMP, UUID } from '../helpers/frontend-flow';
import { startStack, TOKEN, type Stack } from '../helpers/stack';
import { ANONYMOUS_FROM, ANONYMOUS_QUERY, completed, expectedFlow, expectedGraphCalls, FLOW_OPERATIONS, freshEmulator, graphCalls, operationName } from './expected-flow';
import {
  buildPage,
  CHROMIUM_ARGS,
  describeWithChromium,
  findChromium,
  pageUrl,
  runPage,
  serveStatic,
  type BuiltPage,
  type PageRun,
  type SeenRequest,
  type StaticServer,
} from './support';

const lookup = findChromium();

/** What each library sends as Accept (measured here; stack-notes "Browsers, Redis, Node 24" says the same). */
const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const URQL_ACCEPT = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

const ALLOW_HEADERS =
  'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, apollographql-client-name, apollographql-client-version, traceparent, tracestate, baggage, x-trusted-documents-bypass';


/** The headers a client library chose (Chromium's own, such as user-agent and sec-*, left out). */
function libraryHeaders(request: SeenRequest): Record<string, string> {
  const chromiums = new Set(['accept-encoding', 'accept-language', 'connection', 'content-length', 'host', 'origin', 'referer', 'user-agent']);
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => !chromiums.has(name) && !name.startsWith('sec-')));
}


interface Exchange {
  method: string;
  operation: string | null;
  headers: Record<string, string>;
  status: number | null;
  allowOrigin: string | undefined;
}

function exchanges(run: PageRun): Exchange[] {
  return run.requests.map((request) => ({
    method: request.method,
    operation: operationName(request),
    headers: libraryHeaders(request),
    status: request.status,
    allowOrigin: request.responseHeaders?.['access-control-allow-origin'],
  }));
}


describeWithChromium(lookup)('Apollo Client 4 and urql in Chromium, the page on another origin than the gateway', () => {
  let built: BuiltPage;
  let serverA: StaticServer;
  let serverB: StaticServer;
  let dev: Stack;
  let prod: Stack;
  let browser: Browser;

  beforeAll(async () => {
    if (!lookup.found) throw new Error('unreachable: describeWithChromium skips this block without a Chromium');
    built = await buildPage();
    serverA = await serveStatic(built.dir);
    serverB = await serveStatic(built.dir);
    dev = await startStack();
    prod = await startStack({ env: { NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: serverA.origin } });
    browser = await chromium.launch({ executablePath: lookup.executablePath, args: CHROMIUM_ARGS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await serverA?.close();
    await serverB?.close();
    await dev?.close();
    await prod?.close();
    await built?.remove();
  });

  describe.each([
    {
      client: 'apollo',
      // Apollo Client POSTs every operation with its own Accept; the token is HttpLink's header.
      methods: FLOW_OPERATIONS.map(() => 'POST'),
      accept: APOLLO_ACCEPT,
      // One preflight for all nine POSTs: Chromium caches the answer (Access-Control-Max-Age) per URL, and the URL never changes.
      preflightList: [['POST', 'authorization,content-type', null]],
    },
    {
      client: 'urql',
      // urql sends queries as GET (preferGetMethod 'within-url-limit'), mutations as POST.
      methods: FLOW_OPERATIONS.map((name) => (name.startsWith('Create') ? 'POST' : 'GET')),
      accept: URQL_ACCEPT,
      // The mutations share one preflight; each GET URL is new (the query string holds the variables), and a GET with
      // Authorization is not a simple request, so each authorized GET costs a preflight. The anonymous GET is simple:
      // Chromium sends it without asking, and the CSRF check is what refuses it.
      preflightList: [
        ['POST', 'authorization,content-type', null],
        ['GET', 'authorization', 'GetManagedAppRegistration'],
        ['GET', 'authorization', 'ListManagedAppRegistrations'],
        ['GET', 'authorization', 'ListManagedAppRegistrations'],
        ['GET', 'authorization', 'GetMobileAppInstallStatus'],
      ],
    },
  ] as const)('$client, development defaults (CORS_ALLOWED_ORIGINS=*)', ({ client, methods, accept, preflightList }) => {
    const preflighted = preflightList.map(([method, , operation]) => (operation === null ? method : `${method} ${operation}`));
    let run: PageRun;
    let result: FlowResult;

    beforeAll(async () => {
      freshEmulator(dev);
      run = await runPage(browser, pageUrl(serverA.origin, dev.url, TOKEN, client), new URL(dev.url).origin);
      expect(run.results.map((r) => r.client)).toEqual([client]);
      result = completed(run.results[0]);
    }, 15_000);

    test('creates a registration and an install status, reads both back, pages by 2, and gets NOT_FOUND and UNAUTHENTICATED', () => {
      expect(result.created.id).toMatch(UUID);
      expect(result.created.createdDateTime).toMatch(GRAPH_TIMESTAMP);
      expect(result.installStatus.id).toMatch(UUID);
      expect(result).toEqual(expectedFlow(client, result.created, result.installStatus.id));
      const [first, second] = result.pages;
      expect(first?.pageInfo.endCursor).toBe(first?.edges[1]?.cursor);
      expect(second?.pageInfo.endCursor).toBe(second?.edges[0]?.cursor);
    });

    test(`Chromium sent ${methods.join('/')} with ${client}'s Accept, the bearer token, and got Access-Control-Allow-Origin: * on every answer`, () => {
      expect(exchanges(run)).toEqual(
        FLOW_OPERATIONS.map((operation, index) => ({
          method: methods[index],
          operation,
          headers: {
            accept,
            ...(index < ANONYMOUS_FROM ? { authorization: `Bearer ${TOKEN}` } : {}),
            ...(methods[index] === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          status: index === ANONYMOUS_FROM ? ANONYMOUS_QUERY[client].status : 200,
          allowOrigin: '*',
        })),
      );
      for (const request of run.requests) {
        expect(request.headers.origin).toBe(serverA.origin);
        expect(request.failure).toBeNull();
        if (request.method === 'POST') expect(request.path).toBe('/graphql');
        else expect(request.path).toMatch(/^\/graphql\?query=/);
      }
    });

    test('the GET queries carry the document, operationName and variables in the query string', () => {
      const gets = run.requests.filter((request) => request.method === 'GET');
      expect(gets).toHaveLength(methods.filter((method) => method === 'GET').length);
      for (const request of gets) {
        const params = new URL(request.path, 'http://x').searchParams;
        expect([...params.keys()].sort()).toEqual(['operationName', 'query', 'variables']);
        expect(params.get('query')).toContain(`query ${params.get('operationName') ?? '?'}(`);
        expect(request.postData).toBeNull();
      }
    });

    test(`Chromium preflighted ${preflighted.join(', ')}, and the gateway answered each 204 with the contract §8 headers`, () => {
      expect(
        run.preflights.map((preflight) => [
          preflight.requestHeaders['access-control-request-method'],
          preflight.requestHeaders['access-control-request-headers'],
          new URL(preflight.path, 'http://x').searchParams.get('operationName'),
        ]),
      ).toEqual(preflightList);
      for (const preflight of run.preflights) {
        expect(preflight.requestHeaders.origin).toBe(serverA.origin);
        expect(preflight.status).toBe(204);
        expect(Object.fromEntries(Object.entries(preflight.responseHeaders).filter(([name]) => name.startsWith('access-control-')))).toEqual({
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': '600',
          'access-control-expose-headers': 'www-authenticate',
        });
      }
    });

    test('Graph got one call per step, with the token, and none for the anonymous calls', () => {
      expect(graphCalls(dev)).toEqual(expectedGraphCalls(result.created.id, result.installStatus.id));
      expect(dev.emulator.requests[0]?.body).toEqual(DEMO_GRAPH_BODIES.registration);
      expect(dev.emulator.requests[4]?.body).toEqual(DEMO_GRAPH_BODIES.installStatus);
    });
  });

  describe('production, CORS_ALLOWED_ORIGINS set to the origin of static server A', () => {
    test.each(['apollo', 'urql'] as const)('from server A %s runs the whole flow, and every answer names A as the allowed origin', async (client) => {
      freshEmulator(prod);
      const run = await runPage(browser, pageUrl(serverA.origin, prod.url, TOKEN, client), new URL(prod.url).origin);
      expect(run.results.map((r) => r.client)).toEqual([client]);
      const result = completed(run.results[0]);
      expect(result).toEqual(expectedFlow(client, result.created, result.installStatus.id));
      expect(graphCalls(prod)).toEqual(expectedGraphCalls(result.created.id, result.installStatus.id));
      expect(run.requests.map((request) => request.status)).toEqual(FLOW_OPERATIONS.map((_, index) => (index === ANONYMOUS_FROM ? ANONYMOUS_QUERY[client].status : 200)));
      for (const request of run.requests) {
        expect(request.responseHeaders?.['access-control-allow-origin']).toBe(serverA.origin);
        expect(request.responseHeaders?.vary).toBe('Origin');
      }
      expect(run.preflights.length).toBeGreaterThan(0);
      for (const preflight of run.preflights) {
        expect(preflight.status).toBe(204);
        expect(preflight.responseHeaders['access-control-allow-origin']).toBe(serverA.origin);
        expect(preflight.responseHeaders.vary).toBe('Origin');
      }
    }, 15_000);

    test('from server B (another port, so another origin) the browser blocks both clients: Failed to fetch, and nothing reaches Graph', async () => {
      freshEmulator(prod);
      const run = await runPage(browser, pageUrl(serverB.origin, prod.url, TOKEN, 'apollo,urql'), new URL(prod.url).origin);
      expect(run.results).toEqual([
        { client: 'apollo', ok: false, failedStep: 'createManagedAppRegistration', error: { kind: 'network', name: 'TypeError', message: 'Failed to fetch' } },
        { client: 'urql', ok: false, failedStep: 'createManagedAppRegistration', error: { kind: 'network', name: 'TypeError', message: 'Failed to fetch' } },
      ]);
      expect(prod.emulator.requests).toEqual([]);
      // Chromium asked, the gateway answered without any Access-Control-* header, and the POST itself was never sent.
      expect(run.preflights).toEqual([
        expect.objectContaining({ path: '/graphql', status: 204, requestHeaders: expect.objectContaining({ origin: serverB.origin }) }),
        expect.objectContaining({ path: '/graphql', status: 204, requestHeaders: expect.objectContaining({ origin: serverB.origin }) }),
      ]);
      for (const preflight of run.preflights) expect(Object.keys(preflight.responseHeaders).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(run.requests.map((r) => [r.method, r.status, r.failure])).toEqual([
        ['POST', null, 'net::ERR_FAILED'],
        ['POST', null, 'net::ERR_FAILED'],
      ]);
      expect(run.console.filter((line) => line.includes('blocked by CORS policy'))).toHaveLength(2);
    }, 15_000);
  });
});
