// The soak: steady mixed load on the gateway for a bounded time (30 minutes by
// default), sampling its memory every 10 s, with a stated bound on growth after
// warm-up: RSS at the end within 10 % of RSS at the end of the warm-up.
import { createEmulator, type Emulator } from '../src/emulator';
import { startGateway, type GatewayProcess } from '../test/helpers/process';
import { buildGateway } from '../test/helpers/project';
import { startStack } from '../test/helpers/stack';
import { LogSummary } from './log-summary';
import { newCounters, startLoad, type LoadCounters } from './load';
import { readProcMemory } from './memory';

export const GATEWAY_MODES = ['child', 'in-process'] as const;
export type GatewayMode = (typeof GATEWAY_MODES)[number];

export interface SoakOptions {
  readonly seconds: number;
  readonly connections: number;
  readonly mode: GatewayMode;
}

export interface MemorySample {
  /** Seconds since the load started (negative: before it). */
  readonly t: number;
  readonly rssBytes: number;
  /** The kernel's peak RSS so far (VmHWM): it also sees what happened between samples. */
  readonly hwmBytes: number;
  /** V8 heap in use; only known when the gateway runs in this process. */
  readonly heapUsedBytes: number | null;
  /** GraphQL responses so far. */
  readonly responses: number;
  readonly errors: number;
  /** Records the emulator held when it was emptied at this sample. */
  readonly emulatorRecords: number;
}

export interface SoakResult {
  readonly mode: GatewayMode;
  readonly seconds: number;
  readonly connections: number;
  readonly gatewayEnv: Readonly<Record<string, string>>;
  readonly warmupSeconds: number;
  readonly intervalSeconds: number;
  readonly samples: readonly MemorySample[];
  /** Before any load, right after start. */
  readonly start: MemorySample;
  /** The first sample at or after the warm-up. */
  readonly baseline: MemorySample;
  readonly end: MemorySample;
  /** RSS at the end of the warm-up and at the end: each the median of the samples of the minute up to it (one sample is GC noise). */
  readonly baselineRssBytes: number;
  readonly endRssBytes: number;
  /** endRssBytes / baselineRssBytes. */
  readonly ratio: number;
  /** Least-squares slope of RSS over the samples after the warm-up, in bytes per minute. */
  readonly slopeBytesPerMinute: number;
  /** Highest sampled RSS, and the kernel's peak (VmHWM at the last sample), which also sees between samples. */
  readonly peakSampledRssBytes: number;
  readonly peakRssBytes: number;
  /** End RSS must be within GROWTH_FRACTION of the baseline: from baseline × 0.9 to this (baseline × 1.1). */
  readonly boundBytes: number;
  readonly memoryOk: boolean;
  readonly counters: LoadCounters;
  readonly autocannon: { requests: number; errors: number; timeouts: number; non2xx: number; p50Ms: number; p99Ms: number; maxMs: number; requestsPerSecond: number };
  /** The gateway's exit code after SIGTERM (child mode), null when it had to be killed; undefined in-process. */
  readonly exitCode: number | null | undefined;
  /** How the gateway ended during the soak, with its stderr; null when it did not. */
  readonly died: string | null;
  /** Gateway log lines at warn or above, counted by message (e.g. '67 × warn: graph call failed (NOT_FOUND)'). */
  readonly notableLogLines: readonly string[];
  readonly passed: boolean;
}

