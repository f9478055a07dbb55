// `npm run soak`: a bounded soak of the gateway (default 2 minutes), loopback
// only; exit 1 on memory growth past the stated bound, on any error, or on an
// unclean shutdown.
import path from 'node:path';
import { formatTable } from '../chaos/table';
import { Flags } from '../test/helpers/flags';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript, writeResult } from '../test/helpers/runner';
import { mb } from './memory';
import { GATEWAY_MODES, GROWTH_FLOOR_BYTES, GROWTH_FRACTION, runSoak, type SoakResult } from './soak';

const USAGE = `usage: npm run soak -- [--seconds N] [--connections C] [--gateway child|in-process]
  --seconds N       how long the load runs (default 120)
  --connections C   concurrent client connections (default 16)
  --gateway child   the gateway as \`node dist/main.js\` (built first), RSS only (default)
  --gateway in-process   the gateway in this process with the emulator: RSS and V8 heap, but both include the emulator and autocannon`;

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['seconds', 'connections', 'gateway'] });
  const seconds = flags.int('seconds', 120, { max: 3600 });
  const connections = flags.int('connections', 16, { max: 1024 });
  const mode = flags.oneOf('gateway', GATEWAY_MODES, 'child');
  process.stdout.write(`soak: ${seconds} s, ${connections} connections, gateway ${mode === 'child' ? 'as a child process (node dist/main.js, built first)' : 'in-process'}\n`);
  const result = await runSoak({ seconds, connections, mode });
  process.stdout.write(`${formatSoak(result)}\n`);
  writeResult(path.join(PROJECT_ROOT, '.chaos', 'soak-latest.json'), result);
  return result.passed ? 0 : 1;
}

function formatSoak(r: SoakResult): string {
  const out: string[] = [];
  const env = Object.entries(r.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(' ');
  out.push(`gateway: ${r.mode === 'child' ? 'child process' : 'in-process'}, ${env}, GRAPH_BASE_URL = in-process emulator on 127.0.0.1 (emptied at every sample)`);
  out.push(`load: autocannon, ${r.connections} connections, ${r.seconds} s; per connection a loop of 8 requests: 2 creates (registration, install status), 3 managedAppRegistration(id), 3 managedAppRegistrations(first: 10)`);
  out.push('');
  const heap = (s: SoakResult['samples'][number]): string => (s.heapUsedBytes === null ? 'n/a' : mb(s.heapUsedBytes));
  out.push(`Memory samples (every ${r.intervalSeconds} s; warm-up ${r.warmupSeconds} s; MB = MiB)`);
  out.push(
    formatTable(
      ['t (s)', 'RSS MB', 'peak RSS MB', 'heap MB', 'responses', 'errors', 'emulator records dropped'],
      r.samples.map((s) => [s.t.toFixed(1), mb(s.rssBytes), mb(s.hwmBytes), heap(s), s.responses, s.errors, s.emulatorRecords]),
    ),
  );
  out.push('');
  const growth = r.end.rssBytes - r.baseline.rssBytes;
  out.push(`RSS start ${mb(r.start.rssBytes)} MB (before load), post-warm-up baseline ${mb(r.baseline.rssBytes)} MB (t=${r.baseline.t} s), peak ${mb(r.peakRssBytes)} MB (VmHWM; highest sample ${mb(r.peakSampledRssBytes)} MB), end ${mb(r.end.rssBytes)} MB`);
  if (r.mode === 'in-process') out.push(`heap start ${heap(r.start)} MB, baseline ${heap(r.baseline)} MB, end ${heap(r.end)} MB`);
  out.push(
    `memory bound: end RSS <= baseline + max(${mb(GROWTH_FLOOR_BYTES)} MB, ${GROWTH_FRACTION * 100}% of baseline) = ${mb(r.boundBytes)} MB; growth after warm-up ${growth >= 0 ? '+' : ''}${mb(growth)} MB: ${r.memoryOk ? 'ok' : 'FAIL'}`,
  );
  const a = r.autocannon;
  out.push(`requests: ${r.counters.responses} GraphQL responses checked (autocannon: ${a.requests} requests, ${a.requestsPerSecond} req/s, latency p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms, max ${a.maxMs} ms)`);
  out.push(`  by operation: ${Object.entries(r.counters.byOperation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(`  null reads (record emptied from the emulator before it was read back, not an error): ${r.counters.nullReads}`);
  out.push(`errors: ${r.counters.errors} GraphQL/HTTP errors, ${a.errors} connection errors, ${a.timeouts} timeouts, ${a.non2xx} non-2xx: ${r.counters.errors + a.errors + a.timeouts + a.non2xx === 0 ? 'ok' : 'FAIL'}`);
  for (const sample of r.counters.errorSamples) out.push(`  ${sample}`);
  if (r.died !== null) out.push(`GATEWAY DIED during the soak: ${r.died}`);
  if (r.mode === 'child' && r.died === null) out.push(`shutdown: SIGTERM, exit code ${String(r.exitCode)}: ${r.exitCode === 0 ? 'ok' : 'FAIL'}`);
  if (r.notableLogLines.length > 0) {
    out.push('gateway log lines at warn or above, by message (a 404 read is logged at warn; the emptied emulator makes some):');
    for (const line of r.notableLogLines) out.push(`  ${line.slice(0, 300)}`);
  }
  out.push('');
  out.push(r.passed ? 'PASS' : 'FAIL');
  return out.join('\n');
}

runScript('soak', USAGE, main);
