// `node .bench/dist/bench/trusted-profile.js [seconds] [--by-text] [--entities]`: a gateway (dist/main.js,
// NODE_ENV=production, TRUSTED_DOCUMENTS_MODE=enforce, on the bench's fake Graph) under a load of
// createManagedAppRegistration (or, with --entities, `_entities` with the bench's 45 references) sent by documentId
// (or by its text), run under `node --cpu-prof`; prints the CPU-µs per operation, where the gateway's sampled time
// went by code (graphql-js's execution, the rest of graphql-js, the gateway, undici, node). The share of
// graphql-js's own execution is the most a compiled plan (graphql-jit, a generator) could take off a create by id
// (contract §13 "prepared at start"; issue 22 scope 3 decided execute vs a compiled plan on these figures).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/helpers/ports';
import { PROJECT_ROOT } from '../test/helpers/project';
import { BENCH_AUTHORIZATION, registrationId } from './fixtures';
import { OPERATION, QUERY } from './operations';
import { clockTicks, cpuTicks } from './proc-stats';
import { logShare } from './profile-share';
import { ChildRegistry, detectPinning, LOAD_CPU, MEASURED_CPU } from './processes';
import { gatewayArgs, gatewayEnv, gatewaySettings } from './servers';

type CpuProfile = Parameters<typeof logShare>[0];

/** Where a sample's own frame is, first match wins. */
const CODE: ReadonlyArray<readonly [string, RegExp]> = [
  ['graphql-js execution (execute, values, coercion)', /node_modules\/graphql\/(execution|utilities\/(valueFromAST|coerceInputValue|astFromValue))/],
  ['graphql-js other (type, jsutils, language)', /node_modules\/graphql\//],
  ['gateway (dist/)', /\/dist\//],
  ['undici', /node_modules\/undici\//],
  ['other packages', /node_modules\//],
  ['node and V8 (http, streams, GC)', /./],
];

/** Self time by CODE, idle excluded. */
export function profileShares(profile: CpuProfile): { readonly busyMs: number; readonly shares: ReadonlyArray<readonly [string, number]> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ms = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const delta = profile.timeDeltas[i]! / 1000;
    busy += delta;
    const label = CODE.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? 'node and V8 (http, streams, GC)';
    ms.set(label, (ms.get(label) ?? 0) + delta);
  });
  return { busyMs: busy, shares: CODE.map(([label]) => [label, (ms.get(label) ?? 0) / busy] as const) };
}

/** The `count` functions with the most self time, idle excluded, as `share name file:line`. */
export function topSelf(profile: CpuProfile, count: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ms = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id) as (CpuProfile['nodes'][number] & { callFrame: { lineNumber?: number } }) | undefined;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const delta = profile.timeDeltas[i]!;
    busy += delta;
    const where = node.callFrame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${(node.callFrame.lineNumber ?? 0) + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + delta);
  });
  return [...ms.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)} % ${key}`);
}

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const byText = process.argv.includes('--by-text');
  const entities = process.argv.includes('--entities');
  const text = entities ? QUERY.entities : QUERY.createManagedAppRegistration;
  const id = `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'trusted-profile-'));
  const registry = new ChildRegistry(detectPinning());
  try {
    const manifest = path.join(dir, 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [id]: text }));
    const graphPort = await freePort();
    const graph = registry.spawnNode('fake Graph', LOAD_CPU, [path.join(__dirname, 'fake-graph.js')], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(graphPort) } });
    await graph.waitForLine((line) => line.ready === true);
    const port = await freePort();
    const env = { ...gatewayEnv(undefined, port, `http://127.0.0.1:${graphPort}/beta`), TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_MODE: 'enforce' };
    // --server floor|tuned: the bench's references under the same load, profiled the same way.
    const reference = process.argv.includes('--floor') ? path.join(__dirname, 'floor.js') : process.argv.includes('--tuned') ? path.join(__dirname, 'tuned-apollo.js') : undefined;
    const profiler = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    const args = reference === undefined ? gatewayArgs(profiler) : [...profiler, reference];
    const gateway = registry.spawnNode('gateway', MEASURED_CPU, args, { cwd: PROJECT_ROOT, env });
    await gateway.waitFor200(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 30_000, pollMs: 20 });
    const variables = entities
      ? { representations: Array.from({ length: 45 }, (_v, i) => ({ __typename: 'ManagedAppRegistration', id: registrationId(i) })) }
      : { input: { deviceTag: 'bench', flaggedReasons: ['ROOTED_DEVICE'], appIdentifier: { android: { packageId: 'com.bench' } } } };
    const operationName = entities ? OPERATION.entities : OPERATION.createManagedAppRegistration;
    const body = JSON.stringify(byText ? { query: text, operationName, variables } : { documentId: id, variables });
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json,application/json;q=0.9', authorization: BENCH_AUTHORIZATION };
    const url = `http://127.0.0.1:${port}/graphql`;
    await load({ url, method: 'POST', headers, body, connections: 8, duration: 2 }); // warm-up
    const before = cpuTicks(gateway.pid);
    const result = await load({ url, method: 'POST', headers, body, connections: 8, duration: seconds });
    const ticks = cpuTicks(gateway.pid) - before;
    await gateway.stop();
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    const profile = file === undefined ? undefined : (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile);
    const shares = profile === undefined ? undefined : profileShares(profile);
    if (profile !== undefined && process.env.KEEP_PROFILE) writeFileSync(process.env.KEEP_PROFILE, JSON.stringify(profile));
    const cpuUsPerOp = (ticks * 1e6) / clockTicks().perSecond / Math.max(1, result.requests.total);
    console.log(
      JSON.stringify(
        {
          // What differs from `npm start`'s defaults (bench/servers.ts's changes, plus the manifest in enforce and the profiler).
          gatewayChanges: reference === undefined ? { ...gatewaySettings(undefined, '<free port>', '<fake Graph>'), TRUSTED_DOCUMENTS: '<a manifest of the one operation>', TRUSTED_DOCUMENTS_MODE: 'enforce', nodeFlags: '--cpu-prof' } : undefined,
          carrier: byText ? 'text' : 'documentId',
          requests: result.requests.total,
          non2xx: result.non2xx,
          cpuUsPerOp: Math.round(cpuUsPerOp),
          profiledBusyMs: Math.round(shares?.busyMs ?? 0),
          shares: Object.fromEntries((shares?.shares ?? []).map(([label, share]) => [label, `${(100 * share).toFixed(1)} %`])),
          topSelf: profile === undefined ? [] : topSelf(profile, 30),
        },
        null,
        2,
      ),
    );
  } finally {
    await registry.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
