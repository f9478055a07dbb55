// Every input property, one at a time: the exact JSON body Graph (the emulator) received, and the value read back.
// Explicit nulls: sent as null where Graph allows them, refused before any request where it does not (contract §2).
import { isInputObjectType } from 'graphql';
import { buildGatewaySchema } from '../../src/schema/load';
import { readSchemaSdl } from '../helpers/project';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[1]!;
const BASE_REGISTRATION = '#microsoft.graph.managedAppRegistration';
const ANDROID_REGISTRATION = '#microsoft.graph.androidManagedAppRegistration';
const INSTALL_STATUS = '#microsoft.graph.mobileAppInstallStatus';
const ANDROID_ID = { android: { packageId: 'com.contoso.notes' } };
const GRAPH_ANDROID_ID = { '@odata.type': 'microsoft.graph.androidMobileAppIdentifier', packageId: 'com.contoso.notes' };

const CREATE_REGISTRATION = `mutation($input: ManagedAppRegistrationInput!) {
  createManagedAppRegistration(input: $input) {
    __typename lastSyncDateTime applicationVersion managementSdkVersion platformVersion deviceType deviceTag deviceName
    managedDeviceId azureADDeviceId deviceModel deviceManufacturer flaggedReasons userId version
    appIdentifier { __typename ... on IosMobileAppIdentifier { bundleId } ... on AndroidMobileAppIdentifier { packageId } }
    ... on AndroidManagedAppRegistration { patchVersion }
  }
}`;
const CREATE_STATUS = `mutation($mobileAppId: ID!, $input: MobileAppInstallStatusInput!) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, input: $input) {
    deviceName deviceId lastSyncDateTime mobileAppInstallStatusValue installState installStateDetail errorCode
    osVersion osDescription userName userPrincipalName displayVersion
  }
}`;

/** [input field, GraphQL value, the body Graph must receive, the field as read back]. */
type Row = [string, unknown, Record<string, unknown>, unknown];

