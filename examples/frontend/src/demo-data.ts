// What the demos send, shared by the Node demo (main.ts) and the browser page
// (browser/): plain data and no Node or DOM globals, so both can import it.
import type { ManagedAppRegistrationInput, MobileAppInstallStatusInput } from './gql/graphql';

/** "Contoso Notes (iOS)", the first mobile app the gateway's emulator seeds. */
export const SEEDED_MOBILE_APP_ID = '6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01';

/** Small on purpose, so that a handful of registrations already spans pages. */
export const PAGE_SIZE = 2;

export const DEMO_REGISTRATION: ManagedAppRegistrationInput = {
  deviceName: "Megan's Pixel",
  deviceTag: 'lab-7',
  platformVersion: '14',
  lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
  flaggedReasons: ['ROOTED_DEVICE'],
  // A @oneOf input: the generated type accepts exactly one of android / ios / mac / windows.
  appIdentifier: { android: { packageId: 'com.contoso.fieldservice' } },
};

export const DEMO_INSTALL_STATUS: MobileAppInstallStatusInput = {
  deviceName: 'Laptop-42',
  mobileAppInstallStatusValue: 'PENDING_INSTALL',
  errorCode: 0,
};
