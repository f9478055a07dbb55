// The Entra ID stand-in (only with `createEmulator({ entra })`): one tenant holding the gateway's app registration (a
// confidential client with a secret) and the seeded people, serving what an On-Behalf-Of middle tier calls: the
// OpenID configuration, the JWKS and the token endpoint with the jwt-bearer grant. It answers with Entra ID's token
// response and Entra ID's error bodies (`error`, `error_description` starting "AADSTS<code>:", `error_codes`…), and
// tests can script the answers that need the user (consent, a claims challenge). Its routes are outside basePath;
// the emulator's server (emulator.ts) hands them here, before Graph's pipeline. It is NOT Entra ID: no sign-in, no
// consent screens, no conditional access.
import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBodyText } from '../body';
import { authenticateClient, TOKEN_EXCHANGE_AUDIENCE, type ClientCredentials } from './client-auth';
import { SigningKeys, type JwtClaims } from './jwt';
import type { EntraOptions, EntraEndpoint, EntraRequest, UserTokenOptions, ExchangeAnswer, EntraControl, FederatedTokenOptions } from './types';
export type { EntraOptions, EntraEndpoint, EntraRequest, UserTokenOptions, ExchangeAnswer, EntraControl, FederatedTokenOptions } from './types';
import { EMULATOR_LABEL } from '../graph/responses';
import { SEEDED_PEOPLE } from '../graph/seed';

/** The stand-in's tenant and the gateway's registration in it, unless the emulator is given others. */
export const ENTRA_TENANT_ID = 'e17a0000-0000-4000-8000-000000000001';
export const ENTRA_CLIENT_ID = 'e17a0000-0000-4000-8000-000000000002';
/** The frontend (a public client listed in the gateway's knownClientApplications) that user tokens name in `azp`. */
export const ENTRA_FRONTEND_CLIENT_ID = 'e17a0000-0000-4000-8000-000000000003';
/** The subject of the federated identity credential: the service account a workload identity webhook would project. */
export const ENTRA_FEDERATED_SUBJECT = 'system:serviceaccount:default:intune-graphql-gateway';
/** Path of the issuer the stand-in runs for federated tokens (a stand-in for a cluster's OIDC issuer). */
const FEDERATION_ISSUER_PATH = '/_emulator/workload-identity';
/** A projected service account token's lifetime (the webhook's default). */
const FEDERATED_TOKEN_LIFETIME_S = 3600;

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** What the gateway's registration holds as a delegated Graph permission. */
const GRAPH_SCOPE = 'DeviceManagementApps.ReadWrite.All';
/** Scopes msal-node adds to every request; Entra ID takes them beside a resource's scopes. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);
/** Entra ID's lifetime of access tokens, as its expires_in says it. */
const TOKEN_LIFETIME_S = 3599;
/** Entra ID's leeway on an assertion's exp and nbf. */
const CLOCK_SKEW_S = 300;
const MAX_FORM_BYTES = 64 * 1024;

interface EntraAnswer {
  status: number;
  body: unknown;
}

const ROUTES: ReadonlyArray<readonly [RegExp, EntraEndpoint]> = [
  [/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, 'openid-configuration'],
  [/^\/([^/]+)\/discovery\/v2\.0\/keys$/, 'jwks'],
  [/^\/([^/]+)\/oauth2\/v2\.0\/token$/, 'token'],
  [/^\/_emulator\/entra\/user-token$/, 'user-token'],
  [/^\/_emulator\/entra\/federated-token$/, 'federated-token'],
];

function routeOf(pathname: string): { endpoint: EntraEndpoint; tenant: string } | undefined {
  for (const [pattern, endpoint] of ROUTES) {
    const m = pattern.exec(pathname);
    if (m) return { endpoint, tenant: m[1] ?? '' };
  }
  return undefined;
}

