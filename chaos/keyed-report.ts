// The printed report of the bulk and keyed-repeat campaign (keyed-campaign.ts).
import type { KeyedCampaignResult, KeyedCheck, KeyedCreate } from './keyed-campaign';
import { formatTable } from './table';

export function formatKeyedReport(result: KeyedCampaignResult): string {
  const out: string[] = [];
  const env = Object.entries(result.gatewayEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const { operations: ops, attempts } = result;
  out.push(`Bulk and keyed-repeat campaign  seed ${result.seed}  keyed creates ${result.creates}  drivers ${result.workers}  elapsed ${(result.elapsedMs / 1000).toFixed(1)} s`);
  out.push(`gateway in-process (in-process idempotency store), emulator in-process: ${env}`);
  out.push(`operations: ${ops.bulk} bulk creates, ${ops.single} single creates; upstream: ${ops.batchCalls} $batch calls carrying ${ops.batchItems} items, ${ops.singlePosts} single POSTs`);
  out.push(
    `sendings: ${attempts.total}, of which ${attempts.repeats} keyed repeats: ${attempts.replayedSuccesses} replayed a success, ` +
      `${attempts.repeatedUnknowns} answered an unknown outcome again, ${attempts.resentAfterDefiniteFailure} went to Graph as new creates (after definite failures)`,
  );
  out.push('');
  out.push('Faults injected (rules consumed, per place)');
  out.push(formatTable(['place', 'fault', 'requests'], result.faultsInjected.map((f) => [f.scope, f.fault, f.requests]), 2));
  out.push('');
  out.push("Reconciliation: each create's last answer vs records stored with its marker");
  const rows: Array<Array<string | number>> = result.rows.map((r) => [r.answer, r.code, r.creates, r.stored0, r.stored1, r.storedMore]);
  const sum = (pick: (r: KeyedCampaignResult['rows'][number]) => number): number => result.rows.reduce((s, r) => s + pick(r), 0);
  rows.push(['total', '', sum((r) => r.creates), sum((r) => r.stored0), sum((r) => r.stored1), sum((r) => r.storedMore)]);
  out.push(formatTable(['answer', 'code', 'creates', 'stored 0', 'stored 1', 'stored >1'], rows, 2));
  out.push('');
  const verdict = (c: KeyedCheck): string => (c.count === 0 ? 'ok' : 'FAIL');
  const invariants = Object.values(result.invariants);
  out.push('Invariants (must be 0)');
  out.push(formatTable(['invariant', 'count', ''], invariants.map((c) => [c.name, c.count, verdict(c)])));
  out.push('');
  out.push('Contract checks (must be 0)');
  out.push(formatTable(['check', 'count', ''], result.checks.map((c) => [c.name, c.count, verdict(c)])));
  for (const c of [...invariants, ...result.checks]) {
    if (c.count === 0) continue;
    out.push('');
    out.push(`${c.name}: ${c.description}. First ${c.examples.length} of ${c.count}:`);
    for (const e of c.examples) out.push(`  ${describe(e)}`);
  }
  out.push('');
  out.push(result.passed ? 'PASS: every invariant and check is 0' : 'FAIL: see the non-zero rows above');
  return out.join('\n');
}

function describe(c: KeyedCreate): string {
  const attempts = c.attempts
    .map((a) => `${a.via}:${a.answer.type === 'success' ? `success ${a.answer.id}` : a.answer.type === 'error' ? a.answer.code : `no answer (${a.answer.detail})`} sent ${a.sentBefore}→${a.sentAfter}`)
    .join(', ');
  return `#${c.index} ${c.kind} [${c.marker}]: ${attempts}; stored ${c.storedIds.length}`;
}
