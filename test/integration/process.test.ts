import { request, Agent } from 'undici';
import { createEmulator, type Emulator } from '../../src/emulator';
import { AUTHORIZATION } from '../helpers/stack';
import { killIfRunning, spawnGateway, type GatewayProcess } from '../helpers/process';
import { LIVE_GRAPH_WARNING } from '../helpers/live-graph';

const REG = 'mutation { createManagedAppRegistration(input: { deviceTag: "drain" }) { id deviceTag } }';

async function post(url: string, query: string, dispatcher?: Agent) {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify({ query }),
    dispatcher,
  });
  return { status: res.statusCode, body: (await res.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

describe('npm start (dist/main.js)', () => {
  let proc: GatewayProcess | undefined;
  afterEach(async () => {
    await killIfRunning(proc);
    proc = undefined;
  });

  it('without GRAPH_BASE_URL starts the emulator, says so in its first log line, and serves', async () => {
    const started = Date.now();
    proc = spawnGateway({ PORT: '0' });
    const ready = await proc.waitForLine((l) => l.msg === 'gateway ready');
    const first = JSON.parse(proc.lines[0]!) as Record<string, unknown>;
    expect(first.msg).toBe(
      'GRAPH_BASE_URL is not set: the gateway is on its built-in Microsoft Graph EMULATOR (emulated data, not Microsoft Graph, no tenant)',
    );
    expect(first.graphBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/beta$/);
    expect(proc.lines.map((l) => (JSON.parse(l) as Record<string, unknown>).level)).not.toContain('warn');
    const url = ready.url as string;
    const readyz = await request(url.replace('/graphql', '/readyz'));
    expect(readyz.statusCode).toBe(200);
    await readyz.body.text();
    expect(Date.now() - started).toBeLessThan(5000);
    const res = await post(url, REG);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.createManagedAppRegistration).toMatchObject({ deviceTag: 'drain' });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('with GRAPH_BASE_URL on Microsoft Graph, warns once at start about what current Graph beta no longer documents', async () => {
    proc = spawnGateway({ PORT: '0', GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' });
    await proc.waitForLine((l) => l.msg === 'gateway ready');
    const lines = proc.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ graphBaseUrl: 'https://graph.microsoft.com/beta', msg: LIVE_GRAPH_WARNING });
    expect(lines.findIndex((l) => l.level === 'warn')).toBeLessThan(lines.findIndex((l) => l.msg === 'gateway ready'));
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('stops with a message naming the variable when a setting is bad', async () => {
    proc = spawnGateway({ GRAPH_TIMEOUT_MS: 'fast' });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toBe('Invalid configuration: GRAPH_TIMEOUT_MS: must be a whole number from 1 to 600000, got "fast"\n');
    expect(proc.lines).toEqual([]);
  });

  describe('SIGTERM while requests are in flight', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = createEmulator({ faults: true });
      await emulator.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await emulator.close();
    });

    it('finishes them, answers 503 on /readyz, refuses new connections, exits 0', async () => {
      proc = spawnGateway({ PORT: '0', GRAPH_BASE_URL: emulator.url, SHUTDOWN_GRACE_MS: '5000', LOG_LEVEL: 'info' });
      const url = (await proc.waitForLine((l) => l.msg === 'gateway ready')).url as string;
      const readyzUrl = url.replace('/graphql', '/readyz');
      // One keep-alive connection kept open to ask /readyz while draining.
      const held = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
      const warm = await request(readyzUrl, { dispatcher: held });
      await warm.body.text();

      // A burst of 30 slow creates on 30 connections, SIGTERM in the middle of it.
      const BURST = 30;
      emulator.faults.add({ method: 'POST', path: '/deviceAppManagement/managedAppRegistrations', times: BURST, fault: { kind: 'delay', ms: 800 } });
      const agents = Array.from({ length: BURST }, () => new Agent({ connections: 1 }));
      const inFlight = agents.map((agent) => post(url, REG, agent));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalled = Date.now();
      proc.child.kill('SIGTERM');
      await proc.waitForLine((l) => l.msg === 'draining: no new connections, finishing in-flight requests');

      const readyz = await request(readyzUrl, { dispatcher: held });
      expect(readyz.statusCode).toBe(503);
      expect(await readyz.body.json()).toEqual({ status: 'draining' });
      // toMatchObject: a connect error also carries errno, syscall, address and port, which vary; the code is what counts.
      await expect(request(readyzUrl, { dispatcher: new Agent() })).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
      }
      expect(await proc.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(5000);
      expect(emulator.store.managedAppRegistrations()).toHaveLength(BURST);
      await held.close();
      await Promise.all(agents.map((agent) => agent.close()));
    });

    it('exits 1 and says what it abandoned when the grace runs out', async () => {
      proc = spawnGateway({ PORT: '0', GRAPH_BASE_URL: emulator.url, SHUTDOWN_GRACE_MS: '200', LOG_LEVEL: 'info' });
      const url = (await proc.waitForLine((l) => l.msg === 'gateway ready')).url as string;
      emulator.faults.add({ method: 'POST', path: '/deviceAppManagement/managedAppRegistrations', fault: { kind: 'delay', ms: 3000 } });
      const pending = post(url, REG).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(1);
      const abandoned = proc.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.abandoned !== undefined);
      expect(abandoned).toMatchObject({ level: 'error', abandoned: 1 });
      await pending;
    });
  });
});
