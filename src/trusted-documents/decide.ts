/**
 * Contract §13 per request: what a request's carrier and text mean under
 * the configured mode. Pure: no I/O, no logging, no metrics; the pipeline
 * acts on the Decision (runs the prepared document, goes on as without a
 * list, or answers the refusal as a request error of contract §8 with no Graph request)
 * and counts `outcome` in graphql_trusted_documents_total.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ERRORS, ServerErrorCode, TrustedDocumentsErrorCode } from '../errors/table';
import type { Carrier } from './carrier';
import { idKey, sha256Hex } from './ids';
import type { TrustedDocumentList } from './list';
import type { TrustedDocument } from './prepare';
import { isRouterOperation } from './router';

/** The label of graphql_trusted_documents_total{outcome}. */
export type TrustedDocumentsOutcome = 'id' | 'text_in_list' | 'text_not_in_list' | 'bypass' | 'refused';

/** What the audit line says (at info, one JSON line): never the variables, never the text. */
export interface AuditRecord {
  readonly operationName: string | null;
  readonly sha256: string;
}

export type Decision =
  /** Run this prepared document: no parse, no validation, no hash. */
  | { readonly kind: 'run'; readonly outcome: 'id' | 'text_in_list'; readonly document: TrustedDocument }
  /**
   * Go on exactly as without a list (the text as usual; in audit, an APQ hash
   * on to Apollo's APQ). `outcome` undefined: nothing to count (no text, no
   * id: the pipeline answers its own error). `audit` set: log that line.
   */
  | { readonly kind: 'continue'; readonly outcome: 'text_in_list' | 'text_not_in_list' | 'bypass' | undefined; readonly audit: AuditRecord | undefined }
  /** Refuse as a request error with this code and message. */
  | { readonly kind: 'refuse'; readonly outcome: 'refused'; readonly code: TrustedDocumentsErrorCode | typeof ServerErrorCode.BAD_REQUEST; readonly message: string };

/** What decide needs of one request, read once where it enters. */
export interface TrustedRequest {
  readonly carrier: Carrier;
  /** The `query` text; undefined when absent. */
  readonly query: string | undefined;
  readonly operationName: string | undefined;
  /** The x-trusted-documents-bypass header as node gives it. */
  readonly bypassHeader: string | readonly string[] | undefined;
}

/** The header that carries TRUSTED_DOCUMENTS_BYPASS_SECRET (listed in CORS's allowed headers, contract §8). */
export const BYPASS_HEADER = 'x-trusted-documents-bypass';

function refuse(code: TrustedDocumentsErrorCode, message: string = ERRORS[code].message): Decision {
  return { kind: 'refuse', outcome: 'refused', code, message };
}

/**
 * Whether the header equals the bypass secret. Both sides are hashed first
 * so that timingSafeEqual compares equal lengths and the time says nothing
 * about the secret's length either.
 */
export function bypassGranted(list: TrustedDocumentList, header: string | readonly string[] | undefined): boolean {
  if (list.bypassDigest === undefined || typeof header !== 'string' || header === '') return false;
  return timingSafeEqual(createHash('sha256').update(header, 'utf8').digest(), list.bypassDigest);
}

/** A known id: run it, unless a text came along that is not its document. */
function byId(document: TrustedDocument, query: string | undefined): Decision {
  if (query !== undefined && query !== '' && query !== document.text) return refuse(TrustedDocumentsErrorCode.CANNOT_SEND_PQ_ID_AND_BODY);
  return { kind: 'run', outcome: 'id', document };
}

function audit(request: TrustedRequest, sha256: string): AuditRecord {
  return { operationName: request.operationName ?? null, sha256 };
}

/** Text without an id. */
function byText(list: TrustedDocumentList, request: TrustedRequest, query: string): Decision {
  const listed = list.byText.get(query);
  if (listed !== undefined && list.mode !== 'ids-only') return { kind: 'run', outcome: 'text_in_list', document: listed };
  // Routers' documents are counted as text but not logged: they are the router's to allow.
  if (isRouterOperation(query, request.operationName, list.maxTokens)) {
    return { kind: 'continue', outcome: listed !== undefined ? 'text_in_list' : 'text_not_in_list', audit: undefined };
  }
  if (bypassGranted(list, request.bypassHeader)) return { kind: 'continue', outcome: 'bypass', audit: audit(request, sha256Hex(query)) };
  switch (list.mode) {
    case 'audit':
      return { kind: 'continue', outcome: 'text_not_in_list', audit: audit(request, sha256Hex(query)) };
    case 'enforce':
      return refuse(TrustedDocumentsErrorCode.QUERY_NOT_IN_SAFELIST);
    case 'ids-only':
      return refuse(TrustedDocumentsErrorCode.PERSISTED_QUERY_ID_REQUIRED);
  }
}

/** What to do with one request under the list (contract §13). */
export function decide(list: TrustedDocumentList, request: TrustedRequest): Decision {
  const { carrier, query } = request;
  switch (carrier.kind) {
    case 'invalid':
      return { kind: 'refuse', outcome: 'refused', code: ServerErrorCode.BAD_REQUEST, message: carrier.message };
    case 'id': {
      const document = list.byId.get(idKey(carrier.id));
      return document === undefined ? refuse(TrustedDocumentsErrorCode.PERSISTED_QUERY_NOT_IN_LIST) : byId(document, query);
    }
    case 'apq': {
      const document = list.byId.get(carrier.sha256Hash);
      if (document !== undefined) return byId(document, query);
      // Audit leaves APQ as it is without a list; elsewhere APQ is off and an unknown hash is refused.
      if (list.mode !== 'audit') return refuse(TrustedDocumentsErrorCode.PERSISTED_QUERY_NOT_IN_LIST);
      return { kind: 'continue', outcome: 'text_not_in_list', audit: audit(request, carrier.sha256Hash) };
    }
    case 'none':
      if (query === undefined) return { kind: 'continue', outcome: undefined, audit: undefined };
      return byText(list, request, query);
  }
}

/** Apollo's automatic persisted queries stay on only in audit (contract §13): elsewhere a registration would get around the list. */
export function apqAllowed(list: TrustedDocumentList | undefined): boolean {
  return list === undefined || list.mode === 'audit';
}
