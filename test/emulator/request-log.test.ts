// The bound on the request log and the accepted-write timeline (harness/request-log.ts): exactly the last
// `requestLogLimit` entries are kept, the oldest dropped; EMULATOR_LOG_LIMIT sets it for npm start and npm run emulator.
import { createEmulator, DEFAULT_LOG_LIMIT, EmulatorSettingError, readLogLimit } from '../../src/emulator';
import { startHarness, IOS_APP, type Harness } from './support';

const LIST = '/deviceAppManagement/managedAppRegistrations';

describe('requestLogLimit', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('keeps exactly the last `limit` requests, oldest dropped, and as many writes on the timeline', async () => {
    h = await startHarness({ requestLogLimit: 3 });
    for (let i = 0; i < 5; i += 1) expect((await h.call('POST', LIST, { body: { deviceTag: `d${i}` } })).status).toBe(201);
    expect(h.emulator.requests.map((r) => (r.body as { deviceTag: string }).deviceTag)).toEqual(['d2', 'd3', 'd4']);
    expect(h.emulator.throttle.timeline.map((w) => w.path)).toEqual([LIST, LIST, LIST]);
    expect(h.emulator.throttle.timeline).toHaveLength(3);
    // The store is Graph's data, not the log: all five records are still there.
    expect(h.emulator.store.managedAppRegistrations()).toHaveLength(5);
    await h.call('GET', `${LIST}?$top=1`);
    expect(h.emulator.requests.map((r) => r.rawPath)).toEqual(['/beta' + LIST, '/beta' + LIST, `/beta${LIST}?$top=1`]);
  });

  it('counts $batch items as entries; an item names its batch by its sequence number since the last clear', async () => {
    h = await startHarness({ requestLogLimit: 2, shuffleBatch: false });
    const requests = ['1', '2'].map((id) => ({ id, method: 'GET', url: `/deviceAppManagement/mobileApps/${IOS_APP.id}` }));
    expect((await h.call('POST', '/$batch', { body: { requests } })).status).toBe(200);
    expect(h.emulator.requests.map((r) => r.batch)).toEqual([
      { id: '1', outerIndex: 0 },
      { id: '2', outerIndex: 0 },
    ]);
    h.emulator.clearRequests();
    expect(h.emulator.requests).toEqual([]);
    await h.call('GET', LIST);
    expect(h.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta${LIST}`]);
  });

  it('0 keeps nothing; the default keeps everything', async () => {
    h = await startHarness({ requestLogLimit: 0 });
    await h.call('POST', LIST, { body: { deviceTag: 'x' } });
    expect(h.emulator.requests).toEqual([]);
    expect(h.emulator.throttle.timeline).toEqual([]);
    await h.close();
    h = await startHarness();
    for (let i = 0; i < 3; i += 1) await h.call('GET', LIST);
    expect(h.emulator.requests).toHaveLength(3);
  });

});

describe('createEmulator({ requestLogLimit })', () => {
  it.each([-1, 1.5, NaN])('refuses %p', (limit) => {
    expect(() => createEmulator({ requestLogLimit: limit })).toThrow(new Error('Invalid emulator option requestLogLimit: must be a non-negative integer or Infinity.'));
  });
});

describe('readLogLimit (EMULATOR_LOG_LIMIT)', () => {
  it('defaults to 1000 and reads an integer from 0 to 100000', () => {
    expect(DEFAULT_LOG_LIMIT).toBe(1000);
    expect(readLogLimit({})).toBe(1000);
    expect(readLogLimit({ EMULATOR_LOG_LIMIT: '' })).toBe(1000);
    expect(readLogLimit({ EMULATOR_LOG_LIMIT: ' 0 ' })).toBe(0);
    expect(readLogLimit({ EMULATOR_LOG_LIMIT: '100000' })).toBe(100_000);
  });

  it.each(['-1', '100001', '2.5', 'many', '1e3'])('refuses %j, naming the variable', (value) => {
    let error: unknown;
    try {
      readLogLimit({ EMULATOR_LOG_LIMIT: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorSettingError);
    expect(error).toMatchObject({ variable: 'EMULATOR_LOG_LIMIT', message: `EMULATOR_LOG_LIMIT must be an integer from 0 to 100000, got ${JSON.stringify(value)}.` });
  });
});
