import { createHash } from 'node:crypto';

/** 1–255 printable ASCII characters (space to tilde), contract §10. */
const KEY = /^[\x20-\x7e]{1,255}$/;

/** Why `key` is not a valid idempotencyKey, or undefined when it is. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (KEY.test(key)) return undefined;
  if (key.length === 0) return 'idempotencyKey must not be empty';
  if (key.length > 255) return `idempotencyKey must be at most 255 characters, got ${key.length}`;
  return 'idempotencyKey must be printable ASCII characters only (space to ~)';
}

/** Whose keys these are: read from the caller's token once per request (caller/caller.ts idempotencyScope). */
export { callerScope } from '../caller/claims';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The store's key for an idempotencyKey in a caller's scope and a mutation: fixed length, no caller data in clear. */
export function storeKey(scope: string, mutation: string, key: string): string {
  return `idempotency:v1:${sha256(JSON.stringify([scope, mutation, key]))}`;
}

/** JSON with object keys sorted at every depth, so equal arguments give equal text whatever their order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.keys(value)
      .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${fields.join(',')}}`;
  }
  // JSON.stringify gives undefined for undefined (and functions): the same as null here.
  return JSON.stringify(value) ?? 'null';
}

/**
 * A fingerprint of a create's arguments (everything but the idempotencyKey): equal for the same arguments
 * in any field order; an unset field and an absent one are the same.
 */
export function argumentsFingerprint(args: unknown): string {
  return sha256(canonicalJson(args));
}
