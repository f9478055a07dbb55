// The data every process of the bench agrees on: the ids the scenarios ask for, and what the fake Graph has
// stored under them. The fake Graph is stateless, so a stored registration is a pure function of its id.
import { APP_IDENTIFIER_TYPES, SEEDED_MOBILE_APPS } from '../src/emulator';
import { complexOdataType, entityOdataType, IDENTIFIER_GRAPH_TYPES, REGISTRATION_GRAPH_TYPE_BY_KIND, type IdentifierKind } from '../src/normalize/odata-type';

/** The identifier kinds in the order consecutive registration ids cycle through them. */
const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['android', 'ios', 'windows', 'mac'];

/** The Authorization header sent on every request to the servers under test. */
export const BENCH_AUTHORIZATION = 'Bearer bench-token';

/** Mobile apps whose deviceStatuses the fake Graph serves (the emulator's seeded ones, so the same ids work on both); any other app id is 404, like Graph. */
export const KNOWN_MOBILE_APP_IDS: ReadonlySet<string> = new Set(SEEDED_MOBILE_APPS.map((app) => app.id));

/** The mobile app the scenarios use. */
export const MOBILE_APP_ID = SEEDED_MOBILE_APPS[0]!.id;

/**
 * The i-th registration id: a GUID whose last hex digit is i mod 16, so that
 * consecutive ids cycle through the four kinds (kindOfRegistrationId).
 */
export function registrationId(i: number): string {
  return `c3a4e6f0-7b21-4d5e-9f80-${i.toString(16).padStart(12, '0')}`;
}

/** Ids with this prefix do not exist (404): the fake Graph's way to answer "not found" without state. */
export const MISSING_ID_PREFIX = '00000000-';

/** The platform of a stored registration, from the last hex digit of its id. */
export function kindOfRegistrationId(id: string): IdentifierKind {
  const digit = Number.parseInt(id.slice(-1), 16);
  return IDENTIFIER_KINDS[(Number.isNaN(digit) ? 0 : digit) % IDENTIFIER_KINDS.length]!;
}

const DEVICE: Readonly<Record<IdentifierKind, { model: string; manufacturer: string; platformVersion: string; appId: string }>> = {
  android: { model: 'Pixel 8', manufacturer: 'Google', platformVersion: '14', appId: 'com.contoso.fieldservice' },
  ios: { model: 'iPhone15,2', manufacturer: 'Apple', platformVersion: '17.5.1', appId: 'com.contoso.notes' },
  windows: { model: 'Surface Laptop 5', manufacturer: 'Microsoft', platformVersion: '10.0.22631.4460', appId: 'Contoso.FieldTool_8wekyb3d8bbwe' },
  mac: { model: 'MacBookPro18,3', manufacturer: 'Apple', platformVersion: '14.5', appId: 'com.contoso.notes.mac' },
};

const FLAGGED: Readonly<Record<IdentifierKind, readonly string[]>> = {
  android: ['rootedDevice', 'androidBootloaderUnlocked'],
  ios: ['rootedDevice'],
  windows: [],
  mac: [],
};

/**
 * The registration the fake Graph holds under `id`, in Graph's wire shape
 * without `@odata.context` (which depends on the request): `@odata.type`, id,
 * createdDateTime with 7 fractional digits, and every property.
 */
export function storedRegistration(id: string): Record<string, unknown> {
  const kind = kindOfRegistrationId(id);
  const device = DEVICE[kind];
  const identifierType = complexOdataType(IDENTIFIER_GRAPH_TYPES[kind]);
  const serial = id.slice(-4);
  const record: Record<string, unknown> = {
    '@odata.type': entityOdataType(REGISTRATION_GRAPH_TYPE_BY_KIND[kind]),
    id,
    createdDateTime: '2026-03-14T09:26:53.5897932Z',
    appIdentifier: { '@odata.type': `#${identifierType}`, [APP_IDENTIFIER_TYPES.get(identifierType)!]: device.appId },
    applicationVersion: '4.12.0',
    azureADDeviceId: `5e1d8f2a-0b3c-4d6e-8f71-${serial.padStart(12, '0')}`,
    deviceManufacturer: device.manufacturer,
    deviceModel: device.model,
    deviceName: `Bench ${kind} ${serial}`,
    deviceTag: `bench-${serial}`,
    deviceType: device.model,
    flaggedReasons: [...FLAGGED[kind]],
    lastSyncDateTime: '2026-11-20T17:02:49.3205976Z',
    managedDeviceId: `9a7b6c5d-4e3f-4a2b-9c1d-${serial.padStart(12, '0')}`,
    managementSdkVersion: '19.4.1',
    platformVersion: device.platformVersion,
    userId: '2f9c4a1e-8d7b-4c6a-b5e4-3d2c1b0a9f8e',
    version: '7',
  };
  if (kind === 'android') record.patchVersion = '2026-11-01';
  return record;
}
