// `npm start` (dist/main.js) with AUTH_MODE=obo and no tenant: the embedded emulator stands in for Entra ID, `npm run
// token` (dist/emulator/entra/token.js) prints a token it accepts, and a create works end to end. Without the emulator, a
// missing registration stops the process at start.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { createEmulator } from '../../src/emulator';
import { killIfRunning, spawnGateway, type GatewayProcess } from '../helpers/process';

const TOKEN_SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'emulator', 'entra', 'token.js');
const run = promisify(execFile);

let proc: GatewayProcess | undefined;
afterEach(async () => {
  await killIfRunning(proc);
  proc = undefined;
});

it('npm start with AUTH_MODE=obo and no GRAPH_BASE_URL works end to end with no tenant', async () => {
  proc = spawnGateway({ PORT: '0', AUTH_MODE: 'obo' });
  const ready = await proc.waitForLine((l) => l.msg === 'gateway ready');
  const standIn = await proc.waitForLine((l) => typeof l.authorityHost === 'string');
  const authorityHost = standIn.authorityHost as string;
  expect(authorityHost).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(standIn).toMatchObject({
    tenantId: 'e17a0000-0000-4000-8000-000000000001',
    clientId: 'e17a0000-0000-4000-8000-000000000002',
    msg: `AUTH_MODE=obo: the emulator also stands in for Entra ID; get a user token with: AUTHORITY_HOST=${authorityHost} npm run token`,
  });
  const { stdout } = await run(process.execPath, [TOKEN_SCRIPT], { env: { PATH: process.env.PATH ?? '', AUTHORITY_HOST: authorityHost } });
  const token = stdout.trim();
  expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

  const create = (authorization: string) =>
    request(ready.url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: 'mutation { createManagedAppRegistration(input: { deviceTag: "npm-start-obo" }) { deviceTag } }' }),
    }).then(async (res) => res.body.json());
  expect(await create(`Bearer ${token}`)).toEqual({ data: { createManagedAppRegistration: { deviceTag: 'npm-start-obo' } } });
  // A token of its own making is refused: the gateway checks tokens against the stand-in's keys.
  const forged = `${token.split('.').slice(0, 2).join('.')}.${Buffer.from('not the signature').toString('base64url')}`;
  const kid = (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
  expect(await create(`Bearer ${forged}`)).toEqual({
    data: null,
    errors: [
      {
        message: `The token's signature does not verify with the tenant's signing key (kid ${JSON.stringify(kid)}).`,
        locations: [{ line: 1, column: 12 }],
        path: ['createManagedAppRegistration'],
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  });
  // The token never reaches the log.
  const log = proc.lines.join('\n');
  expect(log).not.toContain(token.split('.')[2]);
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
});

it('AUTH_MODE=obo on real Graph without the app registration stops at start, naming the variable', async () => {
  proc = spawnGateway({ PORT: '0', AUTH_MODE: 'obo', GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' });
  expect(await proc.exited).toBe(1);
  expect(proc.stderr()).toBe(
    "Invalid configuration: AZURE_TENANT_ID: is required with AUTH_MODE=obo (the directory (tenant) ID of the gateway's app registration), unless the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset)\n",
  );
});

it('AUTH_MODE=obo on real Graph without a credential stops at start, naming the variables', async () => {
  proc = spawnGateway({
    PORT: '0',
    AUTH_MODE: 'obo',
    GRAPH_BASE_URL: 'https://graph.microsoft.com/beta',
    AZURE_TENANT_ID: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
    AZURE_CLIENT_ID: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  });
  expect(await proc.exited).toBe(1);
  expect(proc.stderr()).toBe(
    'Invalid configuration: AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE: one is required with AUTH_MODE=obo on a real tenant (GRAPH_BASE_URL or AUTHORITY_HOST set): a client secret, a PEM file with the private key and its certificate, or a workload identity federation token file\n',
  );
});

it('npm run token without AUTHORITY_HOST says what it needs', async () => {
  const failed = await run(process.execPath, [TOKEN_SCRIPT], { env: { PATH: process.env.PATH ?? '' } }).catch((error: { code: number; stderr: string }) => error);
  // An exec error carries the command line and more besides: its exit code and output are what it says.
  expect({ code: (failed as { code?: number }).code, stderr: failed.stderr }).toEqual({
    code: 1,
    stderr: "AUTHORITY_HOST must be the emulator's origin, e.g. AUTHORITY_HOST=http://127.0.0.1:41234 npm run token (npm start with AUTH_MODE=obo prints it).\n",
  });
});

it('npm run token -- --help prints its usage and exits 0 without a request', async () => {
  const { stdout } = await run(process.execPath, [TOKEN_SCRIPT, '--help'], { env: { PATH: process.env.PATH ?? '', AUTHORITY_HOST: 'http://127.0.0.1:9' } });
  expect(stdout.startsWith('Usage: AUTHORITY_HOST=<origin> npm run token [-- --user <userPrincipalName> | --federated | --help]\n')).toBe(true);
  expect(stdout).toContain('--federated');
});

it('npm run token where no obo stand-in answers (an emulator without it) exits non-zero, saying to start the gateway with AUTH_MODE=obo', async () => {
  const emulator = createEmulator();
  try {
    const origin = new URL(await emulator.listen(0, '127.0.0.1')).origin;
    for (const args of [[], ['--federated']]) {
      const failed = await run(process.execPath, [TOKEN_SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', AUTHORITY_HOST: origin } }).catch((error: { code: number; stderr: string }) => error);
      expect({ code: (failed as { code?: number }).code, stderr: failed.stderr }).toEqual({
        code: 1,
        stderr: expect.stringMatching(
          new RegExp(`^No Entra ID stand-in answers at ${origin.replace(/\./g, '\\.')} \\(HTTP \\d{3}\\): start the gateway with AUTH_MODE=obo and no GRAPH_BASE_URL \\(npm start then prints the AUTHORITY_HOST to use\\)\\.\\n$`),
        ),
      });
    }
  } finally {
    await emulator.close();
  }
});

it('npm run token -- --federated prints a federated token the stand-in trusts', async () => {
  const emulator = createEmulator({ entra: true });
  try {
    const origin = new URL(await emulator.listen(0, '127.0.0.1')).origin;
    const { stdout } = await run(process.execPath, [TOKEN_SCRIPT, '--federated'], { env: { PATH: process.env.PATH ?? '', AUTHORITY_HOST: origin } });
    const payload = JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({ iss: emulator.entra.federatedIssuer, sub: emulator.entra.federatedSubject, aud: ['api://AzureADTokenExchange'] });
  } finally {
    await emulator.close();
  }
});
