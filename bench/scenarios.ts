// The measured operations: what is sent (the same bytes to the floor and the gateway), what must come back
// (checked before anything is measured), and which Graph calls one operation must cost. Each operation of the
// text scenarios is also sent by id (contract §13: `documentId`, or Apollo's `extensions.persistedQuery`) to a
// gateway holding the bench's operations as trusted documents: same operation, same answer, same Graph calls.
import type { ServerName } from './check';
import type { RouteName } from './fake-graph';
import { kindOfRegistrationId, MOBILE_APP_ID, registrationId, storedRegistration } from './fixtures';
import type { IdentifierKind } from '../src/normalize/odata-type';
import { documentHash, OPERATION, QUERY } from './operations';

export const TEXT_SCENARIO_IDS = ['createManagedAppRegistration', 'createMobileAppInstallStatus', 'managedAppRegistration', 'entities45'] as const;
export const TRUSTED_SCENARIO_IDS = [
  'createManagedAppRegistrationByDocumentId',
  'createManagedAppRegistrationByPersistedQuery',
  'createMobileAppInstallStatusByDocumentId',
  'createMobileAppInstallStatusByPersistedQuery',
  'managedAppRegistrationByDocumentId',
  'managedAppRegistrationByPersistedQuery',
] as const;
export const SCENARIO_IDS = [...TEXT_SCENARIO_IDS, ...TRUSTED_SCENARIO_IDS] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/**
 * How the operation travels: its text (`query`), `documentId: "sha256:<hex>"` (contract §13), or Apollo's
 * `extensions.persistedQuery: {version: 1, sha256Hash: "<hex>"}` with no text (what Apollo Client's persisted
 * query link and urql's persisted exchange send once the hash is known).
 */
export type Carrier = 'text' | 'documentId' | 'persistedQuery';

export interface Scenario {
  readonly id: ScenarioId;
  /** How the report names it. */
  readonly label: string;
  /** A query can go as a GET (urql does that), a mutation never. */
  readonly kind: 'query' | 'mutation';
  readonly operationName: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly carrier: Carrier;
  /**
   * The GraphQL-over-HTTP request's fields as the carrier puts them: `{operationName, query, variables}`,
   * `{operationName, documentId, variables}` or `{operationName, variables, extensions}`. A POST's body is
   * their JSON, a GET's query string their parameters (header-sets.ts).
   */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The JSON body POSTed to /graphql (`fields`), identical on every request and for every server. */
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

/** What `carrier` puts on the wire for the operation `query`, `variables`: the request's fields in the order clients send them. */
function carried(carrier: Carrier, operationName: string, query: string, variables: Record<string, unknown>): Record<string, unknown> {
  switch (carrier) {
    case 'text':
      return { operationName, query, variables };
    case 'documentId':
      return { operationName, documentId: `sha256:${documentHash(query)}`, variables };
    case 'persistedQuery':
      return { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(query) } } };
  }
}

/** The operation's parts and its POST body. */
const operation = (
  kind: Scenario['kind'],
  operationName: string,
  query: string,
  variables: Record<string, unknown>,
  carrier: Carrier = 'text',
): Pick<Scenario, 'kind' | 'operationName' | 'query' | 'variables' | 'carrier' | 'fields' | 'body'> => {
  const fields = carried(carrier, operationName, query, variables);
  return { kind, operationName, query, variables, carrier, fields, body: JSON.stringify(fields) };
};

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

const TEXT_SCENARIOS: Readonly<Record<(typeof TEXT_SCENARIO_IDS)[number], Scenario>> = {
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

/** A text scenario sent by `carrier` instead: same operation, answer and Graph calls. */
function byId(text: Scenario, id: ScenarioId, carrier: Exclude<Carrier, 'text'>): Scenario {
  return {
    ...text,
    id,
    label: `${text.label} by ${carrier}`,
    ...operation(text.kind, text.operationName, text.query, { ...text.variables }, carrier),
  };
}

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  ...TEXT_SCENARIOS,
  createManagedAppRegistrationByDocumentId: byId(TEXT_SCENARIOS.createManagedAppRegistration, 'createManagedAppRegistrationByDocumentId', 'documentId'),
  createManagedAppRegistrationByPersistedQuery: byId(TEXT_SCENARIOS.createManagedAppRegistration, 'createManagedAppRegistrationByPersistedQuery', 'persistedQuery'),
  createMobileAppInstallStatusByDocumentId: byId(TEXT_SCENARIOS.createMobileAppInstallStatus, 'createMobileAppInstallStatusByDocumentId', 'documentId'),
  createMobileAppInstallStatusByPersistedQuery: byId(TEXT_SCENARIOS.createMobileAppInstallStatus, 'createMobileAppInstallStatusByPersistedQuery', 'persistedQuery'),
  managedAppRegistrationByDocumentId: byId(TEXT_SCENARIOS.managedAppRegistration, 'managedAppRegistrationByDocumentId', 'documentId'),
  managedAppRegistrationByPersistedQuery: byId(TEXT_SCENARIOS.managedAppRegistration, 'managedAppRegistrationByPersistedQuery', 'persistedQuery'),
};

/**
 * The scenario as `server` is sent it. The tuned Apollo Server has no trusted documents and no `documentId`:
 * it gets a by-id scenario as Apollo's `extensions.persistedQuery`, its hash pre-registered in its APQ cache at
 * start (tuned-apollo.ts), the fastest by-id path a stock Apollo Server has. Everyone else gets the scenario.
 */
export function scenarioFor(server: ServerName, scenario: Scenario): Scenario {
  if (server !== 'tunedApollo' || scenario.carrier !== 'documentId') return scenario;
  return { ...scenario, ...operation(scenario.kind, scenario.operationName, scenario.query, { ...scenario.variables }, 'persistedQuery') };
}
