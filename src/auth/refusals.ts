/**
 * Every way AUTH_MODE=obo refuses a request (api-contract.md §12), each
 * with its contract code and its own message: the caller's token (no token,
 * not a JWT, signature, issuer, audience, lifetime, scope), and what Entra
 * ID answered to the On-Behalf-Of exchange. Nothing is sent to Graph after
 * any of them.
 */
import { decodeProtectedHeader, errors, type JWTPayload } from 'jose';
import { ErrorCode } from '../errors/codes';
import { type AuthChallenge, GatewayError } from '../errors/gateway-error';
import type { EntraFailure } from './entra-network';

/** What the messages name: the gateway's API, the tenant, the limits. */
export interface RefusalContext {
  /** The scope a frontend asks for, e.g. api://<client id>/access_as_user. */
  readonly scopeUri: string;
  readonly requiredScope: string;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: string;
  readonly timeoutMs: number;
  /** The variable holding the gateway's own credential: what to fix when Entra ID refuses it. */
  readonly credentialVariable: string;
}

export type { AuthChallenge } from '../errors/gateway-error';

/**
 * UNAUTHENTICATED with `extensions.authChallenge`, and, when Entra ID asked
 * for claims, `WWW-Authenticate: Bearer error="insufficient_claims",
 * claims="…"` on the HTTP answer (through `extensions.http`, which graphql-js
 * copies from the error it wraps, and Apollo Server and the lean path turn
 * into headers and leave out of the body).
 */
export class AuthChallengeError extends GatewayError {
  readonly extensions: { readonly http: { readonly headers: Map<string, string> } } | undefined;

  constructor(message: string, challenge: AuthChallenge) {
    super(ErrorCode.UNAUTHENTICATED, message, undefined, undefined, challenge);
    this.extensions =
      challenge.claims === null ? undefined : { http: { headers: new Map([['www-authenticate', `Bearer error="insufficient_claims", claims="${challenge.claims}"`]]) } };
  }
}

const unauthenticated = (message: string): GatewayError => new GatewayError(ErrorCode.UNAUTHENTICATED, message);
const forbidden = (message: string): GatewayError => new GatewayError(ErrorCode.FORBIDDEN, message);
const upstreamTimeout = (message: string): GatewayError => new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, message);
const upstreamUnavailable = (message: string): GatewayError => new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, message);

/** A value from the token, quoted and kept short, for a message. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isoTime(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : quote(seconds);
}

function headerOf(token: string): Record<string, unknown> {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return {};
  }
}

/** No bearer token at all. */
export function noToken(ctx: RefusalContext): GatewayError {
  return unauthenticated(`Send an access token for the gateway's API (${ctx.scopeUri}) as "Authorization: Bearer <token>".`);
}

function claimRefusal(error: errors.JWTClaimValidationFailed, ctx: RefusalContext): GatewayError {
  const payload: JWTPayload = error.payload;
  if (error.reason === 'missing') return unauthenticated(`The token has no "${error.claim}" claim.`);
  if (error.reason === 'invalid') return unauthenticated(`The token's "${error.claim}" claim is not a number.`);
  switch (error.claim) {
    case 'iss': {
      // A v1.0 token (the default of an app registration) has the other issuer; Entra ID issues v2.0 tokens when asked.
      const v1 = typeof payload.iss === 'string' && payload.iss.startsWith('https://sts.windows.net/');
      return unauthenticated(
        `The token was issued by ${quote(payload.iss)}, not by the tenant's issuer ${quote(ctx.issuer)}.` +
          (v1 ? ' It is a v1.0 token: set the app registration\'s "requestedAccessTokenVersion" to 2.' : ''),
      );
    }
    case 'aud':
      return unauthenticated(`The token is for ${quote(payload.aud)}, not for this gateway (${ctx.audiences.map((a) => quote(a)).join(' or ')}).`);
    case 'exp':
      return unauthenticated(`The token expired at ${isoTime(payload.exp)}: get a new one.`);
    case 'nbf':
      return unauthenticated(`The token is not valid before ${isoTime(payload.nbf)}.`);
  }
  return unauthenticated(`The token's "${error.claim}" claim is not accepted.`);
}

/** What jose's refusal of `token` means for the caller. */
export function tokenRefusal(error: unknown, token: string, ctx: RefusalContext): GatewayError {
  if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) return claimRefusal(error, ctx);
  const { kid, alg } = headerOf(token);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return unauthenticated(`The bearer token is not a JSON Web Token: send an access token for ${ctx.scopeUri}.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return unauthenticated(`The token is signed with ${quote(alg)}; Entra ID signs access tokens with "RS256".`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated(`The token is signed with a key (kid ${quote(kid)}) that is not among the tenant's published signing keys.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated(`The token's signature does not verify with the tenant's signing key (kid ${quote(kid)}).`);
  }
  if (error instanceof errors.JWKSTimeout) {
    return upstreamTimeout(`Entra ID's signing keys did not arrive within ${ctx.timeoutMs} ms (AUTH_TIMEOUT_MS); nothing was sent to Microsoft Graph.`);
  }
  // A system error (refused, reset, DNS) by its code; jose's own (not 200, not JSON) by its message.
  const code = (error as { code?: unknown; syscall?: unknown }).syscall !== undefined ? (error as { code?: unknown }).code : undefined;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return upstreamUnavailable(`Entra ID's signing keys could not be fetched from ${ctx.jwksUri} (${reason}); nothing was sent to Microsoft Graph.`);
}

