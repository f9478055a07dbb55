// Child processes of the harness: the gateway as `npm start` runs it (tests, the soak, the bench) and the bench's
// own servers, each spawned the one way below, its output split into lines, its readiness awaited by a log line or
// by polling an HTTP URL, and stopped with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { freePort } from './ports';
import { GATEWAY_MAIN, PROJECT_ROOT } from './project';
import { startCommand } from './start-command';

export type OutputStream = 'stdout' | 'stderr';

export interface SpawnNodeOptions {
  /** How messages name the process. */
  readonly label: string;
  /** node's arguments: the script, then its own. */
  readonly args: readonly string[];
  /** The child's whole environment. */
  readonly env: NodeJS.ProcessEnv;
  /** Default: the checkout's root. */
  readonly cwd?: string;
  /** A command that execs node (e.g. `taskset -c 0`), so the pid stays node's. */
  readonly prefix?: readonly string[];
  /** Keep every stdout line in `lines` (default true); a long run turns it off and counts lines with onLine instead. */
  readonly keepStdout?: boolean;
  /** Called with every line of output from the first one on. */
  readonly onLine?: (line: string, stream: OutputStream) => void;
}

const TAIL_LINES = 50;
const STDERR_BYTES = 1024 * 1024;

/** A spawned `node` and what it has written so far. */
export class NodeProcess {
  readonly label: string;
  readonly child: ChildProcess;
  /** stdout lines so far (empty with keepStdout: false). */
  readonly lines: string[] = [];
  /** Resolves with the exit code (null after a signal) once the process has exited and its output is read. */
  readonly exited: Promise<number | null>;
  private stderrText = '';
  private spawnError: Error | undefined;
  private readonly recent: string[] = [];
  private readonly listeners: Array<(line: string, stream: OutputStream) => void> = [];

