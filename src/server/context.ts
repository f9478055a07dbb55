import type { GraphApi } from '../graph/api';
import type { Logger } from './logger';

/** What every resolver receives, built fresh for each HTTP request. */
export interface GatewayContext {
  /** Graph calls bound to this caller's token. */
  readonly graph: GraphApi;
  readonly log: Logger;
  /** Static facts for `gatewayInfo`. */
  readonly info: { readonly version: string; readonly graphBaseUrl: string; readonly emulator: boolean };
}
