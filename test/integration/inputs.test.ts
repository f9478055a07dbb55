import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => stack.emulator.clearRequests());

const REG_VARS = `mutation($input: ManagedAppRegistrationInput!, $userId: ID, $collection: ManagedAppRegistrationCollection) {
  createManagedAppRegistration(input: $input, userId: $userId, collection: $collection) { id }
}`;
const STATUS_VARS = `mutation($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, userAppInstallStatusId: $userAppInstallStatusId, input: $input) { id }
}`;

/** Each case: the operation, its variables, and a fragment the message must contain. */
const CASES: Array<[string, string, Record<string, unknown> | undefined, string]> = [
  ['oneOf with two kinds (variables)', REG_VARS, { input: { appIdentifier: { android: { packageId: 'a' }, ios: { bundleId: 'b' } } } }, '"input.appIdentifier"'],
  ['oneOf with no kind (variables)', REG_VARS, { input: { appIdentifier: {} } }, '"input.appIdentifier"'],
  ['oneOf with two kinds (literal)', 'mutation { createManagedAppRegistration(input: { appIdentifier: { android: { packageId: "a" }, ios: { bundleId: "b" } } }) { id } }', undefined, 'Argument "input.appIdentifier" has an invalid value: OneOf Input Object "MobileAppIdentifierInput" must specify exactly one key'],
  ['unknown enum value (variables)', REG_VARS, { input: { flaggedReasons: ['JAILBROKEN'] } }, '"input.flaggedReasons[0]"'],
  ['unknown enum value (literal)', 'mutation { createManagedAppRegistration(input: { flaggedReasons: [JAILBROKEN] }) { id } }', undefined, 'Argument "input.flaggedReasons" has an invalid value: Value "JAILBROKEN" does not exist in "ManagedAppFlaggedReason" enum'],
  ['Graph spelling instead of the GraphQL name', REG_VARS, { input: { flaggedReasons: ['rootedDevice'] } }, '"input.flaggedReasons[0]"'],
  ['UNKNOWN_FUTURE_VALUE flag', REG_VARS, { input: { flaggedReasons: ['UNKNOWN_FUTURE_VALUE'] } }, 'Argument "input.flaggedReasons" cannot contain UNKNOWN_FUTURE_VALUE'],
  ['UNKNOWN_FUTURE_VALUE state', STATUS_VARS, { mobileAppId: 'a', input: { mobileAppInstallStatusValue: 'UNKNOWN_FUTURE_VALUE' } }, 'Argument "input.mobileAppInstallStatusValue" cannot be UNKNOWN_FUTURE_VALUE'],
  ['UNKNOWN_FUTURE_VALUE installState', STATUS_VARS, { mobileAppId: 'a', input: { installState: 'UNKNOWN_FUTURE_VALUE' } }, 'Argument "input.installState" cannot be UNKNOWN_FUTURE_VALUE'],
  ['UNKNOWN_FUTURE_VALUE installStateDetail', STATUS_VARS, { mobileAppId: 'a', input: { installStateDetail: 'UNKNOWN_FUTURE_VALUE' } }, 'Argument "input.installStateDetail" cannot be UNKNOWN_FUTURE_VALUE'],
  ['date without offset (variables)', REG_VARS, { input: { lastSyncDateTime: '2017-01-01T00:02:49' } }, 'at "input.lastSyncDateTime"; Expected type "DateTimeOffset". DateTimeOffset must be ISO 8601'],
  ['date with 8 digits (variables)', STATUS_VARS, { mobileAppId: 'a', input: { lastSyncDateTime: '2017-01-01T00:02:49.12345678Z' } }, 'at "input.lastSyncDateTime"; Expected type "DateTimeOffset". DateTimeOffset must be ISO 8601'],
  ['impossible date (literal)', 'mutation { createManagedAppRegistration(input: { lastSyncDateTime: "2017-02-30T00:00:00Z" }) { id } }', undefined, 'Argument "input.lastSyncDateTime" has an invalid value: Expected value of type "DateTimeOffset", found "2017-02-30T00:00:00Z"; DateTimeOffset "2017-02-30T00:00:00Z" is not a real date and time'],
  ['errorCode beyond Int32', STATUS_VARS, { mobileAppId: 'a', input: { errorCode: 2147483648 } }, '"input.errorCode"'],
  ['empty userId', REG_VARS, { input: {}, userId: '' }, 'Argument "userId" must not be empty.'],
  ['empty mobileAppId', STATUS_VARS, { mobileAppId: '', input: {} }, 'Argument "mobileAppId" must not be empty.'],
  ['empty userAppInstallStatusId', STATUS_VARS, { mobileAppId: 'a', userAppInstallStatusId: '', input: {} }, 'Argument "userAppInstallStatusId" must not be empty.'],
  ['userId with collection ROOT', REG_VARS, { input: {}, userId: 'u', collection: 'ROOT' }, 'Arguments "userId" and "collection" cannot be combined'],
  ['userId with collection DEVICE_APP_MANAGEMENT', REG_VARS, { input: {}, userId: 'u', collection: 'DEVICE_APP_MANAGEMENT' }, 'Arguments "userId" and "collection" cannot be combined'],
  ['missing input', 'mutation { createManagedAppRegistration { id } }', undefined, 'Field "createManagedAppRegistration" argument "input" of type "ManagedAppRegistrationInput!" is required'],
  ['unknown input field', REG_VARS, { input: { deviceColour: 'red' } }, 'Field "deviceColour" is not defined by type "ManagedAppRegistrationInput"'],
];

describe('bad input', () => {
  it.each(CASES)('%s is BAD_USER_INPUT and sends nothing to Graph', async (_name, query, variables, fragment) => {
    const res = await stack.gql(query, variables);
    // 200, not 400: a federation router then passes BAD_USER_INPUT on (see badUserInputAs200Plugin).
    expect(res.status).toBe(200);
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(error!.message).toContain(fragment);
    expect(error!.extensions!.stacktrace).toBeUndefined();
    expect(stack.emulator.requests).toEqual([]);
  });
});
