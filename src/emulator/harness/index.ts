// The test harness: what a test uses to steer and observe the emulator, none of it Graph behaviour. The request log
// (`emulator.requests`: every Graph request and $batch item, in arrival order, the last `requestLogLimit` of them) and
// the fault rules (`emulator.faults`,
// only with `createEmulator({ faults: true })`, so nothing over HTTP can reach fault injection), plus the signal that
// close() aborts (pending delay faults end on it). Graph's pipeline (graph/http-server.ts, graph/batch.ts) records into
// the log and asks the rules for a fault; the accepted-write timeline is kept by Graph's throttle (graph/throttle.ts),
// whose windows it mirrors.
import { FaultRules } from './faults';
import { RequestLog } from './request-log';

export { FaultRules, runWithFault } from './faults';
export { DEFAULT_LOG_LIMIT, readLogLimit, RequestLog } from './request-log';

export interface Harness {
  /** The request log; its entries are `emulator.requests`. */
  log: RequestLog;
  /** Undefined unless the emulator was created with `faults: true`: then no request can reach fault injection. */
  faults: FaultRules | undefined;
  /** Aborted by close(). */
  signal: AbortSignal;
}

export function createHarness(options: { faults: boolean; signal: AbortSignal; requestLogLimit: number }): Harness {
  return { log: new RequestLog(options.requestLogLimit), faults: options.faults ? new FaultRules() : undefined, signal: options.signal };
}
