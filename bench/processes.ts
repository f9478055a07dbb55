// Child processes of the bench: spawned pinned to a CPU when taskset allows, tracked so that every one of them
// is killed at the end, on SIGINT/SIGTERM and on a crash of the driver.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { request } from 'undici';

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

/** A JSON log line counted by its level (pino writes numbers: 40 warn, 50 error, 60 fatal). */
export interface LogCounts {
  warn: number;
  error: number;
  fatal: number;
  other: number;
}

/** A spawned child with its recent output kept for the report. */
export class ManagedChild {
  readonly logCounts: LogCounts = { warn: 0, error: 0, fatal: 0, other: 0 };
  /** The last lines of stdout and stderr (bounded). */
  readonly lastLines: string[] = [];
  /** Up to 20 distinct warn/error messages, for "what looked wrong". */
  readonly problems = new Map<string, number>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stdoutListeners: Array<(line: string) => void> = [];

  constructor(
    readonly label: string,
    readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    this.follow(process.stdout, true);
    this.follow(process.stderr, false);
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error(`${this.label} has no pid (spawn failed)`);
    return this.process.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  get exitDescription(): string {
    return this.exitInfo === null ? 'running' : `exited with ${this.exitInfo.signal ?? `code ${this.exitInfo.code}`}`;
  }

  onStdoutLine(listener: (line: string) => void): void {
    this.stdoutListeners.push(listener);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.hasExited) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private follow(stream: NodeJS.ReadableStream | null, stdout: boolean): void {
    if (stream === null) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        this.line(pending.slice(0, newline), stdout);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
  }

  private line(line: string, stdout: boolean): void {
    this.lastLines.push(line);
    if (this.lastLines.length > 50) this.lastLines.shift();
    if (stdout) for (const listener of this.stdoutListeners) listener(line);
    let level = stdout ? 0 : 50;
    let message = line;
    try {
      const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof parsed.level === 'number') level = parsed.level;
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

/** Every child the bench started, so none outlives it. */
export class ChildRegistry {
  private readonly children = new Set<ManagedChild>();

  constructor(private readonly pinning: Pinning) {
    // Last resort when the driver exits without stopping them (a crash): exit handlers must be synchronous.
    process.on('exit', () => {
      for (const child of this.children) if (!child.hasExited) child.process.kill('SIGKILL');
    });
  }

  /** Spawns `node args…` on `cpu` (through taskset, which execs node, so the pid is node's). */
  spawnNode(label: string, cpu: number, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ManagedChild {
    const command = this.pinning.enabled ? this.pinning.taskset : process.execPath;
    const argv = this.pinning.enabled ? ['-c', String(cpu), process.execPath, ...args] : [...args];
    const child = new ManagedChild(label, spawn(command, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    return child;
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all([...this.children].map((child) => child.stop(graceMs)));
  }
}

/** A free TCP port on 127.0.0.1 (the kernel's pick, released at once: taken again by the child right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` until it answers 200; rejects when `child` exits first or `timeoutMs` passes. */
export async function waitFor200(url: string, child: ManagedChild, timeoutMs: number, pollMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.hasExited) throw new Error(`${child.label} ${child.exitDescription} before ${url} answered 200:\n${child.lastLines.join('\n')}`);
    try {
      const response = await request(url, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${child.label} ${child.exitDescription})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
