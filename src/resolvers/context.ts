import type { GraphApi } from '../graph/api';
import type { Loaders } from '../loaders/types';
import type { Logger } from '../observability/logger';
import type { RequestScope } from '../observability/request-scope';

/** Paging limits resolvers enforce on `first`. */
export interface PageLimits {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
}

/**
 * What every resolver receives, built fresh for each HTTP request (by
 * server/gateway.ts). Types only: codegen's contextType points here, so this
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
  /** Static facts for `gatewayInfo`. */
  readonly info: { readonly version: string; readonly graphBaseUrl: string; readonly emulator: boolean };
}
