// A reduced bulk and keyed-repeat campaign (`npm run chaos` runs the full one after the single-create campaign):
// the same code, fewer creates, a fixed seed. It fails on any broken invariant, and also when a case it exists for
// was never reached, so it cannot pass by testing nothing.
import { runKeyedCampaign, type KeyedCampaignResult, type KeyedCheck } from '../../chaos/keyed-campaign';
import { formatKeyedReport } from '../../chaos/keyed-report';

let result: KeyedCampaignResult;

beforeAll(async () => {
  result = await runKeyedCampaign({ creates: 200, seed: 42 });
}, 60_000);

function expectAllZero(checks: readonly KeyedCheck[]): void {
  const counts = Object.fromEntries(checks.map((c) => [c.name, c.count]));
  if (checks.some((c) => c.count !== 0)) throw new Error(`${JSON.stringify(counts)}\n\n${formatKeyedReport(result)}`);
  expect(counts).toEqual(Object.fromEntries(checks.map((c) => [c.name, 0])));
}

describe('bulk and keyed-repeat campaign (200 keyed creates, seed 42)', () => {
  it('0 duplicates, 0 successes without a record, 0 definite failures with a record, 0 keyed repeats that made a second record', () => {
    expectAllZero(Object.values(result.invariants));
  });

  it('replays successes with their id and keeps unknown outcomes unknown', () => {
    expectAllZero(result.checks);
  });

  it('reached every case: bulk and single sendings, replays, repeated unknowns, new creates after definite failures, per-item 429s', () => {
    const injected = (scope: string, fault: string) => result.faultsInjected.find((f) => f.scope === scope && f.fault === fault)?.requests ?? 0;
    const row = (answer: string, code: string) => result.rows.find((r) => r.answer === answer && r.code === code);
    const reached = {
      'bulk creates': result.operations.bulk > 0 && result.operations.batchCalls > 0,
      'single creates': result.operations.single > 0 && result.operations.singlePosts > 0,
      'replayed successes': result.attempts.replayedSuccesses > 0,
      'repeated unknown outcomes': result.attempts.repeatedUnknowns > 0,
      'new creates after definite failures': result.attempts.resentAfterDefiniteFailure > 0,
      'per-item 429': injected('$batch item', '429') > 0,
      'per-batch reset': injected('$batch call', 'reset-after-read (acted)') + injected('$batch call', 'reset-before-read') > 0,
      'unknown with and without a record': (row('outcome unknown', 'UPSTREAM_OUTCOME_UNKNOWN')?.stored0 ?? 0) > 0 && (row('outcome unknown', 'UPSTREAM_OUTCOME_UNKNOWN')?.stored1 ?? 0) > 0,
      'per-item BAD_USER_INPUT': (row('definite failure', 'BAD_USER_INPUT')?.creates ?? 0) > 0,
    };
    expect(reached).toEqual(Object.fromEntries(Object.keys(reached).map((k) => [k, true])));
    expect(result.rows.reduce((sum, r) => sum + r.creates, 0)).toBe(200);
  });
});
