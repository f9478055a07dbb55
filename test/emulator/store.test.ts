import { createEmulator, installStatusParent, SEEDED_MOBILE_APPS } from '../../src/emulator';
import { ANDROID_APP, GUID, IOS_APP, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.store.reset());

describe('emulator.store', () => {
  it('putManagedAppRegistration stores odd data as-is and Graph serves it', async () => {
    const odd = {
      '@odata.type': '#microsoft.graph.futureManagedAppRegistration',
      id: 'odd-1',
      flaggedReasons: ['someFutureReason'],
      userId: 'u1',
    };
    expect(h.emulator.store.putManagedAppRegistration(odd)).toBe('odd-1');
    const reply = await h.call('GET', '/users/u1/managedAppRegistrations/odd-1');
    expect(reply.body).toEqual({
      '@odata.context': `${h.emulator.url}/$metadata#users('u1')/managedAppRegistrations/$entity`,
      ...odd,
    });
    expect(h.emulator.store.managedAppRegistrations()).toEqual([odd]);
  });

  it('generates an id when absent and rejects a bad one', () => {
    const id = h.emulator.store.putManagedAppRegistration({ deviceName: 'x' });
    expect(id).toMatch(GUID);
    expect(h.emulator.store.managedAppRegistrations()).toEqual([{ deviceName: 'x', id }]);
    expect(() => h.emulator.store.putManagedAppRegistration({ id: 5 })).toThrow('A stored record needs a non-empty string id.');
  });

  it('install statuses carry their parents as non-enumerable properties', async () => {
    const userStatus = IOS_APP.userStatusIds[1];
    const a = h.emulator.store.putMobileAppInstallStatus(IOS_APP.id, { installState: 'weird' });
    expect(h.emulator.store.putMobileAppInstallStatus(IOS_APP.id, { id: 'b' }, userStatus)).toBe('b');
    const c = (
      await h.call('POST', `/deviceAppManagement/mobileApps/${ANDROID_APP.id}/deviceStatuses`, { body: {} })
    ).body.id;

    const all = h.emulator.store.mobileAppInstallStatuses();
    expect(all.map((r) => r.id)).toEqual([a, 'b', c]);
    expect(all.map(installStatusParent)).toEqual([
      { mobileAppId: IOS_APP.id, userAppInstallStatusId: null },
      { mobileAppId: IOS_APP.id, userAppInstallStatusId: userStatus },
      { mobileAppId: ANDROID_APP.id, userAppInstallStatusId: null },
    ]);
    expect(all.map((r) => [r.mobileAppId, r.userAppInstallStatusId])).toEqual([
      [IOS_APP.id, null],
      [IOS_APP.id, userStatus],
      [ANDROID_APP.id, null],
    ]);
    // Invisible to JSON and to toEqual, so records still compare with Graph's answers.
    expect(Object.keys(all[1])).toEqual(['id']);
    expect(JSON.stringify(all[1])).toBe('{"id":"b"}');
    expect(all[1]).toEqual({ id: 'b' });

    expect(h.emulator.store.mobileAppInstallStatuses(IOS_APP.id).map((r) => r.id)).toEqual([a, 'b']);
    const served = await h.call('GET', `/deviceAppManagement/mobileApps/${IOS_APP.id}/userStatuses/${userStatus}/deviceStatuses`);
    expect(served.body.value).toEqual([{ id: 'b' }]);
  });

  it('installStatusParent refuses records that did not come from the store', () => {
    expect(() => installStatusParent({ id: 'x' })).toThrow(/mobileAppInstallStatuses/);
  });

  it('putMobileAppInstallStatus refuses parents the emulator does not have', () => {
    expect(() => h.emulator.store.putMobileAppInstallStatus('nope', {})).toThrow("No seeded mobile app has the id 'nope'.");
    expect(() => h.emulator.store.putMobileAppInstallStatus(IOS_APP.id, {}, ANDROID_APP.userStatusIds[0])).toThrow(
      `The seeded mobile app '${IOS_APP.id}' has no user status '${ANDROID_APP.userStatusIds[0]}'.`,
    );
  });

  it('hands out copies both ways', () => {
    const record = { id: 'r', flaggedReasons: ['none'] };
    h.emulator.store.putManagedAppRegistration(record);
    record.flaggedReasons.push('rootedDevice');
    const [copy] = h.emulator.store.managedAppRegistrations();
    (copy.flaggedReasons as string[]).push('androidBootloaderUnlocked');
    expect(h.emulator.store.managedAppRegistrations()).toEqual([{ id: 'r', flaggedReasons: ['none'] }]);
  });

  it('reset() empties both collections; the seeded apps stay', async () => {
    h.emulator.store.putManagedAppRegistration({});
    h.emulator.store.putMobileAppInstallStatus(IOS_APP.id, {});
    h.emulator.store.reset();
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
    expect((await h.call('GET', '/deviceAppManagement/mobileApps')).body.value).toHaveLength(SEEDED_MOBILE_APPS.length);
  });
});

describe('seeded apps', () => {
  it('are fixed and frozen', () => {
    expect(SEEDED_MOBILE_APPS.map((a) => [a.id, a.userStatusIds])).toEqual([
      ['6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01', ['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e501', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e502']],
      ['6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a02', ['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e503', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e504']],
      ['6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a03', ['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e505', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e506']],
    ]);
    expect(Object.isFrozen(SEEDED_MOBILE_APPS)).toBe(true);
    expect(Object.isFrozen(SEEDED_MOBILE_APPS[0].userStatusIds)).toBe(true);
  });
});

describe('lifecycle', () => {
  it('url throws before listen; listen resolves the base URL; basePath is configurable', async () => {
    const emulator = createEmulator({ basePath: '/graph/beta/' });
    expect(() => emulator.url).toThrow('The emulator is not listening yet: await listen() first.');
    const url = await emulator.listen();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graph\/beta$/);
      expect(emulator.url).toBe(url);
      await expect(emulator.listen()).rejects.toThrow('The emulator is already listening.');
    } finally {
      await emulator.close();
    }
  });

  it('rejects bad options', () => {
    expect(() => createEmulator({ defaultPageSize: 0 })).toThrow('Invalid emulator option defaultPageSize: 0');
    expect(() => createEmulator({ defaultPageSize: 1000 })).toThrow(/defaultPageSize/);
    expect(() => createEmulator({ basePath: '/a?b' })).toThrow(/basePath/);
  });

  it('close() ends idle keep-alive connections and a pending delay promptly', async () => {
    const local = await startHarness({ faults: true });
    expect((await local.call('GET', '/managedAppRegistrations')).headers.connection).toBe('keep-alive');
    local.emulator.faults.add({ fault: { kind: 'delay', ms: 10_000 } });
    const pending = local.call('POST', '/managedAppRegistrations', { body: {} });
    await eventuallyRecorded(local);
    const started = Date.now();
    await local.emulator.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    expect(local.emulator.store.managedAppRegistrations()).toEqual([]);
    await local.agent.close();
    await local.emulator.close(); // idempotent
  });
});

async function eventuallyRecorded(local: Harness): Promise<void> {
  while (local.emulator.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
}
