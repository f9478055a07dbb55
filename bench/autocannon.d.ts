// autocannon ships no types and @types/autocannon is not a dependency: this
// declares only the part of its library API the bench uses.
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
      /** A falsy return counts the response as a mismatch. */
      verifyBody?: (body: string) => boolean;
      title?: string;
    }

    interface Histogram {
      average: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p99: number;
    }

    interface Result {
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      non2xx: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      resets: number;
      /** Seconds. */
      duration: number;
      /** `total` counts completed responses, `sent` every request written (including those cut off at the end). */
      requests: Histogram & { total: number; sent: number };
      /** Whole milliseconds only (an integer histogram), hence the bench records its own latencies. */
      latency: Histogram;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance {
      stop(): void;
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): Instance;
      on(event: 'start', listener: () => void): Instance;
    }
  }

  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance;

  export = autocannon;
}
