import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent } from 'undici';
import { createEmulator, EmulatorSettingError, INTUNE_THROTTLE, readThrottleSettings, SEEDED_MOBILE_APPS } from '../../src/emulator';
import { readStandaloneSettings, startStandalone } from '../../src/emulator/standalone';
import { TOKEN, type Json } from './support';

const INTUNE = {
  writeLimit: 100,
  writeWindowMs: 20000,
  tenantWriteLimit: 200,
  readLimit: 1000,
  readWindowMs: 20000,
  tenantReadLimit: 2000,
  retryAfter: true,
};

describe('readThrottleSettings (EMULATOR_* throttle variables)', () => {
  it('defaults to Intune’s documented limits', () => {
    expect(readThrottleSettings({})).toEqual(INTUNE);
    expect(INTUNE_THROTTLE).toEqual(INTUNE);
    expect(Object.isFrozen(readThrottleSettings({}))).toBe(true);
  });

  it.each<[Record<string, string>, Partial<typeof INTUNE>]>([
    [{ EMULATOR_WRITE_LIMIT: '20', EMULATOR_WRITE_WINDOW_MS: '2000' }, { writeLimit: 20, writeWindowMs: 2000 }],
    [{ EMULATOR_WRITE_LIMIT: '0', EMULATOR_TENANT_WRITE_LIMIT: '0' }, { writeLimit: 0, tenantWriteLimit: 0 }],
    [{ EMULATOR_READ_LIMIT: '1000000', EMULATOR_READ_WINDOW_MS: '3600000' }, { readLimit: 1000000, readWindowMs: 3600000 }],
    [{ EMULATOR_TENANT_READ_LIMIT: ' 7 ', EMULATOR_READ_WINDOW_MS: '1' }, { tenantReadLimit: 7, readWindowMs: 1 }],
    [{ EMULATOR_WRITE_LIMIT: '', EMULATOR_THROTTLE_RETRY_AFTER: '' }, {}],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: 'false' }, { retryAfter: false }],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: 'NO' }, { retryAfter: false }],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: '0' }, { retryAfter: false }],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: 'True' }, { retryAfter: true }],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: '1' }, { retryAfter: true }],
  ])('%j', (env, changed) => {
    expect(readThrottleSettings(env)).toEqual({ ...INTUNE, ...changed });
  });

  it.each<[string, string, string]>([
    ['EMULATOR_WRITE_LIMIT', 'abc', 'EMULATOR_WRITE_LIMIT must be an integer from 0 to 1000000, got "abc".'],
    ['EMULATOR_WRITE_LIMIT', '-1', 'EMULATOR_WRITE_LIMIT must be an integer from 0 to 1000000, got "-1".'],
    ['EMULATOR_WRITE_LIMIT', '1000001', 'EMULATOR_WRITE_LIMIT must be an integer from 0 to 1000000, got "1000001".'],
    ['EMULATOR_WRITE_LIMIT', '2.5', 'EMULATOR_WRITE_LIMIT must be an integer from 0 to 1000000, got "2.5".'],
    ['EMULATOR_WRITE_WINDOW_MS', '0', 'EMULATOR_WRITE_WINDOW_MS must be an integer from 1 to 3600000, got "0".'],
    ['EMULATOR_WRITE_WINDOW_MS', '3600001', 'EMULATOR_WRITE_WINDOW_MS must be an integer from 1 to 3600000, got "3600001".'],
    ['EMULATOR_TENANT_WRITE_LIMIT', '1e3', 'EMULATOR_TENANT_WRITE_LIMIT must be an integer from 0 to 1000000, got "1e3".'],
    ['EMULATOR_READ_LIMIT', 'many', 'EMULATOR_READ_LIMIT must be an integer from 0 to 1000000, got "many".'],
    ['EMULATOR_READ_WINDOW_MS', '20 s', 'EMULATOR_READ_WINDOW_MS must be an integer from 1 to 3600000, got "20 s".'],
    ['EMULATOR_TENANT_READ_LIMIT', '+5', 'EMULATOR_TENANT_READ_LIMIT must be an integer from 0 to 1000000, got "+5".'],
    ['EMULATOR_THROTTLE_RETRY_AFTER', 'sometimes', 'EMULATOR_THROTTLE_RETRY_AFTER must be true or false, got "sometimes".'],
  ])('%s=%j is refused, naming the variable', (variable, value, message) => {
    let error: unknown;
    try {
      readThrottleSettings({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorSettingError);
    expect(error).toMatchObject({ variable, message });
  });
});

