import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

export interface GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** stdout lines so far (JSON log lines). */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the first log line matching the predicate. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Starts `node dist/main.js` (what `npm start` runs) with the given environment. */
export function startGatewayProcess(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l !== ''));
    waiters.forEach((w) => w());
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          for (const line of lines) {
            const parsed = JSON.parse(line) as Record<string, unknown>;
            if (match(parsed)) {
              clearTimeout(timer);
              resolve(parsed);
              return true;
            }
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`no matching log line in ${timeoutMs} ms; stdout: ${lines.join('\n')} stderr: ${stderr}`)), timeoutMs);
        if (!check()) waiters.push(() => void check());
      });
    },
  };
}

/** Ends the process if it still runs (SIGKILL) and waits for it: for afterEach. */
export async function killIfRunning(proc: GatewayProcess | undefined): Promise<void> {
  if (proc && proc.child.exitCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}
