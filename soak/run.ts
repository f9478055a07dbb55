// `npm run soak`: a bounded soak of the gateway (default 30 minutes), loopback
// only; exit 1 on memory growth past the stated bound, on any error, or on an
// unclean shutdown. The gateway runs on the node that runs this script: put
// Node 24 first on PATH to soak what users deploy.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatTable } from '../chaos/table';
import { Flags } from '../test/helpers/flags';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript, writeResult } from '../test/helpers/runner';
import { mb } from './memory';
import { GATEWAY_MODES, GROWTH_FRACTION, runSoak, type SoakResult } from './soak';

const USAGE = `usage: npm run soak -- [--minutes N | --seconds N] [--connections C] [--gateway child|in-process]
  --minutes N       how long the load runs (default 30); the first sixth (at most 5 minutes) is warm-up
  --seconds N       the same in seconds, for short checks
  --connections C   concurrent client connections (default 16)
  --gateway child   the gateway as \`node dist/main.js\` (built first), RSS only (default)
  --gateway in-process   the gateway in this process with the emulator: RSS and V8 heap, but both include the emulator and autocannon`;

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['minutes', 'seconds', 'connections', 'gateway'] });
  const minutes = flags.int('minutes', 30, { max: 24 * 60 });
  const seconds = flags.has('seconds') ? flags.int('seconds', 120, { min: 10, max: 24 * 3600 }) : minutes * 60;
  const connections = flags.int('connections', 16, { max: 1024 });
  const mode = flags.oneOf('gateway', GATEWAY_MODES, 'child');
  process.stdout.write(`soak: ${seconds} s, ${connections} connections, gateway ${mode === 'child' ? 'as a child process (npm start\'s command, built first)' : 'in-process'} on Node ${process.version}\n`);
  if (Number(process.versions.node.split('.')[0]) < 24) process.stdout.write('  (not Node 24, which users deploy: put it first on PATH)\n');
  const result = await runSoak({ seconds, connections, mode });
  process.stdout.write(`${formatSoak(result)}\n`);
  writeResult(path.join(PROJECT_ROOT, '.chaos', 'soak-latest.json'), result);
  const csv = path.join(PROJECT_ROOT, '.chaos', 'soak-latest.csv');
  writeFileSync(csv, soakCsv(result));
  process.stdout.write(`samples: ${csv}\n`);
  return result.passed ? 0 : 1;
}

function formatSoak(r: SoakResult): string {
  const out: string[] = [];
  const env = Object.entries(r.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(' ');
  out.push(`gateway: ${r.mode === 'child' ? 'child process' : 'in-process'}, ${env}, GRAPH_BASE_URL = in-process emulator on 127.0.0.1 (emptied at every sample)`);
  out.push(`load: autocannon, ${r.connections} connections, ${r.seconds} s; per connection a loop of 10 requests: 3 creates (registration, install status, a bulk of 5 registrations), 3 managedAppRegistration(id), 2 managedAppRegistrations(first: 10), 1 _entities, 1 bad input (in turn: a document that does not parse, an enum value that is not one, a body that is not JSON)`);
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
  out.push(`RSS start ${mb(r.start.rssBytes)} MB (before load), peak ${mb(r.peakRssBytes)} MB (VmHWM; highest sample ${mb(r.peakSampledRssBytes)} MB)`);
  if (r.mode === 'in-process') out.push(`heap start ${heap(r.start)} MB, baseline ${heap(r.baseline)} MB, end ${heap(r.end)} MB`);
  const slope = r.slopeBytesPerMinute;
  out.push(`RSS slope after the warm-up: ${slope >= 0 ? '+' : ''}${mb(slope)} MB/min (${slope >= 0 ? '+' : ''}${mb(slope * 60)} MB/h), least squares over the samples from t=${r.warmupSeconds} s`);
  out.push(
    `memory bound: RSS at the end (t=${r.end.t} s) ${mb(r.endRssBytes)} MB within ${GROWTH_FRACTION * 100} % of RSS at the end of the warm-up (t=${r.baseline.t} s) ${mb(r.baselineRssBytes)} MB (each the median of its last minute of samples): ratio ${r.ratio.toFixed(3)}: ${r.memoryOk ? 'ok' : 'FAIL'}`,
  );
  const a = r.autocannon;
  out.push(`requests: ${r.counters.responses} GraphQL responses checked (autocannon: ${a.requests} requests, ${a.requestsPerSecond} req/s, latency p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms, max ${a.maxMs} ms)`);
  out.push(`  by operation: ${Object.entries(r.counters.byOperation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(`  null reads (record emptied from the emulator before it was read back, not an error): ${r.counters.nullReads}`);
  out.push(`  bad input refused as bad input (not an error): ${r.counters.refused}, ${r.counters.refusedNon2xx} of them with HTTP 400`);
  const non2xx = a.non2xx - r.counters.refusedNon2xx;
  out.push(`errors: ${r.counters.errors} GraphQL/HTTP errors, ${a.errors} connection errors, ${a.timeouts} timeouts, ${non2xx} non-2xx besides the ${r.counters.refusedNon2xx} refusals of bad input: ${r.counters.errors + a.errors + a.timeouts + non2xx === 0 ? 'ok' : 'FAIL'}`);
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

/** One line per sample: what the soak saw, for a plot. */
function soakCsv(r: SoakResult): string {
  const rows = r.samples.map((s) => [s.t, (s.rssBytes / 1048576).toFixed(2), (s.hwmBytes / 1048576).toFixed(2), s.heapUsedBytes === null ? '' : (s.heapUsedBytes / 1048576).toFixed(2), s.responses, s.errors].join(','));
  return `t_s,rss_mib,peak_rss_mib,heap_used_mib,responses,errors\n${rows.join('\n')}\n`;
}

runScript('soak', USAGE, main);
