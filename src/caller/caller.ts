/**
 * The caller of one request, read once where the request enters
 * (server/request-context.ts) and passed down to everything that needs to
 * know who is calling: the Graph calls (the Authorization they carry, the
 * write bucket they are counted against), the idempotency keys (the scope)
 * and AUTH_MODE=obo (the exchanged token). Nothing below parses the
 * Authorization header again.
 *
 * Every part is computed on first use and kept, since most requests need few
 * of them. Classes, so that the lazy getters are on their prototypes: a getter
 * in a per-request object literal gives each object a hidden class of its own
 * (measured: about 40 MB more RSS, and more CPU, under the create load).
 */
import { bearerToken, unverifiedClaims } from '../tokens/bearer';
import { callerScope, type Claims, type WriteBucket, writeBucketOf } from './claims';

/** What a Graph call carries for its caller. */
export interface GraphAuthorization {
  /** The Authorization header value sent to Graph: the caller's (AUTH_MODE=forward) or its On-Behalf-Of token's (obo). */
  readonly header: string;
  /** Who the call's writes are counted against (contract §11): read from the token sent. */
  readonly bucket: WriteBucket;
}

/** A bearer Authorization header and what is read from its token, NOT verified (Graph, or obo's check, verifies). */
export class BearerCredential implements GraphAuthorization {
  private bearer: string | undefined;
  /** null until decoded (a token that is not a JWT decodes to undefined). */
  private decoded: Claims | null = null;
  private counted: WriteBucket | undefined;

  /** `header`: "Bearer <token>". */
  constructor(readonly header: string) {}

  /** The token without "Bearer ". */
  get token(): string {
    return (this.bearer ??= bearerToken(this.header));
  }

  /** The token's claims, decoded once; undefined when it is not a JWT. */
  get claims(): Claims {
    if (this.decoded === null) this.decoded = unverifiedClaims(this.token);
    return this.decoded;
  }

  get bucket(): WriteBucket {
    return (this.counted ??= writeBucketOf(this.claims));
  }
}

/**
 * What turns a caller into the Authorization its Graph calls carry (src/auth,
 * contract §12): the caller's own bearer credential (forward), or its token
 * checked and exchanged (obo). Rejects with the refusal.
 */
export interface GraphAuthorizer {
  forRequest(caller: Caller): Promise<GraphAuthorization>;
}

/** One request's caller. */
export class Caller {
  private scope: string | null | undefined;
  private authorized: Promise<GraphAuthorization> | undefined;

  constructor(
    /** The Authorization header when it carries a bearer token; null otherwise. */
    readonly bearer: BearerCredential | null,
    private readonly authorizer: GraphAuthorizer,
  ) {}

  /** Whose idempotency keys these are (contract §10; claims.ts callerScope); null without a bearer token. */
  get idempotencyScope(): string | null {
    if (this.scope === undefined) this.scope = this.bearer === null ? null : callerScope(this.bearer.token, this.bearer.claims);
    return this.scope;
  }

  /**
   * The Authorization every Graph call of the request carries, asked of the
   * authorizer on the first call and kept: in obo mode one check and one
   * exchange per request, and one refusal for all its calls.
   */
  graphAuthorization(): Promise<GraphAuthorization> {
    return (this.authorized ??= this.authorizer.forRequest(this));
  }
}

const BEARER = /^Bearer\s+\S/i;

/** The caller of a request with this Authorization header. */
export function callerOf(authorization: string | undefined, authorizer: GraphAuthorizer): Caller {
  return new Caller(authorization !== undefined && BEARER.test(authorization) ? new BearerCredential(authorization) : null, authorizer);
}
