import { spawn } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import { createEmulator, type Emulator } from '../../src/emulator';
import { killIfRunning, parseLogLine, spawnGateway, type GatewayProcess } from '../helpers/process';
import { PROJECT_ROOT } from '../helpers/project';
import { AUTHORIZATION } from '../helpers/stack';

// The log is asynchronous and buffered (src/observability/logger.ts): an operation's line can still be in memory
// when SIGTERM comes. npm start's own settings here (no LOG_LEVEL: info), so the line is the one users get.
describe('the log on SIGTERM (npm start, default LOG_LEVEL)', () => {
  let emulator: Emulator;
  let proc: GatewayProcess | undefined;
  beforeAll(async () => {
    emulator = createEmulator();
    await emulator.listen(0, '127.0.0.1');
  });
  afterEach(async () => {
    await killIfRunning(proc);
    proc = undefined;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("writes the last operation's line before the process exits", async () => {
    proc = spawnGateway({ PORT: '0', GRAPH_BASE_URL: emulator.url });
    const url = (await proc.waitForLine((l) => l.msg === 'gateway ready')).url as string;
    emulator.clearRequests();
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify({ query: 'mutation LastOne { createManagedAppRegistration(input: { deviceTag: "last" }) { id } }' }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.json();
    // At once: the line is a few hundred bytes, far from the 16 KiB that makes the writer write on its own.
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);

    const lines = proc.lines.map((line) => parseLogLine(line));
    const operation = lines.find((l) => l?.msg === 'graphql operation');
    expect(operation).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'intune-graphql-gateway',
      operationName: 'LastOne',
      operationType: 'mutation',
      durationMs: expect.any(Number),
      outcome: 'ok',
      upstreamCalls: 1,
      clientRequestIds: [emulator.requests[0]!.headers['client-request-id']],
      msg: 'graphql operation',
    });
    expect(emulator.requests).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatchObject({ level: 'info', msg: 'stopped' });
    expect(proc.lines.join('\n')).not.toContain(AUTHORIZATION.slice('Bearer '.length));
  });
});

// The default destination (stdout, buffered, lines handed over as Buffers) written by a process that then ends
// without draining it: every line must still come out whole, in order, UTF-8 intact. 100 lines of about 230 bytes:
// the writer writes the first 16 KiB on its own, the last 5 kB only if the exit flushes them.
describe('the default log destination when the process ends', () => {
  const logger = path.join(PROJECT_ROOT, 'dist/observability/logger.js');

  function run(ending: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const script = `
      const log = require(${JSON.stringify(logger)}).createLogger('info');
      for (let i = 0; i < 100; i++) log.info({ i, name: 'é ü 漢字 🚀', pad: 'x'.repeat(100) }, 'line');
      ${ending}
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    return new Promise((resolve) => {
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
  }

  function expectAllLines(stdout: string): void {
    const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 100 }, (_v, i) => i));
    expect(new Set(lines.map((l) => l.name))).toEqual(new Set(['é ü 漢字 🚀']));
  }

  it('writes every line on a normal exit', async () => {
    const { code, stdout, stderr } = await run('');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expectAllLines(stdout);
  });

  it('writes every line when an uncaught exception ends the process', async () => {
    const { code, stdout, stderr } = await run("setImmediate(() => { throw new Error('planted failure'); });");
    expect(code).toBe(1);
    expect(stderr).toContain('Error: planted failure');
    expectAllLines(stdout);
  });
});
