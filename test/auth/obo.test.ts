// Contract §12 end to end over real HTTP: the caller's token is checked first (every refusal: its code, its exact
// message, and no Graph request), then exchanged On-Behalf-Of at the emulator's Entra ID stand-in, and only the
// exchanged token reaches Graph; the exchange is cached; Entra ID's answers that need the user become challenges.
import type { ExchangeAnswer, UserTokenOptions } from '../../src/emulator';
import type { Stack } from '../helpers/stack';
import { create, CREATE_FIELD, entraCalls, startOboStack, TOKEN_CALL } from './support';

let stack: Stack;
/** Every user token minted here, and every Graph token issued: asserted never to reach a log line. */
const minted: string[] = [];
const issued: string[] = [];

function mint(options?: UserTokenOptions): string {
  const token = stack.emulator.entra.mintUserToken(options);
  minted.push(token);
  return token;
}

beforeAll(async () => {
  stack = await startOboStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  issued.push(...stack.emulator.entra.issuedGraphTokens);
  stack.emulator.clearRequests();
  stack.emulator.entra.clear();
});

const graphCalls = (): string[][] => stack.emulator.requests.map((r) => [r.method, r.rawPath, r.headers.authorization ?? '']);
const tokenCalls = (): string[] => entraCalls(stack.emulator).filter((c) => c === TOKEN_CALL || c.includes('/oauth2/'));

