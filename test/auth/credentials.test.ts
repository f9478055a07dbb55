// Contract §12's three credentials of the gateway, end to end over real HTTP against the Entra ID stand-in: an
// On-Behalf-Of exchange with each (a client secret is obo.test.ts's default), every way Entra ID refuses each (as
// UPSTREAM_UNAVAILABLE naming the variable in use, nothing sent to Graph), the federated token file read again after
// the kubelet's ..data symlink swap, and no key or assertion in the logs. The certificate's refusals past an unknown
// thumbprint go through an authority proxy on another origin (the gateway cannot be made to sign a wrong assertion).
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { request } from 'undici';
import type { Emulator, FederatedTokenOptions } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';
import { create, CREATE_FIELD, entraCalls, JWKS_CALL, makeCertificate, oboEnv, tempDir, TOKEN_CALL, type TestCertificate } from './support';

const tmp = tempDir();
let trusted: TestCertificate;
let stranger: TestCertificate;
const stacks: Stack[] = [];

beforeAll(() => {
  trusted = makeCertificate(tmp.dir, 'trusted');
  stranger = makeCertificate(tmp.dir, 'stranger');
});
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
  tmp.remove();
});

/** A stand-in trusting `trusted`, and a gateway with these credential settings (no client secret unless given). */
async function stack(env: (emulator: Emulator) => Record<string, string>): Promise<Stack> {
  const s = await startStack({ emulator: { entra: { certificates: [trusted.certificate] } }, env: (emulator) => oboEnv(emulator, { AZURE_CLIENT_SECRET: '', ...env(emulator) }) });
  stacks.push(s);
  return s;
}

const ok = { data: { createManagedAppRegistration: { deviceTag: 'obo' } } };
const refused = (variable: string, label: string) => ({
  data: null,
  errors: [
    {
      message: `Entra ID refused the gateway's own credentials (${label}): AZURE_CLIENT_ID and ${variable} need fixing; nothing was sent to Microsoft Graph.`,
      ...CREATE_FIELD,
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    },
  ],
});

/** The base64 lines of a PEM file's private key: none may appear in a log. */
function privateKeyLines(pemPath: string): string[] {
  const pem = readFileSync(pemPath, 'utf8');
  const key = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem)![1]!;
  return key.split('\n').filter((line) => line.length > 0);
}

/** Neither the key (any line of it) nor any of these assertions (whole, or their signatures) in the gateway's log. */
function expectNothingSecretLogged(s: Stack, keyPath: string, assertions: readonly string[]): void {
  const log = s.logLines.join('\n');
  expect(log).not.toContain('PRIVATE KEY');
  expect(privateKeyLines(keyPath).filter((line) => log.includes(line))).toEqual([]);
  expect(assertions.filter((a) => log.includes(a) || log.includes(a.split('.')[2]!))).toEqual([]);
}

interface AuthorityProxy {
  /** What AUTHORITY_HOST names: the proxy's origin. */
  readonly origin: string;
  /** Where requests go on to: the stand-in's origin, set once the emulator listens. */
  target: string;
  /** Every client assertion the gateway sent, as sent. */
  readonly assertions: string[];
  close(): Promise<void>;
}

/**
 * An authority in front of the stand-in, on its own origin: every request goes on unchanged, except that `alter` may
 * rewrite a token request's client assertion. Since the gateway signs for the authority it is given, its assertions
 * name the proxy's token endpoint as their audience, which the stand-in (like Entra ID) does not take as its own.
 */