/** FORBIDDEN when a valid token lacks the required delegated scope; undefined when it has it. */
export function scopeRefusal(payload: JWTPayload, ctx: RefusalContext): GatewayError | undefined {
  const scp = payload.scp;
  if (typeof scp !== 'string' || scp.trim() === '') {
    return forbidden(`The token carries no delegated scopes ("scp"): the gateway acts for a signed-in user and needs ${ctx.scopeUri}.`);
  }
  if (scp.split(' ').includes(ctx.requiredScope)) return undefined;
  return forbidden(`The token does not grant the scope ${quote(ctx.requiredScope)} (it grants ${quote(scp)}): request ${ctx.scopeUri}.`);
}

/** Entra ID's claims request as a claims challenge carries it: base64 of the JSON (Entra ID's token endpoint sends the JSON). */
function claimsChallenge(claims: string | null): string | null {
  if (claims === null || claims.trim() === '') return null;
  return claims.trim().startsWith('{') ? Buffer.from(claims, 'utf8').toString('base64') : claims;
}

/** Errors of an answer that ask for the user (as msal-node's InteractionRequiredAuthError tells them apart). */
const INTERACTION_ERRORS = new Set(['interaction_required', 'consent_required', 'login_required']);
const INTERACTION_SUBERRORS = new Set(['consent_required', 'basic_action', 'additional_action', 'message_only', 'user_password_expired']);
/** The gateway's own registration was refused: not the caller's doing. */
const CREDENTIAL_ERRORS = new Set(['invalid_client', 'unauthorized_client']);

/**
 * What Entra ID's answer to the On-Behalf-Of exchange means for the caller.
 * `failure` is what the wire showed (entra-network.ts); without one (msal-node
 * refused before sending), the exchange is reported as unavailable.
 */
export function exchangeRefusal(failure: EntraFailure | undefined, ctx: RefusalContext): GatewayError {
  const nothingSent = 'nothing was sent to Microsoft Graph.';
  if (failure === undefined) return upstreamUnavailable(`The On-Behalf-Of exchange failed before reaching Entra ID; ${nothingSent}`);
  switch (failure.kind) {
    case 'timeout':
      return upstreamTimeout(`Entra ID did not answer the On-Behalf-Of exchange within ${ctx.timeoutMs} ms (AUTH_TIMEOUT_MS); ${nothingSent}`);
    case 'unreachable':
      return upstreamUnavailable(`Entra ID could not be reached (${failure.reason}); ${nothingSent}`);
    case 'unreadable':
      return upstreamUnavailable(`Entra ID answered HTTP ${failure.status} with a body that is not its token response; ${nothingSent}`);
    case 'refused':
      break;
  }
  const { body, status } = failure;
  const label = `${body.errorCodes.map((code) => `AADSTS${code}`).join(', ')} ${body.error}`.trim();
  const consent = body.suberror === 'consent_required' || body.error === 'consent_required' || body.errorCodes.includes(65001);
  const claims = claimsChallenge(body.claims);
  if (consent || claims !== null || INTERACTION_ERRORS.has(body.error) || (body.suberror !== null && INTERACTION_SUBERRORS.has(body.suberror))) {
    const challenge: AuthChallenge = { error: body.error, errorCodes: body.errorCodes, claims };
    if (consent) {
      return new AuthChallengeError(`The user has not consented to the gateway calling Microsoft Graph for them (${label}): sign in interactively to consent, then send the new token.`, challenge);
    }
    if (claims !== null) {
      return new AuthChallengeError(
        `Entra ID needs more from the user before the gateway may call Microsoft Graph for them (${label}): get a new token with the claims in extensions.authChallenge.claims.`,
        challenge,
      );
    }
    return new AuthChallengeError(`Entra ID needs the user to sign in interactively before the gateway may call Microsoft Graph for them (${label}).`, challenge);
  }
  if (body.error === 'invalid_grant') return unauthenticated(`Entra ID refused to exchange the token On-Behalf-Of (${label}): sign in again.`);
  if (CREDENTIAL_ERRORS.has(body.error)) {
    return upstreamUnavailable(`Entra ID refused the gateway's own credentials (${label}): AZURE_CLIENT_ID and ${ctx.credentialVariable} need fixing; ${nothingSent}`);
  }
  if (status >= 500 || status === 429) return upstreamUnavailable(`Entra ID is unavailable (HTTP ${status}, ${label}); ${nothingSent}`);
  return upstreamUnavailable(`Entra ID refused the gateway's On-Behalf-Of request (${label}); ${nothingSent}`);
}

/** AZURE_FEDERATED_TOKEN_FILE gave no assertion for an exchange (`problem`: why), so Entra ID was not asked. */
export function federatedTokenRefusal(path: string, problem: string): GatewayError {
  return upstreamUnavailable(`AZURE_FEDERATED_TOKEN_FILE (${path}) ${problem}; the On-Behalf-Of exchange was not attempted and nothing was sent to Microsoft Graph.`);
}
