// Contract §12's settings: defaults, every variable read, and each refusal naming its variable.
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { makeCertificate, tempDir, type TestCertificate } from './support';

const TENANT = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const CLIENT = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const SECRET = { kind: 'secret', variable: 'AZURE_CLIENT_SECRET', secret: 'a-client-secret' };
const REAL = { AUTH_MODE: 'obo', GRAPH_BASE_URL: 'https://graph.microsoft.com/beta', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'a-client-secret' };

describe('AUTH_MODE', () => {
  it('is forward by default, and forward ignores the obo settings', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'forward' });
    expect(loadConfig({ AUTH_MODE: 'forward', AZURE_TENANT_ID: 'not checked' }).auth).toEqual({ mode: 'forward' });
  });

  it('obo with a tenant has these defaults', () => {
    const { auth } = loadConfig(REAL);
    expect(auth).toEqual({
      mode: 'obo',
      registration: { tenantId: TENANT, clientId: CLIENT, credential: SECRET, authorityHost: 'https://login.microsoftonline.com' },
      standInCredential: undefined,
      audience: undefined,
      requiredScope: 'access_as_user',
      clockSkewS: 60,
      jwksCooldownMs: 30000,
      oboCacheMax: 10000,
      timeoutMs: 10000,
    });
    expect(Object.isFrozen(auth)).toBe(true);
  });

  it('reads every obo variable', () => {
    const { auth } = loadConfig({
      ...REAL,
      AZURE_TENANT_ID: TENANT.toUpperCase(),
      AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      AUTH_AUDIENCE: 'https://contoso.example/gateway',
      AUTH_REQUIRED_SCOPE: 'Intune.Write',
      AUTH_CLOCK_SKEW_S: '0',
      AUTH_JWKS_COOLDOWN_MS: '0',
      AUTH_OBO_CACHE_MAX: '0',
      AUTH_TIMEOUT_MS: '500',
    });
    expect(auth).toEqual({
      mode: 'obo',
      registration: { tenantId: TENANT, clientId: CLIENT, credential: SECRET, authorityHost: 'https://login.microsoftonline.us' },
      standInCredential: undefined,
      audience: 'https://contoso.example/gateway',
      requiredScope: 'Intune.Write',
      clockSkewS: 0,
      jwksCooldownMs: 0,
      oboCacheMax: 0,
      timeoutMs: 500,
    });
  });

  it('obo with the embedded emulator (GRAPH_BASE_URL and AUTHORITY_HOST unset) needs no registration: the emulator stands in', () => {
    expect(loadConfig({ AUTH_MODE: 'obo' }).auth).toMatchObject({ mode: 'obo', registration: undefined });
  });

  it('an http AUTHORITY_HOST on loopback is a local stand-in', () => {
    for (const host of ['http://127.0.0.1:4100', 'http://localhost:4100', 'http://[::1]:4100']) {
      expect(loadConfig({ ...REAL, AUTHORITY_HOST: host }).auth).toMatchObject({ registration: { authorityHost: host } });
    }
  });

  const secretFree = { ...REAL, AZURE_CLIENT_SECRET: undefined };
  it.each<[string, Record<string, string | undefined>, string, string]>([
    ['AUTH_MODE', { AUTH_MODE: 'entra' }, 'AUTH_MODE', 'AUTH_MODE: must be one of forward, obo, got "entra"'],
    [
      'obo without AZURE_TENANT_ID',
      { ...REAL, AZURE_TENANT_ID: undefined },
      'AZURE_TENANT_ID',
      "AZURE_TENANT_ID: is required with AUTH_MODE=obo (the directory (tenant) ID of the gateway's app registration), unless the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset)",
    ],
    [
      'obo without AZURE_CLIENT_ID',
      { ...REAL, AZURE_CLIENT_ID: '' },
      'AZURE_CLIENT_ID',
      "AZURE_CLIENT_ID: is required with AUTH_MODE=obo (the application (client) ID of the gateway's app registration), unless the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset)",
    ],
    [
      'obo on a real tenant without a credential',
      secretFree,
      'AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE: one is required with AUTH_MODE=obo on a real tenant (GRAPH_BASE_URL or AUTHORITY_HOST set): a client secret, a PEM file with the private key and its certificate, or a workload identity federation token file',
    ],
    [
      'obo with the emulator but AUTHORITY_HOST set and no registration',
      { AUTH_MODE: 'obo', AUTHORITY_HOST: 'https://login.microsoftonline.com' },
      'AZURE_TENANT_ID',
      "AZURE_TENANT_ID: is required with AUTH_MODE=obo (the directory (tenant) ID of the gateway's app registration), unless the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset)",
    ],
    [
      'a tenant that is not a GUID',
      { ...REAL, AZURE_TENANT_ID: 'contoso.onmicrosoft.com' },
      'AZURE_TENANT_ID',
      'AZURE_TENANT_ID: must be the directory (tenant) ID, a GUID such as 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d, got "contoso.onmicrosoft.com"',
    ],
    [
      'a registration while the emulator stands in',
      { AUTH_MODE: 'obo', AZURE_CLIENT_ID: CLIENT },
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_ID: is set, but the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset): set AUTHORITY_HOST to use that tenant, or unset AZURE_TENANT_ID and AZURE_CLIENT_ID',
    ],
    [
      'an http AUTHORITY_HOST elsewhere',
      { ...REAL, AUTHORITY_HOST: 'http://login.example.com' },
      'AUTHORITY_HOST',
      'AUTHORITY_HOST: must be an origin such as https://login.microsoftonline.com (http only on localhost, 127.0.0.1 or [::1], for a local stand-in), got "http://login.example.com"',
    ],
    [
      'an AUTHORITY_HOST with a path',
      { ...REAL, AUTHORITY_HOST: `https://login.microsoftonline.com/${TENANT}` },
      'AUTHORITY_HOST',
      `AUTHORITY_HOST: must be an origin such as https://login.microsoftonline.com (no path, query or credentials), got "https://login.microsoftonline.com/${TENANT}"`,
    ],
    [
      'an AUTHORITY_HOST that is not a URL',
      { ...REAL, AUTHORITY_HOST: 'login.microsoftonline.com' },
      'AUTHORITY_HOST',
      'AUTHORITY_HOST: must be an origin such as https://login.microsoftonline.com (not a URL), got "login.microsoftonline.com"',
    ],
    ['two audiences', { ...REAL, AUTH_AUDIENCE: 'api://a api://b' }, 'AUTH_AUDIENCE', 'AUTH_AUDIENCE: must be one audience such as api://<client id>, got "api://a api://b"'],
    ['a scope list', { ...REAL, AUTH_REQUIRED_SCOPE: 'a b' }, 'AUTH_REQUIRED_SCOPE', 'AUTH_REQUIRED_SCOPE: must be one scope name such as access_as_user, got "a b"'],
    ['a clock skew past 300 s', { ...REAL, AUTH_CLOCK_SKEW_S: '301' }, 'AUTH_CLOCK_SKEW_S', 'AUTH_CLOCK_SKEW_S: must be a whole number from 0 to 300, got "301"'],
    ['a timeout of 0', { ...REAL, AUTH_TIMEOUT_MS: '0' }, 'AUTH_TIMEOUT_MS', 'AUTH_TIMEOUT_MS: must be a whole number from 1 to 120000, got "0"'],
    ['a negative cache size', { ...REAL, AUTH_OBO_CACHE_MAX: '-1' }, 'AUTH_OBO_CACHE_MAX', 'AUTH_OBO_CACHE_MAX: must be a whole number from 0 to 1000000, got "-1"'],
    ['a cooldown that is not a number', { ...REAL, AUTH_JWKS_COOLDOWN_MS: 'soon' }, 'AUTH_JWKS_COOLDOWN_MS', 'AUTH_JWKS_COOLDOWN_MS: must be a whole number from 0 to 3600000, got "soon"'],
  ])('refuses %s, naming %s', (_case, env, variable, message) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toBe(message);
  });

  it('never shows the client secret in a refusal', () => {
    expect(() => loadConfig({ ...REAL, AZURE_CLIENT_SECRET: 'a-client-secret', AUTH_TIMEOUT_MS: 'x' })).toThrow(/^AUTH_TIMEOUT_MS: /);
    try {
      loadConfig({ ...REAL, AUTHORITY_HOST: 'ftp://x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('a-client-secret');
    }
  });
});

