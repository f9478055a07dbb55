// The Entra ID stand-in over HTTP: OpenID configuration, JWKS, the jwt-bearer grant (every check, in Entra ID's error
// bodies), client assertions signed with a registered certificate (each refusal), scripted answers, the user-token
// endpoint, and that none of it reaches Graph's pipeline.
import { constants, createHash, createPrivateKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { createEmulator, ENTRA_CLIENT_ID, ENTRA_FRONTEND_CLIENT_ID, ENTRA_TENANT_ID, SEEDED_PEOPLE, type Emulator } from '../../src/emulator';
import { makeCertificate, tempDir, type TestCertificate } from '../auth/support';

// why any: tests read decoded JWT payloads and Entra ID bodies; every value read is checked by an exact expectation.
type Json = any;

const tmp = tempDir();
let emulator: Emulator;
let origin: string;
/** Registered on the app; `stranger` is not. */
let trusted: TestCertificate;
let stranger: TestCertificate;
beforeAll(async () => {
  trusted = makeCertificate(tmp.dir, 'trusted');
  stranger = makeCertificate(tmp.dir, 'stranger');
  emulator = createEmulator({ entra: { clientSecret: 'the-stand-in-secret', certificates: [trusted.certificate] } });
  origin = new URL(await emulator.listen(0, '127.0.0.1')).origin;
});
afterAll(async () => {
  await emulator.close();
  tmp.remove();
});
beforeEach(() => {
  emulator.clearRequests();
  emulator.entra.clear();
});

const TENANT_ROOT = (): string => `${origin}/${ENTRA_TENANT_ID}`;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Entra ID's error_description: `text` exactly (a RegExp: matched as a pattern), then the trace tail. */
const AADSTS_DESCRIPTION = (code: number, text: string | RegExp): RegExp =>
  new RegExp(
    `^AADSTS${code}: ${typeof text === 'string' ? escapeRegExp(text) : text.source} Trace ID: [0-9a-f-]{36} Correlation ID: corr-1 Timestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
  );

async function call(method: string, path: string, body?: string, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; headers: Record<string, unknown>; body: Json }> {
  const res = await request(`${origin}${path}`, { method, body, headers: body === undefined ? {} : { 'content-type': contentType } });
  return { status: res.statusCode, headers: res.headers, body: await res.body.json() };
}

function decode(token: string): { header: Json; payload: Json } {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json);
  return { header, payload };
}

/** A valid OBO request's form, with fields replaced (undefined drops one). */
function oboForm(fields: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    grant_type: JWT_BEARER,
    client_id: ENTRA_CLIENT_ID,
    client_secret: 'the-stand-in-secret',
    requested_token_use: 'on_behalf_of',
    assertion: emulator.entra.mintUserToken(),
    scope: 'https://graph.microsoft.com/.default openid profile offline_access',
    'client-request-id': 'corr-1',
    ...fields,
  };
  return new URLSearchParams(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)).toString();
}

const exchange = (fields?: Record<string, string | undefined>) => call('POST', `/${ENTRA_TENANT_ID}/oauth2/v2.0/token`, oboForm(fields));

/** Entra ID's error body, exactly, for a token request sent with client-request-id corr-1. */
function expectEntraError(res: { status: number; body: Json }, status: number, error: string, code: number): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({
    error,
    error_description: res.body.error_description,
    error_codes: [code],
    timestamp: res.body.timestamp,
    trace_id: res.body.trace_id,
    correlation_id: 'corr-1',
    error_uri: `${origin}/error?code=${code}`,
  });
}

describe('off by default', () => {
  it('an emulator without entra has no stand-in: the paths are Graph paths outside basePath', async () => {
    const plain = createEmulator();
    try {
      const base = await plain.listen(0, '127.0.0.1');
      expect(() => plain.entra).toThrow('The Entra ID stand-in is off: create the emulator with createEmulator({ entra: true }).');
      const res = await request(`${new URL(base).origin}/${ENTRA_TENANT_ID}/discovery/v2.0/keys`, { headers: { authorization: 'Bearer x' } });
      expect(res.statusCode).toBe(404);
      expect(((await res.body.json()) as Json).error.code).toBe('ResourceNotFound');
    } finally {
      await plain.close();
    }
  });
});

describe('discovery', () => {
  it('serves the OpenID configuration of its tenant, on the emulator origin', async () => {
    const res = await call('GET', `/${ENTRA_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-emulator']).toBe('intune-graph-emulator');
    expect(res.body).toMatchObject({
      issuer: `${TENANT_ROOT()}/v2.0`,
      token_endpoint: `${TENANT_ROOT()}/oauth2/v2.0/token`,
      jwks_uri: `${TENANT_ROOT()}/discovery/v2.0/keys`,
      authorization_endpoint: `${TENANT_ROOT()}/oauth2/v2.0/authorize`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(emulator.entra.issuer).toBe(`${TENANT_ROOT()}/v2.0`);
    expect(emulator.entra.authorityHost).toBe(origin);
  });

  it("answers Entra ID's invalid_tenant for another tenant", async () => {
    const res = await call('GET', '/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/discovery/v2.0/keys');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(res.body.error_description).toMatch(/^AADSTS90002: Tenant '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' not found\. /);
  });

  it('publishes its RSA keys; a rotation adds one (the old stays) unless retireOld', async () => {
    const first = await call('GET', `/${ENTRA_TENANT_ID}/discovery/v2.0/keys`);
    expect(first.body.keys).toHaveLength(1);
    const [key] = first.body.keys;
    expect(Object.keys(key).sort()).toEqual(['e', 'kid', 'kty', 'n', 'use', 'x5t']);
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', kid: emulator.entra.currentKid, x5t: emulator.entra.currentKid });
    expect(Buffer.from(key.n, 'base64url')).toHaveLength(256);
    const second = emulator.entra.rotateSigningKey();
    expect((await call('GET', `/${ENTRA_TENANT_ID}/discovery/v2.0/keys`)).body.keys.map((k: Json) => k.kid)).toEqual([key.kid, second]);
    const third = emulator.entra.rotateSigningKey({ retireOld: true });
    expect((await call('GET', `/${ENTRA_TENANT_ID}/discovery/v2.0/keys`)).body.keys.map((k: Json) => k.kid)).toEqual([third]);
  });

  it('keeps its own request log; Graph sees none of it', async () => {
    await call('GET', `/${ENTRA_TENANT_ID}/discovery/v2.0/keys`);
    await exchange();
    expect(emulator.requests).toEqual([]);
    expect(emulator.entra.requests).toEqual([
      { method: 'GET', path: `/${ENTRA_TENANT_ID}/discovery/v2.0/keys`, endpoint: 'jwks', status: 200 },
      { method: 'POST', path: `/${ENTRA_TENANT_ID}/oauth2/v2.0/token`, endpoint: 'token', grantType: JWT_BEARER, clientAuth: 'secret', status: 200 },
    ]);
  });
});

describe('user tokens', () => {
  it('mints a v2.0 access token for the gateway API, for the first seeded person by default', () => {
    const { header, payload } = decode(emulator.entra.mintUserToken());
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: emulator.entra.currentKid });
    const now = Math.floor(Date.now() / 1000);
    expect(payload).toEqual({
      aud: ENTRA_CLIENT_ID,
      iss: `${TENANT_ROOT()}/v2.0`,
      iat: payload.iat,
      nbf: payload.iat,
      exp: payload.iat + 3600,
      azp: ENTRA_FRONTEND_CLIENT_ID,
      azpacr: '0',
      name: 'Adele Vance',
      oid: SEEDED_PEOPLE[0]!.id,
      preferred_username: 'AdeleV@contoso.onmicrosoft.com',
      scp: 'access_as_user',
      sub: payload.sub,
      tid: ENTRA_TENANT_ID,
      uti: payload.uti,
      ver: '2.0',
    });
    expect(Math.abs(payload.iat - now)).toBeLessThanOrEqual(1);
  });

  it('serves one over HTTP at POST /_emulator/entra/user-token (npm run token)', async () => {
    const res = await call('POST', '/_emulator/entra/user-token', JSON.stringify({ userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token_type: 'Bearer', expires_in: 3600, access_token: res.body.access_token });
    expect(decode(res.body.access_token).payload).toMatchObject({ name: 'Megan Bowen', oid: SEEDED_PEOPLE[1]!.id });
    const unknown = await call('POST', '/_emulator/entra/user-token', JSON.stringify({ userPrincipalName: 'nobody@contoso.onmicrosoft.com' }), 'application/json');
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(unknown.body.error_description).toBe(
      'No such user "nobody@contoso.onmicrosoft.com"; the stand-in has AdeleV@contoso.onmicrosoft.com, MeganB@contoso.onmicrosoft.com.',
    );
  });
});

