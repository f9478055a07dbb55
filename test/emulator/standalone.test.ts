import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { readStandaloneSettings, startStandalone } from '../../src/emulator/standalone';
import { TOKEN, type Json } from './support';

describe('readStandaloneSettings', () => {
  it.each<[Record<string, string>, { port: number; host: string }]>([
    [{}, { port: 4100, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '', EMULATOR_HOST: '' }, { port: 4100, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '0' }, { port: 0, host: '127.0.0.1' }],
    [{ EMULATOR_PORT: '65535', EMULATOR_HOST: '0.0.0.0' }, { port: 65535, host: '0.0.0.0' }],
    [{ EMULATOR_HOST: 'localhost' }, { port: 4100, host: 'localhost' }],
    [{ EMULATOR_HOST: '[::1]' }, { port: 4100, host: '::1' }],
    [{ EMULATOR_HOST: 'graph-emulator.internal' }, { port: 4100, host: 'graph-emulator.internal' }],
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
  ])('%j exits 1 naming the variable', async (env, variable) => {
    const child = runMain(env);
    expect(await child.exit).toBe(1);
    const message = JSON.parse(child.stderr().trim());
    expect(message).toMatchObject({ level: 50, msg: expect.stringContaining(variable) });
    expect(child.stdout()).toBe('');
  });
});
