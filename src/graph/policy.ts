import type { GraphClientConfig } from '../config';
import { ErrorCode } from '../errors/codes';
import { type CallKind, errorFromGraphStatus } from '../errors/from-graph';
import { GatewayError } from '../errors/gateway-error';
import { badResponseError, graphErrorInfo, noAnswerInfo, type ResponseHeaders } from './envelope';
import { transportCause, type TryOutcome } from './transport';

/*
 * Terminology. A *call* is one request the gateway means to make (a create,
 * a read, one $batch); a *try* is one sending of it; a *retry* is any try
 * after a call's first. An *operation* is one GraphQL operation: every call
 * it makes shares one RetryBudget.
 */

/** What a try's outcome is, as far as sending it again is concerned. */
export type Outcome =
  /** 429: Graph did not act. */
  | 'throttled'
  /** 503: Graph did not act. */
  | 'unavailable'
  /** 502, 504: a proxy answered; Graph may have acted. */
  | 'bad-gateway'
  /** Any other error status (500 included): Graph's answer stands. */
  | 'refused'
  /** No connection could be made: the request was not sent. */
  | 'connect-failed'
  /** No connection was free within the deadline: the request was not sent. */
  | 'no-connection-in-time'
  /** Sent, and no answer within the deadline. */
  | 'timeout'
  /** Sent, and the connection failed before the answer. */
  | 'dropped'
  /** Not even queued: GRAPH_QUEUE_MAX calls were already waiting. */
  | 'shed'
  /** An answer the gateway cannot read (over GRAPH_MAX_RESPONSE_BYTES, not JSON). */
  | 'unreadable'
  /** Not sent: the operation's RetryBudget had no time left. */
  | 'budget-spent'
  /** Not sent: no slot of the write budget (contract §11) came free within GRAPH_WRITE_WAIT_MS. */
  | 'write-budget-shed';

/** The kinds of call the retry policy tells apart. */
export type RetryKind = CallKind | 'batch-item' | 'create-item';

/**
 * The retry policy, as data: the outcomes after which a call of each kind is
 * sent again (within the operation's RetryBudget). A create is sent again
 * only when Graph certainly did not act on it (contract §7), so no create is
 * ever made twice; 503 is left out even there, as it always was. A $batch
 * POST of reads is a read; its items are retried in a later $batch. A $batch
 * of creates (contract §9) is a create, and a create item in it goes again
 * only after its own 429.
 */
export const RETRIED_AFTER: Readonly<Record<RetryKind, ReadonlySet<Outcome>>> = {
  create: new Set<Outcome>(['throttled', 'connect-failed']),
  read: new Set<Outcome>(['throttled', 'unavailable', 'bad-gateway', 'connect-failed', 'no-connection-in-time', 'timeout', 'dropped']),
  'batch-item': new Set<Outcome>(['throttled', 'unavailable', 'bad-gateway']),
  'create-item': new Set<Outcome>(['throttled']),
};

/** The outcome of an answer with a non-2xx status. */
export function answerOutcome(status: number): Outcome {
  if (status === 429) return 'throttled';
  if (status === 503) return 'unavailable';
  if (status === 502 || status === 504) return 'bad-gateway';
  return 'refused';
}

/** A failed try: its outcome, the contract error it is if it is the last, and how long Graph asked to wait. */
export interface TryFailure {
  readonly outcome: Outcome;
  /** The client-request-id the try was sent with; null when it was not sent for want of budget. */
  readonly clientRequestId: string | null;
  readonly error: GatewayError;
  readonly retryAfterMs: number | undefined;
  /** For a try that got no answer: what the transport said (transportCause), for the log. */
  readonly cause?: { readonly code: string; readonly message: string };
}

/** What classifying needs to know about the call and the client. */
export interface TryContext {
  readonly kind: CallKind;
  readonly clientRequestId: string;
  /** Retries this call has had so far (the 429 message counts them). */
  readonly retries: number;
  /** The deadline this try had. */
  readonly timeoutMs: number;
  readonly config: Pick<GraphClientConfig, 'queueMax' | 'maxResponseBytes'>;
}

