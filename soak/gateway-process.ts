// The gateway as `npm start` runs it (`node dist/main.js`), in its own
// process, so that its memory is measured without the emulator and the load
// generator in it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { request } from 'undici';
import { LogSummary } from './log-summary';

export interface GatewayProcess {
  readonly pid: number;
  /** The gateway's GraphQL URL. */
  readonly url: string;
  /** Log lines at warn or above (and anything that is not a JSON log line), counted. */
  readonly logs: LogSummary;
  /** What the process wrote to stderr (the first 20 kB). */
  stderr(): string;
  /** The exit code or signal once it has exited on its own, else undefined. */
  exited(): string | undefined;
  /** SIGTERM, then the exit code (null when it had to be killed). */
  stop(graceMs: number): Promise<number | null>;
}

/** `npm run -s build`: the soak measures the current src/, not a stale dist/. */
export function buildGateway(root: string): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run -s build failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}`);
  }
}

/** A port that was free a moment ago (the gateway binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startGatewayProcess(root: string, env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
    cwd: root,
    // Nothing from the caller's shell but PATH: the soak's settings are the ones it prints.
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = new LogSummary();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line !== '') logs.add(line);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString('utf8');
  });
  let exitedWith: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      resolve(code);
    }),
  );

  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/readyz`, child, 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs.lines().join('\n')}\n${stderr}`);
  }
  if (child.pid === undefined) throw new Error('the gateway process has no pid');
  return { pid: child.pid, url, logs, stderr: () => stderr, exited: () => exitedWith, stop: (graceMs) => stop(child, exited, graceMs) };
}

async function waitUntilReady(readyz: string, child: ChildProcess, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode} before it was ready`);
    try {
      const res = await request(readyz);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the gateway was not ready within ${limitMs} ms`);
}

async function stop(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<'killed'>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('killed');
    }, graceMs);
  });
  const outcome = await Promise.race([exited, killed]);
  clearTimeout(timer);
  return outcome === 'killed' ? null : outcome;
}
