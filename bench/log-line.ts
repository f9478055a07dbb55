// `node .bench/dist/bench/log-line.js > /dev/null`: the CPU cost of one per-operation log line, in process, through
// the logger exactly as the gateway builds it (its own destination on stdout, its redaction, its formatters).
// The lines go to stdout, so send stdout to /dev/null; the result goes to stderr. `--logger` measures another
// build of the logger module (e.g. an older commit's, compiled), for an old-vs-new comparison in one session.
import path from 'node:path';
import { Flags } from '../test/helpers/flags';
import { runScript } from '../test/helpers/runner';
import type { Logger } from '../src/observability/logger';

const USAGE = `Usage: node .bench/dist/bench/log-line.js [options] > /dev/null

  --lines N     info lines per run (default 100000)
  --runs N      runs, each reported; the median is printed last (default 5)
  --logger P    a compiled logger module exporting createLogger(level) (default: this tree's)
  --help        this text
`;

/** Lines written between two turns of the event loop, about what a busy gateway writes per turn. */
const BURST = 32;

type CreateLogger = (level: 'info') => Logger;

/** The fields of the gateway's per-operation line (src/observability/operation-plugin.ts), with realistic values. */
function operationFields(i: number): Record<string, unknown> {
  return {
    operationName: 'CreateRegistration',
    operationType: 'mutation',
    durationMs: 3.4,
    outcome: 'ok',
    upstreamCalls: 1,
    clientRequestIds: [`0b6f3c1e-5d2a-4c47-9e0f-${String(i).padStart(12, '0')}`],
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** CPU µs per line: `lines` lines in bursts, then the destination flushed, all counted (user + system). */
async function measure(log: Logger, lines: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < lines; i += BURST) {
    for (let j = i; j < i + BURST && j < lines; j++) log.info(operationFields(j), 'graphql operation');
    await turn();
  }
  // The callback comes after the last write; its fsync fails (EINVAL) on /dev/null and pipes, which is expected.
  await new Promise<void>((resolve, reject) => log.flush((error) => (error && (error as NodeJS.ErrnoException).code !== 'EINVAL' ? reject(error) : resolve())));
  for (let i = 0; i < 3; i++) await turn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / lines;
}

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['lines', 'runs', 'logger'] });
  const lines = flags.int('lines', 100_000, { max: 10_000_000 });
  const runs = flags.int('runs', 5, { max: 50 });
  const modulePath = path.resolve(flags.get('logger') ?? path.join(__dirname, '../src/observability/logger.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module chosen at run time
  const { createLogger } = require(modulePath) as { createLogger: CreateLogger };
  const log = createLogger('info');
  await measure(log, Math.min(lines, 20_000)); // warm-up: let V8 optimise the path first
  const results: number[] = [];
  for (let run = 1; run <= runs; run++) {
    results.push(await measure(log, lines));
    process.stderr.write(`run ${run}: ${results[results.length - 1]!.toFixed(2)} CPU-µs per line\n`);
  }
  const sorted = [...results].sort((a, b) => a - b);
  process.stderr.write(`${path.relative(process.cwd(), modulePath)}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} CPU-µs per line (${lines} lines × ${runs} runs, Node ${process.version})\n`);
  return 0;
}

runScript('log-line', USAGE, main);
