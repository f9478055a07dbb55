import type { CallKind } from '../errors/from-graph';
import { ErrorCode } from '../errors/codes';
import { GatewayError, type GraphErrorInfo } from '../errors/gateway-error';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: ResponseHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Graph spells it innerError in examples and innererror in its schema: read both (graph-facts §4.1). */
function innerError(error: Record<string, unknown>): Record<string, unknown> | null {
  for (const key of Object.keys(error)) {
    if (key.toLowerCase() === 'innererror') return record(error[key]);
  }
  return null;
}

/**
 * Reads Graph's OData error body (its text) and headers into the curated
 * details the gateway returns. Nothing else of the body is kept. A body that
 * is not a Graph error (an HTML page from a proxy, say) leaves code and
 * message null.
 */
export function graphErrorInfo(
  status: number | null,
  headers: ResponseHeaders,
  bodyText: string,
  clientRequestId: string,
): GraphErrorInfo {
  let body: unknown = null;
  if (bodyText !== '') {
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = null;
    }
  }
  return graphErrorInfoOf(status, headers, body, clientRequestId);
}

/** graphErrorInfo of a body already parsed (a $batch item's, which came inside the $batch's JSON). */
export function graphErrorInfoOf(status: number | null, headers: ResponseHeaders, body: unknown, clientRequestId: string): GraphErrorInfo {
  const error = record(record(body)?.error);
  const inner = error ? innerError(error) : null;
  return {
    status,
    code: str(error?.code),
    message: str(error?.message),
    requestId: header(headers, 'request-id') ?? str(inner?.['request-id']),
    clientRequestId: header(headers, 'client-request-id') ?? str(inner?.['client-request-id']) ?? clientRequestId,
    date: str(inner?.date) ?? header(headers, 'date'),
  };
}

/** Details for a call that got no answer at all. */
export function noAnswerInfo(clientRequestId: string): GraphErrorInfo {
  return { status: null, code: null, message: null, requestId: null, clientRequestId, date: null };
}

/** What is known of a 2xx answer. */
export interface ReplyMeta {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly clientRequestId: string;
}

/** A 2xx answer the gateway cannot read. For a create Graph did act, and the message says so. */
export function badResponseError(meta: Omit<ReplyMeta, 'clientRequestId'>, clientRequestId: string, kind: CallKind, what: string): GatewayError {
  const info = graphErrorInfo(meta.status, meta.headers, '', clientRequestId);
  const created = kind === 'create' ? ' Graph accepted the create, so the record exists.' : '';
  return new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `Microsoft Graph answered ${meta.status} with ${what}.${created}`, info);
}
