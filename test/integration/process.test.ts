import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
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

  it('with REDIS_URL on its embedded emulator, warns that replicas would not share the emulated data and what to do', async () => {
    // Nothing listens on port 1: the warning comes before anything is asked of Redis.
    proc = spawnGateway({ PORT: '0', REDIS_URL: 'redis://127.0.0.1:1/0' });
    const warning = await proc.waitForLine((l) => l.level === 'warn');
    expect(warning).toEqual({
      level: 'warn',
      time: expect.any(String),
      service: 'intune-graphql-gateway',
      graphBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/beta$/),
      msg: "REDIS_URL is set but GRAPH_BASE_URL is not: this gateway embeds its own emulator, whose data lives in this process only, so replicas sharing REDIS_URL would not share it (an id created through one reads back as null through another; cursors fail across them). Run one emulator with `npm run emulator` and set every replica's GRAPH_BASE_URL to the URL it prints",
    });
    // Once: other warnings may follow (the idempotency store's, as nothing answers on port 1), never this one again.
    expect(proc.lines.map((l) => (JSON.parse(l) as Record<string, unknown>).msg).filter((msg) => msg === warning.msg)).toHaveLength(1);
  });

  it.each([
    ['NODE_ENV', { NODE_ENV: 'prod' }, 'NODE_ENV: must be unset or one of development, production, test (exactly so spelled), got "prod"'],
    [
      'METRICS_PATH',
      { METRICS_PATH: '/graphql' },
      'METRICS_PATH: "/graphql" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT',
    ],
    [
      'CORS_ALLOWED_ORIGINS',
      { CORS_ALLOWED_ORIGINS: 'https://*.contoso.com' },
      'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "https://*.contoso.com" has a wildcard: only exact origins (list each one) or * alone are supported',
    ],
    ['METRICS_PORT', { PORT: '4000', METRICS_PORT: '4000' }, 'METRICS_PORT: 4000 is also PORT; metrics need a port of their own (or leave METRICS_PORT unset to serve them on PORT at METRICS_PATH)'],
    ['EMULATOR_PORT', { PORT: '4000', EMULATOR_PORT: '4000' }, 'EMULATOR_PORT: 4000 is also PORT; the embedded emulator needs a port of its own (0 picks a free one)'],
  ])('refuses a bad %s in one line on stderr, before it logs or listens', async (_name, env, message) => {
    proc = spawnGateway(env);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toBe(`Invalid configuration: ${message}\n`);
    expect(proc.lines).toEqual([]);
  });

  describe('a port or host it cannot listen on', () => {
    let busy: Server;
    let busyPort: number;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      busyPort = (busy.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    });

    const IN_USE = (name: string, port: number) =>
      `Cannot listen: ${name}: port ${port} is already in use on 127.0.0.1; stop what listens there or choose another ${name} (0 picks a free port)\n`;
    const EVERY_INTERFACE = 'use an address of this machine, or 0.0.0.0 (:: for IPv6) for every interface';

    it.each([
      ['PORT', (port: number) => ({ HOST: '127.0.0.1', PORT: String(port) }), (port: number) => IN_USE('PORT', port)],
      ['METRICS_PORT', (port: number) => ({ HOST: '127.0.0.1', PORT: '0', METRICS_PORT: String(port) }), (port: number) => IN_USE('METRICS_PORT', port)],
      ['EMULATOR_PORT', (port: number) => ({ HOST: '127.0.0.1', PORT: '0', EMULATOR_PORT: String(port) }), (port: number) => IN_USE('EMULATOR_PORT', port)],
      ['HOST (a name that does not resolve)', () => ({ HOST: 'gateway.invalid', PORT: '0' }), () => `Cannot listen: HOST: "gateway.invalid" does not resolve to an address; ${EVERY_INTERFACE}\n`],
      ['HOST (an address of another machine)', () => ({ HOST: '192.0.2.1', PORT: '0' }), () => `Cannot listen: HOST: "192.0.2.1" is not an address of this machine; ${EVERY_INTERFACE}\n`],
    ])('%s: exits 1 with one line naming the setting, no stack trace', async (_name, env, line) => {
      proc = spawnGateway(env(busyPort));
      expect(await proc.exited).toBe(1);
      expect(proc.stderr()).toBe(line(busyPort));
      const levels = proc.lines.map((l) => (JSON.parse(l) as Record<string, unknown>).level);
      expect(levels).not.toContain('error');
      expect(levels).not.toContain('fatal');
    });
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
