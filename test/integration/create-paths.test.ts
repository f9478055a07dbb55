import { startStack, AUTHORIZATION, type Stack } from '../helpers/stack';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const APP = SEEDED_MOBILE_APPS[0]!;
const USER_STATUS = APP.userStatusIds[0]!;

const REGISTRATION_FIELDS = `
  __typename id createdDateTime lastSyncDateTime applicationVersion managementSdkVersion platformVersion
  deviceType deviceTag deviceName managedDeviceId azureADDeviceId deviceModel deviceManufacturer
  flaggedReasons userId version
  appIdentifier {
    __typename
    ... on AndroidMobileAppIdentifier { packageId }
    ... on IosMobileAppIdentifier { bundleId }
    ... on MacAppIdentifier { bundleId }
    ... on WindowsAppIdentifier { windowsAppId }
    ... on OtherMobileAppIdentifier { graphType }
  }
  ... on AndroidManagedAppRegistration { patchVersion }
`;

const CREATE_REGISTRATION = `
  mutation Create($input: ManagedAppRegistrationInput!, $userId: ID, $collection: ManagedAppRegistrationCollection) {
    createManagedAppRegistration(input: $input, userId: $userId, collection: $collection) { ${REGISTRATION_FIELDS} }
  }
`;

const STATUS_FIELDS = `
  id mobileAppId deviceName deviceId lastSyncDateTime mobileAppInstallStatusValue installState installStateDetail
  errorCode osVersion osDescription userName userPrincipalName displayVersion
`;

const CREATE_STATUS = `
  mutation Create($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {
    createMobileAppInstallStatus(mobileAppId: $mobileAppId, userAppInstallStatusId: $userAppInstallStatusId, input: $input) { ${STATUS_FIELDS} }
  }
`;

const REGISTRATION_INPUT = {
  lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
  applicationVersion: '1.2.3',
  managementSdkVersion: '17.0',
  platformVersion: '14',
  deviceType: 'Android',
  deviceTag: 'marker-1',
  deviceName: 'Pixel',
  flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED'],
  userId: 'user-1',
  appIdentifier: { android: { packageId: 'com.contoso.app' } },
  version: '7',
};

/** What Graph must receive for REGISTRATION_INPUT: subtype, Graph spellings, nested type. */
const REGISTRATION_BODY = {
  '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
  lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
  applicationVersion: '1.2.3',
  managementSdkVersion: '17.0',
  platformVersion: '14',
  deviceType: 'Android',
  deviceTag: 'marker-1',
  deviceName: 'Pixel',
  flaggedReasons: ['rootedDevice', 'androidBootloaderUnlocked'],
  userId: 'user-1',
  appIdentifier: { '@odata.type': 'microsoft.graph.androidMobileAppIdentifier', packageId: 'com.contoso.app' },
  version: '7',
};

const STATUS_INPUT = {
  deviceName: 'Laptop',
  deviceId: 'device-1',
  lastSyncDateTime: '2017-01-01T00:02:43.5775965-08:00',
  mobileAppInstallStatusValue: 'PENDING_INSTALL',
  errorCode: 9,
  osVersion: '10.0',
  osDescription: 'Windows 11',
  userName: 'Megan',
  userPrincipalName: 'megan@contoso.com',
};

const STATUS_BODY = {
  '@odata.type': '#microsoft.graph.mobileAppInstallStatus',
  deviceName: 'Laptop',
  deviceId: 'device-1',
  lastSyncDateTime: '2017-01-01T00:02:43.5775965-08:00',
  mobileAppInstallStatusValue: 'pendingInstall',
  errorCode: 9,
  osVersion: '10.0',
  osDescription: 'Windows 11',
  userName: 'Megan',
  userPrincipalName: 'megan@contoso.com',
};

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

function expectGraphHeaders(headers: Record<string, string>, body: boolean): void {
  expect(headers.authorization).toBe(AUTHORIZATION);
  expect(headers['client-request-id']).toMatch(UUID);
  expect(headers.accept).toBe('application/json');
  if (body) expect(headers['content-type']).toBe('application/json');
  expect(headers['retry-attempt']).toBeUndefined();
}