describe('createEmulator({ throttle })', () => {
  it('leaves every limit off unless given, windows at 20 s', () => {
    const off = { ...INTUNE, writeLimit: 0, tenantWriteLimit: 0, readLimit: 0, tenantReadLimit: 0 };
    expect(createEmulator().throttle.settings).toEqual(off);
    expect(createEmulator({ throttle: { writeLimit: 5, writeWindowMs: 500 } }).throttle.settings).toEqual({
      ...off,
      writeLimit: 5,
      writeWindowMs: 500,
    });
  });

  it.each<[unknown, string]>([
    [{ writeLimit: -1 }, 'Invalid emulator option throttle.writeLimit: must be an integer from 0 to 1000000, got -1.'],
    [{ writeLimit: 1.5 }, 'Invalid emulator option throttle.writeLimit: must be an integer from 0 to 1000000, got 1.5.'],
    [{ tenantWriteLimit: '5' }, 'Invalid emulator option throttle.tenantWriteLimit: must be an integer from 0 to 1000000, got "5".'],
    [{ readLimit: Infinity }, 'Invalid emulator option throttle.readLimit: must be an integer from 0 to 1000000, got Infinity.'],
    [{ writeWindowMs: 0 }, 'Invalid emulator option throttle.writeWindowMs: must be an integer from 1 to 3600000, got 0.'],
    [{ readWindowMs: NaN }, 'Invalid emulator option throttle.readWindowMs: must be an integer from 1 to 3600000, got NaN.'],
    [{ tenantReadLimit: 1_000_001 }, 'Invalid emulator option throttle.tenantReadLimit: must be an integer from 0 to 1000000, got 1000001.'],
    [{ retryAfter: 'false' }, 'Invalid emulator option throttle.retryAfter: must be true or false, got "false".'],
    [
      { writeLimits: 5 },
      'Invalid emulator option throttle.writeLimits: not a throttle setting (writeLimit, writeWindowMs, tenantWriteLimit, readLimit, readWindowMs, tenantReadLimit, retryAfter).',
    ],
    [null, 'Invalid emulator option throttle: must be an object.'],
  ])('%j is refused, naming the option', (throttle, message) => {
    expect(() => createEmulator({ throttle: throttle as never })).toThrow(message);
  });
});

describe('readStandaloneSettings', () => {
  it.each<[Record<string, string>, { port: number; host: string }]>([
    [{}, { port: 0, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '', EMULATOR_HOST: '' }, { port: 0, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '0' }, { port: 0, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '65535', EMULATOR_HOST: '0.0.0.0' }, { port: 65535, host: '0.0.0.0' }],
    [{ EMULATOR_HOST: 'localhost' }, { port: 0, host: 'localhost' }],
    [{ EMULATOR_HOST: '[::1]' }, { port: 0, host: '::1' }],
    [{ EMULATOR_HOST: 'graph-emulator.internal' }, { port: 0, host: 'graph-emulator.internal' }],
  ])('%j → %j', (env, expected) => {
    expect(readStandaloneSettings(env)).toEqual(expected);
  });

  it.each<[Record<string, string>, string]>([
    [{ EMULATOR_PORT: 'abc' }, 'EMULATOR_PORT must be an integer from 0 to 65535, got "abc".'],
    [{ EMULATOR_PORT: '65536' }, 'EMULATOR_PORT must be an integer from 0 to 65535, got "65536".'],
    [{ EMULATOR_PORT: '-1' }, 'EMULATOR_PORT must be an integer from 0 to 65535, got "-1".'],
    [{ EMULATOR_PORT: '41 00' }, 'EMULATOR_PORT must be an integer from 0 to 65535, got "41 00".'],
    [{ EMULATOR_HOST: 'not a host' }, 'EMULATOR_HOST must be an IP address or a host name, got "not a host".'],
    [{ EMULATOR_HOST: 'http://x' }, 'EMULATOR_HOST must be an IP address or a host name, got "http://x".'],
  ])('%j is refused', (env, message) => {
    expect(() => readStandaloneSettings(env)).toThrow(message);
  });
});

