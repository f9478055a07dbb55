import { createHash } from 'node:crypto';
import { unverifiedClaims } from '../tokens/bearer';

/** A JWT's claims, decoded and NOT verified (tokens/bearer.ts); undefined for a token that is not such a JWT. */
export type Claims = Readonly<Record<string, unknown>> | undefined;

/**
 * The (tenant, app) a write is counted against (contract §11): the bearer
 * token's `tid` and `appid` (v1 tokens) or `azp` (v2) claims, decoded and NOT
 * verified (Graph verifies the token; a forged claim only moves its own
 * writes to another bucket). Tokens that are not JWTs share one bucket, both
 * ids null.
 */
export interface WriteBucket {
  readonly tenantId: string | null;
  readonly appId: string | null;
}

/** A claim that is a non-empty string, else null. */
function stringClaim(claims: Claims, name: string): string | null {
  const value = claims?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The write bucket of a token's claims; nothing of the token is kept. */
export function writeBucketOf(claims: Claims): WriteBucket {
  return { tenantId: stringClaim(claims, 'tid'), appId: stringClaim(claims, 'appid') ?? stringClaim(claims, 'azp') };
}

/**
 * Whose idempotency keys these are (contract §10): the token's tenant and object ids when the bearer token is
 * a JWT carrying both (read without verifying: Graph verifies), so a caller's keys outlive one token;
 * otherwise a SHA-256 of the token. Never the token itself. `token` is the bearer token without "Bearer ";
 * `claims` its claims when the caller has decoded them already.
 */
export function callerScope(token: string, claims: Claims = unverifiedClaims(token)): string {
  const tid = stringClaim(claims, 'tid');
  const oid = stringClaim(claims, 'oid');
  if (tid !== null && oid !== null) return `principal:${JSON.stringify([tid, oid])}`;
  return `token:${createHash('sha256').update(token).digest('hex')}`;
}
