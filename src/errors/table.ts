import { ErrorCode } from './codes';

/** Codes the gateway does not raise itself but answers with: Apollo Server's refusals and the generic internal error. */
export const ServerErrorCode = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

/**
 * The trusted-documents refusals (contract §13): the request pipeline refuses
 * before anything runs, so they are raised like Apollo's own refusals.
 * PERSISTED_QUERY_NOT_IN_LIST is deliberately not PERSISTED_QUERY_NOT_FOUND:
 * Apollo Client and urql answer that code (and its message) by re-sending the text.
 */
export const TrustedDocumentsErrorCode = {
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  QUERY_NOT_IN_SAFELIST: 'QUERY_NOT_IN_SAFELIST',
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  CANNOT_SEND_PQ_ID_AND_BODY: 'CANNOT_SEND_PQ_ID_AND_BODY',
} as const;

export type TrustedDocumentsErrorCode = (typeof TrustedDocumentsErrorCode)[keyof typeof TrustedDocumentsErrorCode];

/** What one code means, beyond its name. */
export interface ErrorSpec {
  /**
   * Who raises it: `gateway` (a GatewayError, contract §6), `apollo` (Apollo
   * Server or the HTTP layer refusing a request, trusted documents' refusals
   * of contract §13 included: an error that comes with such a code keeps it), `formatter` (anything unexpected, made generic by
   * server/format-error.ts).
   */
  readonly raisedBy: ReadonlyArray<'gateway' | 'apollo' | 'formatter'>;
  /** The message when the raiser has nothing more precise to say. */
  readonly message: string;
  /**
   * A request error (GraphQL over HTTP): nothing was executed. An answer with
   * no `data` and only such errors is 400, or 200 for `application/json`;
   * every other error is an execution error, answered 200 beside `data`.
   */
  readonly requestError: boolean;
}

/**
 * The one table of every code an answer can carry. A code not here is
 * turned into INTERNAL_SERVER_ERROR. No code sets an HTTP status of its own:
 * only `requestError` decides between 200 and 400 (server/format-error.ts).
 */
export const ERRORS: Readonly<Record<ErrorCode | ServerErrorCode | TrustedDocumentsErrorCode, ErrorSpec>> = {
  [ErrorCode.BAD_USER_INPUT]: { raisedBy: ['gateway', 'apollo'], message: 'The request has an invalid argument.', requestError: true },
  [ErrorCode.UNAUTHENTICATED]: {
    raisedBy: ['gateway'],
    message: 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".',
    requestError: false,
  },
  [ErrorCode.FORBIDDEN]: { raisedBy: ['gateway'], message: 'Microsoft Graph denied the request.', requestError: false },
  [ErrorCode.NOT_FOUND]: { raisedBy: ['gateway'], message: 'Microsoft Graph found no such resource.', requestError: false },
  [ErrorCode.CONFLICT]: { raisedBy: ['gateway'], message: 'Microsoft Graph reported a conflict.', requestError: false },
  [ErrorCode.UPSTREAM_THROTTLED]: { raisedBy: ['gateway'], message: 'Microsoft Graph throttled the request. Retry later.', requestError: false },
  [ErrorCode.UPSTREAM_UNAVAILABLE]: { raisedBy: ['gateway'], message: 'Microsoft Graph is unavailable.', requestError: false },
  [ErrorCode.UPSTREAM_TIMEOUT]: { raisedBy: ['gateway'], message: 'Microsoft Graph did not answer in time.', requestError: false },
  [ErrorCode.UPSTREAM_OUTCOME_UNKNOWN]: {
    raisedBy: ['gateway'],
    message: 'The outcome of the create is unknown: the record may or may not exist. Check before retrying.',
    requestError: false,
  },
  [ErrorCode.UPSTREAM_BAD_RESPONSE]: { raisedBy: ['gateway'], message: 'Microsoft Graph answered with a body the gateway cannot read.', requestError: false },
  [ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE]: {
    raisedBy: ['gateway'],
    message: 'The idempotency store cannot be reached, so a create with an idempotencyKey was not sent. Retry later.',
    requestError: false,
  },
  [ServerErrorCode.GRAPHQL_PARSE_FAILED]: { raisedBy: ['apollo'], message: 'The document does not parse.', requestError: true },
  [ServerErrorCode.GRAPHQL_VALIDATION_FAILED]: { raisedBy: ['apollo'], message: 'The document is not valid against the schema.', requestError: true },
  [ServerErrorCode.BAD_REQUEST]: { raisedBy: ['apollo'], message: 'The HTTP request is not a GraphQL request.', requestError: false },
  [ServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: { raisedBy: ['apollo'], message: 'PersistedQueryNotFound', requestError: false },
  [ServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: { raisedBy: ['apollo'], message: 'PersistedQueryNotSupported', requestError: false },
  [ServerErrorCode.OPERATION_RESOLUTION_FAILURE]: { raisedBy: ['apollo'], message: 'The operation to run cannot be determined.', requestError: true },
  [ServerErrorCode.INTERNAL_SERVER_ERROR]: { raisedBy: ['formatter'], message: 'Internal server error', requestError: false },
  // The messages of contract §13's refusals are these, exactly: each says what to send instead.
  [TrustedDocumentsErrorCode.PERSISTED_QUERY_NOT_IN_LIST]: {
    raisedBy: ['apollo'],
    message: "This document id is not in the gateway's trusted documents. Send an id from the manifest the gateway was started with (TRUSTED_DOCUMENTS), or add the document there and restart the gateway.",
    requestError: true,
  },
  [TrustedDocumentsErrorCode.QUERY_NOT_IN_SAFELIST]: {
    raisedBy: ['apollo'],
    message: "This query text is not one of the gateway's trusted documents. Send the document's id (documentId), or its text exactly as in the manifest (TRUSTED_DOCUMENTS).",
    requestError: true,
  },
  [TrustedDocumentsErrorCode.PERSISTED_QUERY_ID_REQUIRED]: {
    raisedBy: ['apollo'],
    message: "This gateway runs trusted documents by id only (TRUSTED_DOCUMENTS_MODE=ids-only). Send the document's id (documentId, doc_id or extensions.persistedQuery) instead of its text.",
    requestError: true,
  },
  [TrustedDocumentsErrorCode.CANNOT_SEND_PQ_ID_AND_BODY]: {
    raisedBy: ['apollo'],
    message: "The query text sent with this document id is not the id's document. Send the id alone, or with exactly its text from the manifest.",
    requestError: true,
  },
};

/** The table's entry for a code an answer carries; undefined for a code the gateway does not know. */
export function errorSpec(code: unknown): ErrorSpec | undefined {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code) ? ERRORS[code as keyof typeof ERRORS] : undefined;
}
