import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[0]!.id;
const REG_PATH = '/deviceAppManagement/managedAppRegistrations';
const REG = `mutation { createManagedAppRegistration(input: { deviceTag: "t" }) {
  __typename id createdDateTime lastSyncDateTime flaggedReasons deviceModel
  appIdentifier { __typename ... on OtherMobileAppIdentifier { graphType } ... on AndroidMobileAppIdentifier { packageId } }
  ... on AndroidManagedAppRegistration { patchVersion }
} }`;
const STATUS = `mutation($a: ID!) { createMobileAppInstallStatus(mobileAppId: $a, input: { deviceName: "d" }) {
  mobileAppId mobileAppInstallStatusValue installState installStateDetail errorCode displayVersion lastSyncDateTime
} }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => stack.emulator.faults.clear());

async function registrationWith(set: Record<string, unknown>) {
  stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'patch', set } });
  const res = await stack.gql(REG);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.createManagedAppRegistration as Record<string, unknown>;
}

describe('registration types by @odata.type', () => {
  it.each([
    ['#microsoft.graph.androidManagedAppRegistration', 'AndroidManagedAppRegistration'],
    ['microsoft.graph.iosManagedAppRegistration', 'IosManagedAppRegistration'],
    ['#microsoft.graph.windowsManagedAppRegistration', 'WindowsManagedAppRegistration'],
    ['#microsoft.graph.managedAppRegistration', 'GenericManagedAppRegistration'],
    ['#microsoft.graph.visionOsManagedAppRegistration', 'GenericManagedAppRegistration'],
    [undefined, 'GenericManagedAppRegistration'],
  ])('%s resolves to %s', async (odataType, typename) => {
    expect((await registrationWith({ '@odata.type': odataType })).__typename).toBe(typename);
  });

  it('carries Android patchVersion', async () => {
    const out = await registrationWith({ '@odata.type': '#microsoft.graph.androidManagedAppRegistration', patchVersion: '2026-11-01' });
    expect(out.patchVersion).toBe('2026-11-01');
  });
});

describe('identifiers', () => {
  it.each([
    [{ '@odata.type': 'microsoft.graph.mobileAppIdentifier' }, { __typename: 'OtherMobileAppIdentifier', graphType: 'mobileAppIdentifier' }],
    [{ '@odata.type': '#microsoft.graph.chromeOsAppIdentifier', chromeId: 'x' }, { __typename: 'OtherMobileAppIdentifier', graphType: 'chromeOsAppIdentifier' }],
    [{ packageId: 'no-type' }, { __typename: 'OtherMobileAppIdentifier', graphType: null }],
    [{ '@odata.type': '#microsoft.graph.androidMobileAppIdentifier', packageId: 'com.a' }, { __typename: 'AndroidMobileAppIdentifier', packageId: 'com.a' }],
  ])('%j resolves to %j', async (identifier, expected) => {
    expect((await registrationWith({ appIdentifier: identifier })).appIdentifier).toEqual(expected);
  });
});

describe('enums', () => {
  it('maps a value Graph added later to UNKNOWN_FUTURE_VALUE and logs it once', async () => {
    const before = stack.logLines.length;
    expect((await registrationWith({ flaggedReasons: ['rootedDevice', 'quantumTampered'] })).flaggedReasons).toEqual([
      'ROOTED_DEVICE',
      'UNKNOWN_FUTURE_VALUE',
    ]);
    await registrationWith({ flaggedReasons: ['quantumTampered'] });
    const warnings = stack.logLines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.value === 'quantumTampered');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', enum: 'managedAppFlaggedReason' });
  });

  it('maps every Graph flaggedReason value', async () => {
    const out = await registrationWith({ flaggedReasons: ['none', 'rootedDevice', 'androidBootloaderUnlocked', 'androidFactoryRomModified'] });
    expect(out.flaggedReasons).toEqual(['NONE', 'ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED', 'ANDROID_FACTORY_ROM_MODIFIED']);
  });
});

describe('missing and extra properties', () => {
  it('missing properties are null and lists []', async () => {
    const out = await registrationWith({ flaggedReasons: undefined, createdDateTime: undefined, deviceModel: undefined, appIdentifier: undefined });
    expect(out).toMatchObject({ flaggedReasons: [], createdDateTime: null, deviceModel: null, appIdentifier: null });
  });

  it('keeps all 7 fractional digits and the offset', async () => {
    const out = await registrationWith({ createdDateTime: '2026-11-23T10:11:12.3456789+05:30', lastSyncDateTime: '0001-01-01T00:00:00Z' });
    expect(out).toMatchObject({ createdDateTime: '2026-11-23T10:11:12.3456789+05:30', lastSyncDateTime: '0001-01-01T00:00:00Z' });
  });

  it('never passes an @odata annotation to the client', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'patch', set: { '@odata.etag': 'W/"1"', '@odata.id': 'x' } } });
    const res = await stack.gql(REG);
    expect(JSON.stringify(res.body)).not.toContain('@odata');
  });
});

describe('install status', () => {
  async function statusWith(set: Record<string, unknown>) {
    stack.emulator.faults.add({ method: 'POST', path: `/deviceAppManagement/mobileApps/${APP}/deviceStatuses`, fault: { kind: 'patch', set } });
    const res = await stack.gql(STATUS, { a: APP });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.createMobileAppInstallStatus as Record<string, unknown>;
  }

  it('fills mobileAppInstallStatusValue from installState when Graph sends only that', async () => {
    const out = await statusWith({ mobileAppInstallStatusValue: undefined, installState: 'uninstallFailed' });
    expect(out).toMatchObject({ mobileAppId: APP, mobileAppInstallStatusValue: 'UNINSTALL_FAILED', installState: 'UNINSTALL_FAILED' });
  });

  it('maps unknown states and details to UNKNOWN_FUTURE_VALUE', async () => {
    const out = await statusWith({ installState: 'hibernating', mobileAppInstallStatusValue: 'hibernating', installStateDetail: 'newDetail' });
    expect(out).toMatchObject({ mobileAppInstallStatusValue: 'UNKNOWN_FUTURE_VALUE', installState: 'UNKNOWN_FUTURE_VALUE', installStateDetail: 'UNKNOWN_FUTURE_VALUE' });
  });

  it('maps a detail with a negative Graph value by name', async () => {
    expect((await statusWith({ installStateDetail: 'minimumOsVersionNotMet' })).installStateDetail).toBe('MINIMUM_OS_VERSION_NOT_MET');
  });

  it('a non-integer errorCode is UPSTREAM_BAD_RESPONSE', async () => {
    stack.emulator.faults.add({ method: 'POST', path: `/deviceAppManagement/mobileApps/${APP}/deviceStatuses`, fault: { kind: 'patch', set: { errorCode: 'nine' } } });
    const res = await stack.gql(STATUS, { a: APP });
    expect(res.body.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});
