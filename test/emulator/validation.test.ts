import {
  CREATED_DATE_TIME,
  errorBody,
  expectGraphHeaders,
  GUID,
  installStatusProperties,
  IOS_APP,
  registrationProperties,
  startHarness,
  type CallInit,
  type Harness,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.store.reset());

const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';
const STATUSES = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;
const MAKE_SURE = 'Make sure to only use property names that are defined by the type or mark the type as open type.';
const REGISTRATION_TYPES =
  '#microsoft.graph.managedAppRegistration, #microsoft.graph.androidManagedAppRegistration, ' +
  '#microsoft.graph.iosManagedAppRegistration, #microsoft.graph.windowsManagedAppRegistration';
const IDENTIFIER_TYPES =
  'microsoft.graph.mobileAppIdentifier, microsoft.graph.androidMobileAppIdentifier, ' +
  'microsoft.graph.iosMobileAppIdentifier, microsoft.graph.macAppIdentifier, microsoft.graph.windowsAppIdentifier';
const convert = (property: string, literal: string, type: string): string =>
  `Invalid value for property '${property}': cannot convert the literal '${literal}' to the expected type '${type}'.`;
const nullNotAllowed = (property: string, type: string): string =>
  `A null value was found for the property named '${property}', which has the expected type '${type}[Nullable=False]'. ` +
  `The expected type '${type}[Nullable=False]' does not allow null values.`;

describe('bodies that are not JSON objects', () => {
  it.each<[string, string, CallInit, string]>([
    ['no body', REGISTRATIONS, {}, 'Empty Payload. JSON content expected.'],
    [
      'invalid JSON',
      STATUSES,
      { rawBody: '{"deviceName": ', headers: { 'content-type': 'application/json' } },
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    ],
    ['an array', REGISTRATIONS, { body: [] }, 'The request body must be a JSON object.'],
    ['a string', STATUSES, { body: 'x' }, 'The request body must be a JSON object.'],
    ['null', REGISTRATIONS, { body: null }, 'The request body must be a JSON object.'],
  ])('%s → 400 on %s', async (_name, path, init, message) => {
    const reply = await h.call('POST', path, init);
    expect(reply.status).toBe(400);
    expectGraphHeaders(reply);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', message));
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });
});

