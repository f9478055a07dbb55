// The reconciliation model of the fault campaign: what a create's answer
// means for the store (api-contract.md §6), and what contract §6/§7 allow the gateway
// to answer given the faults its upstream tries met.
import { ErrorCode } from '../src/errors/codes';
import type { FaultLabel } from './fault-plan';

/** How the gateway was asked to create: the three registration paths, the two install-status paths, and two requests that must fail. */
export type Variant =
  | 'registration'
  | 'registration (ROOT)'
  | 'registration (userId)'
  | 'registration (userId + ROOT: invalid)'
  | 'install status'
  | 'install status (userStatus)'
  | 'install status (unknown app)';

/** Codes that promise Graph created nothing (api-contract.md §6). */
export const DEFINITE_FAILURE_CODES: readonly string[] = [
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.UPSTREAM_THROTTLED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
];

export type OutcomeClass = 'success' | 'definite failure' | 'outcome unknown' | 'bad response' | 'other';

export type Answer =
  | { readonly type: 'success'; readonly id: string; readonly marker: string | null }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly clientRequestId: string | null }
  /** No GraphQL answer at all (socket error, non-JSON body): something the contract has no code for. */
  | { readonly type: 'no answer'; readonly detail: string };

/** One upstream request, as the emulator saw it, with the fault it was given. */
export interface Try {
  readonly label: FaultLabel;
  /** What the emulator answered; null when it reset the connection (or never finished). */
  readonly status: number | null;
  readonly clientRequestId: string | null;
  /** The Retry-After the emulator sent with it, in ms (null when none). */
  readonly retryAfterMs: number | null;
  /** When it reached the emulator (performance.now() of this process); null when unknown. */
  readonly arrivedAtMs: number | null;
}

export interface CreateReport {
  readonly index: number;
  readonly marker: string;
  readonly variant: Variant;
  readonly answer: Answer;
  /** How long the gateway took to answer it. */
  readonly elapsedMs: number;
  readonly outcome: OutcomeClass;
  /** Records the emulator stored with this create's marker. */
  readonly stored: number;
  readonly storedIds: readonly string[];
  readonly tries: readonly Try[];
  /** The answers the contract allows given the faults this create met ('success' or codes). */
  readonly expected: readonly string[];
  readonly expectedWhy: string;
}

export interface OutcomeRow {
  readonly outcome: OutcomeClass;
  /** The error code ('-' for successes). */
  readonly code: string;
  readonly creates: number;
  readonly stored0: number;
  readonly stored1: number;
  readonly storedMore: number;
}

export interface Check {
  readonly name: string;
  readonly description: string;
  readonly count: number;
  /** Up to 5 offending creates, for the report. */
  readonly examples: readonly CreateReport[];
}

/** Graph's 4xx statuses as contract §6 maps them; any other 4xx is BAD_USER_INPUT. */
const CODE_OF_4XX: Readonly<Record<number, string>> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
};

/**
 * True when the gateway answered "did not answer within the deadline" for the
 * last try the emulator recorded although no delay was injected into it, and
 * the create did take at least GRAPH_TIMEOUT_MS.
 */
export function gaveUpAtDeadline(answer: Answer, tries: readonly Try[], tookMs: number, timeoutMs: number): boolean {
  if (answer.type !== 'error' || answer.code !== ErrorCode.UPSTREAM_OUTCOME_UNKNOWN || !/did not answer within/.test(answer.message)) return false;
  const last = tries[tries.length - 1];
  return last !== undefined && last.label !== 'delay past deadline' && last.clientRequestId === answer.clientRequestId && tookMs >= timeoutMs;
}

