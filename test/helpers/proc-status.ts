// /proc/<pid>/status of a process (Linux), read from outside it: no agent in the measured process, so a gateway
// is measured exactly as `npm start` runs it (the soak, the bench, the flood test).
import { readFileSync } from 'node:fs';

/** One field as written ('VmRSS' → '123456 kB'); undefined when absent. Throws when the process is gone. */
export function procStatusField(pid: number, name: string): string | undefined {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((l) => l.startsWith(`${name}:`));
  return line === undefined ? undefined : line.slice(name.length + 1).trim();
}

/** A memory field ('VmRSS', 'VmHWM': peak RSS) in bytes; throws when it is missing (a zombie has no VmRSS) or the process is gone. */
export function procMemoryBytes(pid: number, name: string): number {
  const match = /^(\d+) kB$/.exec(procStatusField(pid, name) ?? '');
  if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
  return Number(match[1]) * 1024;
}
