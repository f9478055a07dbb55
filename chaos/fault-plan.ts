// The queue of faults the emulator applies, one per upstream POST, in arrival
// order. Requests are concurrent, so which create meets which fault is decided
// by arrival, not by the plan; the plan itself is fully determined by the seed.
import type { Fault } from '../src/emulator';
import { chance, intBetween, weighted, type Random } from './prng';

/** What a planned fault stands for, finer than Fault['kind'] (e.g. whether a 502 hides a create Graph carried out). */
export type FaultLabel =
  | 'none'
  | '429'
  | '429 (burst)'
  | '500'
  | '503'
  | '502'
  | '502 (acted)'
  | '504'
  | '504 (acted)'
  | 'delay past deadline'
  | 'reset-before-read'
  | 'reset-after-read (acted)'
  | 'reset-after-read (not acted)'
  | 'malformed (acted)';

export const FAULT_LABELS: readonly FaultLabel[] = [
  'none',
  '429',
  '429 (burst)',
  '500',
  '503',
  '502',
  '502 (acted)',
  '504',
  '504 (acted)',
  'delay past deadline',
  'reset-before-read',
  'reset-after-read (acted)',
  'reset-after-read (not acted)',
  'malformed (acted)',
];

export interface PlannedFault {
  readonly label: FaultLabel;
  readonly fault: Fault;
}

export interface FaultPlanOptions {
  /** How many rules to queue; must cover every upstream request, retries included. */
  readonly count: number;
  /** The gateway's GRAPH_TIMEOUT_MS: delays are drawn past it. */
  readonly timeoutMs: number;
}

type Single = Exclude<FaultLabel, '429 (burst)'>;

// Roughly half the requests go through untouched, so successes and the
// faults' effects on the store are both well represented.
const WEIGHTS: ReadonlyArray<readonly [Single | 'burst', number]> = [
  ['none', 46],
  ['429', 12],
  ['500', 4],
  ['503', 4],
  ['502', 5],
  ['504', 5],
  ['delay past deadline', 6],
  ['reset-before-read', 6],
  ['reset-after-read (acted)', 6],
  ['malformed (acted)', 6],
  // A burst is what makes UPSTREAM_THROTTLED reachable at all: a create is
  // throttled only if its first try and every retry meet a 429.
  ['burst', 0.4],
];

/**
 * A burst is long enough for every in-flight create to meet GRAPH_RETRY_MAX+1
 * of its 429s (Retry-After 0, so the retries come back at once and land in it).
 */
const BURST_MIN = 48;
const BURST_MAX = 96;

export function planFaults(random: Random, options: FaultPlanOptions): PlannedFault[] {
  const plan: PlannedFault[] = [];
  // One burst is always placed early, so that even a reduced campaign meets it.
  const forcedBurstAt = intBetween(random, Math.floor(options.count * 0.05), Math.floor(options.count * 0.3));
  while (plan.length < options.count) {
    const choice = plan.length >= forcedBurstAt && !plan.some((p) => p.label === '429 (burst)') ? 'burst' : weighted(random, WEIGHTS);
    if (choice === 'burst') {
      const length = intBetween(random, BURST_MIN, BURST_MAX);
      for (let i = 0; i < length; i++) {
        plan.push({ label: '429 (burst)', fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: '0' } });
      }
      continue;
    }
    plan.push(single(random, choice, options.timeoutMs));
  }
  return plan.slice(0, options.count);
}

function single(random: Random, label: Single, timeoutMs: number): PlannedFault {
  switch (label) {
    case 'none':
      // The filler: a rule that changes nothing, so every upstream request
      // consumes exactly one rule and the queue stays aligned with arrivals.
      return { label, fault: { kind: 'delay', ms: 0 } };
    case '429': {
      // 0 to 0.2 s, in Graph's fractional-seconds form.
      const retryAfter = (intBetween(random, 0, 200) / 1000).toString();
      return { label, fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter } };
    }
    case '500':
      return { label, fault: { kind: 'status', status: 500, code: 'InternalServerError' } };
    case '503':
      return { label, fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', retryAfter: '0' } };
    case '502':
    case '502 (acted)': {
      // Half of them hide a create Graph carried out (a proxy lost the answer).
      const act = chance(random, 0.5);
      return { label: act ? '502 (acted)' : '502', fault: { kind: 'status', status: 502, code: 'BadGateway', act } };
    }
    case '504':
    case '504 (acted)': {
      const act = chance(random, 0.5);
      return { label: act ? '504 (acted)' : '504', fault: { kind: 'status', status: 504, code: 'GatewayTimeout', act } };
    }
    case 'delay past deadline':
      return { label, fault: { kind: 'delay', ms: intBetween(random, timeoutMs + 100, timeoutMs + 500) } };
    case 'reset-before-read':
      return { label, fault: { kind: 'reset-before-read' } };
    case 'reset-after-read (acted)':
    case 'reset-after-read (not acted)':
      // Mostly the default (Graph acted, the answer was lost); sometimes Graph read it and did nothing.
      return chance(random, 0.25)
        ? { label: 'reset-after-read (not acted)', fault: { kind: 'reset-after-read', act: false } }
        : { label: 'reset-after-read (acted)', fault: { kind: 'reset-after-read' } };
    case 'malformed (acted)':
      return { label, fault: { kind: 'malformed', act: true } };
  }
}
