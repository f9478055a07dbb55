// `node .bench/dist/bench/profile-share.js FILE.cpuprofile`: how much of a process's sampled CPU time was spent in
// the log line (any frame of pino, sonic-boom or src/observability/logger on the stack, inclusive), the rest of
// the time for comparison. On a shared machine a share is steadier than an A/B difference of two noisy totals:
// multiplied by the CPU-µs per operation of the same run it gives the line's cost per operation.
import { readFileSync } from 'node:fs';
import { UsageError } from '../test/helpers/flags';
import { runScript } from '../test/helpers/runner';

const USAGE = `Usage: node .bench/dist/bench/profile-share.js FILE.cpuprofile…   (from node --cpu-prof)`;

/** The logger's code: a frame from one of these files puts a sample in the log line. */
const LOG_CODE = /\/node_modules\/(?:pino|sonic-boom|@pinojs\/redact|on-exit-leak-free)\/|\/observability\/logger\.js$/;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Share of sampled time (idle excluded) with a LOG_CODE frame on the stack, and that of garbage collection. */
export function logShare(profile: CpuProfile): { readonly log: number; readonly gc: number; readonly busyMs: number } {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inLog = new Map<number, boolean>();
  const isLog = (id: number): boolean => {
    const known = inLog.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const value = LOG_CODE.test(byId.get(id)?.callFrame.url ?? '') || (up !== undefined && isLog(up));
    inLog.set(id, value);
    return value;
  };
  let busy = 0;
  let log = 0;
  let gc = 0;
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)?.callFrame.functionName;
    const micros = profile.timeDeltas[i] ?? 0;
    if (name === '(idle)' || name === '(program)') return;
    busy += micros;
    if (name === '(garbage collector)') gc += micros;
    else if (isLog(id)) log += micros;
  });
  return { log: log / busy, gc: gc / busy, busyMs: busy / 1000 };
}

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('--help')) throw new UsageError(files.length === 0 ? 'no profile given' : 'help');
  for (const file of files) {
    const share = logShare(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    process.stdout.write(`${file}: log line ${(100 * share.log).toFixed(2)} % of ${share.busyMs.toFixed(0)} ms busy (GC ${(100 * share.gc).toFixed(1)} %)\n`);
  }
  return 0;
}

runScript('profile-share', USAGE, main);
