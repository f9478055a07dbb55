import { createHash } from 'node:crypto';
import { bearerToken, unverifiedClaims } from '../tokens/bearer';

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

/** The bucket of an Authorization header value; nothing of the token is kept. */
export function writeBucketOf(authorization: string): WriteBucket {
  const trimmed = authorization.trim();
  const claims = /^Bearer\s/i.test(trimmed) ? unverifiedClaims(bearerToken(trimmed)) : undefined;
  const claim = (name: string): string | null => {
    const value = claims?.[name];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return { tenantId: claim('tid'), appId: claim('appid') ?? claim('azp') };
}

/** Ids as they appear in a tenant's or app's key: a GUID as it is, anything else (a caller could send any claim) hashed. */
const PLAIN_ID = /^[A-Za-z0-9-]{1,64}$/;

function keyPart(id: string | null): string {
  if (id === null) return '-';
  return PLAIN_ID.test(id) ? id : `h${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

/** The store key of a bucket: `<tenant>:<app>`, `-` for a missing claim. */
export function bucketKey(bucket: WriteBucket): string {
  return `${keyPart(bucket.tenantId)}:${keyPart(bucket.appId)}`;
}

/** The store key of the bucket's tenant, all apps together. */
export function tenantKey(bucket: WriteBucket): string {
  return keyPart(bucket.tenantId);
}
