// `npm start` (dist/main.js) with AUTH_MODE=obo and no tenant: the embedded emulator stands in for Entra ID, `npm run
// token` (dist/emulator/entra/token.js) prints a token it accepts, and a create works end to end. Without the emulator, a
// missing registration stops the process at start.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
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
  expect(await create(`Bearer ${forged}`)).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
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

it('npm run token without AUTHORITY_HOST says what it needs', async () => {
  const failed = await run(process.execPath, [TOKEN_SCRIPT], { env: { PATH: process.env.PATH ?? '' } }).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({
    code: 1,
    stderr: "AUTHORITY_HOST must be the emulator's origin, e.g. AUTHORITY_HOST=http://127.0.0.1:41234 npm run token (npm start with AUTH_MODE=obo prints it).\n",
  });
});
