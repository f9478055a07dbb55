// Contract §12's three credentials of the gateway, end to end over real HTTP against the Entra ID stand-in: an
// On-Behalf-Of exchange with each (a client secret is obo.test.ts's default), every way Entra ID refuses each (as
// UPSTREAM_UNAVAILABLE naming the variable in use, nothing sent to Graph), the federated token file read again after
// the kubelet's ..data symlink swap, and no key or assertion in the logs.
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

describe('AZURE_CLIENT_CERTIFICATE_PATH', () => {
  it('signs a client assertion with the certificate: the exchange works; msal-node re-sends its assertion and the stand-in takes it again', async () => {
    const s = await stack(() => ({ AZURE_CLIENT_CERTIFICATE_PATH: trusted.path }));
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual(ok);
    expect((await create(s, s.emulator.entra.mintUserToken({ userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }))).body).toEqual(ok);
    expect(entraCalls(s.emulator)).toEqual([JWKS_CALL, TOKEN_CALL, TOKEN_CALL]);
    expect(s.emulator.entra.requests.filter((r) => r.endpoint === 'token').map((r) => r.clientAuth)).toEqual(['certificate', 'certificate']);
    expect(s.emulator.requests.map((r) => r.headers.authorization)).toEqual(s.emulator.entra.issuedGraphTokens.map((t) => `Bearer ${t}`));
    const log = s.logLines.join('\n');
    expect(log).not.toContain('PRIVATE KEY');
  });

  it("a certificate the app does not hold: AADSTS700027, UPSTREAM_UNAVAILABLE naming AZURE_CLIENT_CERTIFICATE_PATH", async () => {
    const s = await stack(() => ({ AZURE_CLIENT_CERTIFICATE_PATH: stranger.path }));
    expect((await create(s, s.emulator.entra.mintUserToken())).body).toEqual(refused('AZURE_CLIENT_CERTIFICATE_PATH', 'AADSTS700027 invalid_client'));
    expect(entraCalls(s.emulator)).toEqual([JWKS_CALL, 'POST /<tenant>/oauth2/v2.0/token 401']);
    expect(s.emulator.requests).toEqual([]);
    expect(s.logLines.some((l) => l.includes('"msg":"On-Behalf-Of exchange failed"') && l.includes('"errorCodes":[700027]') && l.includes('"credential":"AZURE_CLIENT_CERTIFICATE_PATH"'))).toBe(true);
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
