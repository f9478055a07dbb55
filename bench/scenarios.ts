// The four measured operations: what is sent (the same bytes to the floor and the gateway), what must come
// back (checked before anything is measured), and which Graph calls one operation must cost.
import type { RouteName } from './fake-graph';
import { kindOfRegistrationId, MOBILE_APP_ID, registrationId, storedRegistration } from './fixtures';
import type { IdentifierKind } from '../src/normalize/odata-type';
import { OPERATION, QUERY } from './operations';

export const SCENARIO_IDS = ['createManagedAppRegistration', 'createMobileAppInstallStatus', 'managedAppRegistration', 'entities45'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Scenario {
  readonly id: ScenarioId;
  /** How the report names it. */
  readonly label: string;
  /** A query can go as a GET (urql does that), a mutation never. */
  readonly kind: 'query' | 'mutation';
  readonly operationName: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The JSON body POSTed to /graphql ({operationName, query, variables}), identical on every request and for every server. */
  readonly body: string;
  /** The exact `data` of a correct answer. */
  readonly expected: unknown;
  /** Graph calls one operation must make, counted at the fake Graph. */
  readonly upstream: { readonly calls: number; readonly route: RouteName; readonly batchSizes?: readonly number[] };
}

const PATTERN = Symbol('pattern');

/** Stands for a value that differs per answer (an id Graph makes, a timestamp): it must match `regex`. */
export interface Pattern {
  readonly [PATTERN]: RegExp;
  readonly description: string;
}

function matching(regex: RegExp, description: string): Pattern {
  return { [PATTERN]: regex, description };
}

function isPattern(value: unknown): value is Pattern {
  return typeof value === 'object' && value !== null && PATTERN in value;
}

const GUID = matching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a GUID');
const GRAPH_TIMESTAMP = matching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/, 'a UTC timestamp with 7 fractional digits');

