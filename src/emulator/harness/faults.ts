// Fault injection, in two halves. The rules a test has queued: data (like undici's retry policy), checked in order,
// and consumed as they match, so a test states exactly which request fails and how often. And the pipeline that
// wraps the normal handling of one request in the fault a rule chose for it: the same code serves top-level requests
// and $batch items, so a fault behaves the same way in both.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault, FaultControl, FaultRule, ThrottleBucket } from '../types';
import { defaultError, errorResponse, type GraphResponse, type RequestContext } from '../graph/responses';
import { applySet, type MemoryStore } from '../graph/store';

const KINDS: ReadonlyArray<Fault['kind']> = ['status', 'delay', 'reset-before-read', 'reset-after-read', 'malformed', 'patch'];

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** The FaultControl behind `emulator.faults`, plus the matching the server uses. */
export class FaultRules implements FaultControl {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    validateRule(rule);
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.length;
  }

  /**
   * The fault of the first rule matching this request, consuming one use of it; undefined when none matches.
   * `bucket` is undefined for a request in no throttle bucket (a $batch envelope): then no rule naming one matches.
   */
  take(scope: 'top' | 'batch-item', method: string, path: string, bucket: ThrottleBucket | undefined): Fault | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule, scope, method, path, bucket));
    if (index < 0) return undefined;
    const active = this.rules[index];
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule.fault;
  }
}

function matches(
  rule: FaultRule,
  scope: 'top' | 'batch-item',
  method: string,
  path: string,
  bucket: ThrottleBucket | undefined,
): boolean {
  if (rule.scope !== undefined && rule.scope !== scope) return false;
  // A $batch item has no connection of its own to reset.
  if (scope === 'batch-item' && rule.fault.kind.startsWith('reset-')) return false;
  if (rule.method !== undefined) {
    const methods = typeof rule.method === 'string' ? [rule.method] : rule.method;
    if (!methods.some((m) => m.toUpperCase() === method.toUpperCase())) return false;
  }
  if (rule.bucket !== undefined) {
    if (bucket === undefined) return false;
    if (rule.bucket.tenantId !== undefined && rule.bucket.tenantId !== bucket.tenantId) return false;
    if (rule.bucket.appId !== undefined && rule.bucket.appId !== bucket.appId) return false;
  }
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === path;
  rule.path.lastIndex = 0; // a /g or /y RegExp would otherwise remember where its last test stopped
  return rule.path.test(path);
}

function validateRule(rule: FaultRule): void {
  const fail = (what: string): never => {
    throw new Error(`Invalid fault rule: ${what}.`);
  };
  if (typeof rule !== 'object' || rule === null) fail('a rule must be an object');
  const { times, fault, scope, method, path, bucket } = rule;
  if (times !== undefined && !(times === Infinity || (Number.isInteger(times) && times > 0))) {
    fail('times must be a positive integer or Infinity');
  }
  if (scope !== undefined && scope !== 'top' && scope !== 'batch-item') fail("scope must be 'top' or 'batch-item'");
  const nonEmpty = (m: unknown): boolean => typeof m === 'string' && m !== '';
  if (method !== undefined && !(nonEmpty(method) || (Array.isArray(method) && method.length > 0 && method.every(nonEmpty)))) {
    fail('method must be a non-empty string or a non-empty array of them');
  }
  if (bucket !== undefined) {
    const claim = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
    if (typeof bucket !== 'object' || bucket === null || !claim(bucket.tenantId) || !claim(bucket.appId)) {
      fail('bucket must be an object whose tenantId and appId are strings or null');
    }
  }
  if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) fail('path must be a string or a RegExp');
  if (typeof fault !== 'object' || fault === null || !KINDS.includes(fault.kind)) {
    fail(`fault.kind must be one of ${KINDS.join(', ')}`);
  }
  if (scope === 'batch-item' && fault.kind.startsWith('reset-')) fail(`'${fault.kind}' applies to top-level requests only`);
  switch (fault.kind) {
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) {
        fail('fault.status must be an HTTP status from 100 to 599');
      }
      break;
    case 'delay':
      if (!Number.isFinite(fault.ms) || fault.ms < 0) fail('fault.ms must be a non-negative number');
      break;
    case 'malformed':
      if (fault.status !== undefined && (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)) {
        fail('fault.status must be an HTTP status from 100 to 599');
      }
      break;
    case 'patch':
      if (typeof fault.set !== 'object' || fault.set === null) fail('fault.set must be an object');
      break;
    case 'reset-before-read':
    case 'reset-after-read':
      break;
  }
}

// The pipeline.

/** What to do with the connection: answer, or reset it without answering. */
export type Outcome = { kind: 'respond'; response: GraphResponse } | { kind: 'reset' };

export interface FaultRun {
  fault: Fault | undefined;
  ctx: RequestContext;
  method: string;
  /** Performs the request normally (acting on the store) and returns the answer it would get. */
  perform: () => Promise<GraphResponse>;
  store: MemoryStore;
  /** Aborted when the emulator closes, so a pending delay does not outlive it. */
  signal: AbortSignal;
}

/** The DEFAULT malformed body: the start of an entity, cut off. */
export const TRUNCATED_BODY = '{"id": "trunc';

/** Runs `perform` under `fault` (or plainly when there is none). */
export async function runWithFault(run: FaultRun): Promise<Outcome> {
  const { fault } = run;
  const respond = (response: GraphResponse): Outcome => ({ kind: 'respond', response });
  if (fault === undefined) return respond(await run.perform());
  switch (fault.kind) {
    case 'delay':
      await sleep(fault.ms, undefined, { signal: run.signal });
      return respond(await run.perform());
    case 'status':
      if (fault.act === true) await run.perform();
      return respond(statusFaultResponse(run.ctx, fault));
    case 'reset-before-read':
      return { kind: 'reset' };
    case 'reset-after-read':
      if (fault.act !== false) await run.perform();
      return { kind: 'reset' };
    case 'malformed': {
      const performed = fault.act === false ? undefined : await run.perform();
      const status = fault.status ?? performed?.status ?? (run.method === 'POST' ? 201 : 200);
      return respond({ status, headers: performed?.headers ?? {}, body: undefined, rawBody: fault.body ?? TRUNCATED_BODY });
    }
    case 'patch':
      return respond(patched(await run.perform(), fault.set, run.store));
  }
}

function statusFaultResponse(ctx: RequestContext, fault: Fault & { kind: 'status' }): GraphResponse {
  const defaults = defaultError(fault.status);
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return errorResponse(ctx, fault.status, fault.code ?? defaults.code, fault.message ?? defaults.message, headers);
}

function patched(response: GraphResponse, set: Record<string, unknown>, store: MemoryStore): GraphResponse {
  if (typeof response.body !== 'object' || response.body === null || Array.isArray(response.body)) return response;
  const body = { ...(response.body as Record<string, unknown>) };
  applySet(body, set, true);
  if (response.entity) store.patch(response.entity, set);
  return { ...response, body };
}
