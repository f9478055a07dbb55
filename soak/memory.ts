// Memory figures of a process by pid, from Linux's /proc (no agent inside the
// measured process, so the gateway is measured exactly as `npm start` runs it).
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  /** Resident set size now. */
  readonly rssBytes: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

export function readProcMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kB('VmRSS'), peakRssBytes: kB('VmHWM') };
}

export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
