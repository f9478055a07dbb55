import { answerOutcome, RETRIED_AFTER, RetryBudget, tryTimeoutMs } from '../../src/graph/policy';

describe('RETRIED_AFTER', () => {
  it('is the policy of contract §7, as data', () => {
    expect(Object.fromEntries(Object.entries(RETRIED_AFTER).map(([kind, outcomes]) => [kind, [...outcomes]]))).toEqual({
      create: ['throttled', 'connect-failed'],
      read: ['throttled', 'unavailable', 'bad-gateway', 'connect-failed', 'no-connection-in-time', 'timeout', 'dropped'],
      'batch-item': ['throttled', 'unavailable', 'bad-gateway'],
      'create-item': ['throttled'],
    });
  });

  it.each([
    [429, 'throttled'],
    [503, 'unavailable'],
    [502, 'bad-gateway'],
    [504, 'bad-gateway'],
    [500, 'refused'],
    [404, 'refused'],
    [400, 'refused'],
  ])('status %i is %s', (status, outcome) => {
    expect(answerOutcome(status)).toBe(outcome);
  });
});

describe('RetryBudget', () => {
  let now = 1000;
  const clock = () => now;
  beforeEach(() => {
    now = 1000;
  });

  it('gives at most retryMax retries, to every caller together', () => {
    const budget = new RetryBudget({ retryMax: 2, retryBudgetMs: 10_000 }, clock);
    expect([budget.takeRetry(0), budget.takeRetry(0), budget.takeRetry(0)]).toEqual([true, true, false]);
    expect(budget.retriesUsed).toBe(2);
  });

  it('refuses a wait that would not end before the deadline, and takes nothing then', () => {
    const budget = new RetryBudget({ retryMax: 5, retryBudgetMs: 1000 }, clock);
    expect(budget.deadline).toBe(2000);
    now = 1500;
    expect(budget.remainingMs()).toBe(500);
    expect(budget.fits(499)).toBe(true);
    expect(budget.takeRetry(500)).toBe(false);
    expect(budget.retriesUsed).toBe(0);
    expect(budget.takeRetry(499)).toBe(true);
  });

  it('cuts a try to what is left, never below 1 ms', () => {
    const budget = new RetryBudget({ retryMax: 0, retryBudgetMs: 1000 }, clock);
    expect(tryTimeoutMs(30_000, budget)).toBe(1000);
    expect(tryTimeoutMs(300, budget)).toBe(300);
    now = 5000;
    expect(tryTimeoutMs(300, budget)).toBe(1);
  });
});
