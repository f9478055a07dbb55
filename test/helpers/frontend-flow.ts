// What examples/frontend's demo flow sends and gets back against the emulator, shared by the Node run of the example
// (test/examples/frontend.test.ts) and the browser page (test/browser/clients.test.ts): the same operations and inputs
// give the same results whichever client sends them.
import { AUTHORIZATION } from './stack';

export const SEEDED_MOBILE_APP_ID = '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How Graph (and the emulator) write service-set timestamps. */
export const GRAPH_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

// Stored ahead of the demo, so that its single new registration is the third item and paging by 2 spans two pages.
// They also cover the other branches of the interface and the union (iOS; Graph's base type with a macOS app).
export const SEEDED_REGISTRATIONS = [
  {
    '@odata.type': '#microsoft.graph.iosManagedAppRegistration',
    id: 'b7a1c0de-0000-4000-8000-000000000001',
    createdDateTime: '2026-01-05T08:30:00.0000000Z',
    deviceName: "Adele's iPhone",
    deviceTag: 'lab-3',
    flaggedReasons: [],
    appIdentifier: { '@odata.type': '#microsoft.graph.iosMobileAppIdentifier', bundleId: 'com.contoso.notes' },
  },
  {
    '@odata.type': '#microsoft.graph.managedAppRegistration',
    id: 'b7a1c0de-0000-4000-8000-000000000002',
    createdDateTime: '2026-01-06T12:00:00.1234567Z',
    deviceName: "Megan's MacBook",
    deviceTag: null,
    flaggedReasons: ['rootedDevice', 'androidFactoryRomModified'],
    appIdentifier: { '@odata.type': '#microsoft.graph.macAppIdentifier', bundleId: 'com.contoso.notes.mac' },
  },
];

/** SEEDED_REGISTRATIONS as the RegistrationSummary fragment reads them: the first page of the list. */
export const SEEDED_SUMMARIES = [
  {
    __typename: 'IosManagedAppRegistration',
    id: 'b7a1c0de-0000-4000-8000-000000000001',
    deviceName: "Adele's iPhone",
    deviceTag: 'lab-3',
    createdDateTime: '2026-01-05T08:30:00.0000000Z',
    flaggedReasons: [],
    appIdentifier: { __typename: 'IosMobileAppIdentifier', bundleId: 'com.contoso.notes' },
  },
  {
    __typename: 'GenericManagedAppRegistration',
    id: 'b7a1c0de-0000-4000-8000-000000000002',
    deviceName: "Megan's MacBook",
    deviceTag: null,
    createdDateTime: '2026-01-06T12:00:00.1234567Z',
    flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_FACTORY_ROM_MODIFIED'],
    appIdentifier: { __typename: 'MacAppIdentifier', bundleId: 'com.contoso.notes.mac' },
  },
] as const;

/** The demo's registration (DEMO_REGISTRATION) as RegistrationSummary reads it, given what the gateway made up. */
export function demoSummary(created: { id: string; createdDateTime: string | null }) {
  return {
    __typename: 'AndroidManagedAppRegistration',
    id: created.id,
    deviceName: "Megan's Pixel",
    deviceTag: 'lab-7',
    createdDateTime: created.createdDateTime,
    flaggedReasons: ['ROOTED_DEVICE'],
    appIdentifier: { __typename: 'AndroidMobileAppIdentifier', packageId: 'com.contoso.fieldservice' },
  } as const;
}

/** The demo's install status (DEMO_INSTALL_STATUS under the seeded app) as the operations select it. */
export function demoInstallStatus(id: unknown) {
  return {
    __typename: 'MobileAppInstallStatus',
    id,
    mobileAppId: SEEDED_MOBILE_APP_ID,
    deviceName: 'Laptop-42',
    mobileAppInstallStatusValue: 'PENDING_INSTALL',
    installState: 'PENDING_INSTALL',
    installStateDetail: 'NO_ADDITIONAL_DETAILS',
    errorCode: 0,
    // Graph's DateTimeOffset.MinValue for "never set", passed through as is (not null).
    lastSyncDateTime: '0001-01-01T00:00:00Z',
  } as const;
}

/** The bodies the gateway POSTs to Graph for the demo's two creates. */
export const DEMO_GRAPH_BODIES = {
  registration: {
    '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
    deviceName: "Megan's Pixel",
    deviceTag: 'lab-7',
    platformVersion: '14',
    lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
    flaggedReasons: ['rootedDevice'],
    appIdentifier: { '@odata.type': 'microsoft.graph.androidMobileAppIdentifier', packageId: 'com.contoso.fieldservice' },
  },
  installStatus: {
    '@odata.type': '#microsoft.graph.mobileAppInstallStatus',
    deviceName: 'Laptop-42',
    mobileAppInstallStatusValue: 'pendingInstall',
    errorCode: 0,
  },
} as const;

/** The Graph calls of create, read back, two pages of 2, create an install status: method, raw path, Authorization. */
export function demoGraphCalls(createdId: string, authorization: string = AUTHORIZATION) {
  const registrations = '/beta/deviceAppManagement/managedAppRegistrations';
  return [
    { method: 'POST', rawPath: registrations, authorization },
    { method: 'GET', rawPath: `${registrations}/${createdId}`, authorization },
    { method: 'GET', rawPath: `${registrations}?$top=2`, authorization },
    { method: 'GET', rawPath: expect.stringMatching(/^\/beta\/deviceAppManagement\/managedAppRegistrations\?\$top=2&\$skiptoken=/), authorization },
    { method: 'POST', rawPath: `/beta/deviceAppManagement/mobileApps/${SEEDED_MOBILE_APP_ID}/deviceStatuses`, authorization },
  ];
}
