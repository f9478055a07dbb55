/**
 * Reading a bearer token without verifying it: what the gateway needs to sort
 * callers (idempotency scopes, write buckets) while Graph, or AUTH_MODE=obo's
 * check, does the verifying. Nothing here keeps or logs a token.
 */

/** The token of an Authorization header value ("Bearer <token>"). */
export function bearerToken(authorization: string): string {
  return authorization.replace(/^Bearer\s+/i, '').trim();
}

/** A JWS compact serialisation: header.payload.signature, each base64url (the signature may be empty). */
const JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/** The claims of a JWT, decoded and NOT verified; undefined for a token that is not a JWT with an object payload. */
export function unverifiedClaims(token: string): Readonly<Record<string, unknown>> | undefined {
  const payload = JWS.exec(token)?.[2];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
