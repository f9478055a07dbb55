import { request } from 'undici';
import { AUTHORIZATION } from '../helpers/stack';
import { procMemoryBytes } from '../helpers/proc-status';
import { spawnGateway, type GatewayProcess } from '../helpers/process';

/**
 * Memory under hostile input: a bounded flood of malformed and oversized
 * requests against `node dist/main.js` (what users run). Only validated
 * documents may be cached, in caches bounded in bytes (read from /metrics
 * at the end: the exact guard); bodies over the limit are refused by their
 * Content-Length before they are read; over-long ids are refused before any
 * call. The process's peak RSS (VmHWM, from /proc) is printed and bounded
 * loosely: most of it is garbage V8 has not collected yet (measured: about
 * 225 MB on Node 20 and 375 MB on Node 24 for this flood; the issue's
 * 200 MB target is not met yet, see README, Operations).
 */
const PEAK_RSS_LIMIT_MB = 600;
const CACHE_BYTES = 16 * 1024 * 1024;
const MB = 1_000_000;

function peakRssMb(pid: number): number {
  return Math.round(procMemoryBytes(pid, 'VmHWM') / 1024 / 1024);
}

/** A query text of about `size` characters: `core`, then a comment that pads it. */
function padded(core: string, i: number, size: number): string {
  const head = `${core} # ${i} `;
  return head + 'x'.repeat(size - head.length);
}

type Send = () => Promise<number>;

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

/** Runs the sends with `concurrency` at a time; every one finishes. */
async function flood(sends: Send[], concurrency: number): Promise<Map<number, number>> {
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

describe('memory under a flood of malformed requests', () => {
  let gateway: GatewayProcess;
  let url: string;
  beforeAll(async () => {
    gateway = spawnGateway({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' });
    const ready = await gateway.waitForLine((l) => l.msg === 'gateway ready', 15_000);
    url = ready.url as string;
  });
  afterAll(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  });

  it(`keeps the peak RSS under ${PEAK_RSS_LIMIT_MB} MB and still serves`, async () => {
    const pid = gateway.child.pid!;
    const atStart = peakRssMb(pid);
    const valid = '{ gatewayInfo { version } }';
    const sends: Send[] = [
      // Distinct 1 MB documents that parse but do not validate: never cached.
      ...Array.from({ length: 120 }, (_v, i) => () => post(url, JSON.stringify({ query: padded(`{ gatewayInfo { nope${i} } }`, i, MB) }))),
      // Distinct 1 MB documents that validate: cached, within GRAPHQL_DOCUMENT_CACHE_BYTES.
      ...Array.from({ length: 120 }, (_v, i) => () => post(url, JSON.stringify({ query: padded(valid, i, MB) }), { accept: 'application/graphql-response+json' })),
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
    const statuses = await flood(sends, 8);
    const peak = peakRssMb(pid);
    // Every request was answered or refused; none made the gateway fail.
    expect(statuses.get(500)).toBeUndefined();
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(sends.length);
    expect(statuses.get(413)! + (statuses.get(-1) ?? 0)).toBeGreaterThanOrEqual(40);
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: valid }) });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ data: { gatewayInfo: { version: '0.1.0' } } });
    const metrics = await (await request(`${new URL(url).origin}/metrics`)).body.text();
    const gauge = (name: string, cache: string): number => Number(new RegExp(`^${name}\\{cache="${cache}"\\} (\\d+)$`, 'm').exec(metrics)![1]);
    const caches = { lean: gauge('graphql_document_cache_bytes', 'lean'), apollo: gauge('graphql_document_cache_bytes', 'apollo') };
    const documents = { lean: gauge('graphql_document_cache_documents', 'lean'), apollo: gauge('graphql_document_cache_documents', 'apollo') };
    process.stdout.write(
      `flood (${process.version}): ${sends.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, peak RSS ${atStart} MB at start, ${peak} MB after; caches ${JSON.stringify(caches)} bytes, ${JSON.stringify(documents)} documents\n`,
    );
    // The 120 distinct valid 1 MB documents are cached within the bound (each counts about 4 MB); the invalid ones not at all.
    expect(caches.lean).toBeLessThanOrEqual(CACHE_BYTES);
    expect(caches.lean).toBeGreaterThan(CACHE_BYTES / 2);
    // At most four of the 1 MB ones fit, with the two small valid operations of the flood and the check after it.
    expect(documents.lean).toBeLessThanOrEqual(6);
    expect(documents.apollo).toBe(0);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT_MB);
  }, 60_000);
});
