// Start time as a user sees it: from spawning the gateway as `npm start` does (`node <its flags> dist/main.js`) to the
// first 200 from /readyz.
import { busyTicksBetween, cpuTicks, systemCpuTimes, type ClockTicks } from './proc-stats';
import { freePort } from '../test/helpers/ports';
import { MEASURED_CPU, type ChildRegistry, type LogCounts } from './processes';
import { gatewayArgs } from './servers';

export interface StartupRun {
  /** Milliseconds from spawn to the first /readyz 200. */
  readonly ms: number;
  /** CPU that neither this gateway nor the driver used meanwhile, as % of one CPU: anything but ~0 slows the start. */
  readonly otherCpuPercent: number;
  readonly logCounts: LogCounts;
  readonly problems: Readonly<Record<string, number>>;
}

/** Starts the gateway `runs` times, one after another, each on a fresh port and stopped before the next. */
export async function measureStartup(
  registry: ChildRegistry,
  runs: number,
  options: { readonly root: string; readonly env: (port: number) => NodeJS.ProcessEnv; readonly label: string; readonly ticks: ClockTicks },
): Promise<StartupRun[]> {
  const results: StartupRun[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const systemBefore = systemCpuTimes();
    const driverBefore = process.cpuUsage();
    const started = performance.now();
    const child = registry.spawnNode(`${options.label} #${i + 1}`, MEASURED_CPU, gatewayArgs(), { cwd: options.root, env: options.env(port) });
    try {
      // Polled every 2 ms from the other CPU: the poll costs the gateway one refused connection per try at most.
      await child.waitFor200(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 20_000, pollMs: 2 });
      const ms = performance.now() - started;
      const gatewayTicks = cpuTicks(child.pid);
      const driver = process.cpuUsage(driverBefore);
      const driverTicks = ((driver.user + driver.system) * options.ticks.perSecond) / 1e6;
      const busy = busyTicksBetween(systemBefore, systemCpuTimes(), 'cpu');
      const otherCpuPercent = Math.max(0, (100 * (busy - gatewayTicks - driverTicks)) / ((ms / 1000) * options.ticks.perSecond));
      results.push({ ms, otherCpuPercent, logCounts: { ...child.logCounts }, problems: Object.fromEntries(child.problems) });
    } finally {
      await child.stop();
    }
  }
  return results;
}