describe('the credential (contract §12)', () => {
  const tmp = tempDir();
  let cert: TestCertificate;
  let other: TestCertificate;
  const file = (name: string, content: string): string => {
    const p = path.join(tmp.dir, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    cert = makeCertificate(tmp.dir, 'config');
    other = makeCertificate(tmp.dir, 'other');
  });
  afterAll(() => tmp.remove());
  const noSecret = { ...REAL, AZURE_CLIENT_SECRET: undefined };

  it('AZURE_CLIENT_CERTIFICATE_PATH: the key, the SHA-256 thumbprint and the certificate, read at start', () => {
    const { auth } = loadConfig({ ...noSecret, AZURE_CLIENT_CERTIFICATE_PATH: cert.path });
    const credential = auth.mode === 'obo' ? auth.registration?.credential : undefined;
    const thumbprint = new X509Certificate(cert.certificate).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(credential).toEqual({ kind: 'certificate', variable: 'AZURE_CLIENT_CERTIFICATE_PATH', path: cert.path, thumbprintSha256: thumbprint, privateKey: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n/), certificate: cert.certificate.trim() });
  });

  it('AZURE_FEDERATED_TOKEN_FILE: the path; the file may be empty at start', () => {
    const token = file('empty', '');
    expect(loadConfig({ ...noSecret, AZURE_FEDERATED_TOKEN_FILE: token }).auth).toMatchObject({ registration: { credential: { kind: 'federated', variable: 'AZURE_FEDERATED_TOKEN_FILE', path: token } } });
  });

  it('AZURE_AUTHORITY_HOST is read like AUTHORITY_HOST; the same origin in both (a trailing / is no difference) is accepted', () => {
    expect(loadConfig({ ...REAL, AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' }).auth).toMatchObject({ registration: { authorityHost: 'https://login.microsoftonline.us' } });
    expect(loadConfig({ ...REAL, AUTHORITY_HOST: 'https://login.microsoftonline.us', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' }).auth).toMatchObject({
      registration: { authorityHost: 'https://login.microsoftonline.us' },
    });
  });

  it('on the embedded emulator, none means the stand-in\'s own secret; one set is what the stand-in trusts', () => {
    expect(loadConfig({ AUTH_MODE: 'obo' }).auth).toMatchObject({ registration: undefined, standInCredential: undefined });
    expect(loadConfig({ AUTH_MODE: 'obo', AZURE_CLIENT_CERTIFICATE_PATH: cert.path }).auth).toMatchObject({ registration: undefined, standInCredential: { kind: 'certificate', certificate: cert.certificate.trim() } });
    expect(loadConfig({ AUTH_MODE: 'obo', AZURE_CLIENT_SECRET: 's' }).auth).toMatchObject({ registration: undefined, standInCredential: { kind: 'secret', secret: 's' } });
  });

  const refusals = (): Array<[string, Record<string, string | undefined>, string, string]> => [
    [
      'two credentials',
      { ...REAL, AZURE_FEDERATED_TOKEN_FILE: file('t', '') },
      'AZURE_CLIENT_SECRET and AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_CLIENT_SECRET and AZURE_FEDERATED_TOKEN_FILE: are both set, but the gateway authenticates to Entra ID with exactly one credential: keep one of AZURE_CLIENT_SECRET and AZURE_FEDERATED_TOKEN_FILE',
    ],
    [
      'three credentials, on the embedded emulator too',
      { AUTH_MODE: 'obo', AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: cert.path, AZURE_FEDERATED_TOKEN_FILE: file('t', '') },
      'AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH and AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH and AZURE_FEDERATED_TOKEN_FILE: are all set, but the gateway authenticates to Entra ID with exactly one credential: keep one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH and AZURE_FEDERATED_TOKEN_FILE',
    ],
    [
      'a certificate file that is not there',
      { ...noSecret, AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent/gateway.pem' },
      'AZURE_CLIENT_CERTIFICATE_PATH',
      'AZURE_CLIENT_CERTIFICATE_PATH: cannot be read (ENOENT), got "/nonexistent/gateway.pem"',
    ],
    [
      'a certificate without its key',
      { ...noSecret, AZURE_CLIENT_CERTIFICATE_PATH: file('cert-only.pem', cert.certificate) },
      'AZURE_CLIENT_CERTIFICATE_PATH',
      `AZURE_CLIENT_CERTIFICATE_PATH: must be a PEM file holding the private key (-----BEGIN PRIVATE KEY-----) and its certificate (-----BEGIN CERTIFICATE-----); "${path.join(tmp.dir, 'cert-only.pem')}" has no private key`,
    ],
    [
      'a key without its certificate',
      { ...noSecret, AZURE_CLIENT_CERTIFICATE_PATH: file('key-only.pem', readFileSync(cert.path, 'utf8').replace(/-----BEGIN CERTIFICATE-----[\s\S]*/, '')) },
      'AZURE_CLIENT_CERTIFICATE_PATH',
      `AZURE_CLIENT_CERTIFICATE_PATH: must be a PEM file holding the private key (-----BEGIN PRIVATE KEY-----) and its certificate (-----BEGIN CERTIFICATE-----); "${path.join(tmp.dir, 'key-only.pem')}" has no certificate`,
    ],
    [
      'a key that is not the certificate\'s',
      { ...noSecret, AZURE_CLIENT_CERTIFICATE_PATH: file('mixed.pem', `${readFileSync(cert.path, 'utf8').replace(/-----BEGIN CERTIFICATE-----[\s\S]*/, '')}${other.certificate}`) },
      'AZURE_CLIENT_CERTIFICATE_PATH',
      `AZURE_CLIENT_CERTIFICATE_PATH: must be a PEM file holding the private key (-----BEGIN PRIVATE KEY-----) and its certificate (-----BEGIN CERTIFICATE-----); "${path.join(tmp.dir, 'mixed.pem')}" has a private key that is not the key of its (first) certificate`,
    ],
    [
      'a federated token file that is not there',
      { ...noSecret, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' },
      'AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_FEDERATED_TOKEN_FILE: cannot be read (ENOENT), got "/var/run/secrets/azure/tokens/azure-identity-token"',
    ],
    [
      'AUTHORITY_HOST and AZURE_AUTHORITY_HOST naming two origins',
      { ...REAL, AUTHORITY_HOST: 'https://login.microsoftonline.com', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' },
      'AZURE_AUTHORITY_HOST',
      'AZURE_AUTHORITY_HOST: is "https://login.microsoftonline.us" but AUTHORITY_HOST is "https://login.microsoftonline.com": both name the Entra ID authority; unset one, or set both to the same origin',
    ],
    [
      'an AZURE_AUTHORITY_HOST with a path',
      { ...REAL, AZURE_AUTHORITY_HOST: `https://login.microsoftonline.com/${TENANT}` },
      'AZURE_AUTHORITY_HOST',
      `AZURE_AUTHORITY_HOST: must be an origin such as https://login.microsoftonline.com (no path, query or credentials), got "https://login.microsoftonline.com/${TENANT}"`,
    ],
  ];

  it('refuses each, naming the variables, and never shows a secret or a key', () => {
    for (const [name, env, variable, message] of refusals()) {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect([name, caught instanceof ConfigError, (caught as ConfigError).variable, (caught as ConfigError).message]).toEqual([name, true, variable, message]);
      expect((caught as Error).message).not.toMatch(/PRIVATE KEY-----\n|MII/);
    }
  });
});