describe('the token endpoint (jwt-bearer, On-Behalf-Of)', () => {
  it("exchanges a valid assertion for a Graph token, in Entra ID's token response", async () => {
    const res = await exchange();
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store, no-cache');
    expect(res.headers['client-request-id']).toBe('corr-1');
    expect(res.body).toEqual({
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/DeviceManagementApps.ReadWrite.All',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: emulator.entra.issuedGraphTokens[0],
      client_info: Buffer.from(JSON.stringify({ uid: SEEDED_PEOPLE[0]!.id, utid: ENTRA_TENANT_ID })).toString('base64url'),
    });
    expect(decode(res.body.access_token).payload).toMatchObject({
      aud: 'https://graph.microsoft.com',
      appid: ENTRA_CLIENT_ID,
      oid: SEEDED_PEOPLE[0]!.id,
      scp: 'DeviceManagementApps.ReadWrite.All',
      upn: 'AdeleV@contoso.onmicrosoft.com',
      ver: '1.0',
    });
    // Graph (the emulator's) accepts it.
    const graph = await request(`${origin}/beta/managedAppRegistrations`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
    expect(graph.statusCode).toBe(200);
    await graph.body.text();
  });

  const now = Math.floor(Date.now() / 1000);
  it.each<[string, () => Record<string, string | undefined>, number, string, number, string]>([
    ['no grant_type', () => ({ grant_type: undefined }), 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'."],
    ['another grant', () => ({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type', 70003, "The app requested an unsupported grant type 'client_credentials'."],
    [
      'an unknown client',
      () => ({ client_id: 'someone-else' }),
      400,
      'unauthorized_client',
      700016,
      `Application with identifier 'someone-else' was not found in the directory '${ENTRA_TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ],
    ['no client secret', () => ({ client_secret: undefined }), 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."],
    [
      'a wrong client secret',
      () => ({ client_secret: 'wrong' }),
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${ENTRA_CLIENT_ID}'.`,
    ],
    ['no requested_token_use', () => ({ requested_token_use: undefined }), 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'requested_token_use'."],
    ['no assertion', () => ({ assertion: undefined }), 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'assertion'."],
    ['a malformed assertion', () => ({ assertion: 'abc' }), 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'],
    [
      'a forged assertion',
      () => ({ assertion: emulator.entra.mintUserToken({ forged: true }) }),
      400,
      'invalid_grant',
      50013,
      'Assertion failed signature validation. [Reason - The key was not found or the signature did not match.]',
    ],
    [
      "another tenant's assertion",
      () => ({ assertion: emulator.entra.mintUserToken({ claims: { iss: 'https://login.microsoftonline.com/x/v2.0' } }) }),
      400,
      'invalid_grant',
      50013,
      "Assertion failed signature validation. [Reason - The issuer 'https://login.microsoftonline.com/x/v2.0' is not this tenant's.]",
    ],
    [
      'an assertion expired past the 5 min leeway',
      () => ({ assertion: emulator.entra.mintUserToken({ claims: { exp: 1767225600 } }) }),
      400,
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${new Date(now * 1000).toISOString().slice(0, 11)}`,
    ],
    [
      'an assertion for another API',
      () => ({ assertion: emulator.entra.mintUserToken({ claims: { aud: 'api://other' } }) }),
      400,
      'invalid_grant',
      500131,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was 'api://other' and the expected audience is '${ENTRA_CLIENT_ID}' or one of the Application Uris of this application with App ID '${ENTRA_CLIENT_ID}'.`,
    ],
    [
      'a scope of no resource',
      () => ({ scope: 'openid profile' }),
      400,
      'invalid_scope',
      70011,
      "The provided value for the input parameter 'scope' is not valid. The scope 'openid profile' is not valid.",
    ],
  ])('%s', async (_case, fields, status, error, code, text) => {
    const res = await exchange(fields());
    expectEntraError(res, status, error, code);
    // The expiry message ends with the times; only its start is fixed.
    if (code === 500133) expect(res.body.error_description.startsWith(`AADSTS500133: ${text}`)).toBe(true);
    else expect(res.body.error_description).toMatch(AADSTS_DESCRIPTION(code, text));
    expect(emulator.entra.issuedGraphTokens).toEqual([]);
    expect(emulator.entra.requests.at(-1)).toMatchObject({ endpoint: 'token', status, error });
  });

  it('answers a GET with 400 AADSTS900561', async () => {
    const res = await call('GET', `/${ENTRA_TENANT_ID}/oauth2/v2.0/token`);
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [900561] } });
  });
});

describe('client assertions signed with a registered certificate (AZURE_CLIENT_CERTIFICATE_PATH)', () => {
  const CERTIFICATE_DOCS = 'Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .';
  const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const der = (c: TestCertificate): Buffer => new X509Certificate(c.certificate).raw;
  const keyOf = (c: TestCertificate): KeyObject => createPrivateKey(readFileSync(c.path));
  const x5tS256 = (c: TestCertificate): string => createHash('sha256').update(der(c)).digest('base64url');
  /** The thumbprint as Entra ID's messages show it: upper-case hex of the header's digest. */
  const shownThumbprint = (c: TestCertificate): string => createHash('sha256').update(der(c)).digest('hex').toUpperCase();
  /** Entra ID's time format in these messages: 2023-12-11T23:52:19.6223401Z. */
  const entraTime = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
  const tokenEndpoint = (): string => `${TENANT_ROOT()}/oauth2/v2.0/token`;
  const WRONG_AUDIENCE = `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_DOCS}`;
  const WRONG_ISSUER = `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_DOCS}`;
  /** AADSTS700024's text for an assertion valid from `nbf` to `exp` (the current time varies). */
  const outsideTimeRange = (nbf: number, exp: number): RegExp =>
    new RegExp(
      `Client assertion is not within its valid time range\\. Current time: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z, assertion valid from ${escapeRegExp(entraTime(nbf))}, expiry time of assertion ${escapeRegExp(entraTime(exp))}\\. ${escapeRegExp(CERTIFICATE_DOCS)}`,
    );

  interface AssertionParts {
    /** Header fields over msal-node's (undefined drops one). */
    header?: Record<string, unknown>;
    /** Claims over msal-node's (undefined drops one). */
    claims?: Record<string, unknown>;
    /** Signed with this certificate's key (default: the registered one). */
    signer?: TestCertificate;
  }

  /** A client assertion as msal-node makes one: PS256, x5t#S256, aud the token endpoint, iss = sub = the client id, 10 min. */
  function assertion(parts: AssertionParts = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tS256(trusted), ...parts.header };
    const claims = { aud: tokenEndpoint(), iss: ENTRA_CLIENT_ID, sub: ENTRA_CLIENT_ID, jti: 'jti-1', nbf: now, iat: now, exp: now + 600, ...parts.claims };
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${part(header)}.${part(claims)}`;
    const key = keyOf(parts.signer ?? trusted);
    const signature =
      header.alg === 'RS256'
        ? sign('sha256', Buffer.from(signingInput), key)
        : sign('sha256', Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  const exchangeWith = (clientAssertion: string) => exchange({ client_secret: undefined, client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion });

  it('exchanges with a valid one, and takes the same one again until it expires (msal-node re-sends its cached assertion)', async () => {
    const jwt = assertion();
    expect((await exchangeWith(jwt)).status).toBe(200);
    expect((await exchangeWith(jwt)).status).toBe(200);
    expect(emulator.entra.requests.map((r) => [r.clientAuth, r.status])).toEqual([
      ['certificate', 200],
      ['certificate', 200],
    ]);
    expect(emulator.entra.issuedGraphTokens).toHaveLength(2);
  });

  const now = Math.floor(Date.now() / 1000);
  it.each<[string, () => AssertionParts]>([
    ['a SHA-1 x5t instead of x5t#S256', () => ({ header: { 'x5t#S256': undefined, x5t: createHash('sha1').update(der(trusted)).digest('base64url') } })],
    ['RS256 instead of PS256', () => ({ header: { alg: 'RS256' } })],
    ["aud the tenant's v1 token endpoint", () => ({ claims: { aud: `${TENANT_ROOT()}/oauth2/token` } })],
    ['expired 1 min ago, within the 5 min leeway', () => ({ claims: { iat: now - 660, nbf: now - 660, exp: now - 60 } })],
  ])('accepts %s, as Entra ID does', async (_case, parts) => {
    expect((await exchangeWith(assertion(parts()))).status).toBe(200);
  });

  it.each<[string, number, () => AssertionParts, () => string | RegExp]>([
    [
      'a certificate the app does not hold (unknown thumbprint)',
      700027,
      () => ({ header: { 'x5t#S256': x5tS256(stranger) }, signer: stranger }),
      () =>
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${shownThumbprint(stranger)}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${ENTRA_CLIENT_ID}'.]`,
    ],
    [
      "a bad signature (the registered certificate's thumbprint, another key's signature)",
      700027,
      () => ({ signer: stranger }),
      () =>
        `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${shownThumbprint(trusted)}']`,
    ],
    [
      'no certificate thumbprint in the header (no x5t#S256, no x5t)',
      5002723,
      () => ({ header: { 'x5t#S256': undefined } }),
      () => 'Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.',
    ],
    [
      "aud another authority's token endpoint",
      700023,
      () => ({ claims: { aud: `https://login.microsoftonline.com/${ENTRA_TENANT_ID}/oauth2/v2.0/token` } }),
      () => WRONG_AUDIENCE,
    ],
    [
      'aud the client id (not the token endpoint)',
      700023,
      () => ({ claims: { aud: ENTRA_CLIENT_ID } }),
      () => WRONG_AUDIENCE,
    ],
    ['iss not the client id', 700021, () => ({ claims: { iss: 'someone-else' } }), () => WRONG_ISSUER],
    ['sub not the client id', 700021, () => ({ claims: { sub: 'someone-else' } }), () => WRONG_ISSUER],
    [
      'expired past the 5 min leeway',
      700024,
      () => ({ claims: { iat: now - 1200, nbf: now - 1200, exp: now - 600 } }),
      () => outsideTimeRange(now - 1200, now - 600),
    ],
    [
      'not yet valid (nbf past the 5 min leeway ahead)',
      700024,
      () => ({ claims: { iat: now, nbf: now + 3600, exp: now + 4200 } }),
      () => outsideTimeRange(now + 3600, now + 4200),
    ],
  ])('refuses %s: 401 invalid_client, AADSTS%i', async (_case, code, parts, text) => {
    const res = await exchangeWith(assertion(parts()));
    expectEntraError(res, 401, 'invalid_client', code);
    expect(res.body.error_description).toMatch(AADSTS_DESCRIPTION(code, text()));
    expect(emulator.entra.issuedGraphTokens).toEqual([]);
    expect(emulator.entra.requests).toEqual([
      { method: 'POST', path: `/${ENTRA_TENANT_ID}/oauth2/v2.0/token`, endpoint: 'token', grantType: JWT_BEARER, clientAuth: 'certificate', status: 401, error: 'invalid_client' },
    ]);
  });
});

describe('scripted answers (answerExchanges), after every check passed', () => {
  it('consent_required: invalid_grant with AADSTS65001 and suberror consent_required, for `times` exchanges', async () => {
    emulator.entra.answerExchanges({ kind: 'consent_required' }, 2);
    for (let i = 0; i < 2; i++) {
      const res = await exchange();
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
      expect(res.body.error_description).toMatch(
        AADSTS_DESCRIPTION(65001, `The user or administrator has not consented to use the application with ID '${ENTRA_CLIENT_ID}' named 'Intune GraphQL gateway'. Send an interactive authorization request for this user and resource.`),
      );
    }
    expect((await exchange()).status).toBe(200);
  });

  it('interaction_required with claims (a claims challenge)', async () => {
    emulator.entra.answerExchanges({ kind: 'interaction_required', claims: '{"access_token":{"polids":{"essential":true,"values":["p1"]}}}' });
    const res = await exchange();
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'interaction_required', error_codes: [50079], claims: '{"access_token":{"polids":{"essential":true,"values":["p1"]}}}' });
  });

  it('is not used by a request that fails a check', async () => {
    emulator.entra.answerExchanges({ kind: 'consent_required' });
    expect((await exchange({ client_secret: 'wrong' })).body.error).toBe('invalid_client');
    expect((await exchange()).body.error).toBe('invalid_grant');
  });

  it('token: another expires_in', async () => {
    emulator.entra.answerExchanges({ kind: 'token', expiresInS: 120 });
    const res = await exchange();
    expect(res.body.expires_in).toBe(120);
    const { payload } = decode(res.body.access_token);
    expect(payload.exp - payload.iat).toBe(120);
  });
});
