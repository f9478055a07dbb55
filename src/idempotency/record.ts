/**
 * The records of contract §10 as the stores keep them (JSON text). A definite failure keeps no record: its
 * claim is released, so a repeat is sent as a new create.
 */
interface RecordBase {
  /** argumentsFingerprint() of the create's arguments. */
  readonly fingerprint: string;
  /** The client-request-id of the create this key first sent. */
  readonly firstClientRequestId: string;
  /** When this key first claimed a create (ISO 8601, UTC). */
  readonly firstAttemptAt: string;
}

export type IdempotencyRecord =
  /** Claimed: its create is being sent. */
  | (RecordBase & { readonly state: 'IN_FLIGHT' })
  /** Its create succeeded with `entity` (what the mutation returned). */
  | (RecordBase & { readonly state: 'SUCCEEDED'; readonly entity: unknown })
  /** Its create ended UPSTREAM_OUTCOME_UNKNOWN: it must never be sent again under this key. */
  | (RecordBase & { readonly state: 'OUTCOME_UNKNOWN' });

export type RecordState = IdempotencyRecord['state'];

/** Bumped when the shape changes, so a replica never misreads another version's record. */
const VERSION = 1;

export function encodeRecord(record: IdempotencyRecord): string {
  return JSON.stringify({ v: VERSION, ...record });
}

/** The record in `text`; undefined when it is not one of ours (another version, or not JSON). */
export function decodeRecord(text: string): IdempotencyRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, state, fingerprint, firstClientRequestId, firstAttemptAt, entity } = parsed as Record<string, unknown>;
  if (v !== VERSION || typeof fingerprint !== 'string' || typeof firstClientRequestId !== 'string' || typeof firstAttemptAt !== 'string') return undefined;
  const base = { fingerprint, firstClientRequestId, firstAttemptAt };
  if (state === 'IN_FLIGHT' || state === 'OUTCOME_UNKNOWN') return { state, ...base };
  if (state === 'SUCCEEDED' && entity !== undefined) return { state, ...base, entity };
  return undefined;
}
