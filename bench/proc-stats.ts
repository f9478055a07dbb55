// What the kernel says a measured process cost: CPU time from /proc/<pid>/stat (whole thread group, so GC and
// libuv threads count too) and resident memory from /proc/<pid>/status.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { procStatusField } from '../test/helpers/proc-status';

/** Clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export interface ClockTicks {
  readonly perSecond: number;
  /** 'getconf' when read from `getconf CLK_TCK`; 'assumed' when that failed and Linux's usual 100 is used. */
  readonly source: 'getconf' | 'assumed';
}

export function clockTicks(): ClockTicks {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim());
    if (Number.isInteger(value) && value > 0) return { perSecond: value, source: 'getconf' };
  } catch {
    // fall through to the assumption below
  }
  return { perSecond: 100, source: 'assumed' };
}

/** utime + stime of the process, in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident set size in KiB (VmRSS), or null when the process is gone. */
export function rssKiB(pid: number): number | null {
  try {
    const value = procStatusField(pid, 'VmRSS');
    return value === undefined ? null : Number.parseInt(value, 10);
  } catch {
    return null;
  }
}

/** The CPUs the process may run on (Cpus_allowed_list), to show that pinning took. */
export function cpusAllowed(pid: number): string | null {
  try {
    return procStatusField(pid, 'Cpus_allowed_list') ?? null;
  } catch {
    return null;
  }
}

/** Samples VmRSS every `intervalMs` until stopped and keeps the largest value. */
export class RssSampler {
  private maxKiB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling (after one last sample) and returns the maximum in KiB. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.maxKiB;
  }

  private sample(): void {
    const value = rssKiB(this.pid);
    if (value !== null && value > this.maxKiB) this.maxKiB = value;
  }
}

/** Busy and total time of one CPU line of /proc/stat, in clock ticks. */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/**
 * Every line of /proc/stat that starts with "cpu": 'cpu' (all CPUs) and 'cpu0', 'cpu1', ….
 * Busy is everything but idle and iowait; steal counts as busy, since the hypervisor took the CPU from us.
 */
export function systemCpuTimes(): ReadonlyMap<string, CpuTimes> {
  const times = new Map<string, CpuTimes>();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [name, ...rest] = line.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest and guest_nice are already inside user and nice)
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = rest.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    times.set(name!, { busy, total: busy + idle + iowait });
  }
  return times;
}

/** Busy ticks of `name` between two readings (0 when the CPU is unknown). */
export function busyTicksBetween(before: ReadonlyMap<string, CpuTimes>, after: ReadonlyMap<string, CpuTimes>, name: string): number {
  const a = before.get(name);
  const b = after.get(name);
  return a === undefined || b === undefined ? 0 : b.busy - a.busy;
}
