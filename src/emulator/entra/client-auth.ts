// How the Entra ID stand-in authenticates the confidential client at its token endpoint, as Entra ID does for an app
// registration holding a secret, certificates and one federated identity credential: a client secret; a client
// assertion signed with a registered certificate (named by `x5t#S256` or `x5t`, `aud` the token endpoint, `iss` = `sub`
// = the client id, within its lifetime; like Entra ID, one assertion serves several requests until it expires, since
// msal-node re-sends its cached one); or a federated assertion from the trusted issuer (issuer, subject, audience
// api://AzureADTokenExchange, signature, lifetime). Each refusal is Entra ID's `invalid_client` with its AADSTS code.
import { createHash, timingSafeEqual, type X509Certificate } from 'node:crypto';
import { decodeJwt, verifyRsa, type SigningKeys } from './jwt';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The audience Entra ID expects of federated assertions (the workload identity webhook's default). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** Entra ID's leeway on an assertion's exp and nbf. */
const CLOCK_SKEW_S = 300;
const CERTIFICATE_DOCS = 'Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .';
const FEDERATION_DOCS = 'Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

/** The federated identity credential on the registration: whose tokens stand for the app. */
export interface FederatedIdentityCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  /** The issuer's signing keys (the stand-in runs that issuer too). */
  readonly keys: SigningKeys;
}

/** The registration's credentials, as the token endpoint checks them. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly certificates: readonly X509Certificate[];
  readonly federation: FederatedIdentityCredential;
  /** What an assertion's `aud` may be: the tenant's token endpoints (v2.0 and v1) and its issuer. */
  readonly assertionAudiences: readonly string[];
}

export type ClientAuthMethod = 'secret' | 'certificate' | 'federated';

/** A refusal, in the parts of Entra ID's error body. */
export interface ClientAuthRefusal {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly text: string;
}

export type ClientAuthResult = { readonly ok: true; readonly method: ClientAuthMethod } | ({ readonly ok: false; readonly method?: ClientAuthMethod } & ClientAuthRefusal);

const invalidClient = (code: number, text: string, method?: ClientAuthMethod): ClientAuthResult => ({ ok: false, status: 401, error: 'invalid_client', code, text, ...(method ? { method } : {}) });

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Entra ID's time format in these messages: 2023-12-11T23:52:19.6223401Z. */
function entraTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

function lifetimeRefusal(payload: Record<string, unknown>, now: number, method: ClientAuthMethod): ClientAuthResult | undefined {
  const { exp, nbf } = payload;
  if (typeof exp === 'number' && exp > now - CLOCK_SKEW_S && (typeof nbf !== 'number' || nbf <= now + CLOCK_SKEW_S)) return undefined;
  const from = typeof nbf === 'number' ? entraTime(nbf) : entraTime(0);
  const to = typeof exp === 'number' ? entraTime(exp) : entraTime(0);
  return invalidClient(700024, `Client assertion is not within its valid time range. Current time: ${entraTime(now)}, assertion valid from ${from}, expiry time of assertion ${to}. ${CERTIFICATE_DOCS}`, method);
}

const b64url = (digest: Buffer): string => digest.toString('base64url');

/** A client assertion signed with one of the registration's certificates. */
function checkCertificateAssertion(jwt: NonNullable<ReturnType<typeof decodeJwt>>, app: ClientCredentials, now: number): ClientAuthResult {
  const { header, payload } = jwt;
  const method = 'certificate';
  const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  if (sha256 === undefined && sha1 === undefined) {
    return invalidClient(5002723, 'Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.', method);
  }
  const thumbprint = Buffer.from(sha256 ?? sha1!, 'base64url').toString('hex').toUpperCase();
  const certificate = app.certificates.find((c) =>
    sha256 !== undefined ? b64url(createHash('sha256').update(c.raw).digest()) === sha256 : b64url(createHash('sha1').update(c.raw).digest()) === sha1,
  );
  if (certificate === undefined) {
    return invalidClient(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
      method,
    );
  }
  if (header.alg !== 'PS256' && header.alg !== 'RS256') {
    return invalidClient(5002738, `Invalid JWT token. '${String(header.alg)}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256,PS256'`, method);
  }
  if (!verifyRsa(jwt, certificate.publicKey)) {
    return invalidClient(
      700027,
      `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}']`,
      method,
    );
  }
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
    return invalidClient(700021, `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_DOCS}`, method);
  }
  if (typeof payload.aud !== 'string' || !app.assertionAudiences.includes(payload.aud)) {
    return invalidClient(700023, `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_DOCS}`, method);
  }
  return lifetimeRefusal(payload, now, method) ?? { ok: true, method };
}

/** A federated assertion: a token of the trusted issuer, for the trusted subject and audience. */
function checkFederatedAssertion(assertion: string, jwt: NonNullable<ReturnType<typeof decodeJwt>>, app: ClientCredentials, now: number): ClientAuthResult {
  const { payload } = jwt;
  const fic = app.federation;
  const method = 'federated';
  if (payload.iss !== fic.issuer) return invalidClient(700211, `No matching federated identity record found for presented assertion issuer '${String(payload.iss)}'. ${FEDERATION_DOCS}`, method);
  if (payload.sub !== fic.subject) return invalidClient(700213, `No matching federated identity record found for presented assertion subject '${String(payload.sub)}'. ${FEDERATION_DOCS}`, method);
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(fic.audience)) {
    return invalidClient(700212, `No matching federated identity record found for presented assertion audience '${audiences.map(String).join(',')}'. ${FEDERATION_DOCS}`, method);
  }
  const checked = fic.keys.check(assertion);
  if (checked.kind !== 'valid') {
    return invalidClient(700027, 'Client assertion failed signature validation. [Reason - The key was not found or the provided signature value did not match the expected signature value.]', method);
  }
  return lifetimeRefusal(payload, now, method) ?? { ok: true, method };
}

/** Authenticates the client of one token request (its form), in the order Entra ID checks. */
export function authenticateClient(form: URLSearchParams, app: ClientCredentials, now = Math.floor(Date.now() / 1000)): ClientAuthResult {
  const assertion = form.get('client_assertion');
  const secret = form.get('client_secret');
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      return { ok: false, status: 400, error: 'invalid_request', code: 900144, text: "The request body must contain the following parameter: 'client_assertion_type'." };
    }
    const jwt = decodeJwt(assertion);
    if (jwt === undefined) return invalidClient(50027, 'JWT token is invalid or malformed.');
    // A certificate assertion names its certificate and is issued by the client itself; anything else is federated.
    const ownAssertion = jwt.header['x5t#S256'] !== undefined || jwt.header.x5t !== undefined || jwt.payload.iss === app.clientId;
    return ownAssertion ? checkCertificateAssertion(jwt, app, now) : checkFederatedAssertion(assertion, jwt, app, now);
  }
  if (secret === null) return invalidClient(7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (!sameSecret(secret, app.clientSecret)) {
    return invalidClient(
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      'secret',
    );
  }
  return { ok: true, method: 'secret' };
}
