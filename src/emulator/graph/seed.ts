// Fixed mobile apps and user install statuses, so that tests and `npm start` have parents to create
// mobileAppInstallStatuses under. The ids never change; docs/emulator.md lists them.
import type { GraphRecord } from '../types';

export interface SeededMobileApp {
  id: string;
  displayName: string;
  odataType: string;
  userStatusIds: readonly string[];
}

/** Seeded mobile apps (fixed GUIDs, each with 2 fixed userAppInstallStatus ids); docs/emulator.md lists them. */
export const SEEDED_MOBILE_APPS: ReadonlyArray<SeededMobileApp> = Object.freeze([
  Object.freeze({
    id: '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01',
    displayName: 'Contoso Notes (iOS)',
    odataType: '#microsoft.graph.iosStoreApp',
    userStatusIds: Object.freeze(['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e501', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e502']),
  }),
  Object.freeze({
    id: '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a02',
    displayName: 'Contoso Notes (Android)',
    odataType: '#microsoft.graph.androidStoreApp',
    userStatusIds: Object.freeze(['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e503', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e504']),
  }),
  Object.freeze({
    id: '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a03',
    displayName: 'Contoso Field Tool (Windows)',
    odataType: '#microsoft.graph.win32LobApp',
    userStatusIds: Object.freeze(['d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e505', 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e506']),
  }),
]);

/** The two people behind each app's user statuses, in userStatusIds order; `id` is their object id (oid) in the Entra ID stand-in. */
export const SEEDED_PEOPLE: ReadonlyArray<{ id: string; userName: string; userPrincipalName: string }> = Object.freeze([
  Object.freeze({ id: '8b7e6f3a-1d2c-4b5a-9e8f-7a6b5c4d3e21', userName: 'Adele Vance', userPrincipalName: 'AdeleV@contoso.onmicrosoft.com' }),
  Object.freeze({ id: '8b7e6f3a-1d2c-4b5a-9e8f-7a6b5c4d3e22', userName: 'Megan Bowen', userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }),
]);

const SEEDED_AT = '2026-01-05T08:30:00.0000000Z';

/** The seeded app with this id, if any. */
export function seededApp(appId: string): SeededMobileApp | undefined {
  return SEEDED_MOBILE_APPS.find((app) => app.id === appId);
}

/** The mobileApp entity Graph would return for a seeded app (a small, stable subset of mobileApp's properties). */
export function mobileAppEntity(app: SeededMobileApp): GraphRecord {
  return {
    '@odata.type': app.odataType,
    id: app.id,
    displayName: app.displayName,
    description: `${app.displayName}, seeded by the Microsoft Graph emulator.`,
    publisher: 'Contoso',
    createdDateTime: SEEDED_AT,
    lastModifiedDateTime: SEEDED_AT,
    isFeatured: false,
    publishingState: 'published',
  };
}

/** The person a seeded user status belongs to, or undefined when the id is not one of this app's. */
export function seededPerson(app: SeededMobileApp, userStatusId: string): (typeof SEEDED_PEOPLE)[number] | undefined {
  const index = app.userStatusIds.indexOf(userStatusId);
  return index < 0 ? undefined : SEEDED_PEOPLE[index];
}
