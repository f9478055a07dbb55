// Graph's error envelope (graph-facts §4.1) and the exception handlers throw to produce it.
import type { GraphResponse, RequestContext } from './internal-types';
import { innerErrorDateNow } from './date-time';

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