/** Where `actual` differs from `expected`: exact key sets, exact values, patterns for per-answer values. */
export function differences(actual: unknown, expected: unknown, path = '$'): string[] {
  if (isPattern(expected)) {
    return typeof actual === 'string' && expected[PATTERN].test(actual) ? [] : [`${path}: expected ${expected.description}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, i) => differences(actual[i], item, `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const want = expected as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const extra = Object.keys(got).filter((key) => !(key in want)).map((key) => `${path}.${key}: not expected`);
    return [...extra, ...Object.keys(want).flatMap((key) => (key in got ? differences(got[key], want[key], `${path}.${key}`) : [`${path}.${key}: missing`]))];
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** What the GraphQL types and enum values of a stored registration of each kind are (README "What comes back"). */
const GRAPHQL_BY_KIND: Readonly<Record<IdentifierKind, { typename: string; identifier: string; key: string; flaggedReasons: readonly string[] }>> = {
  android: { typename: 'AndroidManagedAppRegistration', identifier: 'AndroidMobileAppIdentifier', key: 'packageId', flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED'] },
  ios: { typename: 'IosManagedAppRegistration', identifier: 'IosMobileAppIdentifier', key: 'bundleId', flaggedReasons: ['ROOTED_DEVICE'] },
  windows: { typename: 'WindowsManagedAppRegistration', identifier: 'WindowsAppIdentifier', key: 'windowsAppId', flaggedReasons: [] },
  mac: { typename: 'GenericManagedAppRegistration', identifier: 'MacAppIdentifier', key: 'bundleId', flaggedReasons: [] },
};

/** The BenchRegistration fragment's fields for the registration the fake Graph stores under `id`. */
function expectedStoredRegistration(id: string): Record<string, unknown> {
  const stored = storedRegistration(id);
  const kind = GRAPHQL_BY_KIND[kindOfRegistrationId(id)];
  const identifier = stored.appIdentifier as Record<string, unknown>;
  return {
    __typename: kind.typename,
    id,
    createdDateTime: stored.createdDateTime,
    lastSyncDateTime: stored.lastSyncDateTime,
    applicationVersion: stored.applicationVersion,
    platformVersion: stored.platformVersion,
    deviceTag: stored.deviceTag,
    deviceName: stored.deviceName,
    flaggedReasons: kind.flaggedReasons,
    userId: stored.userId,
    appIdentifier: { __typename: kind.identifier, [kind.key]: identifier[kind.key] },
  };
}

/** The operation's parts and its POST body. */
const operation = (
  kind: Scenario['kind'],
  operationName: string,
  query: string,
  variables: Record<string, unknown>,
): Pick<Scenario, 'kind' | 'operationName' | 'query' | 'variables' | 'body'> => ({
  kind,
  operationName,
  query,
  variables,
  body: JSON.stringify({ operationName, query, variables }),
});

const REGISTRATION_INPUT = {
  deviceName: "Megan's Pixel",
  deviceTag: 'lab-7',
  platformVersion: '14',
  applicationVersion: '4.12.0',
  lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
  flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED'],
  userId: '2f9c4a1e-8d7b-4c6a-b5e4-3d2c1b0a9f8e',
  appIdentifier: { android: { packageId: 'com.contoso.fieldservice' } },
};

const INSTALL_STATUS_INPUT = {
  deviceName: 'Laptop-42',
  deviceId: '0b5f3c2d-6e7a-4f81-9a2b-3c4d5e6f7a80',
  lastSyncDateTime: '2026-11-20T08:15:30.1234567Z',
  mobileAppInstallStatusValue: 'PENDING_INSTALL',
  errorCode: 0,
  osVersion: '10.0.22631.4460',
  osDescription: 'Windows 11 Enterprise',
  userName: 'Megan Bowen',
  userPrincipalName: 'megan@contoso.com',
};

/** An Android registration (last hex digit 0). */
const SINGLE_ID = registrationId(0x100);
/** 45 distinct ids cycling through the four platforms. */
const ENTITY_IDS = Array.from({ length: 45 }, (_v, i) => registrationId(i));

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  createManagedAppRegistration: {
    id: 'createManagedAppRegistration',
    label: 'createManagedAppRegistration',
    ...operation('mutation', OPERATION.createManagedAppRegistration, QUERY.createManagedAppRegistration, { input: REGISTRATION_INPUT }),
    expected: {
      createManagedAppRegistration: {
        __typename: 'AndroidManagedAppRegistration',
        id: GUID,
        createdDateTime: GRAPH_TIMESTAMP,
        lastSyncDateTime: REGISTRATION_INPUT.lastSyncDateTime,
        applicationVersion: REGISTRATION_INPUT.applicationVersion,
        platformVersion: REGISTRATION_INPUT.platformVersion,
        deviceTag: REGISTRATION_INPUT.deviceTag,
        deviceName: REGISTRATION_INPUT.deviceName,
        flaggedReasons: REGISTRATION_INPUT.flaggedReasons,
        userId: REGISTRATION_INPUT.userId,
        appIdentifier: { __typename: 'AndroidMobileAppIdentifier', packageId: REGISTRATION_INPUT.appIdentifier.android.packageId },
      },
    },
    upstream: { calls: 1, route: 'createRegistration' },
  },
  createMobileAppInstallStatus: {
    id: 'createMobileAppInstallStatus',
    label: 'createMobileAppInstallStatus',
    ...operation('mutation', OPERATION.createMobileAppInstallStatus, QUERY.createMobileAppInstallStatus, { mobileAppId: MOBILE_APP_ID, input: INSTALL_STATUS_INPUT }),
    expected: {
      createMobileAppInstallStatus: {
        id: GUID,
        mobileAppId: MOBILE_APP_ID,
        deviceName: INSTALL_STATUS_INPUT.deviceName,
        deviceId: INSTALL_STATUS_INPUT.deviceId,
        lastSyncDateTime: INSTALL_STATUS_INPUT.lastSyncDateTime,
        mobileAppInstallStatusValue: 'PENDING_INSTALL',
        installState: 'PENDING_INSTALL',
        installStateDetail: 'NO_ADDITIONAL_DETAILS',
        errorCode: 0,
        osVersion: INSTALL_STATUS_INPUT.osVersion,
        userPrincipalName: INSTALL_STATUS_INPUT.userPrincipalName,
      },
    },
    upstream: { calls: 1, route: 'createInstallStatus' },
  },
  managedAppRegistration: {
    id: 'managedAppRegistration',
    label: 'managedAppRegistration(id)',
    ...operation('query', OPERATION.managedAppRegistration, QUERY.managedAppRegistration, { id: SINGLE_ID }),
    expected: { managedAppRegistration: expectedStoredRegistration(SINGLE_ID) },
    upstream: { calls: 1, route: 'getRegistration' },
  },
  entities45: {
    id: 'entities45',
    label: '_entities ×45',
    ...operation('query', OPERATION.entities, QUERY.entities, {
      representations: ENTITY_IDS.map((id) => ({ __typename: 'ManagedAppRegistration', id })),
    }),
    expected: { _entities: ENTITY_IDS.map(expectedStoredRegistration) },
    upstream: { calls: 3, route: 'batch', batchSizes: [20, 20, 5] },
  },
};
