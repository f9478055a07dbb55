// The request log behind `emulator.requests`, bounded: a gateway left running on the emulator (`npm start`,
// `npm run emulator`) would otherwise keep every request it ever served. Past the limit the oldest entry is dropped,
// so the log holds exactly the last `limit` requests; a test that reads the whole log leaves the limit at Infinity
// (createEmulator's default) or sets it above what it sends.
import type { RecordedRequest } from '../types';
import { EmulatorSettingError } from '../graph/settings';

/** EMULATOR_LOG_LIMIT's default: the request log and the accepted-write timeline keep this many entries each. */
export const DEFAULT_LOG_LIMIT = 1000;

/**
 * EMULATOR_LOG_LIMIT's largest value. Dropping the oldest entry is Array#shift, which moves the whole backing store
 * once it is too large for V8 to trim in place: 100,000 entries keep that to tens of microseconds per request.
 */
export const MAX_LOG_LIMIT = 100_000;

export class RequestLog {
  /** The entries, oldest first; the same array for the emulator's whole life (tests hold references to it). */
  readonly entries: RecordedRequest[] = [];
  /** Entries recorded since the last clear, dropped ones included. */
  private recorded = 0;

  constructor(readonly limit: number) {
    checkLimit(limit, 'Invalid emulator option requestLogLimit: must be a non-negative integer or Infinity.');
  }

  /**
   * Appends `request`, dropping the oldest entry past the limit. Returns its sequence number since the last clear:
   * its index in `entries` as long as nothing has been dropped.
   */
  record(request: RecordedRequest): number {
    this.entries.push(request);
    if (this.entries.length > this.limit) this.entries.shift();
    return this.recorded++;
  }

  /** Empties the log in place. */
  clear(): void {
    this.entries.length = 0;
    this.recorded = 0;
  }
}

function checkLimit(limit: number, message: string): void {
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) throw new Error(message);
}

/** EMULATOR_LOG_LIMIT from `env` (the embedded and standalone emulators): default DEFAULT_LOG_LIMIT, 0 keeps nothing. */
export function readLogLimit(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.EMULATOR_LOG_LIMIT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_LOG_LIMIT;
  const n = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!(n <= MAX_LOG_LIMIT)) {
    throw new EmulatorSettingError('EMULATOR_LOG_LIMIT', `EMULATOR_LOG_LIMIT must be an integer from 0 to ${MAX_LOG_LIMIT}, got ${JSON.stringify(raw)}.`);
  }
  return n;
}
