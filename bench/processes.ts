// Child processes of the bench: spawned through the harness kit (test/helpers/process.ts), pinned to a CPU when
// taskset allows, their log lines counted for the report, and every one of them killed at the end, on
// SIGINT/SIGTERM and on a crash of the driver.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { NodeProcess, ProcessRegistry, type OutputStream, type SpawnNodeOptions } from '../test/helpers/process';

/** CPU of the measured processes (gateway, floor) and of the load side (driver, autocannon, fake Graph). */
export const MEASURED_CPU = 0;
export const LOAD_CPU = 1;

export type Pinning = { readonly enabled: true; readonly taskset: string } | { readonly enabled: false; readonly reason: string };

/** Whether processes can be pinned: taskset present and CPUs 0 and 1 both usable. */
export function detectPinning(): Pinning {
  let taskset: string;
  try {
    taskset = execFileSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    return { enabled: false, reason: 'taskset is not installed' };
  }
  if (taskset === '') return { enabled: false, reason: 'taskset is not installed' };
  if (availableParallelism() < 2) return { enabled: false, reason: `only ${availableParallelism()} CPU available (pinning needs 2)` };
  return { enabled: true, taskset };
}

/** Pins this process (all its threads) to `cpu`; returns why not when that fails. */
export function pinSelf(pinning: Pinning, cpu: number): Pinning {
  if (!pinning.enabled) return pinning;
  try {
    execFileSync(pinning.taskset, ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore', timeout: 5000 });
    return pinning;
  } catch (error) {
    return { enabled: false, reason: `taskset could not pin the driver to CPU ${cpu}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** pino's level numbers by label: the gateway writes labels ("level":"warn"), other processes may write numbers. */
const LEVEL_NUMBERS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** A JSON log line counted by its level (40 warn, 50 error, 60 fatal). */
export interface LogCounts {
  warn: number;
  error: number;
  fatal: number;
  other: number;
}

/** A spawned child with its log lines counted by level, for the report. */
export class ManagedChild extends NodeProcess {
  readonly logCounts: LogCounts = { warn: 0, error: 0, fatal: 0, other: 0 };
  /** Up to 20 distinct warn/error messages, for "what looked wrong". */
  readonly problems = new Map<string, number>();

  constructor(options: SpawnNodeOptions) {
    // Counted, not kept: a gateway under load can log a line per request.
    super({ ...options, keepStdout: false });
    // No output can have arrived yet: it comes in later events.
    this.onLine((line, stream) => this.count(line, stream));
  }

  private count(line: string, stream: OutputStream): void {
    // The gateway's own info lines (one per operation at npm start's default level) are counted without parsing
    // them: the driver shares its CPU with the load generator, and parsing thousands of lines a second there would
    // slow the load the gateway sees.
    if (stream === 'stdout' && line.startsWith('{"level":"info"')) {
      this.logCounts.other++;
      return;
    }
    let level = stream === 'stdout' ? 0 : 50;
    let message = line;
    try {
      const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof parsed.level === 'number') level = parsed.level;
      else if (typeof parsed.level === 'string') level = LEVEL_NUMBERS[parsed.level] ?? level;
      if (typeof parsed.msg === 'string') message = parsed.msg;
    } catch {
      // not a JSON log line: stderr text counts as an error, stdout text as "other"
    }
    if (level >= 60) this.logCounts.fatal++;
    else if (level >= 50) this.logCounts.error++;
    else if (level >= 40) this.logCounts.warn++;
    else this.logCounts.other++;
    if (level >= 40 && (this.problems.has(message) || this.problems.size < 20)) this.problems.set(message, (this.problems.get(message) ?? 0) + 1);
  }
}

/** Every child the bench started, pinned as `pinning` allows, so none outlives it. */
export class ChildRegistry {
  private readonly registry = new ProcessRegistry();

  constructor(private readonly pinning: Pinning) {}

  /** Spawns `node args…` on `cpu` (through taskset, which execs node, so the pid is node's). */
  spawnNode(label: string, cpu: number, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ManagedChild {
    const prefix = this.pinning.enabled ? [this.pinning.taskset, '-c', String(cpu)] : [];
    return this.registry.track(new ManagedChild({ label, args, prefix, ...options }));
  }

  stopAll(graceMs = 5000): Promise<void> {
    return this.registry.stopAll(graceMs);
  }
}
