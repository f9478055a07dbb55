// The sliding-window arithmetic of src/emulator/graph/throttle.ts on a clock the test moves: exact edges, no sockets.
import { Throttle } from '../../src/emulator/graph/throttle';
import { resolveThrottleOptions } from '../../src/emulator/graph/settings';
import type { ThrottleBucket, ThrottleOptions } from '../../src/emulator';

const BUCKET: ThrottleBucket = { tenantId: 't', appId: 'a' };

function throttleAt(options: ThrottleOptions): { throttle: Throttle; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { throttle: new Throttle(resolveThrottleOptions(options), () => clock.now), clock };
}

describe('sliding window', () => {
  it('a request counts until exactly windowMs after it, then its slot is free', () => {
    const { throttle, clock } = throttleAt({ writeLimit: 2, writeWindowMs: 1000 });
    expect(throttle.admit('POST', '/x', BUCKET)).toMatchObject({ kind: 'accepted' });
    clock.now += 400;
    expect(throttle.admit('POST', '/x', BUCKET)).toMatchObject({ kind: 'accepted' });
    clock.now += 599; // 999 ms after the first
    expect(throttle.admit('POST', '/x', BUCKET)).toEqual({ kind: 'refused', limits: ['writeLimit'], waitMs: 1 });
    clock.now += 1; // 1000 ms after the first: it has left the window
    expect(throttle.admit('POST', '/x', BUCKET)).toMatchObject({ kind: 'accepted' });
    expect(throttle.admit('POST', '/x', BUCKET)).toEqual({ kind: 'refused', limits: ['writeLimit'], waitMs: 400 });
  });

  it('waits for the oldest request that keeps the window full', () => {
    const { throttle, clock } = throttleAt({ writeLimit: 3, writeWindowMs: 20_000 });
    for (const step of [0, 5000, 5000]) {
      clock.now += step;
      throttle.admit('DELETE', '/x', BUCKET);
    }
    clock.now += 1;
    expect(throttle.admit('PATCH', '/x', BUCKET)).toEqual({ kind: 'refused', limits: ['writeLimit'], waitMs: 9999 });
    clock.now += 9999;
    expect(throttle.admit('PUT', '/x', BUCKET)).toMatchObject({ kind: 'accepted' });
    expect(throttle.admit('POST', '/x', BUCKET)).toEqual({ kind: 'refused', limits: ['writeLimit'], waitMs: 5000 });
  });

  it('a refusal takes no slot in any limit, an acceptance one in each that applies', () => {
    const { throttle, clock } = throttleAt({ writeLimit: 1, readLimit: 3, writeWindowMs: 1000, readWindowMs: 1000 });
    expect(throttle.admit('POST', '/x', BUCKET).kind).toBe('accepted'); // write 1/1, any 1/3
    for (let i = 0; i < 5; i += 1) expect(throttle.admit('POST', '/x', BUCKET).kind).toBe('refused');
    expect(throttle.admit('GET', '/x', BUCKET).kind).toBe('accepted'); // any 2/3
    expect(throttle.admit('GET', '/x', BUCKET).kind).toBe('accepted'); // any 3/3
    expect(throttle.admit('GET', '/x', BUCKET)).toEqual({ kind: 'refused', limits: ['readLimit'], waitMs: 1000 });
    clock.now += 1000;
    expect(throttle.timeline).toEqual([{ at: 1_000_000, bucket: BUCKET, method: 'POST', path: '/x', status: undefined }]);
    expect(throttle.admit('GET', '/x', BUCKET).kind).toBe('accepted');
  });

  it('0 turns a limit off; with all off every request passes and writes still reach the timeline', () => {
    const { throttle } = throttleAt({});
    for (let i = 0; i < 5000; i += 1) expect(throttle.admit(i % 2 === 0 ? 'POST' : 'GET', '/x', BUCKET).kind).toBe('accepted');
    expect(throttle.timeline).toHaveLength(2500);
  });
});
