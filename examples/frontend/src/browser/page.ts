// The browser page's entry point (bundled by esbuild into bundle.js; see
// ../../README.md, "Run it in a browser"). Open index.html with
//   ?gateway=<the gateway's /graphql URL>&token=<bearer token>[&clients=apollo,urql][&trusted=1]
// (trusted=1: send trusted-document ids instead of operation text, see persisted.ts) and it runs the flow (flow.ts) with each client in turn, shows the results,
// and leaves them in window.__results for a test to read.
import { createApolloPageClient } from './apollo';
import { runFlow, type ClientFactory, type ClientName, type FlowRun, type PageGlobals } from './flow';
import { createUrqlPageClient } from './urql';

const globals: PageGlobals = window as Window & PageGlobals;

const FACTORIES: Record<ClientName, ClientFactory> = { apollo: createApolloPageClient, urql: createUrqlPageClient };

function isClientName(value: string): value is ClientName {
  return value in FACTORIES;
}

function show(text: string): void {
  const output = document.getElementById('output');
  if (output !== null) output.textContent = text;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const url = params.get('gateway');
  const token = params.get('token');
  if (url === null || token === null) throw new Error('Open this page with ?gateway=<URL of /graphql>&token=<bearer token>');
  const names = (params.get('clients') ?? 'apollo,urql').split(',');
  const trusted = params.get('trusted') === '1';
  const results: FlowRun[] = [];
  for (const name of names) {
    if (!isClientName(name)) throw new Error(`Unknown client "${name}" (apollo or urql)`);
    show(`running ${name}…`);
    // One client after the other, so that each one's requests are easy to tell apart.
    results.push(await runFlow(name, FACTORIES[name], { url, token, trusted }));
  }
  show(JSON.stringify(results, null, 2));
  globals.__results = results;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  show(message);
  globals.__pageError = message;
});
