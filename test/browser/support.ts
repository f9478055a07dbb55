// Shared by the browser tests: finding Chromium (or skipping, or failing under REQUIRE_BROWSER_TESTS=1),
// bundling examples/frontend's page with esbuild, serving it from its own origin, and opening it in Chromium
// while recording the network traffic as Chromium saw it.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { FlowRun, PageGlobals } from '../../examples/frontend/src/browser/flow';

const EXAMPLE = path.resolve(__dirname, '../../examples/frontend');

/** Needed on this offline machine: no sandbox as root, no GPU, and nothing that phones home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type ChromiumLookup =
  | { readonly found: true; readonly executablePath: string }
  | { readonly found: false; readonly executablePath: string; readonly fromEnv: boolean };

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium. Never Playwright's own download (it cannot work offline). */
export function findChromium(env: NodeJS.ProcessEnv = process.env, debianPath = '/usr/bin/chromium'): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH !== undefined && env.CHROMIUM_PATH !== '';
  const executablePath = fromEnv ? String(env.CHROMIUM_PATH) : debianPath;
  return existsSync(executablePath) ? { found: true, executablePath } : { found: false, executablePath, fromEnv };
}

type Missing = Extract<ChromiumLookup, { found: false }>;

function missing(lookup: Missing): string {
  return `no Chromium at ${lookup.executablePath} (${lookup.fromEnv ? 'from CHROMIUM_PATH' : 'set CHROMIUM_PATH'})`;
}

/** The one line printed when the browser tests are skipped. */
export function skipLine(lookup: Missing): string {
  return `browser tests skipped: ${missing(lookup)}`;
}

/** The failure under REQUIRE_BROWSER_TESTS=1. */
export function requiredMessage(lookup: Missing): string {
  return `browser tests required (REQUIRE_BROWSER_TESTS=1) but ${missing(lookup)}`;
}

/**
 * `describe`, or `describe.skip` after printing one line when no Chromium is found. With REQUIRE_BROWSER_TESTS=1
 * (CI) a missing Chromium is a failing test instead, with the same reason.
 */
export function describeWithChromium(lookup: ChromiumLookup, env: NodeJS.ProcessEnv = process.env): jest.Describe {
  if (lookup.found) return describe;
  if (env.REQUIRE_BROWSER_TESTS === '1') {
    test('Chromium is available (REQUIRE_BROWSER_TESTS=1)', () => {
      throw new Error(requiredMessage(lookup));
    });
  } else {
    // Straight to stdout: console.log would add jest's stack-trace box around the one line.
    process.stdout.write(`${skipLine(lookup)}\n`);
  }
  return describe.skip;
}

/** The page's files (index.html + bundle.js) in a fresh temp dir; nothing is written into the repository. */
export interface BuiltPage {
  readonly dir: string;
  remove(): Promise<void>;
}

