// The hostile-input flood of test/integration/flood.test.ts as data, so that soak/memory-flags.ts measures runtime
// settings under exactly the load the test bounds: 500 malformed or oversized requests, 8 at a time.
import { request } from 'undici';
import { AUTHORIZATION } from './stack';

export type Send = () => Promise<number>;

const MB = 1_000_000;

/** The one valid operation the flood pads; the gateway answers it with its version. */
export const VALID_OPERATION = '{ gatewayInfo { version } }';

/** A query text of about `size` characters: `core`, then a comment that pads it. */
function padded(core: string, i: number, size: number): string {
  const head = `${core} # ${i} `;
  return head + 'x'.repeat(size - head.length);
}

/** POSTs `body` and returns the status; -1 when the connection failed. */
async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTHORIZATION, ...headers }, body });
    await res.body.dump();
    return res.statusCode;
  } catch {
    // The gateway may close a connection it refused (413) while the body is still being sent.
    return -1;
  }
}

/** The flood's 500 requests against `url` (the gateway's /graphql). */
export function malformedFlood(url: string): Send[] {
  return [
    // Distinct 1 MB documents that parse but do not validate: never cached.
    ...Array.from({ length: 120 }, (_v, i) => () => post(url, JSON.stringify({ query: padded(`{ gatewayInfo { nope${i} } }`, i, MB) }))),
    // Distinct 1 MB documents that validate: cached, within GRAPHQL_DOCUMENT_CACHE_BYTES.
    ...Array.from({ length: 120 }, (_v, i) => () => post(url, JSON.stringify({ query: padded(VALID_OPERATION, i, MB) }), { accept: 'application/graphql-response+json' })),
    // 1 MB that do not parse.
    ...Array.from({ length: 60 }, (_v, i) => () => post(url, JSON.stringify({ query: padded(`{ gatewayInfo { ${'('.repeat(10)}`, i, MB).replace(/#/, '') }))),
    // Deep nesting: past MAX_QUERY_TOKENS, refused by the parser.
    ...Array.from({ length: 60 }, (_v, i) => () => post(url, JSON.stringify({ query: `{ f${i} ${'{ a '.repeat(100_000)}${'}'.repeat(100_000)} }` }))),
    // Not JSON.
    ...Array.from({ length: 60 }, (_v, i) => () => post(url, `{"query": "${i}${'x'.repeat(MB)}`)),
    // 20 MB bodies: refused by Content-Length before they are read.
    ...Array.from({ length: 40 }, () => () => post(url, 'x'.repeat(20 * MB))),
    // Huge variables for a valid operation.
    ...Array.from({ length: 40 }, (_v, i) => () => post(url, JSON.stringify({ query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: { id: `${i}`.padEnd(MB - 200, 'x') } }))),
  ];
}

/** Runs the sends with `concurrency` at a time; every one finishes. Resolves with the count of each status. */
export async function runFlood(sends: readonly Send[], concurrency: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sends.length) {
      const status = await sends[next++]!();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
