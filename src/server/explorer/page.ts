/**
 * The GraphiQL page (api-contract.md §14): a few kB of HTML written per request
 * (a minted token differs each time), naming the bundle's files under /explorer/.
 * What it opens with goes in a JSON block the bundle reads, so the bundle itself
 * is one immutable file for every gateway.
 */
import { parse } from 'graphql';
import { SANDBOX_DOCUMENT } from '../sandbox';
import type { ExplorerManifest } from './assets';
import type { Prefill } from './prefill';

/** Where the bundle's files are served. */
export const ASSET_PREFIX = '/explorer/';

/**
 * The page's Content-Security-Policy: its own origin and nothing else. data:
 * only for images and fonts (GraphiQL's stylesheet inlines its fonts and icons).
 * Inline styles are allowed: Monaco and GraphiQL's popovers set style attributes
 * and Monaco writes its theme into <style> elements (measured: without
 * 'unsafe-inline' Chromium refuses 267 of them on one page load and run).
 * Inline scripts stay refused.
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** One tab per example operation, as written in SANDBOX_DOCUMENT (its comments are Sandbox's). */
export const EXAMPLE_TABS: readonly string[] = Object.freeze(
  parse(SANDBOX_DOCUMENT).definitions.map((definition) => {
    if (definition.loc === undefined) throw new Error('the example document was parsed without locations');
    return SANDBOX_DOCUMENT.slice(definition.loc.start, definition.loc.end);
  }),
);

/** What the bundle (scripts/explorer/app.js) reads from the page. */
interface PageSettings {
  readonly endpoint: string;
  readonly workers: Readonly<Record<'editor' | 'json' | 'graphql', string>>;
  readonly tabs: ReadonlyArray<{ readonly query: string; readonly headers: string }>;
  readonly headers: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON inside <script type="application/json">: no "</script>" or "<!--" can close or confuse the block. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page for one request. */
export function explorerPage(manifest: ExplorerManifest, endpoint: string, fill: Prefill): string {
  const headers = JSON.stringify({ Authorization: fill.authorization }, null, 2);
  const settings: PageSettings = {
    endpoint,
    workers: {
      editor: ASSET_PREFIX + manifest.workers.editor,
      json: ASSET_PREFIX + manifest.workers.json,
      graphql: ASSET_PREFIX + manifest.workers.graphql,
    },
    tabs: EXAMPLE_TABS.map((query) => ({ query, headers })),
    headers,
  };
  const notes = fill.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · intune-graphql-gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}${manifest.style}">
<script type="application/json" id="explorer-settings">${scriptJson(settings)}</script>
<script type="module" src="${ASSET_PREFIX}${manifest.script}"></script>
</head>
<body>
<ul id="explorer-notes">${notes}</ul>
<div id="graphiql"></div>
</body>
</html>
`;
}
