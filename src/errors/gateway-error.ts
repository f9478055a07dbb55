import type { ErrorCode } from './codes';
import { ERRORS } from './table';

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
 * What a refused keyed create tells its caller (contract §10, extensions.idempotency): that the first
 * create with the key is still running, or ended with an unknown outcome (and which request that was).
 */
export type IdempotencyDetail =
  | { readonly state: 'IN_FLIGHT' }
  | { readonly state: 'OUTCOME_UNKNOWN'; readonly firstClientRequestId: string; readonly firstAttemptAt: string };

/** `extensions.authChallenge` (contract §12): what a frontend needs to get a token Entra ID will exchange. */
export interface AuthChallenge {
  /** Entra ID's `error`, e.g. interaction_required, or invalid_grant for a missing consent. */
  readonly error: string;
  /** Entra ID's `error_codes` (the AADSTS numbers), as it sent them. */
  readonly errorCodes: readonly number[];
  /** The claims request, base64-encoded as in a claims challenge; null when Entra ID sent none. */
  readonly claims: string | null;
}

/**
 * Every error the gateway raises on purpose: a contract code (errors/table.ts
 * says what each means), a message for the caller and, for a Graph failure,
 * Graph's curated details (and, for a refused keyed create, its idempotency state). A plain Error that knows no GraphQL: callers branch
 * on `code`, and server/format-error.ts turns it into the answer's `extensions`.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly graph: GraphErrorInfo | undefined;
  /** Set on a keyed create answered from its idempotency record (contract §10). */
  readonly idempotency: IdempotencyDetail | undefined;
  /** Set when Entra ID needs the user (consent, MFA, a claims challenge) before it exchanges the token (contract §12). */
  readonly authChallenge: AuthChallenge | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    graph?: GraphErrorInfo,
    idempotency?: IdempotencyDetail,
    authChallenge?: AuthChallenge,
  ) {
    super(message);
    this.graph = graph;
    this.idempotency = idempotency;
    this.authChallenge = authChallenge;
  }
}
