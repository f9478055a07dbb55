// A reduced fault campaign (`npm run chaos` is the full one): the same code,
// fewer creates, a fixed seed. It fails on any broken invariant, and also when
// an outcome class was never reached, so it cannot pass by testing nothing.
import { countOutcome, runCampaign, type CampaignResult, type Check } from '../../chaos/campaign';
import { formatReport } from '../../chaos/report';

let result: CampaignResult;

beforeAll(async () => {
  result = await runCampaign({ creates: 150, seed: 42, concurrency: 16 });
}, 60_000);

/** Fails with the whole printed report, so a red run says which creates broke what. */
function expectAllZero(checks: readonly Check[]): void {
  const counts = Object.fromEntries(checks.map((c) => [c.name, c.count]));
  const zeros = Object.fromEntries(checks.map((c) => [c.name, 0]));
  if (checks.some((c) => c.count !== 0)) {
    throw new Error(`expected ${JSON.stringify(zeros)}, got ${JSON.stringify(counts)}\n\n${formatReport(result)}`);
  }
  expect(counts).toEqual(zeros);
}

describe('fault campaign (150 creates, seed 42)', () => {
  it('stores no marker twice, every success once under its id, and nothing for a definite failure', () => {
    const { duplicates, successesWithoutRecord, definiteFailuresWithRecord } = result.invariants;
    expectAllZero([duplicates, successesWithoutRecord, definiteFailuresWithRecord]);
  });

  it('answers every create with the contract §6 code for the fault it met, and re-sends a create only after a 429', () => {
    expectAllZero(result.checks);
  });

  it('keeps its own bookkeeping straight (rules aligned with arrivals, every upstream request attributed)', () => {
    expectAllZero(result.selfChecks);
    expect(result.createReports).toHaveLength(150);
    expect(result.rows.reduce((sum, row) => sum + row.creates, 0)).toBe(150);
  });

  it('exercised every outcome class', () => {
    const code = (c: string) => (row: { code: string }) => row.code === c;
    const stored = (row: { stored0: number; stored1: number }, which: 0 | 1) => (which === 0 ? row.stored0 : row.stored1);
    const unknown = result.rows.filter((row) => row.code === 'UPSTREAM_OUTCOME_UNKNOWN');
    const badResponse = result.rows.filter((row) => row.code === 'UPSTREAM_BAD_RESPONSE');
    const exercised = {
      success: countOutcome(result, 'success') > 0,
      'success after a 429 retry': result.retriedThenSucceeded > 0,
      'definite failure BAD_USER_INPUT': countOutcome(result, 'definite failure', code('BAD_USER_INPUT')) > 0,
      'definite failure UPSTREAM_UNAVAILABLE': countOutcome(result, 'definite failure', code('UPSTREAM_UNAVAILABLE')) > 0,
      'definite failure UPSTREAM_THROTTLED': countOutcome(result, 'definite failure', code('UPSTREAM_THROTTLED')) > 0,
      'OUTCOME_UNKNOWN with no record': unknown.some((row) => stored(row, 0) > 0),
      'OUTCOME_UNKNOWN with a record': unknown.some((row) => stored(row, 1) > 0),
      'BAD_RESPONSE with a record': badResponse.some((row) => stored(row, 1) > 0),
    };
    expect(exercised).toEqual(Object.fromEntries(Object.keys(exercised).map((k) => [k, true])));
  });

  it('injected every kind of fault', () => {
    const injected = new Map(result.faultsInjected.map((f) => [f.fault, f.requests]));
    const kinds = ['none', '429', '429 (burst)', '500', '503', 'delay past deadline', 'reset-before-read', 'reset-after-read (acted)', 'malformed (acted)'] as const;
    const sent = Object.fromEntries(kinds.map((k) => [k, (injected.get(k) ?? 0) > 0]));
    const fiveOhTwoOrFour = (['502', '502 (acted)', '504', '504 (acted)'] as const).some((k) => (injected.get(k) ?? 0) > 0);
    expect({ ...sent, '502/504': fiveOhTwoOrFour }).toEqual({ ...Object.fromEntries(kinds.map((k) => [k, true])), '502/504': true });
    expect(result.upstreamRequests).toBeGreaterThan(150);
  });
});