describe('createManagedAppRegistration', () => {
  it.each([
    ['no target', {}, '/beta/deviceAppManagement/managedAppRegistrations'],
    ['collection DEVICE_APP_MANAGEMENT', { collection: 'DEVICE_APP_MANAGEMENT' }, '/beta/deviceAppManagement/managedAppRegistrations'],
    ['collection ROOT', { collection: 'ROOT' }, '/beta/managedAppRegistrations'],
    ['userId', { userId: 'u-42' }, '/beta/users/u-42/managedAppRegistrations'],
  ])('%s posts to %s', async (_name, target, rawPath) => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: REGISTRATION_INPUT, ...target });
    expect(res.status).toBe(200);
    expect(stack.emulator.requests).toHaveLength(1);
    const sent = stack.emulator.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.rawPath).toBe(rawPath);
    expect(sent.body).toEqual(REGISTRATION_BODY);
    expectGraphHeaders(sent.headers, true);

    const [stored] = stack.emulator.store.managedAppRegistrations();
    expect(res.body).toEqual({
      data: {
        createManagedAppRegistration: {
          __typename: 'AndroidManagedAppRegistration',
          id: stored!.id,
          createdDateTime: stored!.createdDateTime,
          lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
          applicationVersion: '1.2.3',
          managementSdkVersion: '17.0',
          platformVersion: '14',
          deviceType: 'Android',
          deviceTag: 'marker-1',
          deviceName: 'Pixel',
          managedDeviceId: null,
          azureADDeviceId: null,
          deviceModel: null,
          deviceManufacturer: null,
          flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED'],
          userId: 'user-1',
          version: '7',
          appIdentifier: { __typename: 'AndroidMobileAppIdentifier', packageId: 'com.contoso.app' },
          patchVersion: null,
        },
      },
    });
    expect(stored!.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it('sends only what the caller gave, with the base type when no identifier is given', async () => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { deviceTag: 'only-this' } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests[0]!.body).toEqual({ '@odata.type': '#microsoft.graph.managedAppRegistration', deviceTag: 'only-this' });
    expect(res.body.data!.createManagedAppRegistration).toMatchObject({
      __typename: 'GenericManagedAppRegistration',
      deviceTag: 'only-this',
      flaggedReasons: [],
      appIdentifier: null,
      userId: null,
    });
  });

  it.each([
    [{ ios: { bundleId: 'com.contoso.ios' } }, '#microsoft.graph.iosManagedAppRegistration', { '@odata.type': 'microsoft.graph.iosMobileAppIdentifier', bundleId: 'com.contoso.ios' }, 'IosManagedAppRegistration', { __typename: 'IosMobileAppIdentifier', bundleId: 'com.contoso.ios' }],
    [{ mac: { bundleId: 'com.contoso.mac' } }, '#microsoft.graph.managedAppRegistration', { '@odata.type': 'microsoft.graph.macAppIdentifier', bundleId: 'com.contoso.mac' }, 'GenericManagedAppRegistration', { __typename: 'MacAppIdentifier', bundleId: 'com.contoso.mac' }],
    [{ windows: { windowsAppId: 'Contoso.App_8wekyb3d8bbwe' } }, '#microsoft.graph.windowsManagedAppRegistration', { '@odata.type': 'microsoft.graph.windowsAppIdentifier', windowsAppId: 'Contoso.App_8wekyb3d8bbwe' }, 'WindowsManagedAppRegistration', { __typename: 'WindowsAppIdentifier', windowsAppId: 'Contoso.App_8wekyb3d8bbwe' }],
  ])('identifier %j is sent as %s', async (appIdentifier, odataType, graphIdentifier, typename, identifierOut) => {
    const res = await stack.gql(CREATE_REGISTRATION, { input: { appIdentifier } });
    expect(stack.emulator.requests[0]!.body).toEqual({ '@odata.type': odataType, appIdentifier: graphIdentifier });
    expect(res.body.data!.createManagedAppRegistration).toMatchObject({ __typename: typename, appIdentifier: identifierOut });
  });

  it('sends an explicit null as null', async () => {
    await stack.gql(CREATE_REGISTRATION, { input: { deviceName: null, appIdentifier: null } });
    expect(stack.emulator.requests[0]!.body).toEqual({ '@odata.type': '#microsoft.graph.managedAppRegistration', deviceName: null, appIdentifier: null });
  });
});

describe('createMobileAppInstallStatus', () => {
  it.each([
    ['mobileAppId', {}, `/beta/deviceAppManagement/mobileApps/${APP.id}/deviceStatuses`],
    ['mobileAppId and userAppInstallStatusId', { userAppInstallStatusId: USER_STATUS }, `/beta/deviceAppManagement/mobileApps/${APP.id}/userStatuses/${USER_STATUS}/deviceStatuses`],
  ])('%s posts to %s', async (_name, extra, rawPath) => {
    const res = await stack.gql(CREATE_STATUS, { mobileAppId: APP.id, input: STATUS_INPUT, ...extra });
    expect(res.status).toBe(200);
    expect(stack.emulator.requests).toHaveLength(1);
    const sent = stack.emulator.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.rawPath).toBe(rawPath);
    expect(sent.body).toEqual(STATUS_BODY);
    expectGraphHeaders(sent.headers, true);
    const [stored] = stack.emulator.store.mobileAppInstallStatuses(APP.id);
    expect(res.body).toEqual({
      data: {
        createMobileAppInstallStatus: {
          id: stored!.id,
          mobileAppId: APP.id,
          deviceName: 'Laptop',
          deviceId: 'device-1',
          lastSyncDateTime: '2017-01-01T00:02:43.5775965-08:00',
          mobileAppInstallStatusValue: 'PENDING_INSTALL',
          installState: 'PENDING_INSTALL',
          installStateDetail: 'NO_ADDITIONAL_DETAILS',
          errorCode: 9,
          osVersion: '10.0',
          osDescription: 'Windows 11',
          userName: 'Megan',
          userPrincipalName: 'megan@contoso.com',
          displayVersion: null,
        },
      },
    });
  });

  it('sends only what the caller gave', async () => {
    await stack.gql(CREATE_STATUS, { mobileAppId: APP.id, input: { deviceName: 'x' } });
    expect(stack.emulator.requests[0]!.body).toEqual({ '@odata.type': '#microsoft.graph.mobileAppInstallStatus', deviceName: 'x' });
  });
});
