// The emulator's data: both collections in creation order (Map keeps insertion order). Handlers get references;
// the public view (EmulatorStore, below) hands out copies so tests cannot change stored data by accident.
import { randomUUID } from 'node:crypto';
import type { EmulatorStore, GraphRecord, InstallStatusParent } from '../types';
import type { EntityRef } from './responses';
import { seededApp } from './seed';

export interface StoredInstallStatus {
  record: GraphRecord;
  mobileAppId: string;
  userStatusId: string | undefined;
}

/** Both entity collections, keyed by id. */
export class MemoryStore {
  private readonly registrations = new Map<string, GraphRecord>();
  private readonly installStatuses = new Map<string, StoredInstallStatus>();

  /** Stores a registration under its `id` (generating one when absent) and returns the id. */
  putRegistration(record: GraphRecord): string {
    const id = idOf(record);
    this.registrations.set(id, { ...record, id });
    return id;
  }

  registrationList(): GraphRecord[] {
    return [...this.registrations.values()];
  }

  registration(id: string): GraphRecord | undefined {
    return this.registrations.get(id);
  }

  /** Stores an install status under a seeded app (and user status); throws for parents the emulator does not have. */
  putInstallStatus(mobileAppId: string, record: GraphRecord, userStatusId?: string): string {
    const app = seededApp(mobileAppId);
    if (!app) throw new Error(`No seeded mobile app has the id '${mobileAppId}'.`);
    if (userStatusId !== undefined && !app.userStatusIds.includes(userStatusId)) {
      throw new Error(`The seeded mobile app '${mobileAppId}' has no user status '${userStatusId}'.`);
    }
    const id = idOf(record);
    this.installStatuses.set(id, { record: { ...record, id }, mobileAppId, userStatusId });
    return id;
  }

  /** Statuses of one app (every app when omitted), optionally only those under one user status. */
  installStatusList(mobileAppId?: string, userStatusId?: string): StoredInstallStatus[] {
    return [...this.installStatuses.values()].filter(
      (s) =>
        (mobileAppId === undefined || s.mobileAppId === mobileAppId) &&
        (userStatusId === undefined || s.userStatusId === userStatusId),
    );
  }

  installStatus(id: string): StoredInstallStatus | undefined {
    return this.installStatuses.get(id);
  }

  /** Assigns (or, for undefined, deletes) top-level properties of a stored record; a patch fault uses it. */
  patch(ref: EntityRef, set: Record<string, unknown>): void {
    const record =
      ref.collection === 'managedAppRegistrations'
        ? this.registrations.get(ref.id)
        : this.installStatuses.get(ref.id)?.record;
    if (record) applySet(record, set);
  }

  reset(): void {
    this.registrations.clear();
    this.installStatuses.clear();
  }
}

/** Assigns each key of `set` on `target`, deleting those whose value is undefined; '@odata.context' is never stored. */
export function applySet(target: Record<string, unknown>, set: Record<string, unknown>, keepContext = false): void {
  for (const [key, value] of Object.entries(set)) {
    if (key === '@odata.context' && !keepContext) continue;
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
}

function idOf(record: GraphRecord): string {
  if (record.id === undefined || record.id === null) return randomUUID();
  if (typeof record.id !== 'string' || record.id === '') throw new Error('A stored record needs a non-empty string id.');
  return record.id;
}

// The store as tests see it (EmulatorStore): copies in, copies out.

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