/** The outcome and contract error of a try that did not end in a 2xx answer (contract §6). */
export function classify(outcome: TryOutcome, at: TryContext): TryFailure {
  const { kind, clientRequestId, timeoutMs } = at;
  if (outcome.type === 'answer') {
    const info = graphErrorInfo(outcome.status, outcome.headers, outcome.body, clientRequestId);
    return { outcome: answerOutcome(outcome.status), clientRequestId, error: errorFromGraphStatus(info, kind, at.retries), retryAfterMs: retryAfterMs(outcome.headers) };
  }
  const info = noAnswerInfo(clientRequestId);
  const cause = transportCause(outcome.error);
  const fail = (result: Outcome, error: GatewayError): TryFailure => ({ outcome: result, clientRequestId, error, retryAfterMs: undefined, cause });
  if (outcome.tooLargeStatus !== 0) {
    const what = `a body over ${at.config.maxResponseBytes} bytes`;
    return fail('unreadable', badResponseError({ status: outcome.tooLargeStatus, headers: {} }, clientRequestId, kind, what));
  }
  if (outcome.shed) {
    return fail(
      'shed',
      new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `The gateway already has ${at.config.queueMax} Microsoft Graph calls waiting for a connection (GRAPH_QUEUE_MAX); the request was not sent. Retry later.`,
        info,
      ),
    );
  }
  if (!outcome.sent) {
    if (outcome.timedOut) {
      const why = `no connection to Microsoft Graph was free within ${timeoutMs} ms`;
      if (kind === 'read') return fail('no-connection-in-time', new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `Microsoft Graph did not answer within ${timeoutMs} ms (${why}).`, info));
      return fail('no-connection-in-time', new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `No connection to Microsoft Graph was free within ${timeoutMs} ms; the request was not sent.`, info));
    }
    return fail('connect-failed', new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Could not connect to Microsoft Graph; the request was not sent.', info));
  }
  if (kind === 'create') {
    const what = outcome.timedOut ? `did not answer within ${timeoutMs} ms` : 'dropped the connection before answering';
    return fail(
      outcome.timedOut ? 'timeout' : 'dropped',
      new GatewayError(
        ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
        `Microsoft Graph ${what} after the create was sent: the record may or may not exist. Check before retrying.`,
        info,
      ),
    );
  }
  if (outcome.timedOut) return fail('timeout', new GatewayError(ErrorCode.UPSTREAM_TIMEOUT, `Microsoft Graph did not answer within ${timeoutMs} ms.`, info));
  return fail('dropped', new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The connection to Microsoft Graph failed before it answered.', info));
}

/** GRAPH_RETRY_MAX and GRAPH_RETRY_BUDGET_MS: what one operation may spend. */
export type RetryLimits = Pick<GraphClientConfig, 'retryMax' | 'retryBudgetMs'>;

/**
 * What one GraphQL operation may spend on Microsoft Graph (contract §7): at
 * most `retryMax` retries in all, and nothing that runs past a deadline
 * `retryBudgetMs` after the operation started. Created once per operation
 * (graph/api.ts graphApiFor) and shared by every call it makes: plain calls,
 * each $batch POST, and anything else that waits on the operation's behalf
 * (a later write-rate shaper asks `fits` before waiting for a slot, a bulk
 * create's $batch calls take their retries here too).
 */
export class RetryBudget {
  /** Epoch milliseconds after which the operation sends nothing more and waits for nothing. */
  readonly deadline: number;
  private retries = 0;

  constructor(
    private readonly limits: RetryLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + limits.retryBudgetMs;
  }

  /** Retries taken so far, by every call of the operation. */
  get retriesUsed(): number {
    return this.retries;
  }

  /** Milliseconds left before the deadline (≤ 0 once it has passed). */
  remainingMs(): number {
    return this.deadline - this.now();
  }

  /** Whether waiting `waitMs` from now still ends before the deadline. */
  fits(waitMs: number): boolean {
    return this.now() + waitMs < this.deadline;
  }

  /** Takes one retry, to be sent after `delayMs`: false, and nothing taken, when none is left or the wait does not fit. */
  takeRetry(delayMs: number): boolean {
    if (this.retries >= this.limits.retryMax || !this.fits(delayMs)) return false;
    this.retries++;
    return true;
  }
}

/** The deadline of a try: GRAPH_TIMEOUT_MS, cut to what is left of the operation's budget. */
export function tryTimeoutMs(timeoutMs: number, budget: RetryBudget): number {
  return Math.max(1, Math.min(timeoutMs, budget.remainingMs()));
}

/** The failure of a call that was not sent because its operation's budget had run out. */
export function budgetSpent(kind: CallKind, budgetMs: number): TryFailure {
  const message = `The operation spent its ${budgetMs} ms for Microsoft Graph calls (GRAPH_RETRY_BUDGET_MS); the request was not sent.`;
  const error = new GatewayError(kind === 'read' ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE, message);
  return { outcome: 'budget-spent', clientRequestId: null, error, retryAfterMs: undefined };
}

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

/** Waits `ms` without keeping the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
}
