/**
 * Where a request names a trusted document (contract §13's carriers):
 * `documentId` (POST body; GET parameter), `extensions.persistedQuery
 * { version: 1, sha256Hash }` (POST body; GET `extensions=`), `doc_id`
 * (POST body, as Relay sends it). Pure: the caller has already read the body
 * or the query string.
 */
import { idKey } from './ids';

export type Carrier =
  /** No id: the request sends text (or nothing). */
  | { readonly kind: 'none' }
  /** `documentId` or `doc_id`. */
  | { readonly kind: 'id'; readonly field: 'documentId' | 'doc_id'; readonly id: string }
  /** Apollo's automatic persisted queries hash. */
  | { readonly kind: 'apq'; readonly sha256Hash: string }
  /** A carrier that cannot be read: answered BAD_REQUEST with this message. */
  | { readonly kind: 'invalid'; readonly message: string };

/** The messages of carriers that cannot be read (BAD_REQUEST), in one place. */
export const CARRIER_MESSAGES = {
  documentId: 'documentId must be a non-empty string: the id of a trusted document.',
  doc_id: 'doc_id must be a non-empty string: the id of a trusted document.',
  persistedQuery: 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 hex digits>" }.',
  extensionsJson: 'The extensions parameter must be a JSON object.',
  several: 'documentId, doc_id and extensions.persistedQuery name different documents: send one id.',
} as const;

const NONE: Carrier = Object.freeze({ kind: 'none' });

function invalid(message: string): Carrier {
  return { kind: 'invalid', message };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idField(value: unknown, field: 'documentId' | 'doc_id'): Carrier {
  if (value === undefined || value === null) return NONE;
  if (typeof value !== 'string' || value === '') return invalid(CARRIER_MESSAGES[field]);
  return { kind: 'id', field, id: value };
}

function persistedQuery(extensions: unknown): Carrier {
  if (!isObject(extensions) || extensions.persistedQuery === undefined || extensions.persistedQuery === null) return NONE;
  const pq = extensions.persistedQuery;
  if (!isObject(pq) || pq.version !== 1 || typeof pq.sha256Hash !== 'string' || pq.sha256Hash === '') return invalid(CARRIER_MESSAGES.persistedQuery);
  return { kind: 'apq', sha256Hash: pq.sha256Hash };
}

function keyOf(carrier: Carrier): string | undefined {
  if (carrier.kind === 'id') return idKey(carrier.id);
  if (carrier.kind === 'apq') return carrier.sha256Hash;
  return undefined;
}

/** One carrier out of several: the first that cannot be read, else the first given, if all name the same document. */
function oneOf(carriers: readonly Carrier[]): Carrier {
  const bad = carriers.find((c) => c.kind === 'invalid');
  if (bad !== undefined) return bad;
  const given = carriers.filter((c) => c.kind !== 'none');
  if (given.length === 0) return NONE;
  if (new Set(given.map(keyOf)).size > 1) return invalid(CARRIER_MESSAGES.several);
  return given[0]!;
}

/** The carrier of a POST body (a JSON object). */
export function carrierFromBody(body: Readonly<Record<string, unknown>>): Carrier {
  return oneOf([idField(body.documentId, 'documentId'), idField(body.doc_id, 'doc_id'), persistedQuery(body.extensions)]);
}

/** The carrier of a GET query string. */
export function carrierFromSearchParams(params: URLSearchParams): Carrier {
  const extensions = params.get('extensions');
  let apq = NONE;
  if (extensions !== null && extensions !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(extensions);
    } catch {
      return invalid(CARRIER_MESSAGES.extensionsJson);
    }
    apq = isObject(parsed) ? persistedQuery(parsed) : invalid(CARRIER_MESSAGES.extensionsJson);
  }
  return oneOf([idField(params.get('documentId') ?? undefined, 'documentId'), apq]);
}