describe('startStandalone', () => {
  it('logs one JSON line saying it is an emulator, then serves without faults', async () => {
    const lines: string[] = [];
    const running = await startStandalone({ EMULATOR_PORT: '0' }, (line) => lines.push(line));
    const agent = new Agent();
    try {
      expect(lines).toHaveLength(1);
      const log = JSON.parse(lines[0]);
      expect(log).toEqual({
        level: 30,
        time: expect.any(Number),
        name: 'intune-graph-emulator',
        msg: 'Microsoft Graph emulator listening. This is an emulator with in-memory data, NOT Microsoft Graph.',
        emulator: true,
        baseUrl: running.emulator.url,
        throttle: INTUNE,
        seededMobileApps: SEEDED_MOBILE_APPS.map((a) => ({ id: a.id, displayName: a.displayName, userStatusIds: a.userStatusIds })),
      });
      expect(log.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/beta$/);
      expect(() => running.emulator.faults).toThrow();
      const res = await agent.request({
        origin: new URL(log.baseUrl).origin,
        path: '/beta/deviceAppManagement/mobileApps',
        method: 'GET',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-emulator']).toBe('intune-graph-emulator');
      await res.body.dump();
    } finally {
      await agent.close();
      await running.stop();
    }
    expect(JSON.parse(lines[1]).msg).toBe('Microsoft Graph emulator stopped.');
  });

  it('throttles as its EMULATOR_* variables say', async () => {
    const env = { EMULATOR_PORT: '0', EMULATOR_WRITE_LIMIT: '2', EMULATOR_WRITE_WINDOW_MS: '4000', EMULATOR_THROTTLE_RETRY_AFTER: 'true' };
    const running = await startStandalone(env, () => undefined);
    const agent = new Agent();
    try {
      const origin = new URL(running.emulator.url).origin;
      const answers: Array<[number, string | string[] | undefined]> = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await agent.request({
          origin,
          path: '/beta/managedAppRegistrations',
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: '{}',
        });
        answers.push([res.statusCode, res.headers['retry-after']]);
        await res.body.dump();
      }
      expect(answers).toEqual([
        [201, undefined],
        [201, undefined],
        [429, '4'],
      ]);
      expect(running.emulator.throttle.settings).toEqual({ ...INTUNE, writeLimit: 2, writeWindowMs: 4000 });
    } finally {
      await agent.close();
      await running.stop();
    }
  });
});

// Runs src/emulator/main.ts in a child process, transpiling TypeScript on the fly (nothing is built).
const HOOK = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
require(process.argv[1]);
`;
const MAIN = join(__dirname, '../../src/emulator/main.ts');

interface Child {
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  firstLine: Promise<string>;
  kill: (signal: NodeJS.Signals) => void;
}

function runMain(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['-e', HOOK, MAIN], {
    cwd: join(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let resolveLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => {
    resolveLine = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('\n')) resolveLine(out.slice(0, out.indexOf('\n')));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exit, stdout: () => out, stderr: () => err, firstLine, kill: (signal) => child.kill(signal) };
}

describe('main.ts (npm run emulator)', () => {
  it.each<NodeJS.Signals>(['SIGTERM', 'SIGINT'])('starts, serves, and exits 0 on %s', async (signal) => {
    const child = runMain({ EMULATOR_PORT: '0' });
    const log: Json = JSON.parse(await child.firstLine);
    expect(log.msg).toContain('NOT Microsoft Graph');
    expect(log.seededMobileApps.map((a: Json) => a.id)).toEqual(SEEDED_MOBILE_APPS.map((a) => a.id));
    const agent = new Agent();
    try {
      const res = await agent.request({
        origin: new URL(log.baseUrl).origin,
        path: '/beta/managedAppRegistrations',
        method: 'GET',
        headers: { authorization: 'Bearer x' },
      });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await agent.close();
    }
    child.kill(signal);
    expect(await child.exit).toBe(0);
    expect(child.stdout()).toContain('Microsoft Graph emulator stopped.');
  });

  it.each([
    [{ EMULATOR_PORT: 'eighty' }, 'EMULATOR_PORT'],
    [{ EMULATOR_HOST: 'bad host' }, 'EMULATOR_HOST'],
    [{ EMULATOR_WRITE_LIMIT: 'lots' }, 'EMULATOR_WRITE_LIMIT'],
    [{ EMULATOR_THROTTLE_RETRY_AFTER: 'maybe' }, 'EMULATOR_THROTTLE_RETRY_AFTER'],
  ])('%j exits 1 naming the variable', async (env, variable) => {
    const child = runMain(env);
    expect(await child.exit).toBe(1);
    const message = JSON.parse(child.stderr().trim());
    expect(message).toMatchObject({ level: 50, msg: expect.stringContaining(variable) });
    expect(child.stdout()).toBe('');
  });
});
