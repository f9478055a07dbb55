import { createHash } from 'node:crypto';

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

/** A JWS compact serialisation: header.payload.signature, each base64url. */
const JWS = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i;

/** The bucket of an Authorization header value; nothing of the token is kept. */
export function writeBucketOf(authorization: string): WriteBucket {
  const payload = JWS.exec(authorization.trim())?.[2];
  let claims: unknown;
  try {
    claims = payload === undefined ? undefined : JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    claims = undefined;
  }
  const claim = (name: string): string | null => {
    if (typeof claims !== 'object' || claims === null) return null;
    const value = (claims as Record<string, unknown>)[name];
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
