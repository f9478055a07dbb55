// A real Redis for the tests: Debian's redis-server on a free loopback port, nothing saved to disk. Always
// required (unlike Chromium it is small, and the README's set-up and .ci/run install it): without it the tests
// that use it fail with the install command in the message instead of skipping.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';

/** REDIS_SERVER_PATH, else Debian's. */
export function redisServerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_SERVER_PATH !== undefined && env.REDIS_SERVER_PATH !== '' ? env.REDIS_SERVER_PATH : '/usr/bin/redis-server';
}

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0`, as REDIS_URL takes it. */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s); the port stays this server's for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved) and waits until it answers PING. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing is answered, as with a hung Redis. */
  pause(): Promise<void>;
  /** Lets a paused server go on (SIGCONT). */
  resume(): Promise<void>;
}

/** A free loopback port: what the kernel hands out for port 0, released again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when a PING on a fresh connection is answered +PONG within 200 ms. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(200, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly output: () => string;
}

function spawnServer(executable: string, port: number): Running {
  const child = spawn(executable, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      output += String(error);
      resolve();
    });
  });
  return { child, exited, output: () => output };
}

async function waitForPing(running: Running, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void running.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`redis-server on port ${port} exited before answering PING:\n${running.output()}`);
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  running.child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms:\n${running.output()}`);
}

async function stopServer(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  running.child.kill('SIGCONT'); // a paused server handles SIGTERM only once it runs again
  const killer = setTimeout(() => running.child.kill('SIGKILL'), 2000);
  await running.exited;
  clearTimeout(killer);
}

/** Starts redis-server on 127.0.0.1 and a free port, and resolves once it answers PING. */
export async function startRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisServer> {
  const executable = redisServerPath(env);
  if (!existsSync(executable)) {
    throw new Error(`these tests need Redis: no redis-server at ${executable} (apt-get update && apt-get install -y redis-server, or set REDIS_SERVER_PATH)`);
  }
  // The port is free when picked but not reserved: if another process takes it first, pick again.
  let port = 0;
  let running: Running | undefined;
  for (let attempt = 1; running === undefined; attempt++) {
    port = await freePort();
    const candidate = spawnServer(executable, port);
    try {
      await waitForPing(candidate, port, 5000);
      running = candidate;
    } catch (error) {
      await stopServer(candidate);
      if (attempt === 3) throw error;
    }
  }
  let current: Running | undefined = running;
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async stop() {
      if (current === undefined) return;
      await stopServer(current);
      current = undefined;
    },
    async start() {
      if (current !== undefined) return;
      const next = spawnServer(executable, port);
      await waitForPing(next, port, 5000);
      current = next;
    },
    async pause() {
      current?.child.kill('SIGSTOP');
    },
    async resume() {
      current?.child.kill('SIGCONT');
    },
  };
}
