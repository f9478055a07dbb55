// The store as tests see it (EmulatorStore): copies in, copies out.
import type { EmulatorStore, GraphRecord, InstallStatusParent } from './types';
import type { MemoryStore, StoredInstallStatus } from './memory-store';

/** Wraps the internal store in the public EmulatorStore interface. */
export function createStoreView(store: MemoryStore): EmulatorStore {
  return {
    managedAppRegistrations: () => store.registrationList().map((r) => structuredClone(r)),
    mobileAppInstallStatuses: (mobileAppId) => store.installStatusList(mobileAppId).map(withParent),
    putManagedAppRegistration: (record) => store.putRegistration(structuredClone(record)),
    putMobileAppInstallStatus: (mobileAppId, record, userAppInstallStatusId) =>
      store.putInstallStatus(mobileAppId, structuredClone(record), userAppInstallStatusId),
    reset: () => store.reset(),
  };
}

/** The app and user status a record from `store.mobileAppInstallStatuses()` was created under. */
export function installStatusParent(record: GraphRecord): InstallStatusParent {
  const { mobileAppId, userAppInstallStatusId } = record;
  if (typeof mobileAppId !== 'string') {
    throw new Error('installStatusParent() needs a record returned by store.mobileAppInstallStatuses().');
  }
  return { mobileAppId, userAppInstallStatusId: typeof userAppInstallStatusId === 'string' ? userAppInstallStatusId : null };
}

// Non-enumerable, so the record still serialises and compares (toEqual) exactly like Graph's JSON.
function withParent(stored: StoredInstallStatus): GraphRecord {
  const copy = structuredClone(stored.record);
  Object.defineProperty(copy, 'mobileAppId', { value: stored.mobileAppId, enumerable: false });
  Object.defineProperty(copy, 'userAppInstallStatusId', { value: stored.userStatusId ?? null, enumerable: false });
  return copy;
}