const REGISTRATION_ROWS: Row[] = [
  ['lastSyncDateTime', '2017-01-01T00:02:49.3205976-08:00', { '@odata.type': BASE_REGISTRATION, lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00' }, '2017-01-01T00:02:49.3205976-08:00'],
  ['applicationVersion', '4.2.1', { '@odata.type': BASE_REGISTRATION, applicationVersion: '4.2.1' }, '4.2.1'],
  ['managementSdkVersion', '19.1.0', { '@odata.type': BASE_REGISTRATION, managementSdkVersion: '19.1.0' }, '19.1.0'],
  ['platformVersion', '14.0', { '@odata.type': BASE_REGISTRATION, platformVersion: '14.0' }, '14.0'],
  ['deviceType', 'Android', { '@odata.type': BASE_REGISTRATION, deviceType: 'Android' }, 'Android'],
  ['deviceTag', 'shelf-3', { '@odata.type': BASE_REGISTRATION, deviceTag: 'shelf-3' }, 'shelf-3'],
  ['deviceName', 'Front desk', { '@odata.type': BASE_REGISTRATION, deviceName: 'Front desk' }, 'Front desk'],
  ['flaggedReasons', ['ANDROID_FACTORY_ROM_MODIFIED', 'NONE'], { '@odata.type': BASE_REGISTRATION, flaggedReasons: ['androidFactoryRomModified', 'none'] }, ['ANDROID_FACTORY_ROM_MODIFIED', 'NONE']],
  ['userId', 'a1b2c3d4-0000-4000-8000-000000000001', { '@odata.type': BASE_REGISTRATION, userId: 'a1b2c3d4-0000-4000-8000-000000000001' }, 'a1b2c3d4-0000-4000-8000-000000000001'],
  ['appIdentifier', { ios: { bundleId: 'com.contoso.ios' } }, { '@odata.type': '#microsoft.graph.iosManagedAppRegistration', appIdentifier: { '@odata.type': 'microsoft.graph.iosMobileAppIdentifier', bundleId: 'com.contoso.ios' } }, { __typename: 'IosMobileAppIdentifier', bundleId: 'com.contoso.ios' }],
  ['version', '12', { '@odata.type': BASE_REGISTRATION, version: '12' }, '12'],
  ['managedDeviceId', '0b9c1d2e-1111-4222-8333-444455556666', { '@odata.type': BASE_REGISTRATION, managedDeviceId: '0b9c1d2e-1111-4222-8333-444455556666' }, '0b9c1d2e-1111-4222-8333-444455556666'],
  ['azureADDeviceId', '7d6e5f40-aaaa-4bbb-8ccc-ddddeeeeffff', { '@odata.type': BASE_REGISTRATION, azureADDeviceId: '7d6e5f40-aaaa-4bbb-8ccc-ddddeeeeffff' }, '7d6e5f40-aaaa-4bbb-8ccc-ddddeeeeffff'],
  ['deviceModel', 'Pixel 8', { '@odata.type': BASE_REGISTRATION, deviceModel: 'Pixel 8' }, 'Pixel 8'],
  ['deviceManufacturer', 'Google', { '@odata.type': BASE_REGISTRATION, deviceManufacturer: 'Google' }, 'Google'],
];

const STATUS_ROWS: Row[] = [
  ['deviceName', 'Laptop 7', { '@odata.type': INSTALL_STATUS, deviceName: 'Laptop 7' }, 'Laptop 7'],
  ['deviceId', 'device-77', { '@odata.type': INSTALL_STATUS, deviceId: 'device-77' }, 'device-77'],
  ['lastSyncDateTime', '2017-01-01T00:02:43.5775965-08:00', { '@odata.type': INSTALL_STATUS, lastSyncDateTime: '2017-01-01T00:02:43.5775965-08:00' }, '2017-01-01T00:02:43.5775965-08:00'],
  ['mobileAppInstallStatusValue', 'UNINSTALL_FAILED', { '@odata.type': INSTALL_STATUS, mobileAppInstallStatusValue: 'uninstallFailed' }, 'UNINSTALL_FAILED'],
  ['installState', 'NOT_APPLICABLE', { '@odata.type': INSTALL_STATUS, installState: 'notApplicable' }, 'NOT_APPLICABLE'],
  ['installStateDetail', 'MINIMUM_OS_VERSION_NOT_MET', { '@odata.type': INSTALL_STATUS, installStateDetail: 'minimumOsVersionNotMet' }, 'MINIMUM_OS_VERSION_NOT_MET'],
  ['errorCode', -2016345060, { '@odata.type': INSTALL_STATUS, errorCode: -2016345060 }, -2016345060],
  ['osVersion', '10.0.22631', { '@odata.type': INSTALL_STATUS, osVersion: '10.0.22631' }, '10.0.22631'],
  ['osDescription', 'Windows 11 Enterprise', { '@odata.type': INSTALL_STATUS, osDescription: 'Windows 11 Enterprise' }, 'Windows 11 Enterprise'],
  ['userName', 'Megan Bowen', { '@odata.type': INSTALL_STATUS, userName: 'Megan Bowen' }, 'Megan Bowen'],
  ['userPrincipalName', 'MeganB@contoso.onmicrosoft.com', { '@odata.type': INSTALL_STATUS, userPrincipalName: 'MeganB@contoso.onmicrosoft.com' }, 'MeganB@contoso.onmicrosoft.com'],
  ['displayVersion', '2.4 (build 1180)', { '@odata.type': INSTALL_STATUS, displayVersion: '2.4 (build 1180)' }, '2.4 (build 1180)'],
];

/** Graph Nullable="false" properties (graph-facts §11) among the inputs: an explicit null is refused. */
const REGISTRATION_NON_NULLABLE = ['lastSyncDateTime', 'flaggedReasons'];
const STATUS_NON_NULLABLE = ['lastSyncDateTime', 'mobileAppInstallStatusValue', 'installState', 'installStateDetail', 'errorCode'];

/** The whole answer to a create the gateway refused before calling Graph (the mutation starts on line 2, column 3). */
function refused(mutation: string, message: string): unknown {
  return { data: null, errors: [{ message, locations: [{ line: 2, column: 3 }], path: [mutation], extensions: { code: 'BAD_USER_INPUT' } }] };
}

const schema = buildGatewaySchema(readSchemaSdl());
function inputFields(name: string): string[] {
  const type = schema.getType(name);
  if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
  return Object.keys(type.getFields()).sort();
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.emulator.clearRequests();
  stack.emulator.store.reset();
});

describe('ManagedAppRegistrationInput', () => {
  it('the table has a row for every input field (patchVersion has its own cases below)', () => {
    expect([...REGISTRATION_ROWS.map(([field]) => field), 'patchVersion'].sort()).toEqual(inputFields('ManagedAppRegistrationInput'));
  });

  it.each(REGISTRATION_ROWS)('%s reaches Graph exactly and reads back', async (field, value, body, readBack) => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { [field]: value } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests).toHaveLength(1);
    expect(stack.emulator.requests[0]!.body).toEqual(body);
    expect((res.body.data!.createManagedAppRegistration as Record<string, unknown>)[field]).toEqual(readBack);
  });

  it('patchVersion with an Android identifier is sent on the Android subtype', async () => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { appIdentifier: ANDROID_ID, patchVersion: '2026-11-05' } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests.map((r) => r.body)).toEqual([
      { '@odata.type': ANDROID_REGISTRATION, appIdentifier: GRAPH_ANDROID_ID, patchVersion: '2026-11-05' },
    ]);
    expect(res.body.data!.createManagedAppRegistration).toMatchObject({ __typename: 'AndroidManagedAppRegistration', patchVersion: '2026-11-05' });
  });

  it('patchVersion: null with an Android identifier is sent as null (Graph declares it nullable)', async () => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { appIdentifier: ANDROID_ID, patchVersion: null } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests.map((r) => r.body)).toEqual([{ '@odata.type': ANDROID_REGISTRATION, appIdentifier: GRAPH_ANDROID_ID, patchVersion: null }]);
  });

  it.each([
    ['no identifier', { patchVersion: '2026-11-05' }],
    ['an iOS identifier', { patchVersion: '2026-11-05', appIdentifier: { ios: { bundleId: 'b' } } }],
    ['a macOS identifier', { patchVersion: '2026-11-05', appIdentifier: { mac: { bundleId: 'b' } } }],
    ['a Windows identifier', { patchVersion: '2026-11-05', appIdentifier: { windows: { windowsAppId: 'w' } } }],
    ['appIdentifier: null', { patchVersion: '2026-11-05', appIdentifier: null }],
    ['no identifier, patchVersion: null', { patchVersion: null }],
  ])('patchVersion with %s is BAD_USER_INPUT naming it, and nothing is sent', async (_name, input) => {
    const res = await stack.gql(CREATE_REGISTRATION, { input });
    expect(res.body).toEqual(
      refused(
        'createManagedAppRegistration',
        'Argument "input.patchVersion" needs an Android identifier ("input.appIdentifier.android"): Graph has patchVersion on androidManagedAppRegistration only.',
      ),
    );
    expect(stack.emulator.requests).toEqual([]);
  });

  it.each(REGISTRATION_NON_NULLABLE)('an explicit null for %s is BAD_USER_INPUT naming input.%s, and nothing is sent', async (field) => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { deviceName: 'd', [field]: null } });
    expect(res.body).toEqual(
      refused(
        'createManagedAppRegistration',
        `Argument "input.${field}" cannot be null: Graph declares managedAppRegistration.${field} non-nullable. Leave it out instead.`,
      ),
    );
    expect(stack.emulator.requests).toEqual([]);
  });

  it.each(REGISTRATION_ROWS.map(([field]) => field).filter((f) => !REGISTRATION_NON_NULLABLE.includes(f)))(
    'an explicit null for the nullable %s is sent as null',
    async (field) => {
      const res = await stack.gql(CREATE_REGISTRATION, { input: { [field]: null } });
      expect(res.body.errors).toBeUndefined();
      expect(stack.emulator.requests.map((r) => r.body)).toEqual([{ '@odata.type': BASE_REGISTRATION, [field]: null }]);
    },
  );
});