/** What contract §6/§7 let the gateway answer, given the faults the create's tries met. */
export function expectedAnswers(variant: Variant, tries: readonly Try[], retryMax: number): { expected: string[]; why: string } {
  if (variant === 'registration (userId + ROOT: invalid)') return { expected: [ErrorCode.BAD_USER_INPUT], why: 'userId with collection ROOT is invalid; nothing may be sent' };
  const last = tries[tries.length - 1];
  if (!last) return { expected: [ErrorCode.UPSTREAM_UNAVAILABLE], why: 'no request reached Graph' };
  const after = tries.length > 1 ? ` (last of ${tries.length} tries)` : '';
  switch (last.label) {
    case '429':
    case '429 (burst)':
      return tries.length === retryMax + 1
        ? { expected: [ErrorCode.UPSTREAM_THROTTLED], why: `429 on all ${tries.length} tries` }
        : { expected: [], why: `the gateway stopped retrying a 429 after ${tries.length} of ${retryMax + 1} tries` };
    case '500':
    case '503':
      return { expected: [ErrorCode.UPSTREAM_UNAVAILABLE], why: `Graph answered ${last.label}${after}` };
    case '502':
    case '502 (acted)':
    case '504':
    case '504 (acted)':
      return { expected: [ErrorCode.UPSTREAM_OUTCOME_UNKNOWN], why: `Graph answered ${last.label}${after}` };
    case 'delay past deadline':
    case 'reset-before-read':
    case 'reset-after-read (acted)':
    case 'reset-after-read (not acted)':
      return { expected: [ErrorCode.UPSTREAM_OUTCOME_UNKNOWN], why: `${last.label}${after}: the request had left` };
    case 'malformed (acted)':
      if (last.status !== null && last.status >= 200 && last.status <= 299) {
        return { expected: [ErrorCode.UPSTREAM_BAD_RESPONSE], why: `unreadable ${last.status} body${after}` };
      }
      return { expected: [codeOfStatus(last.status)], why: `Graph answered ${String(last.status)} (unreadable body)${after}` };
    case 'none':
      if (last.status !== null && last.status >= 200 && last.status <= 299) return { expected: ['success'], why: `Graph answered ${last.status}${after}` };
      return { expected: [codeOfStatus(last.status)], why: `Graph answered ${String(last.status)}${after}` };
  }
}

export function codeOfStatus(status: number | null): string {
  if (status === null) return ErrorCode.UPSTREAM_OUTCOME_UNKNOWN;
  if (status === 429) return ErrorCode.UPSTREAM_THROTTLED;
  if (status >= 400 && status <= 499) return CODE_OF_4XX[status] ?? ErrorCode.BAD_USER_INPUT;
  if (status === 500 || status === 503) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status >= 500) return ErrorCode.UPSTREAM_OUTCOME_UNKNOWN;
  return ErrorCode.UPSTREAM_BAD_RESPONSE;
}

export function answerKey(answer: Answer): string {
  if (answer.type === 'success') return 'success';
  if (answer.type === 'error') return answer.code;
  return 'no answer';
}

export function outcomeClass(answer: Answer): OutcomeClass {
  if (answer.type === 'success') return 'success';
  if (answer.type === 'no answer') return 'other';
  if (DEFINITE_FAILURE_CODES.includes(answer.code)) return 'definite failure';
  if (answer.code === ErrorCode.UPSTREAM_OUTCOME_UNKNOWN) return 'outcome unknown';
  if (answer.code === ErrorCode.UPSTREAM_BAD_RESPONSE) return 'bad response';
  return 'other';
}

const CLASS_ORDER: readonly OutcomeClass[] = ['success', 'definite failure', 'outcome unknown', 'bad response', 'other'];

export function outcomeRows(reports: readonly CreateReport[]): OutcomeRow[] {
  const rows = new Map<string, { outcome: OutcomeClass; code: string; creates: number; stored0: number; stored1: number; storedMore: number }>();
  for (const r of reports) {
    const code = r.answer.type === 'success' ? '-' : answerKey(r.answer);
    const key = `${r.outcome}\u0000${code}`;
    const row = rows.get(key) ?? { outcome: r.outcome, code, creates: 0, stored0: 0, stored1: 0, storedMore: 0 };
    row.creates++;
    if (r.stored === 0) row.stored0++;
    else if (r.stored === 1) row.stored1++;
    else row.storedMore++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => CLASS_ORDER.indexOf(a.outcome) - CLASS_ORDER.indexOf(b.outcome) || a.code.localeCompare(b.code));
}

export function check(name: string, description: string, reports: readonly CreateReport[], offends: (r: CreateReport) => boolean): Check {
  const offenders = reports.filter(offends);
  return { name, description, count: offenders.length, examples: offenders.slice(0, 5) };
}

export function count(name: string, description: string, value: number): Check {
  return { name, description, count: value, examples: [] };
}
