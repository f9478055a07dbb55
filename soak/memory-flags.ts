// `node .chaos/dist/soak/memory-flags.js`: what runtime settings buy. For each node binary × candidate (node flags and
// environment), a fresh `node <flags> dist/main.js` takes the hostile-input flood of test/integration/flood.test.ts
// and another a burst of creates; the gateway's peak RSS (VmHWM) and CPU (utime + stime from /proc) are read from
// outside it. Each cell runs --runs times; the medians are printed (the machine is shared: single runs are noise).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { createEmulator } from '../src/emulator';
import { Flags } from '../test/helpers/flags';
import { malformedFlood, runFlood } from '../test/helpers/malformed-flood';
import { freePort } from '../test/helpers/ports';
import { procMemoryBytes } from '../test/helpers/proc-status';
import { GATEWAY_MAIN, PROJECT_ROOT } from '../test/helpers/project';
import { runScript } from '../test/helpers/runner';
import { AUTHORIZATION } from '../test/helpers/stack';

interface Candidate {
  readonly name: string;
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'none', flags: [], env: {} },
  { name: 'semi 16', flags: ['--max-semi-space-size=16'], env: {} },
  { name: 'semi 8', flags: ['--max-semi-space-size=8'], env: {} },
  { name: 'semi 4', flags: ['--max-semi-space-size=4'], env: {} },
  { name: 'semi 8 + old 256', flags: ['--max-semi-space-size=8', '--max-old-space-size=256'], env: {} },
  { name: 'semi 8 + arenas 2', flags: ['--max-semi-space-size=8'], env: { MALLOC_ARENA_MAX: '2' } },
  { name: 'old 256', flags: ['--max-old-space-size=256'], env: {} },
  { name: 'semi 8 + old 384', flags: ['--max-semi-space-size=8', '--max-old-space-size=384'], env: {} },
  { name: 'semi 4 + old 256', flags: ['--max-semi-space-size=4', '--max-old-space-size=256'], env: {} },
];

const CREATE = JSON.stringify({
  query: 'mutation M($input: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $input) { id deviceTag createdDateTime } }',
  variables: { input: { deviceTag: 'flags', platformVersion: '14', appIdentifier: { android: { packageId: 'com.contoso.flags' } }, flaggedReasons: ['ROOTED_DEVICE'] } },
});

/** utime + stime of `pid` in seconds (Linux clock ticks: 100 per second). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startGateway(node: string, candidate: Candidate, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(node, [...candidate.flags, GATEWAY_MAIN], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...candidate.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${node} ${candidate.flags.join(' ')} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { child, url: `${url}/graphql` };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gateway not ready in 30 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Measurement {
  readonly floodPeakMb: number;
  readonly createPeakMb: number;
  readonly createCpuUsPerOp: number;
  readonly createRps: number;
}

async function measureOnce(node: string, candidate: Candidate, seconds: number): Promise<Measurement> {
  const flood = await startGateway(node, candidate, {});
  let floodPeakMb: number;
  try {
    await runFlood(malformedFlood(flood.url), 8);
    floodPeakMb = procMemoryBytes(flood.child.pid!, 'VmHWM') / 1024 / 1024;
  } finally {
    await stop(flood.child);
  }
  // Graph is an emulator in this process: its store is emptied every second so that only the gateway grows.
  const emulator = createEmulator();
  const graph = await emulator.listen(0, '127.0.0.1');
  const reset = setInterval(() => {
    emulator.store.reset();
    emulator.clearRequests();
  }, 1000);
  const creates = await startGateway(node, candidate, { GRAPH_BASE_URL: graph });
  try {
    const pid = creates.child.pid!;
    const cpuBefore = cpuSeconds(pid);
    const result = await autocannon({
      url: creates.url,
      connections: 16,
      duration: seconds,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTHORIZATION }, body: CREATE }],
    });
    const cpu = cpuSeconds(pid) - cpuBefore;
    return {
      floodPeakMb,
      createPeakMb: procMemoryBytes(pid, 'VmHWM') / 1024 / 1024,
      createCpuUsPerOp: (cpu * 1e6) / Math.max(1, result.requests.total),
      createRps: result.requests.average,
    };
  } finally {
    clearInterval(reset);
    await stop(creates.child);
    await emulator.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['runs', 'seconds', 'node', 'only'] });
  const runs = flags.int('runs', 3, { max: 20 });
  const seconds = flags.int('seconds', 10, { max: 120 });
  const nodes = (flags.get('node') ?? process.execPath).split(',');
  const only = flags.get('only');
  const candidates = only === undefined ? CANDIDATES : CANDIDATES.filter((c) => only.split(',').includes(c.name));
  const rows: string[] = ['node,candidate,run,flood_peak_mb,create_peak_mb,create_cpu_us_per_op,create_rps'];
  const summary: string[] = [];
  // Interleaved (every cell once per round) so that a machine whose load drifts weighs on every cell alike.
  const results = new Map<string, Measurement[]>();
  const versions = new Map(nodes.map((node) => [node, spawnVersion(node)]));
  const key = (node: string, candidate: Candidate): string => `${versions.get(node)!}\t${candidate.name}`;
  for (let run = 0; run < runs; run++) {
    for (const node of nodes) {
      for (const candidate of candidates) {
        const m = await measureOnce(node, candidate, seconds);
        results.set(key(node, candidate), [...(results.get(key(node, candidate)) ?? []), m]);
        rows.push([versions.get(node), candidate.name, run, m.floodPeakMb.toFixed(1), m.createPeakMb.toFixed(1), m.createCpuUsPerOp.toFixed(0), m.createRps.toFixed(0)].join(','));
        process.stdout.write(`${rows[rows.length - 1]}\n`);
      }
    }
  }
  for (const node of nodes) {
    for (const candidate of candidates) {
      const cell = results.get(key(node, candidate))!;
      const med = (f: (m: Measurement) => number): string => median(cell.map(f)).toFixed(0);
      const env = JSON.stringify(candidate.env) === '{}' ? '' : ` ${JSON.stringify(candidate.env)}`;
      summary.push(`| ${versions.get(node)!} | ${candidate.name}${env} | ${med((m) => m.floodPeakMb)} | ${med((m) => m.createPeakMb)} | ${med((m) => m.createCpuUsPerOp)} | ${med((m) => m.createRps)} |`);
    }
  }
  const out = path.join(PROJECT_ROOT, '.chaos', `memory-flags-${Date.now()}.csv`);
  writeFileSync(out, `${rows.join('\n')}\n`);
  process.stdout.write(`\n| node | setting | flood peak RSS MB | creates peak RSS MB | CPU µs/create | creates/s |\n|---|---|---|---|---|---|\n${summary.join('\n')}\n\nmedians of ${runs} runs; every run: ${out}\n`);
  return 0;
}

function spawnVersion(node: string): string {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
}

runScript('memory-flags', 'usage: node .chaos/dist/soak/memory-flags.js [--runs N] [--seconds S] [--node PATH[,PATH]] [--only NAME[,NAME]]', main);
