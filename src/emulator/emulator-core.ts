// Everything a request needs from the running emulator, passed explicitly instead of through a singleton.
import type { RecordedRequest } from './types';
import type { HandlerDeps } from './handler-deps';
import type { FaultRules } from './fault-control';

export interface EmulatorCore extends HandlerDeps {
  /** Normalised: '' or '/x' without a trailing slash. */
  basePath: string;
  shuffleBatch: boolean;
  /** Undefined unless the emulator was created with `faults: true`: then no request can reach fault injection. */
  faults: FaultRules | undefined;
  requests: RecordedRequest[];
  /** Aborted by close(). */
  signal: AbortSignal;
}
