import type { GraphApi } from '../graph/api';
import type { IdempotencyStore } from '../idempotency/store';
import type { Loaders } from '../loaders/types';
import type { Logger } from '../observability/logger';
import type { RequestScope } from '../observability/request-scope';

/** Paging limits resolvers enforce on `first`. */
export interface PageLimits {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
}

/** The caller's idempotency keys (contract §10). */
export interface IdempotencyContext {
  readonly store: IdempotencyStore;
  /** The caller's scope (caller/caller.ts idempotencyScope, hashed on first use); null without a bearer token. */
  readonly scope: string | null;
  /** How long a claim can be in flight: the retry budget plus one try's deadline (then its outcome is unknown). */
  readonly inFlightLimitMs: number;
}

/**
 * What every resolver receives, built fresh for each HTTP request (by
 * server/request-context.ts). Types only: codegen's contextType points here, so this
 * module must not reach the converters that import the generated types.
 */
export interface GatewayContext {
  /** Graph calls bound to this caller's token. */
  readonly graph: GraphApi;
  /** This request's entity loaders (per-request cache and batching). */
  readonly loaders: Loaders;
  readonly log: Logger;
  /** Trace context and Graph call accounting of this request. */
  readonly scope: RequestScope;
  readonly pages: PageLimits;
  readonly idempotency: IdempotencyContext;
  /** MAX_BULK_ITEMS (contract §9). */
  readonly maxBulkItems: number;
  /** Static facts for `gatewayInfo`. */
  readonly info: { readonly version: string; readonly graphBaseUrl: string; readonly emulator: boolean };
}
