// One burst of load at fixed concurrency through autocannon, used as a library.
import autocannon from 'autocannon';
import type { ClientRequest } from './header-sets';

export interface LoadOptions {
  /** What is sent, the same every time: a header set's client request (header-sets.ts). */
  readonly request: ClientRequest;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Called when the load starts sending, so CPU counters can be read at that moment. */
  readonly onStart?: () => void;
}

export interface LoadResult {
  /** 2xx answers whose body passed the cheap check (no `errors`): the operations completed. */
  readonly ops: number;
  /** Requests written to a socket, including those cut off when the round ended. */
  readonly sent: number;
  /** Wall time from start to the end of the load, in seconds. */
  readonly wallSeconds: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
  /** Answers that were not 2xx, 2xx answers carrying `errors`, connection errors and timeouts. */
  readonly failures: { readonly non2xx: number; readonly withErrors: number; readonly connectionErrors: number; readonly timeouts: number };
  readonly statusCodes: Readonly<Record<string, number>>;
}

/** The instance running now, so SIGINT can stop it. */
let current: autocannon.Instance | null = null;

export function stopCurrentLoad(): void {
  current?.stop();
}

/** The q-quantile of sorted values, by the nearest-rank method. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  // autocannon's own latency histogram keeps whole milliseconds only, too coarse for sub-millisecond answers:
  // the exact per-response times are kept here instead (a few hundred thousand doubles at most).
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let started = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.request.url,
        method: options.request.method,
        headers: { ...options.request.headers },
        ...(options.request.body === undefined ? {} : { body: options.request.body }),
        connections: options.connections,
        duration: options.durationSeconds,
        pipelining: 1,
        timeout: 10,
        // The body is already buffered by autocannon; a GraphQL error still answers 200, so look for it.
        verifyBody: (body) => body.startsWith('{"data":') && !body.includes('"errors"'),
      },
      (error, result) => {
        current = null;
        if (error) return reject(error);
        const wallSeconds = (performance.now() - started) / 1000;
        const sorted = latencies.subarray(0, count).sort();
        let sum = 0;
        for (const value of sorted) sum += value;
        const statusCodes: Record<string, number> = {};
        for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) statusCodes[code] = n;
        resolve({
          ops: result['2xx'] - result.mismatches,
          sent: result.requests.sent,
          wallSeconds,
          latencyMs: { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean: count === 0 ? Number.NaN : sum / count },
          failures: { non2xx: result.non2xx, withErrors: result.mismatches, connectionErrors: result.errors - result.timeouts, timeouts: result.timeouts },
          statusCodes,
        });
      },
    );
    current = instance;
    instance.on('start', () => {
      started = performance.now();
      options.onStart?.();
    });
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode < 200 || statusCode > 299) return;
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = responseTimeMs;
    });
  });
}