/** The target: RSS at 30 minutes within 10 % of RSS at 5 minutes. */
export const GROWTH_FRACTION = 0.1;
/** Seconds between samples; a run shorter than two minutes samples every 2 s so that it has enough. */
export const SAMPLE_SECONDS = 10;
/** The warm-up: 5 minutes of a 30-minute soak, a sixth of a shorter one. */
export const WARMUP_SECONDS = 300;

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const warmupSeconds = Math.min(WARMUP_SECONDS, Math.round(options.seconds / 6));
  const intervalSeconds = options.seconds < 120 ? 2 : SAMPLE_SECONDS;
  const gatewayEnv = { LOG_LEVEL: 'warn' };

  let emulator: Emulator;
  let gateway: {
    pid: number;
    url: string;
    notableLines: () => string[];
    /** Set when the gateway ended on its own (a crash): how, and its stderr. */
    died: () => string | undefined;
    stop: () => Promise<number | null | undefined>;
  };
  if (options.mode === 'child') {
    buildGateway();
    emulator = createEmulator();
    const graphBaseUrl = await emulator.listen(0, '127.0.0.1');
    let child: GatewayProcess;
    let url: string;
    // Counted, not kept: a long soak can log thousands of identical lines.
    const logs = new LogSummary();
    try {
      ({ process: child, url } = await startGateway(
        { ...gatewayEnv, GRAPH_BASE_URL: graphBaseUrl },
        {
          keepStdout: false,
          onLine: (line, stream) => {
            if (stream === 'stdout') logs.add(line);
          },
        },
      ));
    } catch (error) {
      await emulator.close();
      throw error;
    }
    gateway = {
      pid: child.pid,
      url,
      notableLines: () => logs.lines(),
      died: () => (child.hasExited ? `the gateway process ended on its own (${child.exitDescription}); stderr:\n${child.stderr()}` : undefined),
      stop: () => child.stop(15_000),
    };
  } else {
    const stack = await startStack({ env: gatewayEnv, testDefaults: false, emulator: { faults: false }, shutdownGraceMs: 2000 });
    emulator = stack.emulator;
    gateway = {
      pid: process.pid,
      url: stack.url,
      notableLines: () => {
        const summary = new LogSummary();
        for (const line of stack.logLines) summary.add(line);
        return summary.lines();
      },
      died: () => undefined,
      stop: async () => {
        await stack.close();
        return undefined;
      },
    };
  }

  const counters = newCounters();
  const samples: MemorySample[] = [];
  let loadStarted = Date.now();
  let died: string | undefined;
  const sample = (): void => {
    died ??= gateway.died();
    if (died !== undefined) return;
    let memory: ReturnType<typeof readProcMemory>;
    try {
      memory = readProcMemory(gateway.pid);
    } catch (error) {
      // Exited but not yet reported as such (a zombie has no VmRSS, a reaped process no /proc entry).
      died = `the gateway process vanished (${error instanceof Error ? error.message : String(error)})`;
      return;
    }
    const { rssBytes, peakRssBytes } = memory;
    // Emptied at every sample: the emulator's store and request log grow with
    // every create and request, and in-process they would count as the gateway's.
    const emulatorRecords = emulator.store.managedAppRegistrations().length + emulator.store.mobileAppInstallStatuses().length;
    emulator.store.reset();
    emulator.clearRequests();
    const s: MemorySample = {
      t: Math.round((Date.now() - loadStarted) / 100) / 10,
      rssBytes,
      hwmBytes: peakRssBytes,
      heapUsedBytes: options.mode === 'in-process' ? process.memoryUsage().heapUsed : null,
      responses: counters.responses,
      errors: counters.errors,
      emulatorRecords,
    };
    samples.push(s);
  };

  let result: Awaited<ReturnType<typeof startLoad>>;
  let exitCode: number | null | undefined;
  try {
    loadStarted = Date.now();
    sample();
    const load = startLoad(gateway.url, options.seconds, options.connections, counters);
    const timer = setInterval(() => {
      sample();
      // No point loading a gateway that is gone; the report says why.
      if (died !== undefined) load.stop();
    }, intervalSeconds * 1000);
    try {
      result = await load;
    } finally {
      clearInterval(timer);
    }
    sample();
  } finally {
    died ??= gateway.died();
    exitCode = await gateway.stop();
    // A crash noticed first as a missing /proc entry gets its exit code and stderr once the exit is reported.
    if (died?.startsWith('the gateway process vanished')) died = gateway.died() ?? died;
    if (options.mode === 'child') await emulator.close();
  }

  const start = samples[0];
  const end = samples[samples.length - 1];
  if (start === undefined || end === undefined) throw new Error(died ?? 'no memory sample was taken');
  const baseline = samples.find((s) => s.t >= warmupSeconds) ?? end;
  const baselineRssBytes = medianRssOfMinuteTo(samples, baseline.t);
  const endRssBytes = medianRssOfMinuteTo(samples, end.t);
  const ratio = endRssBytes / baselineRssBytes;
  const boundBytes = baselineRssBytes * (1 + GROWTH_FRACTION);
  const memoryOk = Math.abs(ratio - 1) <= GROWTH_FRACTION;
  const slopeBytesPerMinute = slopePerMinute(samples.filter((s) => s.t >= warmupSeconds));
  const peakSampledRssBytes = Math.max(...samples.map((s) => s.rssBytes));
  const autocannonFigures = {
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requestsPerSecond: Math.round(result.requests.average),
  };
  const cleanExit = options.mode === 'in-process' || exitCode === 0;
  const passed = died === undefined && memoryOk && counters.errors === 0 && result.errors === 0 && result.timeouts === 0 && result.non2xx === counters.refusedNon2xx && counters.responses > 0 && cleanExit;
  return {
    mode: options.mode,
    seconds: options.seconds,
    connections: options.connections,
    gatewayEnv,
    warmupSeconds,
    intervalSeconds,
    samples,
    start,
    baseline,
    end,
    baselineRssBytes,
    endRssBytes,
    ratio,
    slopeBytesPerMinute,
    peakSampledRssBytes,
    peakRssBytes: end.hwmBytes,
    boundBytes,
    memoryOk,
    counters,
    autocannon: autocannonFigures,
    exitCode,
    died: died ?? null,
    notableLogLines: gateway.notableLines().slice(0, 20),
    passed,
  };
}

/** The median RSS of the samples in the minute up to `t` (at least the one at `t`). */
function medianRssOfMinuteTo(samples: readonly MemorySample[], t: number): number {
  const values = samples.filter((s) => s.t <= t && s.t > t - 60).map((s) => s.rssBytes).sort((a, b) => a - b);
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Least-squares slope of RSS against time, in bytes per minute; 0 with fewer than two samples. */
export function slopePerMinute(samples: readonly MemorySample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((a, s) => a + s.t, 0) / n;
  const meanR = samples.reduce((a, s) => a + s.rssBytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (s.rssBytes - meanR);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}
