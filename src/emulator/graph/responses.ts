// What every answer carries, whichever handler made it: the ids Graph stamps on it, its headers (graph-facts §4.4),
// and, for a failure, Graph's error envelope (graph-facts §4.1) with the exception handlers throw to produce it.
import { randomUUID } from 'node:crypto';
import { innerErrorDateNow } from './date-time';

/** Per-request values that end up in headers, error bodies and absolute links. */
export interface RequestContext {
  requestId: string;
  clientRequestId: string;
  /** Scheme, Host header and basePath of the (outer) request, e.g. 'http://127.0.0.1:4100/beta'. */
  serviceRoot: string;
}

/**
 * A context for one request (or $batch item) with these lower-cased headers: a fresh request-id, and the client's
 * client-request-id echoed (or, when the client sent none, the request-id again), graph-facts §4.1.
 */
export function requestContext(headers: Record<string, string>, serviceRoot: string): RequestContext {
  const requestId = randomUUID();
  const sent = headers['client-request-id'];
  return { requestId, clientRequestId: sent !== undefined && sent !== '' ? sent : requestId, serviceRoot };
}

/** The stored entity a response is about, so that a 'patch' fault can change it too. */
export interface EntityRef {
  collection: 'managedAppRegistrations' | 'mobileAppInstallStatuses';
  id: string;
}

/** An answer before it is written, the same for a top-level request and a $batch item. */
export interface GraphResponse {
  status: number;
  /** Headers beyond the ones every answer gets (Retry-After, Allow, WWW-Authenticate…). */
  headers: Record<string, string>;
  /** A JSON value, serialised on the way out. */
  body: unknown;
  /** When set, sent verbatim instead of `body` (a 'malformed' fault). */
  rawBody?: string;
  entity?: EntityRef;
}

// Headers.

/** Graph's Content-Type for JSON bodies. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The value of the `x-emulator` header on every answer. */
export const EMULATOR_LABEL = 'intune-graph-emulator';

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: EMULATOR_LABEL },
});

/** Headers of a top-level HTTP answer. */
export function topLevelHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
    Date: new Date().toUTCString(),
    'OData-Version': '4.0',
    'x-ms-ags-diagnostic': DIAGNOSTIC,
    'x-emulator': EMULATOR_LABEL,
  };
}

/** Headers of a $batch item answer (Graph puts only the item's own headers there). */
export function batchItemHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
  };
}

/** `base` with `extra` laid over it, header names compared case-insensitively (the later spelling wins). */
export function mergeHeaders(base: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    }
    merged[name] = value;
  }
  return merged;
}

// Errors.

/** Thrown by handlers; the dispatcher turns it into a Graph error response. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** A 400 BadRequest, the answer to most malformed input. */
export function badRequest(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/** A 404 ResourceNotFound for an id that names nothing. */
export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    'ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The `{"error": {...}}` body, with innerError tied to this request's ids. */
export function graphErrorBody(ctx: RequestContext, code: string, message: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: innerErrorDateNow(),
        'request-id': ctx.requestId,
        'client-request-id': ctx.clientRequestId,
      },
    },
  };
}

/** A complete error response. */
export function errorResponse(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphResponse {
  return { status, headers, body: graphErrorBody(ctx, code, message) };
}

const DEFAULTS: Record<number, { code: string; message: string }> = {
  400: { code: 'BadRequest', message: 'Bad request.' },
  401: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
  403: { code: 'Forbidden', message: 'Application is not authorized to perform this operation.' },
  404: { code: 'ResourceNotFound', message: 'Resource not found.' },
  405: { code: 'MethodNotAllowed', message: 'The HTTP method is not allowed for this resource.' },
  409: { code: 'Conflict', message: 'The request conflicts with the current state of the resource.' },
  412: { code: 'PreconditionFailed', message: 'The precondition given in the request evaluated to false.' },
  424: { code: 'FailedDependency', message: 'The request failed because a request it depends on failed.' },
  429: { code: 'TooManyRequests', message: 'Too many requests. Please retry after the time given in Retry-After.' },
  500: { code: 'InternalServerError', message: 'An internal server error occurred.' },
  501: { code: 'NotImplemented', message: 'The requested feature is not implemented.' },
  502: { code: 'BadGateway', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
  504: { code: 'GatewayTimeout', message: 'The gateway timed out waiting for the service.' },
};

/** Graph's usual error code and a generic message for a status (graph-facts §4.3), for injected faults. */
export function defaultError(status: number): { code: string; message: string } {
  return DEFAULTS[status] ?? { code: status >= 500 ? 'InternalServerError' : 'UnknownError', message: `HTTP ${status}.` };
}
