// The campaign's printed report: what was done, the reconciliation table, and
// the invariants with their verdict.
import type { CampaignResult, Check, CreateReport } from './campaign';
import { formatTable } from './table';

export function formatReport(result: CampaignResult): string {
  const out: string[] = [];
  const env = Object.entries(result.gatewayEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  out.push(`Fault campaign  seed ${result.seed}  creates ${result.creates}  concurrency ${result.concurrency}  elapsed ${(result.elapsedMs / 1000).toFixed(1)} s`);
  out.push(`gateway in-process, emulator in-process, loopback only: ${env}`);
  out.push(`creates by path: ${Object.entries(result.byVariant).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(`upstream requests seen by the emulator: ${result.upstreamRequests} (fault rules queued: ${result.rulesQueued})`);
  out.push('');

  out.push('Faults injected (one rule per upstream request, in arrival order)');
  const injected = result.faultsInjected.map((f) => [f.fault, f.requests] as const);
  out.push(formatTable(['fault', 'requests'], [...injected, ['total', injected.reduce((s, [, n]) => s + n, 0)]]));
  out.push(`creates sent again after a 429: ${result.retriedCreates} (${result.retriedThenSucceeded} of them then succeeded)`);
  out.push(`creates the gateway gave up on at its deadline with no delay injected (a saturated machine; OUTCOME_UNKNOWN is then correct): ${result.slowWithoutInjectedDelay}`);
  out.push('');

  out.push("Reconciliation: gateway's answer vs records stored with the create's marker");
  const rows: Array<Array<string | number>> = result.rows.map((r) => [r.outcome, r.code, r.creates, r.stored0, r.stored1, r.storedMore]);
  const sum = (pick: (r: CampaignResult['rows'][number]) => number): number => result.rows.reduce((s, r) => s + pick(r), 0);
  rows.push(['total', '', sum((r) => r.creates), sum((r) => r.stored0), sum((r) => r.stored1), sum((r) => r.storedMore)]);
  out.push(formatTable(['answer', 'code', 'creates', 'stored 0', 'stored 1', 'stored >1'], rows, 2));
  out.push('');

  const verdict = (c: Check): string => (c.count === 0 ? 'ok' : 'FAIL');
  const checkRows = (checks: readonly Check[]): Array<[string, number, string]> => checks.map((c) => [c.name, c.count, verdict(c)]);
  out.push('Invariants (must be 0)');
  const invariants = [result.invariants.duplicates, result.invariants.successesWithoutRecord, result.invariants.definiteFailuresWithRecord];
  out.push(formatTable(['invariant', 'count', ''], checkRows(invariants)));
  out.push('');
  out.push('Contract checks (must be 0)');
  out.push(formatTable(['check', 'count', ''], checkRows(result.checks)));
  out.push('');
  out.push('Campaign self-checks (must be 0, or the numbers above are not trustworthy)');
  out.push(formatTable(['self-check', 'count', ''], checkRows(result.selfChecks)));

  for (const c of [...invariants, ...result.checks]) {
    if (c.count === 0) continue;
    out.push('');
    out.push(`${c.name}: ${c.description}. First ${c.examples.length} of ${c.count}:`);
    for (const e of c.examples) out.push(`  ${describe(e)}`);
  }
  if (result.gatewayErrorLogs.length > 0) {
    out.push('');
    out.push(`gateway logged ${result.gatewayErrorLogs.length} line(s) at level error; first: ${result.gatewayErrorLogs.slice(0, 3).join(' | ')}`);
  }
  out.push('');
  out.push(result.passed ? 'PASS: every invariant and check is 0' : 'FAIL: see the non-zero rows above');
  return out.join('\n');
}

function describe(e: CreateReport): string {
  const answer =
    e.answer.type === 'success' ? `success id ${e.answer.id}` : e.answer.type === 'error' ? `${e.answer.code} "${e.answer.message}"` : `no answer (${e.answer.detail})`;
  const tries = e.tries.map((t) => `${t.label}→${t.status ?? 'reset/none'}`).join(', ') || 'none';
  return `#${e.index} ${e.variant} [${e.marker}]: answered ${answer}; stored ${e.stored}; upstream tries: ${tries}; contract allows ${e.expected.join('/') || 'nothing (see why)'} (${e.expectedWhy})`;
}