  constructor(options: SpawnNodeOptions) {
    this.label = options.label;
    const [command, ...prefixArgs] = [...(options.prefix ?? []), process.execPath];
    this.child = spawn(command!, [...prefixArgs, ...options.args], { cwd: options.cwd ?? PROJECT_ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': it comes after the last output has been read.
      this.child.once('close', (code) => resolve(code));
      this.child.on('error', (error) => {
        this.spawnError ??= error;
        resolve(null);
      });
    });
    if (options.onLine) this.listeners.push(options.onLine);
    const keepStdout = options.keepStdout ?? true;
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.follow('stdout', (line) => {
      if (keepStdout) this.lines.push(line);
    });
    this.child.stderr?.on('data', (chunk: string) => {
      if (this.stderrText.length < STDERR_BYTES) this.stderrText += chunk;
    });
    this.follow('stderr', () => undefined);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} has no pid (spawn failed)`);
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.spawnError !== undefined || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** 'running', 'exited with code 1', 'exited with SIGKILL', 'could not start (…)'. */
  get exitDescription(): string {
    if (this.spawnError !== undefined) return `could not start (${this.spawnError.message})`;
    if (!this.hasExited) return 'running';
    return `exited with ${this.child.signalCode ?? `code ${String(this.child.exitCode)}`}`;
  }

  /** What the process wrote to stderr (its first megabyte). */
  stderr(): string {
    return this.stderrText;
  }

  /** Its last lines of stdout and stderr, for error messages. */
  tail(): readonly string[] {
    return this.recent;
  }

  /** Calls `listener` with every later line of output; returns what stops that. */
  onLine(listener: (line: string, stream: OutputStream) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Resolves with the first JSON stdout line matching `match` (looking at the lines kept so far too). */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      let done = false;
      let unsubscribe = (): void => undefined;
      const finish = (outcome: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe();
        outcome();
      };
      const test = (line: string): void => {
        const parsed = parseLogLine(line);
        if (parsed !== undefined && match(parsed)) finish(() => resolve(parsed));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.label}: no matching log line in ${timeoutMs} ms\n${this.describeOutput()}`))), timeoutMs);
      this.lines.forEach(test);
      if (done) return;
      unsubscribe = this.onLine((line, stream) => {
        if (stream === 'stdout') test(line);
      });
      void this.exited.then(() => finish(() => reject(new Error(`${this.label} ${this.exitDescription} before a matching log line\n${this.describeOutput()}`))));
    });
  }

  /** Polls `url` every `pollMs` until it answers 200; rejects when the process exits first or `timeoutMs` passes. */
  async waitFor200(url: string, { timeoutMs = 20_000, pollMs = 10 }: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.hasExited) throw new Error(`${this.label} ${this.exitDescription} before ${url} answered 200\n${this.describeOutput()}`);
      try {
        const response = await request(url, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
        await response.body.dump();
        if (response.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${this.label} ${this.exitDescription})`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when it had to be killed). */
  async stop(graceMs = 5000): Promise<number | null> {
    if (!this.hasExited) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  private describeOutput(): string {
    return `last output:\n${this.recent.join('\n')}`;
  }

  private follow(stream: OutputStream, keep: (line: string) => void): void {
    const readable = this.child[stream];
    if (readable === null) return;
    const emit = (line: string): void => {
      if (line === '') return;
      keep(line);
      this.recent.push(line);
      if (this.recent.length > TAIL_LINES) this.recent.shift();
      for (const listener of [...this.listeners]) listener(line, stream);
    };
    let pending = '';
    readable.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        emit(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    // A last line without a newline still counts.
    readable.on('end', () => emit(pending));
  }
}

/** A JSON log line as an object; undefined for any other text. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Spawns `node` with `options`. */
export function spawnNode(options: SpawnNodeOptions): NodeProcess {
  return new NodeProcess(options);
}

/** Every child a driver started, so that none outlives it. */
export class ProcessRegistry {
  private readonly children = new Set<NodeProcess>();

  constructor() {
    // Last resort when the driver exits without stopping them (a crash): exit handlers must be synchronous.
    process.on('exit', () => {
      for (const child of this.children) if (!child.hasExited) child.child.kill('SIGKILL');
    });
  }

  spawn(options: SpawnNodeOptions): NodeProcess {
    return this.track(spawnNode(options));
  }

  /** Adds a process spawned elsewhere (e.g. a NodeProcess subclass). */
  track<T extends NodeProcess>(child: T): T {
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    return child;
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all([...this.children].map((child) => child.stop(graceMs)));
  }
}

/** The gateway as a child process. */
export type GatewayProcess = NodeProcess;

export type GatewaySpawnOptions = Partial<Omit<SpawnNodeOptions, 'args' | 'env'>> & {
  /** node's flags instead of the start script's (a command the docs give operators); default: `npm start`'s. */
  readonly nodeArgs?: readonly string[];
};

/** Starts dist/main.js as `npm start` does (its node flags and environment) with `env` and PATH: nothing else from the caller's shell. */
export function spawnGateway(env: NodeJS.ProcessEnv, options: GatewaySpawnOptions = {}): GatewayProcess {
  const start = startCommand();
  const { nodeArgs = start.nodeArgs, ...spawn } = options;
  return spawnNode({ label: 'gateway', ...spawn, args: [...nodeArgs, GATEWAY_MAIN], env: { PATH: process.env.PATH ?? '', ...start.env, ...env } });
}

/** spawnGateway on a free port of 127.0.0.1; resolves once /readyz answers 200 (the process is killed if it does not). */
export async function startGateway(
  env: NodeJS.ProcessEnv,
  options: GatewaySpawnOptions & { readonly readyTimeoutMs?: number } = {},
): Promise<{ readonly process: GatewayProcess; readonly url: string }> {
  const port = await freePort();
  const gateway = spawnGateway({ PORT: String(port), HOST: '127.0.0.1', ...env }, options);
  const origin = `http://127.0.0.1:${port}`;
  try {
    await gateway.waitFor200(`${origin}/readyz`, { timeoutMs: options.readyTimeoutMs ?? 15_000, pollMs: 100 });
  } catch (error) {
    await gateway.stop(0);
    throw error;
  }
  return { process: gateway, url: `${origin}/graphql` };
}

/** Ends the process if it still runs (SIGKILL) and waits for it: for afterEach. */
export async function killIfRunning(proc: GatewayProcess | undefined): Promise<void> {
  if (proc && proc.child.exitCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}
