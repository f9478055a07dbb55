// The fault rules a test has queued. Rules are data (like undici's retry policy), checked in order, and consumed as
// they match, so a test states exactly which request fails and how often.
import type { Fault, FaultControl, FaultRule } from './types';

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

  /** The fault of the first rule matching this request, consuming one use of it; undefined when none matches. */
  take(scope: 'top' | 'batch-item', method: string, path: string): Fault | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule, scope, method, path));
    if (index < 0) return undefined;
    const active = this.rules[index];
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule.fault;
  }
}

function matches(rule: FaultRule, scope: 'top' | 'batch-item', method: string, path: string): boolean {
  if (rule.scope !== undefined && rule.scope !== scope) return false;
  // A $batch item has no connection of its own to reset.
  if (scope === 'batch-item' && rule.fault.kind.startsWith('reset-')) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
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
  const { times, fault, scope, method, path } = rule;
  if (times !== undefined && !(times === Infinity || (Number.isInteger(times) && times > 0))) {
    fail('times must be a positive integer or Infinity');
  }
  if (scope !== undefined && scope !== 'top' && scope !== 'batch-item') fail("scope must be 'top' or 'batch-item'");
  if (method !== undefined && (typeof method !== 'string' || method === '')) fail('method must be a non-empty string');
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
