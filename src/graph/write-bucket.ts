import { createHash } from 'node:crypto';
import type { WriteBucket } from '../caller/claims';

export type { WriteBucket } from '../caller/claims';

/*
 * The store keys of the write buckets of contract §11. A bucket is read from
 * the caller's token once per request (caller/claims.ts writeBucketOf) and
 * reaches the write budget through each call's GraphAuthorization.
 */

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