/** Bundles src/browser/page.ts with esbuild (bundle, iife) next to a copy of index.html. */
export async function buildPage(): Promise<BuiltPage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'frontend-page-'));
  await build({
    entryPoints: [path.join(EXAMPLE, 'src/browser/page.ts')],
    outfile: path.join(dir, 'bundle.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // What a production frontend build sets; Apollo Client and graphql-js read it.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  await writeFile(path.join(dir, 'index.html'), await readFile(path.join(EXAMPLE, 'index.html')));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, the page's origin. */
  readonly origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { '/index.html': 'text/html; charset=utf-8', '/bundle.js': 'text/javascript; charset=utf-8' };

/** Serves index.html and bundle.js from `dir` on 127.0.0.1, port 0: an origin of its own. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = pathname === '/' ? '/index.html' : pathname;
    const type = CONTENT_TYPES[file];
    if (req.method !== 'GET' || type === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    readFile(path.join(dir, file)).then(
      (body) => res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A request to the gateway as Chromium sent it (all headers, lower-case names), and its answer. */
export interface SeenRequest {
  readonly method: string;
  /** The URL without the origin: `/graphql` or `/graphql?query=…`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly postData: string | null;
  /** Null when Chromium got no answer it let the page see (e.g. blocked by CORS). */
  readonly status: number | null;
  readonly responseHeaders: Record<string, string> | null;
  readonly failure: string | null;
}

/** A CORS preflight as the DevTools protocol reports it (Playwright's request events leave preflights out). */
export interface SeenPreflight {
  readonly method: string;
  readonly path: string;
  readonly requestHeaders: Record<string, string>;
  readonly status: number | null;
  readonly responseHeaders: Record<string, string>;
}

export interface PageRun {
  /** What the page put in window.__results. */
  readonly results: FlowRun[];
  /** Every request to `gatewayOrigin`, in the order sent. */
  readonly requests: SeenRequest[];
  readonly preflights: SeenPreflight[];
  /** The page's console, for failure messages (Chromium logs CORS refusals here). */
  readonly console: string[];
}

function lowerCaseKeys(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

interface CdpRequestWillBeSent {
  requestId: string;
  request: { url: string; method: string };
}
interface CdpExtraInfo {
  requestId: string;
  headers: Record<string, unknown>;
}
interface CdpResponseReceived {
  requestId: string;
  response: { status: number; headers: Record<string, unknown> };
}

/**
 * Records the preflights to `origin` over the DevTools protocol. Chromium reports each as a request with method
 * OPTIONS (its real headers in requestWillBeSentExtraInfo) whose response has type "Preflight".
 */
async function recordPreflights(cdp: CDPSession, origin: string): Promise<() => SeenPreflight[]> {
  const seen = new Map<string, { path: string; requestHeaders: Record<string, string>; status: number | null; responseHeaders: Record<string, string> }>();
  cdp.on('Network.requestWillBeSent', (event: CdpRequestWillBeSent) => {
    if (event.request.method !== 'OPTIONS' || !event.request.url.startsWith(`${origin}/`)) return;
    const entry = seen.get(event.requestId);
    seen.set(event.requestId, { path: event.request.url.slice(origin.length), requestHeaders: entry?.requestHeaders ?? {}, status: null, responseHeaders: {} });
  });
  // The extra-info events may arrive before or after requestWillBeSent: keep what they say either way.
  cdp.on('Network.requestWillBeSentExtraInfo', (event: CdpExtraInfo) => {
    const entry = seen.get(event.requestId);
    const requestHeaders = lowerCaseKeys(event.headers);
    if (entry === undefined) seen.set(event.requestId, { path: '', requestHeaders, status: null, responseHeaders: {} });
    else entry.requestHeaders = requestHeaders;
  });
  cdp.on('Network.responseReceived', (event: CdpResponseReceived) => {
    const entry = seen.get(event.requestId);
    if (entry === undefined) return;
    entry.status = event.response.status;
    entry.responseHeaders = lowerCaseKeys(event.response.headers);
  });
  await cdp.send('Network.enable');
  return () =>
    [...seen.values()]
      .filter((entry) => entry.path !== '')
      .map((entry) => ({ method: 'OPTIONS', path: entry.path, requestHeaders: entry.requestHeaders, status: entry.status, responseHeaders: entry.responseHeaders }));
}

/**
 * Opens `pageUrl` in a fresh browser context (so no preflight is cached from an earlier page), waits until the
 * page sets window.__results (or window.__pageError), and returns the results with the traffic to `gatewayOrigin`.
 */
export async function runPage(browser: Browser, pageUrl: string, gatewayOrigin: string): Promise<PageRun> {
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));

    const pending: Array<Promise<SeenRequest>> = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`${gatewayOrigin}/`)) return;
      pending.push(
        (async (): Promise<SeenRequest> => {
          const response = await request.response();
          return {
            method: request.method(),
            path: request.url().slice(gatewayOrigin.length),
            headers: lowerCaseKeys(await request.allHeaders()),
            postData: request.postData(),
            status: response?.status() ?? null,
            responseHeaders: response === null ? null : lowerCaseKeys(await response.allHeaders()),
            failure: request.failure()?.errorText ?? null,
          };
        })(),
      );
    });

    const cdp = await context.newCDPSession(page);
    const preflights = await recordPreflights(cdp, gatewayOrigin);

    await page.goto(pageUrl);
    // These callbacks run in the page, where globalThis is its window.
    await page.waitForFunction(() => (globalThis as PageGlobals).__results !== undefined || (globalThis as PageGlobals).__pageError !== undefined, undefined, {
      timeout: 10_000,
    });
    const pageError = await page.evaluate(() => (globalThis as PageGlobals).__pageError);
    if (pageError !== undefined) throw new Error(`the page failed: ${pageError}\n${console.join('\n')}`);
    const results = await page.evaluate(() => (globalThis as PageGlobals).__results ?? []);
    const requests = await Promise.all(pending);
    await cdp.detach();
    return { results, requests, preflights: preflights(), console };
  } finally {
    await context.close();
  }
}

/** The page's URL on `origin` for a gateway and token; `trusted` makes the clients send manifest ids instead of text. */
export function pageUrl(origin: string, gatewayUrl: string, token: string, clients: string, trusted = false): string {
  const query = new URLSearchParams({ gateway: gatewayUrl, token, clients, ...(trusted ? { trusted: '1' } : {}) });
  return `${origin}/index.html?${query.toString()}`;
}
