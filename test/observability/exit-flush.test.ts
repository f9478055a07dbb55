import { request } from 'undici';
import { createEmulator, type Emulator } from '../../src/emulator';
import { killIfRunning, parseLogLine, spawnGateway, type GatewayProcess } from '../helpers/process';
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
