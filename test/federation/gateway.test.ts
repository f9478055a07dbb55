// Contract §5 end to end: a federated router (@apollo/gateway with IntrospectAndCompose) in front of this subgraph
// and a second "directory" subgraph, every hop over real HTTP on 127.0.0.1. The router forwards the caller's
// Authorization header to the subgraphs; this subgraph forwards it to the Graph emulator (contract §1).
import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { AUTHORIZATION, startStack, type GraphQLResponse, type Stack } from '../helpers/stack';
import { startDirectory, startRouter, type DirectoryData, type RunningSubgraph } from './support';

const [APP_IOS, APP_ANDROID, APP_WINDOWS] = [SEEDED_MOBILE_APPS[0]!, SEEDED_MOBILE_APPS[1]!, SEEDED_MOBILE_APPS[2]!];

let stack: Stack;
let directory: RunningSubgraph;
let router: RunningSubgraph;
let routerUrl: string;
const directoryData: DirectoryData = { pinnedRegistrationIds: [], watchedInstallStatuses: [] };
/** Ids Graph gave the seeded records, by deviceTag / deviceName. */
const registrationIds = new Map<string, string>();
const statusIds = new Map<string, string>();

function idOf(ids: Map<string, string>, name: string): string {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`nothing seeded as ${name}`);
  return id;
}

/** Creates a registration through this subgraph's own mutation (contract §2). */
async function seedRegistration(userId: string | null, input: Record<string, unknown>): Promise<void> {
  const res = await stack.gql(
    `mutation($input: ManagedAppRegistrationInput!, $userId: ID) {
      createManagedAppRegistration(input: $input, userId: $userId) { id deviceTag }
    }`,
    { input, userId },
  );
  expect(res.body.errors).toBeUndefined();
  const created = res.body.data!.createManagedAppRegistration as { id: string; deviceTag: string };
  registrationIds.set(created.deviceTag, created.id);
}

/** Creates an install status through this subgraph's own mutation (contract §2). */
async function seedInstallStatus(mobileAppId: string, input: Record<string, unknown>): Promise<void> {
  const res = await stack.gql(
    `mutation($mobileAppId: ID!, $input: MobileAppInstallStatusInput!) {
      createMobileAppInstallStatus(mobileAppId: $mobileAppId, input: $input) { id deviceName }
    }`,
    { mobileAppId, input },
  );
  expect(res.body.errors).toBeUndefined();
  const created = res.body.data!.createMobileAppInstallStatus as { id: string; deviceName: string };
  statusIds.set(created.deviceName, created.id);
}

/** POSTs an operation to the router, with the test token unless other headers are given. */
async function routerGql(query: string, headers: Record<string, string> = { authorization: AUTHORIZATION }): Promise<GraphQLResponse> {
  const res = await request(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as GraphQLResponse['body'] };
}

/** The Graph calls the emulator received, as `METHOD rawPath`; $batch items are marked and listed after their batch. */
function graphCalls(): string[] {
  return stack.emulator.requests.map((r) => (r.batch === undefined ? `${r.method} ${r.rawPath}` : `  item ${r.method} ${r.rawPath}`));
}

beforeAll(async () => {
  stack = await startStack();

  await seedRegistration('u-1', { deviceTag: 'u1-android', appIdentifier: { android: { packageId: 'com.contoso.notes' } } });
  await seedRegistration('u-1', { deviceTag: 'u1-ios', appIdentifier: { ios: { bundleId: 'com.contoso.notes' } } });
  await seedRegistration('u-1', { deviceTag: 'u1-generic' });
  await seedRegistration('u-2', { deviceTag: 'u2-windows', appIdentifier: { windows: { windowsAppId: 'Contoso.FieldTool' } } });
  await seedRegistration(null, { deviceTag: 'nobody' });
  await seedInstallStatus(APP_IOS.id, { deviceName: 'ios-1', mobileAppInstallStatusValue: 'INSTALLED' });
  await seedInstallStatus(APP_IOS.id, { deviceName: 'ios-2', mobileAppInstallStatusValue: 'FAILED', errorCode: -2016330712 });
  await seedInstallStatus(APP_ANDROID.id, { deviceName: 'android-1', mobileAppInstallStatusValue: 'PENDING_INSTALL' });

  directory = await startDirectory(directoryData);

  router = await startRouter([
    { name: 'intune', url: stack.url },
    { name: 'directory', url: directory.url },
  ]);
  routerUrl = router.url;
});