describe('managedAppRegistration validation (400, nothing stored)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'unknown @odata.type',
      { '@odata.type': '#microsoft.graph.user' },
      `Invalid '@odata.type' '#microsoft.graph.user': expected '#microsoft.graph.managedAppRegistration' or a type derived from it (${REGISTRATION_TYPES}).`,
    ],
    [
      'non-string @odata.type',
      { '@odata.type': 5 },
      `Invalid '@odata.type' '5': expected '#microsoft.graph.managedAppRegistration' or a type derived from it (${REGISTRATION_TYPES}).`,
    ],
    [
      'install status type',
      { '@odata.type': 'microsoft.graph.mobileAppInstallStatus' },
      `Invalid '@odata.type' 'microsoft.graph.mobileAppInstallStatus': expected '#microsoft.graph.managedAppRegistration' or a type derived from it (${REGISTRATION_TYPES}).`,
    ],
    [
      'unknown property',
      { deviceName: 'x', foo: 1 },
      `The property 'foo' does not exist on type 'microsoft.graph.managedAppRegistration'. ${MAKE_SURE}`,
    ],
    [
      'patchVersion on iOS',
      { '@odata.type': '#microsoft.graph.iosManagedAppRegistration', patchVersion: '1' },
      `The property 'patchVersion' does not exist on type 'microsoft.graph.iosManagedAppRegistration'. ${MAKE_SURE}`,
    ],
    [
      'property names are case-sensitive',
      { DeviceName: 'x' },
      `The property 'DeviceName' does not exist on type 'microsoft.graph.managedAppRegistration'. ${MAKE_SURE}`,
    ],
    [
      'navigation property',
      { appliedPolicies: [] },
      "The navigation property 'appliedPolicies' of type 'microsoft.graph.managedAppRegistration' cannot be written inline by this create request.",
    ],
    ['unknown flaggedReason', { flaggedReasons: ['rooted'] }, convert('flaggedReasons', 'rooted', 'microsoft.graph.managedAppFlaggedReason')],
    [
      'flaggedReason in the wrong case',
      { flaggedReasons: ['RootedDevice'] },
      convert('flaggedReasons', 'RootedDevice', 'microsoft.graph.managedAppFlaggedReason'),
    ],
    [
      'GraphQL spelling of a flaggedReason',
      { flaggedReasons: ['ROOTED_DEVICE'] },
      convert('flaggedReasons', 'ROOTED_DEVICE', 'microsoft.graph.managedAppFlaggedReason'),
    ],
    [
      'flaggedReasons not an array',
      { flaggedReasons: 'rootedDevice' },
      "Invalid value for property 'flaggedReasons': expected a JSON array for the type 'Collection(microsoft.graph.managedAppFlaggedReason)'.",
    ],
    [
      'null flaggedReason element',
      { flaggedReasons: [null] },
      "Invalid value for property 'flaggedReasons': a null value was found in a collection of type 'Collection(microsoft.graph.managedAppFlaggedReason)', which does not allow null elements.",
    ],
    ['null flaggedReasons', { flaggedReasons: null }, nullNotAllowed('flaggedReasons', 'Collection(microsoft.graph.managedAppFlaggedReason)')],
    ['null lastSyncDateTime', { lastSyncDateTime: null }, nullNotAllowed('lastSyncDateTime', 'Edm.DateTimeOffset')],
    ['number as string', { deviceName: 5 }, convert('deviceName', '5', 'Edm.String')],
    ['object as string', { version: { a: 1 } }, convert('version', '{"a":1}', 'Edm.String')],
    [
      'appIdentifier not an object',
      { appIdentifier: 'com.contoso.app' },
      "Invalid value for property 'appIdentifier': expected a JSON object of type 'microsoft.graph.mobileAppIdentifier'.",
    ],
    [
      'appIdentifier without @odata.type',
      { appIdentifier: { bundleId: 'x' } },
      `Invalid value for property 'appIdentifier': mobileAppIdentifier is abstract, so '@odata.type' is required (one of ${IDENTIFIER_TYPES}).`,
    ],
    [
      'appIdentifier of an unknown type',
      { appIdentifier: { '@odata.type': '#microsoft.graph.linuxAppIdentifier' } },
      `Invalid value for property 'appIdentifier': '@odata.type' '#microsoft.graph.linuxAppIdentifier' is not one of ${IDENTIFIER_TYPES}.`,
    ],
    [
      'appIdentifier with the other kind’s property',
      { appIdentifier: { '@odata.type': 'microsoft.graph.iosMobileAppIdentifier', packageId: 'x' } },
      `The property 'packageId' does not exist on type 'microsoft.graph.iosMobileAppIdentifier'. ${MAKE_SURE}`,
    ],
    [
      'base appIdentifier with a property',
      { appIdentifier: { '@odata.type': 'microsoft.graph.mobileAppIdentifier', bundleId: 'x' } },
      `The property 'bundleId' does not exist on type 'microsoft.graph.mobileAppIdentifier'. ${MAKE_SURE}`,
    ],
    [
      'appIdentifier with a null id',
      { appIdentifier: { '@odata.type': 'microsoft.graph.androidMobileAppIdentifier', packageId: null } },
      nullNotAllowed('appIdentifier.packageId', 'Edm.String'),
    ],
    [
      'appIdentifier with a numeric id',
      { appIdentifier: { '@odata.type': 'microsoft.graph.windowsAppIdentifier', windowsAppId: 7 } },
      convert('appIdentifier.windowsAppId', '7', 'Edm.String'),
    ],
  ])('%s', async (_name, body, message) => {
    const reply = await h.call('POST', REGISTRATIONS, { body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', message));
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it.each([
    '2017-01-01',
    '2017-01-01T00:00:00',
    '2017-01-01 00:00:00Z',
    '2017-01-01T00:00:00.Z',
    '2017-01-01T00:00:00.1234567890123Z',
    '2017-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2017-13-01T00:00:00Z',
    '2017-01-01T24:00:00Z',
    '2017-01-01T00:00:00+15:00',
    '2017-01-01T00:00:00+0800',
    '2017-01-01T00:00:00z',
    'yesterday',
  ])('rejects the DateTimeOffset %s', async (value) => {
    const reply = await h.call('POST', REGISTRATIONS, { body: { lastSyncDateTime: value } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(convert('lastSyncDateTime', value, 'Edm.DateTimeOffset'));
  });

  it.each([
    '2017-01-01T00:00:00Z',
    '2017-01-01T00:02:49.3205976-08:00',
    '2017-01-01T00:00:00.1Z',
    '2017-01-01T00:00:00.123456789012+05:30',
    '2024-02-29T23:59:59+14:00',
    '0001-01-01T00:00:00Z',
  ])('accepts the DateTimeOffset %s and echoes it as sent', async (value) => {
    const reply = await h.call('POST', REGISTRATIONS, { body: { lastSyncDateTime: value } });
    expect(reply.status).toBe(201);
    expect(reply.body.lastSyncDateTime).toBe(value);
  });
});

describe('managedAppRegistration types and values Graph accepts', () => {
  it.each([
    ['#microsoft.graph.managedAppRegistration'],
    ['microsoft.graph.managedAppRegistration'],
    ['#microsoft.graph.iosManagedAppRegistration'],
    ['microsoft.graph.windowsManagedAppRegistration'],
  ])('@odata.type %s is echoed with "#"', async (type) => {
    const reply = await h.call('POST', REGISTRATIONS, { body: { '@odata.type': type } });
    expect(reply.status).toBe(201);
    expect(reply.body['@odata.type']).toBe(type.startsWith('#') ? type : `#${type}`);
    expect(reply.body).not.toHaveProperty('patchVersion');
  });

  it('no @odata.type → the base type', async () => {
    const reply = await h.call('POST', REGISTRATIONS, { body: {} });
    expect(reply.body['@odata.type']).toBe('#microsoft.graph.managedAppRegistration');
  });

  it('android registrations have patchVersion (null unless sent), last', async () => {
    const none = await h.call('POST', REGISTRATIONS, { body: { '@odata.type': '#microsoft.graph.androidManagedAppRegistration' } });
    expect(none.body).toEqual({
      '@odata.context': `${h.emulator.url}/$metadata#deviceAppManagement/managedAppRegistrations/$entity`,
      '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
      id: expect.stringMatching(GUID),
      createdDateTime: expect.stringMatching(CREATED_DATE_TIME),
      ...registrationProperties(),
      patchVersion: null,
    });
    expect(Object.keys(none.body).at(-1)).toBe('patchVersion');
    const sent = await h.call('POST', REGISTRATIONS, {
      body: { '@odata.type': 'microsoft.graph.androidManagedAppRegistration', patchVersion: '2026-11-01' },
    });
    expect(sent.body.patchVersion).toBe('2026-11-01');
  });

  it.each([
    [{ '@odata.type': 'microsoft.graph.mobileAppIdentifier' }],
    [{ '@odata.type': '#microsoft.graph.androidMobileAppIdentifier', packageId: 'com.contoso.notes' }],
    [{ '@odata.type': 'microsoft.graph.iosMobileAppIdentifier', bundleId: 'com.contoso.notes' }],
    [{ '@odata.type': 'microsoft.graph.macAppIdentifier', bundleId: 'com.contoso.mac' }],
    [{ '@odata.type': '#microsoft.graph.windowsAppIdentifier', windowsAppId: 'Contoso.Notes_8wekyb3d8bbwe' }],
  ])('appIdentifier %j is accepted and echoed as sent', async (appIdentifier) => {
    const reply = await h.call('POST', REGISTRATIONS, { body: { appIdentifier } });
    expect(reply.status).toBe(201);
    expect(reply.body.appIdentifier).toEqual(appIdentifier);
  });

  it('accepts every flaggedReason and null for nullable properties', async () => {
    const flaggedReasons = ['none', 'rootedDevice', 'androidBootloaderUnlocked', 'androidFactoryRomModified'];
    const reply = await h.call('POST', REGISTRATIONS, { body: { flaggedReasons, deviceName: null, appIdentifier: null } });
    expect(reply.status).toBe(201);
    expect(reply.body.flaggedReasons).toEqual(flaggedReasons);
  });

  it('ignores client-sent id and createdDateTime, and annotations', async () => {
    const reply = await h.call('POST', REGISTRATIONS, {
      body: {
        id: 'client-id',
        createdDateTime: '2001-01-01T00:00:00Z',
        '@odata.context': 'https://example.com/$metadata#x',
        'deviceName@odata.type': '#String',
        deviceName: 'd',
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.id).toMatch(GUID);
    expect(reply.body.createdDateTime).toMatch(CREATED_DATE_TIME);
    expect(reply.body['@odata.context']).toBe(
      `${h.emulator.url}/$metadata#deviceAppManagement/managedAppRegistrations/$entity`,
    );
    expect(reply.body).not.toHaveProperty('deviceName@odata.type');
    expect(reply.body.deviceName).toBe('d');
  });
});

describe('mobileAppInstallStatus validation', () => {
  const STATUS_TYPE = 'microsoft.graph.resultantAppState';
  it.each<[string, Record<string, unknown>, string]>([
    ['errorCode as a string', { errorCode: '9' }, convert('errorCode', '9', 'Edm.Int32')],
    ['fractional errorCode', { errorCode: 1.5 }, convert('errorCode', '1.5', 'Edm.Int32')],
    ['errorCode beyond Int32', { errorCode: 2147483648 }, convert('errorCode', '2147483648', 'Edm.Int32')],
    ['null errorCode', { errorCode: null }, nullNotAllowed('errorCode', 'Edm.Int32')],
    ['unknown status value', { mobileAppInstallStatusValue: 'Installed' }, convert('mobileAppInstallStatusValue', 'Installed', STATUS_TYPE)],
    [
      'installState from the other enum',
      { installState: 'notApplicable ' },
      convert('installState', 'notApplicable ', STATUS_TYPE),
    ],
    ['null installState', { installState: null }, nullNotAllowed('installState', STATUS_TYPE)],
    [
      'unknown installStateDetail',
      { installStateDetail: 'bogus' },
      convert('installStateDetail', 'bogus', 'microsoft.graph.resultantAppStateDetail'),
    ],
    [
      'registration type',
      { '@odata.type': '#microsoft.graph.managedAppRegistration' },
      "Invalid '@odata.type' '#microsoft.graph.managedAppRegistration': expected '#microsoft.graph.mobileAppInstallStatus' or a type derived from it (#microsoft.graph.mobileAppInstallStatus).",
    ],
    [
      'createdDateTime (not a property of this type)',
      { createdDateTime: '2017-01-01T00:00:00Z' },
      `The property 'createdDateTime' does not exist on type 'microsoft.graph.mobileAppInstallStatus'. ${MAKE_SURE}`,
    ],
    [
      'navigation property app',
      { app: {} },
      "The navigation property 'app' of type 'microsoft.graph.mobileAppInstallStatus' cannot be written inline by this create request.",
    ],
    ['bad lastSyncDateTime', { lastSyncDateTime: '2017-01-01T00:00:00' }, convert('lastSyncDateTime', '2017-01-01T00:00:00', 'Edm.DateTimeOffset')],
  ])('%s → 400, nothing stored', async (_name, body, message) => {
    const reply = await h.call('POST', STATUSES, { body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', message));
    expect(h.emulator.store.mobileAppInstallStatuses()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['defaults', {}, {}],
    ['only mobileAppInstallStatusValue', { mobileAppInstallStatusValue: 'pendingInstall' }, { installState: 'pendingInstall' }],
    ['only installState', { installState: 'uninstallFailed' }, { mobileAppInstallStatusValue: 'uninstallFailed' }],
    ['both, different', { installState: 'failed', mobileAppInstallStatusValue: 'unknown' }, {}],
    ['errorCode Int32 minimum', { errorCode: -2147483648 }, {}],
    ['a negative detail member', { installStateDetail: 'platformNotApplicable', displayVersion: '1.2' }, {}],
    ['with "#"-less @odata.type', { '@odata.type': 'microsoft.graph.mobileAppInstallStatus' }, {}],
  ])('%s', async (_name, body, derived) => {
    const reply = await h.call('POST', STATUSES, { body });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      '@odata.context': `${h.emulator.url}/$metadata#deviceAppManagement/mobileApps('${IOS_APP.id}')/deviceStatuses/$entity`,
      '@odata.type': '#microsoft.graph.mobileAppInstallStatus',
      id: expect.stringMatching(GUID),
      ...installStatusProperties({ ...body, ...derived }),
    });
  });
});