describe('a valid token', () => {
  it('is exchanged On-Behalf-Of, and the create reaches Graph with the exchanged token, never the incoming one', async () => {
    const token = mint();
    const res = await create(stack, token);
    expect(res.body).toEqual({ data: { createManagedAppRegistration: { deviceTag: 'obo' } } });
    const [graphToken] = stack.emulator.entra.issuedGraphTokens;
    expect(stack.emulator.entra.issuedGraphTokens).toHaveLength(1);
    expect(graphCalls()).toEqual([['POST', '/beta/deviceAppManagement/managedAppRegistrations', `Bearer ${graphToken}`]]);
    expect(graphToken).not.toBe(token);
    expect(tokenCalls()).toEqual([TOKEN_CALL]);
    expect(stack.emulator.entra.requests.find((r) => r.endpoint === 'token')).toEqual({
      method: 'POST',
      path: `/${stack.emulator.entra.tenantId}/oauth2/v2.0/token`,
      endpoint: 'token',
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      clientAuth: 'secret',
      status: 200,
    });
  });

  it('is exchanged once: a second request with it reuses the cached Graph token (no token-endpoint call)', async () => {
    const token = mint();
    await create(stack, token);
    await create(stack, token);
    expect(tokenCalls()).toEqual([TOKEN_CALL]);
    const [graphToken] = stack.emulator.entra.issuedGraphTokens;
    expect(graphCalls().map((c) => c[2])).toEqual([`Bearer ${graphToken}`, `Bearer ${graphToken}`]);
  });

  it('is exchanged once for concurrent requests too', async () => {
    const token = mint();
    const answers = await Promise.all([create(stack, token), create(stack, token), create(stack, token)]);
    expect(answers.map((a) => a.body.errors)).toEqual([undefined, undefined, undefined]);
    expect(tokenCalls()).toEqual([TOKEN_CALL]);
  });

  it('is exchanged again when the Graph token has less than five minutes left: the cache never hands one out that close to expiry', async () => {
    const token = mint();
    // (msal-node rounds the request time to the second, so 300 could leave a Graph token cached for half a second.)
    stack.emulator.entra.answerExchanges({ kind: 'token', expiresInS: 299 }, 2);
    await create(stack, token);
    await create(stack, token);
    expect(tokenCalls()).toEqual([TOKEN_CALL, TOKEN_CALL]);
    const issued = stack.emulator.entra.issuedGraphTokens;
    expect(graphCalls().map((c) => c[2])).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[1]}`]);
  });

  it('of another user gets its own exchange', async () => {
    await create(stack, mint());
    await create(stack, mint({ userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }));
    expect(tokenCalls()).toEqual([TOKEN_CALL, TOKEN_CALL]);
  });

  it('is accepted within the clock skew (AUTH_CLOCK_SKEW_S, 60 s): nbf 30 s ahead, exp 30 s past', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await create(stack, mint({ claims: { nbf: now + 30 } }))).body.errors).toBeUndefined();
    expect((await create(stack, mint({ claims: { iat: now - 3600, nbf: now - 3600, exp: now - 30 } }))).body.errors).toBeUndefined();
  });

  it('needs no token for fields that call no Graph API', async () => {
    const res = await stack.gql('{ gatewayInfo { emulator } }', undefined, {});
    expect(res.body).toEqual({ data: { gatewayInfo: { emulator: true } } });
    expect(stack.emulator.entra.requests).toEqual([]);
  });
});

describe('refusals: the exact code and message, and nothing sent to Graph', () => {
  const cid = (): string => stack.emulator.entra.clientId;
  const scopeUri = (): string => `api://${cid()}/access_as_user`;
  const now = Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => string | undefined, string, () => string]> = [
    ['no token', () => undefined, 'UNAUTHENTICATED', () => `Send an access token for the gateway's API (${scopeUri()}) as "Authorization: Bearer <token>".`],
    ['a token that is not a JWT', () => 'not-a-jwt', 'UNAUTHENTICATED', () => `The bearer token is not a JSON Web Token: send an access token for ${scopeUri()}.`],
    [
      'an expired token',
      () => mint({ claims: { iat: 1767222000, nbf: 1767222000, exp: 1767225600 } }),
      'UNAUTHENTICATED',
      () => 'The token expired at 2026-01-01T00:00:00.000Z: get a new one.',
    ],
    ['a token not yet valid', () => mint({ claims: { nbf: now + 3600, exp: now + 7200 } }), 'UNAUTHENTICATED', () => `The token is not valid before ${new Date((now + 3600) * 1000).toISOString()}.`],
    ['a token without exp', () => mint({ claims: { exp: undefined } }), 'UNAUTHENTICATED', () => 'The token has no "exp" claim.'],
    [
      'a token for another audience',
      () => mint({ claims: { aud: 'api://someone-else' } }),
      'UNAUTHENTICATED',
      () => `The token is for "api://someone-else", not for this gateway ("api://${cid()}" or "${cid()}").`,
    ],
    [
      'a token of another tenant',
      () => mint({ claims: { iss: 'https://login.microsoftonline.com/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/v2.0' } }),
      'UNAUTHENTICATED',
      () => `The token was issued by "https://login.microsoftonline.com/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/v2.0", not by the tenant's issuer "${stack.emulator.entra.issuer}".`,
    ],
    [
      'a v1.0 token',
      () => mint({ claims: { iss: `https://sts.windows.net/${stack.emulator.entra.tenantId}/`, ver: '1.0' } }),
      'UNAUTHENTICATED',
      () =>
        `The token was issued by "https://sts.windows.net/${stack.emulator.entra.tenantId}/", not by the tenant's issuer "${stack.emulator.entra.issuer}". ` +
        'It is a v1.0 token: set the app registration\'s "requestedAccessTokenVersion" to 2.',
    ],
    [
      'a token with a bad signature',
      () => mint({ forged: true }),
      'UNAUTHENTICATED',
      () => `The token's signature does not verify with the tenant's signing key (kid "${stack.emulator.entra.currentKid}").`,
    ],
    [
      'a token with an unknown kid',
      () => mint({ header: { kid: 'not-a-published-key' } }),
      'UNAUTHENTICATED',
      () => 'The token is signed with a key (kid "not-a-published-key") that is not among the tenant\'s published signing keys.',
    ],
    ['a token signed with another algorithm', () => mint({ header: { alg: 'HS256' } }), 'UNAUTHENTICATED', () => 'The token is signed with "HS256"; Entra ID signs access tokens with "RS256".'],
    [
      'a token without the required scope',
      () => mint({ claims: { scp: 'User.Read Mail.Read' } }),
      'FORBIDDEN',
      () => `The token does not grant the scope "access_as_user" (it grants "User.Read Mail.Read"): request ${scopeUri()}.`,
    ],
    [
      'an app-only token (roles, no scp)',
      () => mint({ claims: { scp: undefined, roles: ['DeviceManagementApps.ReadWrite.All'] } }),
      'FORBIDDEN',
      () => `The token carries no delegated scopes ("scp"): the gateway acts for a signed-in user and needs ${scopeUri()}.`,
    ],
  ];

  it.each(cases)('%s → %s', async (_name, token, code, message) => {
    const res = await create(stack, token());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: null, errors: [{ message: message(), ...CREATE_FIELD, extensions: { code } }] });
    expect(stack.emulator.requests).toEqual([]);
    expect(tokenCalls()).toEqual([]);
  });

  it('refuses every Graph call of the request with the same error, after one check', async () => {
    // Two nullable fields read through two loaders: a non-null field's error would null the whole answer, and
    // graphql-js then answers without waiting for the other field's error.
    const res = await stack.gql(
      `{ a: managedAppRegistration(id: "x") { id } b: mobileAppInstallStatus(mobileAppId: "m", id: "y") { id } }`,
      undefined,
      { authorization: `Bearer ${mint({ claims: { aud: 'api://someone-else' } })}` },
    );
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code]).sort()).toEqual([
      [['a'], 'UNAUTHENTICATED'],
      [['b'], 'UNAUTHENTICATED'],
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe("Entra ID's answers that need the user", () => {
  const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["5ce36a7b-3b2c-4f4c-9d5e-2a1b0c9d8e7f"]}}}';
  const CLAIMS_BASE64 = Buffer.from(CLAIMS).toString('base64');

  it('a missing consent is UNAUTHENTICATED with the challenge (no claims, so no WWW-Authenticate)', async () => {
    stack.emulator.entra.answerExchanges({ kind: 'consent_required' });
    const res = await create(stack, mint());
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'The user has not consented to the gateway calling Microsoft Graph for them (AADSTS65001 invalid_grant): sign in interactively to consent, then send the new token.',
          ...CREATE_FIELD,
          extensions: { code: 'UNAUTHENTICATED', authChallenge: { error: 'invalid_grant', errorCodes: [65001], claims: null } },
        },
      ],
    });
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(stack.emulator.requests).toEqual([]);
  });

  // The lean path answers a plain JSON POST; a request asking for a federated trace goes through Apollo Server.
  it.each([
    ['the lean path', {}],
    ["Apollo Server's pipeline", { 'apollo-federation-include-trace': 'ftv1' }],
  ])('a claims challenge is UNAUTHENTICATED with the challenge and WWW-Authenticate (%s)', async (_path, headers) => {
    stack.emulator.entra.answerExchanges({ kind: 'interaction_required', claims: CLAIMS });
    const res = await create(stack, mint(), headers);
    expect(res.status).toBe(200);
    expect(res.headers['www-authenticate']).toBe(`Bearer error="insufficient_claims", claims="${CLAIMS_BASE64}"`);
    expect(res.body.errors).toEqual([
      {
        message:
          'Entra ID needs more from the user before the gateway may call Microsoft Graph for them (AADSTS50079 interaction_required): get a new token with the claims in extensions.authChallenge.claims.',
        ...CREATE_FIELD,
        extensions: { code: 'UNAUTHENTICATED', authChallenge: { error: 'interaction_required', errorCodes: [50079], claims: CLAIMS_BASE64 } },
      },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('is not cached: the next request with the same token is exchanged again', async () => {
    const token = mint();
    stack.emulator.entra.answerExchanges({ kind: 'consent_required' });
    expect((await create(stack, token)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await create(stack, token)).body.errors).toBeUndefined();
    expect(tokenCalls()).toEqual(['POST /<tenant>/oauth2/v2.0/token 400', TOKEN_CALL]);
  });
});

describe("Entra ID's other refusals", () => {
  it.each<[string, string, string, ExchangeAnswer]>([
    [
      'invalid_grant (a revoked session)',
      'UNAUTHENTICATED',
      'Entra ID refused to exchange the token On-Behalf-Of (AADSTS50173 invalid_grant): sign in again.',
      { kind: 'error', error: 'invalid_grant', code: 50173, description: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.' },
    ],
    [
      'a 503',
      'UPSTREAM_UNAVAILABLE',
      'Entra ID is unavailable (HTTP 503, AADSTS90033 temporarily_unavailable); nothing was sent to Microsoft Graph.',
      { kind: 'error', status: 503, error: 'temporarily_unavailable', code: 90033, description: 'A transient error has occurred. Please try again.' },
    ],
    [
      'invalid_scope',
      'UPSTREAM_UNAVAILABLE',
      "Entra ID refused the gateway's On-Behalf-Of request (AADSTS70011 invalid_scope); nothing was sent to Microsoft Graph.",
      { kind: 'error', error: 'invalid_scope', code: 70011, description: "The provided value for the input parameter 'scope' is not valid." },
    ],
  ])('%s → %s', async (_name, code, message, answer) => {
    stack.emulator.entra.answerExchanges(answer);
    const res = await create(stack, mint());
    expect(res.body).toEqual({ data: null, errors: [{ message, ...CREATE_FIELD, extensions: { code } }] });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('logs', () => {
  it('never carry a caller token, an exchanged token or the client secret', () => {
    const text = stack.logLines.join('\n');
    expect(minted.length).toBeGreaterThan(20);
    for (const token of [...minted, ...issued, ...stack.emulator.entra.issuedGraphTokens]) expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(stack.emulator.entra.clientSecret);
    // The refusals are logged, with Entra ID's codes.
    expect(stack.logLines.some((l) => l.includes('"msg":"On-Behalf-Of exchange failed"') && l.includes('"errorCodes":[65001]'))).toBe(true);
  });
});
