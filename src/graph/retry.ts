import type { ResponseHeaders } from './envelope';

/**
 * Retry-After in milliseconds: seconds (Graph sends fractions, e.g. 2.128) or
 * an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: ResponseHeaders, now: number = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential back-off with equal jitter: retry n waits between base·2ⁿ/2 and base·2ⁿ. */
export function backoffMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = baseMs * 2 ** retry;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
