/**
 * Document ids (contract §13). A document's SHA-256 id has two spellings,
 * `sha256:<64 lowercase hex>` and `<64 lowercase hex>`; both name it. Any
 * other id (a Relay id, a name) is taken as it is.
 */
import { createHash } from 'node:crypto';

const SHA256_PREFIX = 'sha256:';
const LOWER_HEX_64 = /^[0-9a-f]{64}$/;
/** What looks like a SHA-256 id in any case: such an id must be one of the two spellings of its text's hash. */
const LOOKS_LIKE_SHA256 = /^(sha256:.*|[0-9a-f]{64})$/is;

/** The SHA-256 of a document text (UTF-8), 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether a manifest id claims to be a SHA-256 (and so must be the hash of its text). */
export function claimsSha256(id: string): boolean {
  return LOOKS_LIKE_SHA256.test(id);
}

/** Whether `id` is one of the two spellings of `hash`. */
export function spellsSha256(id: string, hash: string): boolean {
  return id === hash || id === SHA256_PREFIX + hash;
}

/**
 * The key an id is looked up by: the hex digits of a `sha256:<hex>` id (so
 * both spellings meet), any other id unchanged. Ids in other cases are not
 * spellings of a hash, so they find nothing.
 */
export function idKey(id: string): string {
  if (id.startsWith(SHA256_PREFIX)) {
    const hex = id.slice(SHA256_PREFIX.length);
    if (LOWER_HEX_64.test(hex)) return hex;
  }
  return id;
}
