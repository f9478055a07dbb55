// Trusted documents from real clients (issue 22, scope 4; contract §13): examples/frontend's page in headless Chromium,
// with Apollo Client 4 (PersistedQueryLink) and urql (@urql/exchange-persisted) sending the ids codegen wrote into
// src/gql/persisted-documents.json, against a gateway started in enforce with exactly that manifest. Proves that every
// operation of the page works, that no operation text crossed the wire (every request's body and URL, exact keys),
// and that an operation not in the manifest is refused with PERSISTED_QUERY_NOT_IN_LIST and sent once: neither
// client's retry-with-the-text fires, because the gateway never answers PERSISTED_QUERY_NOT_FOUND.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { chromium, type Browser } from 'playwright-core';
import { ERRORS } from '../../src/errors/table';
import { startStack, TOKEN, type Stack } from '../helpers/stack';
import { ANONYMOUS_FROM, ANONYMOUS_QUERY, completed, expectedFlow, expectedGraphCalls, FLOW_OPERATIONS, freshEmulator, graphCalls, operationName } from './expected-flow';
import { buildPage, CHROMIUM_ARGS, describeWithChromium, findChromium, pageUrl, runPage, serveStatic, type BuiltPage, type PageRun, type SeenRequest, type StaticServer } from './support';

const lookup = findChromium();

const MANIFEST = path.resolve(__dirname, '../../examples/frontend/src/gql/persisted-documents.json');

/** operationName → the hex digits of its manifest id, read from the manifest the gateway loads. */
function manifestHashes(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
  return new Map(
    Object.entries(manifest).map(([id, text]) => {
      const operation = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      return [operation?.name?.value ?? '', id.replace(/^sha256:/, '')];
    }),
  );
}

const NOT_IN_LIST = { ok: false, error: { kind: 'graphql', errors: [{ message: ERRORS.PERSISTED_QUERY_NOT_IN_LIST.message, code: 'PERSISTED_QUERY_NOT_IN_LIST', path: null }] } };
/** The page's flow, then the operation that is not in the manifest. */
const OPERATIONS = [...FLOW_OPERATIONS, 'NotInManifest'];

/** What a request carried: POST → its JSON body; GET → its query string (each value JSON-decoded when it is JSON). */
function carried(request: SeenRequest): Record<string, unknown> {
  if (request.method === 'POST') return JSON.parse(request.postData ?? 'null') as Record<string, unknown>;
  const params = new URL(request.path, 'http://x').searchParams;
  return Object.fromEntries([...params.entries()].map(([name, value]) => [name, name === 'operationName' ? value : (JSON.parse(value) as unknown)]));
}