describe('MobileAppInstallStatusInput', () => {
  it('the table has a row for every input field', () => {
    expect(STATUS_ROWS.map(([field]) => field).sort()).toEqual(inputFields('MobileAppInstallStatusInput'));
  });

  it.each(STATUS_ROWS)('%s reaches Graph exactly and reads back', async (field, value, body, readBack) => {
    const res = await stack.gql(CREATE_STATUS, { mobileAppId: APP.id, input: { [field]: value } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests).toHaveLength(1);
    expect(stack.emulator.requests[0]!.rawPath).toBe(`/beta/deviceAppManagement/mobileApps/${APP.id}/deviceStatuses`);
    expect(stack.emulator.requests[0]!.body).toEqual(body);
    expect((res.body.data!.createMobileAppInstallStatus as Record<string, unknown>)[field]).toEqual(readBack);
  });

  it.each(STATUS_NON_NULLABLE)('an explicit null for %s is BAD_USER_INPUT naming input.%s, and nothing is sent', async (field) => {
    const res = await stack.gql(CREATE_STATUS, { mobileAppId: APP.id, input: { deviceName: 'd', [field]: null } });
    expect(res.body).toEqual(
      refused(
        'createMobileAppInstallStatus',
        `Argument "input.${field}" cannot be null: Graph declares mobileAppInstallStatus.${field} non-nullable. Leave it out instead.`,
      ),
    );
    expect(stack.emulator.requests).toEqual([]);
  });

  it('an explicit null written as a literal is refused the same way', async () => {
    const res = await stack.gql(`mutation { createMobileAppInstallStatus(mobileAppId: "${APP.id}", input: { errorCode: null }) { id } }`);
    expect(res.body.errors).toEqual([
      {
        message: 'Argument "input.errorCode" cannot be null: Graph declares mobileAppInstallStatus.errorCode non-nullable. Leave it out instead.',
        locations: [{ line: 1, column: 12 }],
        path: ['createMobileAppInstallStatus'],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it.each(STATUS_ROWS.map(([field]) => field).filter((f) => !STATUS_NON_NULLABLE.includes(f)))(
    'an explicit null for the nullable %s is sent as null',
    async (field) => {
      const res = await stack.gql(CREATE_STATUS, { mobileAppId: APP.id, input: { [field]: null } });
      expect(res.body.errors).toBeUndefined();
      expect(stack.emulator.requests.map((r) => r.body)).toEqual([{ '@odata.type': INSTALL_STATUS, [field]: null }]);
    },
  );
});
