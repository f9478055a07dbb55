import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[0]!.id;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => stack.emulator.clearRequests());

const IDS: Array<[string, string]> = [
  ['../x', '..%2Fx'],
  ['a/b', 'a%2Fb'],
  ['a?b=1', 'a%3Fb%3D1'],
  ['%2e%2e', '%252e%252e'],
  ['a#b', 'a%23b'],
  ['...', '...'],
  ['a&$top=1', 'a%26%24top%3D1'],
];

describe('dot segments', () => {
  it.each(['.', '..'])('%s is BAD_USER_INPUT and sends nothing', async (id) => {
    const res = await stack.gql('mutation($u: ID) { createManagedAppRegistration(input: {}, userId: $u) { id } }', { u: id });
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: `Argument "userId" cannot be "${id}": it would change the request path.`,
          locations: [{ line: 1, column: 20 }],
          path: ['createManagedAppRegistration'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('id length', () => {
  it('takes an id of MAX_ID_LENGTH (1024) characters and refuses one more, sending nothing', async () => {
    const ok = await stack.gql('query($id: ID!) { managedAppRegistration(id: $id) { id } }', { id: 'a'.repeat(1024) });
    expect(ok.body).toEqual({ data: { managedAppRegistration: null } });
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta/deviceAppManagement/managedAppRegistrations/${'a'.repeat(1024)}`]);
    stack.emulator.clearRequests();
    const over = await stack.gql('query($id: ID!) { managedAppRegistration(id: $id) { id } }', { id: 'a'.repeat(1025) });
    expect(over.body).toEqual({
      data: { managedAppRegistration: null },
      errors: [
        {
          message: 'Argument "id" is 1025 characters long; ids are at most 1024.',
          locations: [{ line: 1, column: 19 }],
          path: ['managedAppRegistration'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('ids are single encoded path segments', () => {
  it.each(IDS)('userId %s reaches Graph as %s', async (id, encoded) => {
    const res = await stack.gql('mutation($u: ID) { createManagedAppRegistration(input: {}, userId: $u) { id userId } }', { u: id });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta/users/${encoded}/managedAppRegistrations`]);
    expect((res.body.data!.createManagedAppRegistration as Record<string, unknown>).userId).toBe(id);
  });

  it.each(IDS)('mobileAppId %s reaches Graph as %s (an unknown app: NOT_FOUND)', async (id, encoded) => {
    const res = await stack.gql('mutation($a: ID!) { createMobileAppInstallStatus(mobileAppId: $a, input: {}) { id } }', { a: id });
    expect(res.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta/deviceAppManagement/mobileApps/${encoded}/deviceStatuses`]);
  });

  it.each(IDS)('userAppInstallStatusId %s reaches Graph as %s', async (id, encoded) => {
    await stack.gql('mutation($a: ID!, $s: ID) { createMobileAppInstallStatus(mobileAppId: $a, userAppInstallStatusId: $s, input: {}) { id } }', { a: APP, s: id });
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta/deviceAppManagement/mobileApps/${APP}/userStatuses/${encoded}/deviceStatuses`]);
  });
});
