// The GraphiQL page the gateway serves at GET /graphql under EXPLORER=graphiql (api-contract.md §14).
// Bundled by scripts/explorer/build.mjs into dist/explorer/; everything it loads comes from the gateway's origin.
// What it opens with (tabs, headers, notes, worker URLs) is in the page's JSON block, written per request by
// src/server/explorer/page.ts, so this bundle is the same for every gateway and can be cached as immutable.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './page.css';

const settings = JSON.parse(document.getElementById('explorer-settings').textContent);

// Monaco's workers are files of their own under /explorer/ (no blob: URLs, no CDN).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const url = label === 'json' ? settings.workers.json : label === 'graphql' ? settings.workers.graphql : settings.workers.editor;
    return new Worker(url);
  },
};

const fetcher = createGraphiQLFetcher({ url: settings.endpoint });

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: settings.tabs,
    defaultHeaders: settings.headers,
    // A minted token must not outlive the page in localStorage.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
  }),
);
