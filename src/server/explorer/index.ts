/**
 * EXPLORER=graphiql (api-contract.md §14): GraphiQL served from the gateway's
 * own origin: the page at GET /graphql for a browser that prefers HTML, its
 * files under /explorer/. EXPLORER=sandbox is Apollo's landing page (../sandbox.ts);
 * with EXPLORER=off or sandbox nothing here reads the bundle.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import type { Logger } from '../../observability/logger';
import { EXPLORER_CSP, explorerPage } from './page';
import { loadExplorerAssets } from './assets';
import { prefill, type PrefillSource } from './prefill';

export { EXPLORER_TOKEN_LIFETIME_S, type MintUserToken, type PrefillSource } from './prefill';
export { ASSET_PREFIX, EXPLORER_CSP, EXAMPLE_TABS } from './page';
export { ASSET_CACHE_CONTROL, EXPLORER_DIST } from './assets';

export interface Explorer {
  /** A GET of /graphql from a browser that prefers HTML (Apollo's rule for its landing page). */
  wantsPage(req: IncomingMessage): boolean;
  servePage(req: IncomingMessage, res: ServerResponse): void;
  /** GET/HEAD /explorer/<name>. */
  serveAsset(req: IncomingMessage, res: ServerResponse, name: string): void;
}

/** The media types Apollo weighs text/html against when it decides to answer its landing page. */
const GRAPHQL_OR_HTML = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

/** The start's log lines about the explorer: introspection turned on in production because of it (contract §14). */
export function logExplorer(source: PrefillSource, log: Logger): void {
  const { explorer } = source.config;
  if (explorer.introspectionForProduction) {
    log.info({ explorer: explorer.kind, introspection: true }, `EXPLORER=${explorer.kind} with NODE_ENV=production: introspection is on (an explorer needs the schema)`);
  }
}

/** The GraphiQL explorer, or undefined unless EXPLORER=graphiql (then nothing of the bundle is read). */
export function createExplorer(source: PrefillSource, endpoint: string): Explorer | undefined {
  if (source.config.explorer.kind !== 'graphiql') return undefined;
  const assets = loadExplorerAssets();
  return {
    wantsPage(req) {
      const accept = req.headers.accept;
      return req.method === 'GET' && accept !== undefined && new Negotiator({ headers: { accept } }).mediaType(GRAPHQL_OR_HTML) === 'text/html';
    },
    servePage(_req, res) {
      const html = explorerPage(assets.manifest, endpoint, prefill(source));
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'content-security-policy': EXPLORER_CSP,
        // The page may hold a minted token: never stored.
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      res.end(html);
    },
    serveAsset(req, res, name) {
      assets.serve(req, res, name);
    },
  };
}