describeWithChromium(lookup)('trusted documents in Chromium: the page sends manifest ids to a gateway in TRUSTED_DOCUMENTS_MODE=enforce', () => {
  let built: BuiltPage;
  let server: StaticServer;
  let stack: Stack;
  let browser: Browser;
  const hashes = manifestHashes();

  beforeAll(async () => {
    if (!lookup.found) throw new Error('unreachable: describeWithChromium skips this block without a Chromium');
    built = await buildPage();
    server = await serveStatic(built.dir);
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: MANIFEST, TRUSTED_DOCUMENTS_MODE: 'enforce' } });
    browser = await chromium.launch({ executablePath: lookup.executablePath, args: CHROMIUM_ARGS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.close();
    await built?.remove();
  });

  test('the manifest names every operation of the page, once', () => {
    expect([...hashes.keys()].sort()).toEqual([...new Set(FLOW_OPERATIONS)].sort());
  });

  describe.each([
    {
      client: 'apollo',
      // PersistedQueryLink keeps HttpLink's POST; Apollo Client adds its clientLibrary extension.
      methods: OPERATIONS.map(() => 'POST'),
      extensionKeys: ['clientLibrary', 'persistedQuery'],
    },
    {
      client: 'urql',
      // persistedExchange sends hashed queries as GET (preferGetForPersistedQueries 'within-url-limit'), mutations as POST.
      methods: OPERATIONS.map((name) => (name.startsWith('Create') ? 'POST' : 'GET')),
      extensionKeys: ['persistedQuery'],
    },
  ] as const)('$client', ({ client, methods, extensionKeys }) => {
    let run: PageRun;

    beforeAll(async () => {
      freshEmulator(stack);
      run = await runPage(browser, pageUrl(server.origin, stack.url, TOKEN, client, true), new URL(stack.url).origin);
      expect(run.results.map((r) => r.client)).toEqual([client]);
    }, 15_000);

    test('every operation of the page works by id, exactly as by text; the operation not in the manifest gets PERSISTED_QUERY_NOT_IN_LIST', () => {
      const result = completed(run.results[0]);
      expect(result).toEqual({ ...expectedFlow(client, result.created, result.installStatus.id), notInManifest: NOT_IN_LIST });
      expect(graphCalls(stack)).toEqual(expectedGraphCalls(result.created.id, result.installStatus.id));
    });

    test(`no operation text crossed the wire: each request (${[...new Set(methods)].join('/')}) carries only operationName, variables and extensions.persistedQuery with the manifest id`, () => {
      expect(run.requests.map((request) => [request.method, operationName(request)])).toEqual(OPERATIONS.map((name, index) => [methods[index], name]));
      for (const request of run.requests) {
        const sent = carried(request);
        const name = String(sent.operationName);
        expect(Object.keys(sent).sort()).toEqual(['extensions', 'operationName', 'variables']);
        const extensions = sent.extensions as Record<string, unknown>;
        expect(Object.keys(extensions).sort()).toEqual(extensionKeys);
        if (name !== 'NotInManifest') expect(extensions.persistedQuery).toEqual({ version: 1, sha256Hash: hashes.get(name) });
        // Belt and braces: no selection set anywhere in what was sent, whatever the key.
        expect(`${decodeURIComponent(request.path.replace(/\+/g, ' '))} ${request.postData ?? ''}`).not.toMatch(/__typename|\{\s*managedAppRegistration|fragment |query |mutation /);
        if (request.method === 'POST') expect(request.path).toBe('/graphql');
        else expect(request.postData).toBeNull();
      }
    });

    test('the operation not in the manifest was sent once, by its hash, and refused (400: the client accepts application/graphql-response+json); the client did not retry it with the text', () => {
      const refused = run.requests.filter((request) => operationName(request) === 'NotInManifest');
      expect(refused).toHaveLength(1);
      const [request] = refused as [SeenRequest];
      expect(request.status).toBe(400);
      expect(request.responseHeaders?.['cache-control']).toBe('private, no-cache, must-revalidate');
      expect((carried(request).extensions as { persistedQuery: unknown }).persistedQuery).toEqual({ version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect([...hashes.values()]).not.toContain((carried(request).extensions as { persistedQuery: { sha256Hash: string } }).persistedQuery.sha256Hash);
      // It was the last request: nothing followed it.
      expect(run.requests.at(-1)).toBe(request);
      expect(run.requests.map((r) => r.status)).toEqual(OPERATIONS.map((name, index) => (name === 'NotInManifest' ? 400 : index === ANONYMOUS_FROM ? ANONYMOUS_QUERY[client].status : 200)));
    });
  });

  test('the same page sending text (no trusted=1) is refused at its first operation with QUERY_NOT_IN_SAFELIST, by both clients, and nothing reaches Graph', async () => {
    freshEmulator(stack);
    const run = await runPage(browser, pageUrl(server.origin, stack.url, TOKEN, 'apollo,urql'), new URL(stack.url).origin);
    const refusal = { kind: 'graphql', errors: [{ message: ERRORS.QUERY_NOT_IN_SAFELIST.message, code: 'QUERY_NOT_IN_SAFELIST', path: null }] };
    expect(run.results).toEqual([
      { client: 'apollo', ok: false, failedStep: 'createManagedAppRegistration', error: refusal },
      { client: 'urql', ok: false, failedStep: 'createManagedAppRegistration', error: refusal },
    ]);
    expect(run.requests.map((request) => [request.method, operationName(request), request.status])).toEqual([
      ['POST', 'CreateManagedAppRegistration', 400],
      ['POST', 'CreateManagedAppRegistration', 400],
    ]);
    expect(stack.emulator.requests).toEqual([]);
  }, 15_000);
});
