// Memory figures of a process by pid, from Linux's /proc (no agent inside the
// measured process, so the gateway is measured exactly as `npm start` runs it).
import { procMemoryBytes } from '../test/helpers/proc-status';

export interface ProcMemory {
  /** Resident set size now. */
  readonly rssBytes: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

export function readProcMemory(pid: number): ProcMemory {
  return { rssBytes: procMemoryBytes(pid, 'VmRSS'), peakRssBytes: procMemoryBytes(pid, 'VmHWM') };
}

export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
