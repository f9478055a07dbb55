import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { procMemoryBytes } from '../helpers/proc-status';
import { malformedFlood, runFlood, VALID_OPERATION } from '../helpers/malformed-flood';
import { spawnGateway, type GatewayProcess } from '../helpers/process';
import { PROJECT_ROOT } from '../helpers/project';
import { parseStartScript, startCommand } from '../helpers/start-command';

/**
 * Memory under hostile input: a bounded flood of malformed and oversized
 * requests (test/helpers/malformed-flood.ts) against dist/main.js, run as
 * `npm start` runs it and with the low-memory node flags docs/operations.md
 * ("Memory") gives operators (read from that page, so page and test agree).
 * Only validated documents may be cached, in caches bounded in bytes (read
 * from /metrics at the end: the exact guard); bodies over the limit are
 * refused by their Content-Length before they are read; over-long ids are
 * refused before any call. The process's peak RSS (VmHWM, from /proc) is
 * printed and bounded:
 *
 * - `npm start` leaves the heap's sizing to Node (docs/performance.md, "Node's
 *   own heap sizing"): V8 then lets this flood's garbage (1 MB strings and
 *   buffers) gather to 220–250 MB on Node 20 and 360–430 MB on Node 24 before
 *   it collects it. The bounds leave room for that and catch memory that grows
 *   with the flood.
 * - With the low-memory flags: under 200 MB on Node 20 and 250 MB on Node 24
 *   (issue 23's targets), what the operations page promises.
 */
const NODE_24 = Number(process.versions.node.split('.')[0]) >= 24;
const CACHE_BYTES = 16 * 1024 * 1024;

/** The node flags of the low-memory command in docs/operations.md's "Memory" section. */
function lowMemoryFlags(): readonly string[] {
  const page = readFileSync(path.join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');
  const section = page.slice(page.indexOf('## Memory'));
  const command = /```sh\n(node [^\n]*dist\/main\.js)\n```/.exec(section)?.[1];
  if (command === undefined) throw new Error('docs/operations.md "Memory" has no ```sh block with a node … dist/main.js command');
  return parseStartScript(command).nodeArgs;
}

function peakRssMb(pid: number): number {
  return Math.round(procMemoryBytes(pid, 'VmHWM') / 1024 / 1024);
}

const COMMANDS = [
  { name: "npm start's command", nodeArgs: startCommand().nodeArgs, limitMb: NODE_24 ? 650 : 400 },
  { name: 'the low-memory flags of docs/operations.md', nodeArgs: lowMemoryFlags(), limitMb: NODE_24 ? 250 : 200 },
];

it('reads the low-memory command from the operations page', () => {
  expect(COMMANDS[1]!.nodeArgs).toEqual(['--max-semi-space-size=8', '--max-old-space-size=384']);
});

describe.each(COMMANDS)('memory under a flood of malformed requests, $name', ({ nodeArgs, limitMb }) => {
  let gateway: GatewayProcess;
  let url: string;
  beforeAll(async () => {
    gateway = spawnGateway({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' }, { nodeArgs });
    const ready = await gateway.waitForLine((l) => l.msg === 'gateway ready', 15_000);
    url = ready.url as string;
  });
  afterAll(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  });

  it(`keeps the peak RSS under ${limitMb} MB and still serves`, async () => {
    const pid = gateway.child.pid!;
    const atStart = peakRssMb(pid);
    const valid = VALID_OPERATION;
    const sends = malformedFlood(url);
    const statuses = await runFlood(sends, 8);
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
      `flood (${process.version} node ${nodeArgs.join(' ')}): ${sends.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, peak RSS ${atStart} MB at start, ${peak} MB after; caches ${JSON.stringify(caches)} bytes, ${JSON.stringify(documents)} documents\n`,
    );
    // The 120 distinct valid 1 MB documents are cached within the bound (each counts about 4 MB); the invalid ones not at all.
    expect(caches.lean).toBeLessThanOrEqual(CACHE_BYTES);
    expect(caches.lean).toBeGreaterThan(CACHE_BYTES / 2);
    // At most four of the 1 MB ones fit, with the two small valid operations of the flood and the check after it.
    expect(documents.lean).toBeLessThanOrEqual(6);
    expect(documents.apollo).toBe(0);
    expect(peak).toBeLessThan(limitMb);
  }, 180_000);
});