async function authorityProxy(alter: (assertion: string) => string = (assertion) => assertion): Promise<AuthorityProxy> {
  const assertions: string[] = [];
  const proxy = { target: '', assertions } as { target: string; assertions: string[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: string | undefined = chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body ?? '');
      const assertion = form.get('client_assertion');
      if (assertion !== null) {
        assertions.push(assertion);
        form.set('client_assertion', alter(assertion));
        body = form.toString();
      }
      const headers = req.headers['content-type'] === undefined ? {} : { 'content-type': req.headers['content-type'] };
      request(`${proxy.target}${req.url ?? '/'}`, { method: req.method === 'POST' ? 'POST' : 'GET', headers, body })
        .then(async (answer) => {
          res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
          res.end(Buffer.from(await answer.body.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(proxy, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A signature with its first byte changed: what a bad signature looks like to Entra ID. */
function tamperSignature(assertion: string): string {
  const [header, payload, signature] = assertion.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = bytes[0]! ^ 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

describe('AZURE_CLIENT_CERTIFICATE_PATH', () => {
  it('signs a client assertion with the certificate: the exchange works; msal-node re-sends its assertion and the stand-in takes it again', async () => {
    const s = await stack(() => ({ AZURE_CLIENT_CERTIFICATE_PATH: trusted.path }));
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual(ok);
    expect((await create(s, s.emulator.entra.mintUserToken({ userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }))).body).toEqual(ok);
    expect(entraCalls(s.emulator)).toEqual([JWKS_CALL, TOKEN_CALL, TOKEN_CALL]);
    expect(s.emulator.entra.requests.filter((r) => r.endpoint === 'token').map((r) => r.clientAuth)).toEqual(['certificate', 'certificate']);
    expect(s.emulator.requests.map((r) => r.headers.authorization)).toEqual(s.emulator.entra.issuedGraphTokens.map((t) => `Bearer ${t}`));
    expectNothingSecretLogged(s, trusted.path, []);
  });

  it("a certificate the app does not hold: AADSTS700027, UPSTREAM_UNAVAILABLE naming AZURE_CLIENT_CERTIFICATE_PATH", async () => {
    const s = await stack(() => ({ AZURE_CLIENT_CERTIFICATE_PATH: stranger.path }));
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual(refused('AZURE_CLIENT_CERTIFICATE_PATH', 'AADSTS700027 invalid_client'));
    expect(entraCalls(s.emulator)).toEqual([JWKS_CALL, 'POST /<tenant>/oauth2/v2.0/token 401']);
    expect(s.emulator.requests).toEqual([]);
    expect(s.logLines.some((l) => l.includes('"msg":"On-Behalf-Of exchange failed"') && l.includes('"errorCodes":[700027]') && l.includes('"credential":"AZURE_CLIENT_CERTIFICATE_PATH"'))).toBe(true);
    expectNothingSecretLogged(s, stranger.path, []);
  });

  it.each<[string, ((assertion: string) => string) | undefined, string]>([
    ["an assertion for another authority's token endpoint (wrong audience)", undefined, 'AADSTS700023 invalid_client'],
    ['an assertion altered on the way (bad signature)', tamperSignature, 'AADSTS700027 invalid_client'],
  ])('%s: Entra ID refuses it, UPSTREAM_UNAVAILABLE naming AZURE_CLIENT_CERTIFICATE_PATH; neither key nor assertion logged', async (_case, alter, label) => {
    const proxy = await authorityProxy(alter);
    try {
      const s = await stack((emulator) => {
        proxy.target = emulator.entra.authorityHost;
        return { AZURE_CLIENT_CERTIFICATE_PATH: trusted.path, AUTHORITY_HOST: proxy.origin };
      });
      const token = s.emulator.entra.mintUserToken({ claims: { iss: `${proxy.origin}/${s.emulator.entra.tenantId}/v2.0` } });
      expect((await create(s, token)).body).toEqual(refused('AZURE_CLIENT_CERTIFICATE_PATH', label));
      expect(entraCalls(s.emulator)).toEqual([JWKS_CALL, 'POST /<tenant>/oauth2/v2.0/token 401']);
      expect(s.emulator.entra.requests.at(-1)).toMatchObject({ clientAuth: 'certificate', error: 'invalid_client' });
      expect(s.emulator.requests).toEqual([]);
      expect(proxy.assertions).toHaveLength(1);
      expectNothingSecretLogged(s, trusted.path, proxy.assertions);
    } finally {
      await proxy.close();
    }
  });
});

describe('AZURE_FEDERATED_TOKEN_FILE', () => {
  /**
   * The layout the kubelet gives a projected token: <dir>/token → ..data/token, ..data → a timestamped directory;
   * an update writes a new directory and swaps ..data, so the path stays and the file behind it changes.
   */
  function projectedToken(name: string, token: string): { file: string; swap: (token: string) => void } {
    const dir = path.join(tmp.dir, name);
    let generation = 0;
    const write = (content: string): void => {
      const version = path.join(dir, `..2026_12_07_${generation++}`);
      mkdirSync(version, { recursive: true });
      writeFileSync(path.join(version, 'token'), content);
      symlinkSync(path.basename(version), path.join(dir, '..data_tmp'));
      renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
    };
    write(token);
    symlinkSync('..data/token', path.join(dir, 'token'));
    return { file: path.join(dir, 'token'), swap: write };
  }

  it('the file is the client assertion, read again for each exchange: a ..data symlink swap is seen at once', async () => {
    let swap: (token: string) => void = () => undefined;
    const s = await stack((emulator) => {
      const projected = projectedToken('swap', emulator.entra.mintFederatedToken({ claims: { exp: 1767225600, nbf: 1767222000, iat: 1767222000 } }));
      swap = projected.swap;
      return { AZURE_FEDERATED_TOKEN_FILE: projected.file };
    });
    const token = s.emulator.entra.mintUserToken();
    const expired = await create(s, token);
    expect(expired.body).toEqual(refused('AZURE_FEDERATED_TOKEN_FILE', 'AADSTS700024 invalid_client'));
    swap(s.emulator.entra.mintFederatedToken());
    expect((await create(s, token)).body).toEqual(ok);
    expect(s.emulator.entra.requests.filter((r) => r.endpoint === 'token').map((r) => [r.clientAuth, r.status])).toEqual([
      ['federated', 401],
      ['federated', 200],
    ]);
  });

  it('an empty file (the token not yet written) is UPSTREAM_UNAVAILABLE naming the variable, and Entra ID is not asked', async () => {
    const file = path.join(tmp.dir, 'empty-token');
    writeFileSync(file, '');
    const s = await stack(() => ({ AZURE_FEDERATED_TOKEN_FILE: file }));
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual({
      data: null,
      errors: [
        {
          message: `AZURE_FEDERATED_TOKEN_FILE (${file}) is empty: no federated token has been written to it yet; the On-Behalf-Of exchange was not attempted and nothing was sent to Microsoft Graph.`,
          ...CREATE_FIELD,
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        },
      ],
    });
    expect(entraCalls(s.emulator)).toEqual([JWKS_CALL]);
    expect(s.emulator.requests).toEqual([]);
  });

  const now = Math.floor(Date.now() / 1000);
  it.each<[string, FederatedTokenOptions, string]>([
    ['an untrusted issuer', { claims: { iss: 'https://oidc.prod-aks.azure.com/other/' } }, 'AADSTS700211 invalid_client'],
    ['another subject', { claims: { sub: 'system:serviceaccount:default:someone-else' } }, 'AADSTS700213 invalid_client'],
    ['another audience', { claims: { aud: ['api://AzureADTokenExchangeChina'] } }, 'AADSTS700212 invalid_client'],
    ['a bad signature', { forged: true }, 'AADSTS700027 invalid_client'],
    ['an expired token', { claims: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 } }, 'AADSTS700024 invalid_client'],
  ])('%s is refused by Entra ID, UPSTREAM_UNAVAILABLE naming AZURE_FEDERATED_TOKEN_FILE', async (name, options, label) => {
    let assertion = '';
    const s = await stack((emulator) => {
      assertion = emulator.entra.mintFederatedToken(options);
      const file = path.join(tmp.dir, `federated-${name.replace(/\W+/g, '-')}`);
      writeFileSync(file, `${assertion}\n`);
      return { AZURE_FEDERATED_TOKEN_FILE: file };
    });
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual(refused('AZURE_FEDERATED_TOKEN_FILE', label));
    expect(s.emulator.requests).toEqual([]);
    expect(s.logLines.join('\n')).not.toContain(assertion.split('.')[2]);
  });
});