/** Entra ID's timestamp format in error bodies: '2026-12-02 10:11:12Z'. */
function entraTimestamp(): string {
  return `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** One Entra ID tenant, served by one emulator. */
export class EntraStandIn implements EntraControl {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: EntraRequest[] = [];
  readonly issuedGraphTokens: string[] = [];
  private readonly keys = new SigningKeys();
  /** The keys of the federated issuer the stand-in also runs. */
  private readonly federationKeys = new SigningKeys();
  private readonly certificates: X509Certificate[];
  private readonly answers: Array<{ answer: ExchangeAnswer; left: number }> = [];
  private origin: string | undefined;

  constructor(
    options: EntraOptions,
    private readonly signal: AbortSignal,
  ) {
    this.tenantId = options.tenantId ?? ENTRA_TENANT_ID;
    this.clientId = options.clientId ?? ENTRA_CLIENT_ID;
    this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
    this.certificates = (options.certificates ?? []).map((pem) => new X509Certificate(pem));
  }

  /** Set by listen(): the stand-in's URLs (and its tokens' `iss`) are on the emulator's own origin. */
  listening(origin: string): void {
    this.origin = origin;
  }

  get authorityHost(): string {
    if (this.origin === undefined) throw new Error('The emulator is not listening yet: await listen() first.');
    return this.origin;
  }

  get issuer(): string {
    return `${this.authorityHost}/${this.tenantId}/v2.0`;
  }

  get currentKid(): string {
    return this.keys.currentKid;
  }

  get federatedIssuer(): string {
    return `${this.authorityHost}${FEDERATION_ISSUER_PATH}`;
  }

  readonly federatedSubject = ENTRA_FEDERATED_SUBJECT;

  /** What the token endpoint authenticates the client with (client-auth.ts). */
  private get credentials(): ClientCredentials {
    const tenantRoot = `${this.authorityHost}/${this.tenantId}`;
    return {
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      certificates: this.certificates,
      federation: { issuer: this.federatedIssuer, subject: ENTRA_FEDERATED_SUBJECT, audience: TOKEN_EXCHANGE_AUDIENCE, keys: this.federationKeys },
      assertionAudiences: [`${tenantRoot}/oauth2/v2.0/token`, `${tenantRoot}/oauth2/token`, this.issuer],
    };
  }

  mintFederatedToken(options: FederatedTokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: JwtClaims = {
      aud: [TOKEN_EXCHANGE_AUDIENCE],
      exp: now + FEDERATED_TOKEN_LIFETIME_S,
      iat: now,
      nbf: now,
      iss: this.federatedIssuer,
      sub: ENTRA_FEDERATED_SUBJECT,
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'intune-graphql-gateway', uid: randomUUID() } },
    };
    for (const [name, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return options.forged ? this.federationKeys.forge(claims) : this.federationKeys.sign(claims);
  }

  /** True for the paths the stand-in serves (whatever the tenant segment says). */
  owns(rawUrl: string): boolean {
    return routeOf(new URL(rawUrl, 'http://entra').pathname) !== undefined;
  }

  mintUserToken(options: UserTokenOptions = {}): string {
    const person = SEEDED_PEOPLE.find((p) => p.userPrincipalName === (options.userPrincipalName ?? SEEDED_PEOPLE[0]!.userPrincipalName));
    if (person === undefined) throw new Error(`No seeded person has the userPrincipalName ${JSON.stringify(options.userPrincipalName)}.`);
    const now = Math.floor(Date.now() / 1000);
    const claims: JwtClaims = {
      aud: this.clientId,
      iss: this.issuer,
      iat: now,
      nbf: now,
      exp: now + 3600,
      azp: ENTRA_FRONTEND_CLIENT_ID,
      azpacr: '0',
      name: person.userName,
      oid: person.id,
      preferred_username: person.userPrincipalName,
      scp: 'access_as_user',
      // Entra ID's `sub` is pairwise: per user and per application.
      sub: createHash('sha256').update(`${person.id}:${this.clientId}`).digest('base64url').slice(0, 43),
      tid: this.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    };
    for (const [name, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return options.forged ? this.keys.forge(claims, options.header) : this.keys.sign(claims, options.header);
  }

  rotateSigningKey(options: { retireOld?: boolean } = {}): string {
    return this.keys.rotate(options.retireOld ?? false);
  }

  answerExchanges(answer: ExchangeAnswer, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}.`);
    this.answers.push({ answer, left: times });
  }

  clear(): void {
    this.requests.length = 0;
    this.issuedGraphTokens.length = 0;
    this.answers.length = 0;
  }

  /** Serves one request to a path `owns` accepted. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://entra');
    const route = routeOf(url.pathname)!;
    const method = (req.method ?? 'GET').toUpperCase();
    const record: EntraRequest = { method, path: url.pathname, endpoint: route.endpoint };
    this.requests.push(record);
    const text = await readBodyText(req, MAX_FORM_BYTES);
    // Entra ID echoes the client's client-request-id (msal-node sends it in the query and the form) as correlation_id.
    const correlationId =
      url.searchParams.get('client-request-id') ?? req.headers['client-request-id']?.toString() ?? new URLSearchParams(text ?? '').get('client-request-id') ?? randomUUID();
    const answer = await this.answer(route, method, text, correlationId, record);
    record.status = answer.status;
    const error = (answer.body as { error?: unknown }).error;
    if (typeof error === 'string') record.error = error;
    const body = JSON.stringify(answer.body);
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store, no-cache',
      'x-ms-request-id': randomUUID(),
      'client-request-id': correlationId,
      'x-emulator': EMULATOR_LABEL,
    });
    res.end(body);
  }

  private async answer(
    route: { endpoint: EntraEndpoint; tenant: string },
    method: string,
    text: string | null,
    correlationId: string,
    record: EntraRequest,
  ): Promise<EntraAnswer> {
    const expected = route.endpoint === 'openid-configuration' || route.endpoint === 'jwks' ? 'GET' : 'POST';
    if (method !== expected) {
      return this.error(400, 'invalid_request', 900561, `The endpoint only accepts ${expected} requests. Received a ${method} request.`, correlationId);
    }
    if (text === null) return this.error(400, 'invalid_request', 90014, `The request body is larger than ${MAX_FORM_BYTES} bytes.`, correlationId);
    if (route.endpoint === 'user-token') return this.userToken(text);
    if (route.endpoint === 'federated-token') return { status: 200, body: { token: this.mintFederatedToken(), expires_in: FEDERATED_TOKEN_LIFETIME_S } };
    if (route.tenant !== this.tenantId) {
      return this.error(
        400,
        route.endpoint === 'token' ? 'invalid_request' : 'invalid_tenant',
        90002,
        `Tenant '${route.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        correlationId,
      );
    }
    switch (route.endpoint) {
      case 'openid-configuration':
        return { status: 200, body: this.openIdConfiguration() };
      case 'jwks':
        return { status: 200, body: { keys: this.keys.published() } };
      case 'token': {
        const form = new URLSearchParams(text);
        const grantType = form.get('grant_type');
        if (grantType !== null) record.grantType = grantType;
        return this.exchange(form, correlationId, record);
      }
    }
  }

  private openIdConfiguration(): Record<string, unknown> {
    const tenantRoot = `${this.authorityHost}/${this.tenantId}`;
    return {
      token_endpoint: `${tenantRoot}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${tenantRoot}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.authorityHost}/oidc/userinfo`,
      authorization_endpoint: `${tenantRoot}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${tenantRoot}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${tenantRoot}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'preferred_username', 'tid', 'ver'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'emulator.invalid',
    };
  }

  /** `POST /_emulator/entra/user-token` (emulator only, for `npm run token`): a user token, optionally `{ userPrincipalName }`. */
  private userToken(text: string): EntraAnswer {
    let userPrincipalName: string | undefined;
    if (text.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const upn = (parsed as { userPrincipalName?: unknown } | undefined)?.userPrincipalName;
      if (typeof parsed !== 'object' || parsed === null || (upn !== undefined && typeof upn !== 'string')) {
        return { status: 400, body: { error: 'invalid_request', error_description: 'The body must be empty or a JSON object with an optional userPrincipalName.' } };
      }
      userPrincipalName = upn;
    }
    if (userPrincipalName !== undefined && !SEEDED_PEOPLE.some((p) => p.userPrincipalName === userPrincipalName)) {
      const known = SEEDED_PEOPLE.map((p) => p.userPrincipalName).join(', ');
      return { status: 400, body: { error: 'invalid_request', error_description: `No such user ${JSON.stringify(userPrincipalName)}; the stand-in has ${known}.` } };
    }
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, access_token: this.mintUserToken({ userPrincipalName }) },
    };
  }

  /** The jwt-bearer (On-Behalf-Of) grant, checked in the order Entra ID checks it. */
  private async exchange(form: URLSearchParams, correlationId: string, record: EntraRequest): Promise<EntraAnswer> {
    const refuse = (status: number, error: string, code: number, text: string): EntraAnswer => this.error(status, error, code, text, correlationId);
    const missing = (name: string): EntraAnswer => refuse(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
    const grantType = form.get('grant_type');
    if (grantType === null) return missing('grant_type');
    if (grantType !== JWT_BEARER) return refuse(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
    const clientId = form.get('client_id');
    if (clientId === null) return missing('client_id');
    if (clientId !== this.clientId) {
      return refuse(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const client = authenticateClient(form, this.credentials);
    if (client.method !== undefined) record.clientAuth = client.method;
    if (!client.ok) return refuse(client.status, client.error, client.code, client.text);
    if (form.get('requested_token_use') !== 'on_behalf_of') return missing('requested_token_use');
    const assertion = form.get('assertion');
    if (assertion === null) return missing('assertion');
    const checked = this.keys.check(assertion);
    if (checked.kind === 'malformed') return refuse(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    if (checked.kind === 'bad-signature') return refuse(400, 'invalid_grant', 50013, 'Assertion failed signature validation. [Reason - The key was not found or the signature did not match.]');
    const claims = checked.payload;
    if (claims.iss !== this.issuer) {
      return refuse(400, 'invalid_grant', 50013, `Assertion failed signature validation. [Reason - The issuer '${String(claims.iss)}' is not this tenant's.]`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now - CLOCK_SKEW_S || (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_SKEW_S)) {
      const expiry = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : 'none';
      return refuse(
        400,
        'invalid_grant',
        500133,
        `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${new Date(now * 1000).toISOString()}, expiry time of assertion ${expiry}.`,
      );
    }
    if (claims.aud !== this.clientId && claims.aud !== `api://${this.clientId}`) {
      return refuse(
        400,
        'invalid_grant',
        500131,
        `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(claims.aud)}' and the expected audience is '${this.clientId}' or one of the Application Uris of this application with App ID '${this.clientId}'.`,
      );
    }
    const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '' && !OIDC_SCOPES.has(s));
    if (scopes.length === 0 || !scopes.every((s) => s.startsWith(`${GRAPH_RESOURCE}/`))) {
      return refuse(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${form.get('scope') ?? ''}' is not valid.`);
    }
    let expiresInS = TOKEN_LIFETIME_S;
    const scripted = this.nextAnswer();
    if (scripted?.kind === 'delay') await sleep(scripted.ms, undefined, { signal: this.signal });
    else if (scripted?.kind === 'token') expiresInS = scripted.expiresInS;
    else if (scripted !== undefined) return this.scriptedError(scripted, correlationId);
    return this.graphToken(claims, expiresInS);
  }

  private nextAnswer(): ExchangeAnswer | undefined {
    const next = this.answers[0];
    if (next === undefined) return undefined;
    if (--next.left === 0) this.answers.shift();
    return next.answer;
  }

  private scriptedError(answer: Exclude<ExchangeAnswer, { kind: 'delay' } | { kind: 'token' }>, correlationId: string): EntraAnswer {
    switch (answer.kind) {
      case 'consent_required':
        return this.error(
          400,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${this.clientId}' named 'Intune GraphQL gateway'. Send an interactive authorization request for this user and resource.`,
          correlationId,
          { suberror: 'consent_required' },
        );
      case 'interaction_required': {
        const code = answer.code ?? 50079;
        const text = `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '${GRAPH_APP_ID}'.`;
        return this.error(400, 'interaction_required', code, text, correlationId, { claims: answer.claims });
      }
      case 'error':
        return this.error(answer.status ?? 400, answer.error, answer.code, answer.description, correlationId, {
          ...(answer.suberror === undefined ? {} : { suberror: answer.suberror }),
          ...(answer.claims === undefined ? {} : { claims: answer.claims }),
        });
    }
  }

  /** Entra ID's token response with a Graph access token for the assertion's user. */
  private graphToken(user: JwtClaims, expiresInS: number): EntraAnswer {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = this.keys.sign({
      aud: GRAPH_RESOURCE,
      // Graph's tokens are v1.0 tokens.
      iss: `${this.authorityHost}/${this.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + expiresInS,
      app_displayname: 'Intune GraphQL gateway',
      appid: this.clientId,
      appidacr: '1',
      idtyp: 'user',
      name: user.name,
      oid: user.oid,
      scp: GRAPH_SCOPE,
      sub: user.sub,
      tid: this.tenantId,
      unique_name: user.preferred_username,
      upn: user.preferred_username,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    });
    this.issuedGraphTokens.push(accessToken);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: `${GRAPH_RESOURCE}/${GRAPH_SCOPE}`,
        expires_in: expiresInS,
        ext_expires_in: expiresInS,
        access_token: accessToken,
        client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: this.tenantId })).toString('base64url'),
      },
    };
  }

  /** Entra ID's error body. */
  private error(status: number, error: string, code: number, text: string, correlationId: string, extra: Record<string, string> = {}): EntraAnswer {
    const traceId = randomUUID();
    const timestamp = entraTimestamp();
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.origin ?? ''}/error?code=${code}`,
        ...extra,
      },
    };
  }
}