afterAll(async () => {
  await router?.close();
  await directory?.close();
  await stack?.close();
});

beforeEach(() => {
  stack.emulator.clearRequests();
});

describe('through the router', () => {
  it('joins User both ways: registrations from this subgraph, display names from the directory', async () => {
    const res = await routerGql(`{
      users {
        id
        displayName
        managedAppRegistrations(first: 2) {
          nodes { __typename deviceTag user { id displayName } }
          pageInfo { hasNextPage }
        }
      }
    }`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        users: [
          {
            id: 'u-1',
            displayName: 'Adele Vance',
            managedAppRegistrations: {
              nodes: [
                { __typename: 'AndroidManagedAppRegistration', deviceTag: 'u1-android', user: { id: 'u-1', displayName: 'Adele Vance' } },
                { __typename: 'IosManagedAppRegistration', deviceTag: 'u1-ios', user: { id: 'u-1', displayName: 'Adele Vance' } },
              ],
              pageInfo: { hasNextPage: true },
            },
          },
          {
            id: 'u-2',
            displayName: 'Megan Bowen',
            managedAppRegistrations: {
              nodes: [{ __typename: 'WindowsManagedAppRegistration', deviceTag: 'u2-windows', user: { id: 'u-2', displayName: 'Megan Bowen' } }],
              pageInfo: { hasNextPage: false },
            },
          },
        ],
      },
    });
    // One list call per user (the two run concurrently, so their order is free); `user { displayName }` costs Graph nothing.
    expect(graphCalls().sort()).toEqual([
      'GET /beta/users/u-1/managedAppRegistrations?$top=2',
      'GET /beta/users/u-2/managedAppRegistrations?$top=2',
    ]);
    expect(stack.emulator.requests.map((r) => r.headers.authorization)).toEqual([AUTHORIZATION, AUTHORIZATION]);
  });

  it('resolves MobileApp.deviceStatuses through _entities for apps the directory lists', async () => {
    const res = await routerGql(`{
      mobileApps {
        id
        displayName
        deviceStatuses(first: 5) {
          # errorCode was not sent for ios-1 and android-1: Graph (and the emulator) store 0.
          nodes { __typename mobileAppId deviceName mobileAppInstallStatusValue errorCode }
          pageInfo { hasNextPage hasPreviousPage }
        }
      }
    }`);
    expect(res.body).toEqual({
      data: {
        mobileApps: [
          {
            id: APP_IOS.id,
            displayName: 'Contoso Notes (iOS)',
            deviceStatuses: {
              nodes: [
                { __typename: 'MobileAppInstallStatus', mobileAppId: APP_IOS.id, deviceName: 'ios-1', mobileAppInstallStatusValue: 'INSTALLED', errorCode: 0 },
                { __typename: 'MobileAppInstallStatus', mobileAppId: APP_IOS.id, deviceName: 'ios-2', mobileAppInstallStatusValue: 'FAILED', errorCode: -2016330712 },
              ],
              pageInfo: { hasNextPage: false, hasPreviousPage: false },
            },
          },
          {
            id: APP_ANDROID.id,
            displayName: 'Contoso Notes (Android)',
            deviceStatuses: {
              nodes: [
                { __typename: 'MobileAppInstallStatus', mobileAppId: APP_ANDROID.id, deviceName: 'android-1', mobileAppInstallStatusValue: 'PENDING_INSTALL', errorCode: 0 },
              ],
              pageInfo: { hasNextPage: false, hasPreviousPage: false },
            },
          },
          {
            id: APP_WINDOWS.id,
            displayName: 'Contoso Field Tool (Windows)',
            deviceStatuses: { nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } },
          },
        ],
      },
    });
    expect(graphCalls().sort()).toEqual(
      [APP_IOS, APP_ANDROID, APP_WINDOWS].map((app) => `GET /beta/deviceAppManagement/mobileApps/${app.id}/deviceStatuses?$top=5`).sort(),
    );
  });

  it('fetches install statuses by their compound key with one $batch', async () => {
    directoryData.watchedInstallStatuses = [
      { mobileAppId: APP_ANDROID.id, id: idOf(statusIds, 'android-1') },
      { mobileAppId: APP_IOS.id, id: idOf(statusIds, 'ios-2') },
    ];
    const res = await routerGql(`{
      watchedInstallStatuses { mobileAppId id deviceName mobileAppInstallStatusValue }
    }`);
    expect(res.body).toEqual({
      data: {
        watchedInstallStatuses: [
          { mobileAppId: APP_ANDROID.id, id: idOf(statusIds, 'android-1'), deviceName: 'android-1', mobileAppInstallStatusValue: 'PENDING_INSTALL' },
          { mobileAppId: APP_IOS.id, id: idOf(statusIds, 'ios-2'), deviceName: 'ios-2', mobileAppInstallStatusValue: 'FAILED' },
        ],
      },
    });
    expect(graphCalls()).toEqual([
      'POST /beta/$batch',
      `  item GET /deviceAppManagement/mobileApps/${APP_ANDROID.id}/deviceStatuses/${idOf(statusIds, 'android-1')}`,
      `  item GET /deviceAppManagement/mobileApps/${APP_IOS.id}/deviceStatuses/${idOf(statusIds, 'ios-2')}`,
    ]);
    // The token reached Graph on the batch and (as the emulator records it) on each item.
    expect(stack.emulator.requests.map((r) => r.headers.authorization)).toEqual([AUTHORIZATION, AUTHORIZATION, AUTHORIZATION]);
  });

  it('resolves registrations the directory only knows by id (@interfaceObject) with one $batch, each key once', async () => {
    // A duplicate key on purpose: Graph must see each key once (contract §5).
    directoryData.pinnedRegistrationIds = ['u2-windows', 'nobody', 'u1-android', 'u2-windows'].map((tag) => idOf(registrationIds, tag));
    const res = await routerGql(`{
      pinnedRegistrations { __typename id deviceTag user { id displayName } }
    }`);
    const entry = (typename: string, tag: string, user: { id: string; displayName: string } | null) => ({
      __typename: typename,
      id: idOf(registrationIds, tag),
      deviceTag: tag,
      user,
    });
    expect(res.body).toEqual({
      data: {
        pinnedRegistrations: [
          entry('WindowsManagedAppRegistration', 'u2-windows', { id: 'u-2', displayName: 'Megan Bowen' }),
          entry('GenericManagedAppRegistration', 'nobody', null),
          entry('AndroidManagedAppRegistration', 'u1-android', { id: 'u-1', displayName: 'Adele Vance' }),
          entry('WindowsManagedAppRegistration', 'u2-windows', { id: 'u-2', displayName: 'Megan Bowen' }),
        ],
      },
    });
    const items = stack.emulator.requests.filter((r) => r.batch !== undefined).map((r) => `${r.method} ${r.rawPath}`);
    expect(stack.emulator.requests.filter((r) => r.batch === undefined).map((r) => `${r.method} ${r.rawPath}`)).toEqual(['POST /beta/$batch']);
    expect(items.sort()).toEqual(
      ['u2-windows', 'nobody', 'u1-android'].map((tag) => `GET /deviceAppManagement/managedAppRegistrations/${idOf(registrationIds, tag)}`).sort(),
    );
  });

  it('fetches more than 20 registrations in $batch calls of at most 20 requests', async () => {
    for (let i = 0; i < 23; i++) await seedRegistration('u-bulk', { deviceTag: `bulk-${String(i).padStart(2, '0')}` });
    const tags = Array.from({ length: 23 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`);
    directoryData.pinnedRegistrationIds = tags.map((tag) => idOf(registrationIds, tag));
    stack.emulator.clearRequests(); // forget the seeding

    const res = await routerGql(`{ pinnedRegistrations { __typename deviceTag userId } }`);
    expect(res.body).toEqual({
      data: { pinnedRegistrations: tags.map((tag) => ({ __typename: 'GenericManagedAppRegistration', deviceTag: tag, userId: 'u-bulk' })) },
    });
    // ⌈23/20⌉ = 2 batches (contract §5), sent together, so which one is first is free.
    const outer = stack.emulator.requests.filter((r) => r.batch === undefined);
    expect(outer.map((r) => `${r.method} ${r.rawPath}`)).toEqual(['POST /beta/$batch', 'POST /beta/$batch']);
    const items = stack.emulator.requests.filter((r) => r.batch !== undefined);
    const sizes = outer.map((r) => items.filter((item) => item.batch!.outerIndex === stack.emulator.requests.indexOf(r)).length);
    expect(sizes.sort((a, b) => a - b)).toEqual([3, 20]);
    expect(items.map((item) => `${item.method} ${item.rawPath}`).sort()).toEqual(
      directoryData.pinnedRegistrationIds.map((id) => `GET /deviceAppManagement/managedAppRegistrations/${id}`).sort(),
    );
  });

  it('answers UNAUTHENTICATED on the field when the caller sends no token, and calls no Graph API', async () => {
    const res = await routerGql(`{ users { id displayName managedAppRegistrations(first: 1) { nodes { id } } } }`, {});
    expect(res.status).toBe(200);
    const unauthenticated = (index: number) => ({
      message: 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".',
      path: ['users', index, 'managedAppRegistrations'],
      extensions: { code: 'UNAUTHENTICATED', serviceName: 'intune' },
    });
    // `managedAppRegistrations` and the items of `users` are non-null, so the nulls reach the root.
    expect(res.body).toEqual({ data: null, errors: [unauthenticated(0), unauthenticated(1)] });
    expect(graphCalls()).toEqual([]);
  });

  it('leaves @oneOf to the subgraph: the router passes two identifier kinds on, the subgraph rejects them', async () => {
    const res = await routerGql(`mutation {
      createManagedAppRegistration(
        userId: "u-1"
        input: { deviceTag: "two-kinds", appIdentifier: { android: { packageId: "a" }, ios: { bundleId: "b" } } }
      ) { id }
    }`);
    // The supergraph has no @oneOf, so the router's validation passes. The subgraph's validation rejects the
    // operation with BAD_USER_INPUT and HTTP 200 (see badUserInputAs200Plugin), so the router passes the code on.
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Argument "input.appIdentifier" has an invalid value: OneOf Input Object "MobileAppIdentifierInput" must specify exactly one key.',
          extensions: { code: 'BAD_USER_INPUT', serviceName: 'intune' },
        },
      ],
    });
    expect(graphCalls()).toEqual([]);
  });
});

describe("this subgraph's _entities, called directly", () => {
  const ENTITIES = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on ManagedAppRegistration { id deviceTag }
      ... on MobileAppInstallStatus { mobileAppId id deviceName }
    }
  }`;

  it('loads each key once per request, whatever typename the representation names, and answers null for a 404', async () => {
    const android = idOf(registrationIds, 'u1-android');
    const res = await stack.gql(ENTITIES, {
      representations: [
        { __typename: 'ManagedAppRegistration', id: android },
        { __typename: 'AndroidManagedAppRegistration', id: android },
        { __typename: 'ManagedAppRegistration', id: 'no-such-registration' },
        { __typename: 'ManagedAppRegistration', id: android },
      ],
    });
    const found = { __typename: 'AndroidManagedAppRegistration', id: android, deviceTag: 'u1-android' };
    expect(res.body).toEqual({ data: { _entities: [found, found, null, found] } });
    expect(graphCalls()).toEqual([
      'POST /beta/$batch',
      `  item GET /deviceAppManagement/managedAppRegistrations/${android}`,
      '  item GET /deviceAppManagement/managedAppRegistrations/no-such-registration',
    ]);
  });

  it('loads a single compound key with a plain GET, and answers null for a 404', async () => {
    const ios1 = idOf(statusIds, 'ios-1');
    const res = await stack.gql(ENTITIES, { representations: [{ __typename: 'MobileAppInstallStatus', mobileAppId: APP_IOS.id, id: ios1 }] });
    expect(res.body).toEqual({ data: { _entities: [{ __typename: 'MobileAppInstallStatus', mobileAppId: APP_IOS.id, id: ios1, deviceName: 'ios-1' }] } });
    // The same status id under another app is another key, which Graph does not have.
    const other = await stack.gql(ENTITIES, { representations: [{ __typename: 'MobileAppInstallStatus', mobileAppId: APP_ANDROID.id, id: ios1 }] });
    expect(other.body).toEqual({ data: { _entities: [null] } });
    expect(graphCalls()).toEqual([
      `GET /beta/deviceAppManagement/mobileApps/${APP_IOS.id}/deviceStatuses/${ios1}`,
      `GET /beta/deviceAppManagement/mobileApps/${APP_ANDROID.id}/deviceStatuses/${ios1}`,
    ]);
  });
});
