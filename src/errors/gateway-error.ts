import { ErrorCode } from './codes';

/** What the gateway tells a caller about a Graph failure (extensions.graph). */
export interface GraphErrorInfo {
  /** Graph's HTTP status; null when no answer came (timeout, reset, refused). */
  readonly status: number | null;
  /** Graph's error.code, e.g. "BadRequest". */
  readonly code: string | null;
  /** Graph's error.message (for developers; Intune often puts JSON text here). */
  readonly message: string | null;
  /** Graph's request-id, to quote to Microsoft support. */
  readonly requestId: string | null;
  /** The client-request-id the gateway sent with the failing try. */
  readonly clientRequestId: string | null;
  /** When Graph answered (Graph's innerError.date, else its Date header). */
  readonly date: string | null;
}

/**
 * Every error the gateway raises on purpose: one subclass per contract code.
 * A plain Error that knows no GraphQL: server/format-error.ts turns its code
 * and graph details into the response's `extensions`.
 */
export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;
  readonly graph: GraphErrorInfo | undefined;

  protected constructor(_code: ErrorCode, message: string, graph?: GraphErrorInfo) {
    super(message);
    this.graph = graph;
  }
}

export class BadUserInputError extends GatewayError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.BAD_USER_INPUT, message, graph);
  }
}

export class UnauthenticatedError extends GatewayError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UNAUTHENTICATED, message, graph);
  }
}

export class ForbiddenError extends GatewayError {
  readonly code = ErrorCode.FORBIDDEN;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.FORBIDDEN, message, graph);
  }
}

export class NotFoundError extends GatewayError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.NOT_FOUND, message, graph);
  }
}

export class ConflictError extends GatewayError {
  readonly code = ErrorCode.CONFLICT;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.CONFLICT, message, graph);
  }
}

export class UpstreamThrottledError extends GatewayError {
  readonly code = ErrorCode.UPSTREAM_THROTTLED;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UPSTREAM_THROTTLED, message, graph);
  }
}

export class UpstreamUnavailableError extends GatewayError {
  readonly code = ErrorCode.UPSTREAM_UNAVAILABLE;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, graph);
  }
}

export class UpstreamTimeoutError extends GatewayError {
  readonly code = ErrorCode.UPSTREAM_TIMEOUT;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UPSTREAM_TIMEOUT, message, graph);
  }
}

export class UpstreamOutcomeUnknownError extends GatewayError {
  readonly code = ErrorCode.UPSTREAM_OUTCOME_UNKNOWN;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, message, graph);
  }
}

export class UpstreamBadResponseError extends GatewayError {
  readonly code = ErrorCode.UPSTREAM_BAD_RESPONSE;
  constructor(message: string, graph?: GraphErrorInfo) {
    super(ErrorCode.UPSTREAM_BAD_RESPONSE, message, graph);
  }
}
