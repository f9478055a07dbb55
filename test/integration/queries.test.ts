import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { graphDetail } from '../helpers/expected';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[1]!;
const USER_STATUS = APP.userStatusIds[1]!;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { MAX_PAGE_SIZE: '10', DEFAULT_PAGE_SIZE: '4' } });
  for (let i = 0; i < 7; i++) {
    const user = i % 2 === 0 ? 'even' : 'odd';
    await stack.gql(`mutation { createManagedAppRegistration(userId: "${user}", input: { deviceTag: "r${i}" }) { id } }`);
  }
  for (let i = 0; i < 5; i++) {
    const under = i < 2 ? `, userAppInstallStatusId: "${USER_STATUS}"` : '';
    await stack.gql(`mutation { createMobileAppInstallStatus(mobileAppId: "${APP.id}"${under}, input: { deviceName: "d${i}", mobileAppInstallStatusValue: INSTALLED }) { id } }`);
  }
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.emulator.clearRequests();
  stack.emulator.faults.clear();
});

const REGISTRATIONS = `query($userId: ID, $first: Int, $after: String) {
  managedAppRegistrations(userId: $userId, first: $first, after: $after) {
    edges { cursor node { deviceTag } }
    nodes { deviceTag }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const STATUSES = `query($a: ID!, $s: ID, $first: Int, $after: String) {
  mobileAppInstallStatuses(mobileAppId: $a, userAppInstallStatusId: $s, first: $first, after: $after) {
    nodes { mobileAppId deviceName mobileAppInstallStatusValue }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  edges?: Array<{ cursor: string; node: Record<string, unknown> }>;
  nodes: Array<Record<string, unknown>>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; startCursor?: string | null; endCursor: string | null };
}

/** Pages through a connection to the end; returns every page. */
async function pageAll(query: string, field: string, variables: Record<string, unknown>): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const res = await stack.gql(query, { ...variables, after });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data![field] as Page;
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
  throw new Error('did not reach the end');
}

describe('managedAppRegistrations', () => {
  it('pages through all of them with one Graph call a page', async () => {
    const pages = await pageAll(REGISTRATIONS, 'managedAppRegistrations', { first: 3 });
    expect(pages.map((p) => p.nodes.map((n) => n.deviceTag))).toEqual([['r0', 'r1', 'r2'], ['r3', 'r4', 'r5'], ['r6']]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    for (const page of pages) {
      expect(page.edges!.map((e) => e.node)).toEqual(page.nodes);
      expect(page.pageInfo.startCursor).toBe(page.edges![0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges![page.edges!.length - 1]!.cursor);
    }
    const calls = stack.emulator.requests.map((r) => `${r.method} ${r.rawPath.replace(/\$skiptoken=[^&]+/, '$skiptoken=…')}`);
    expect(calls).toEqual([
      'GET /beta/deviceAppManagement/managedAppRegistrations?$top=3',
      'GET /beta/deviceAppManagement/managedAppRegistrations?$top=3&$skiptoken=…',
      'GET /beta/deviceAppManagement/managedAppRegistrations?$top=3&$skiptoken=…',
    ]);
  });

  it('continues after any edge cursor, and with another page size', async () => {
    const first = (await stack.gql(REGISTRATIONS, { first: 3 })).body.data!.managedAppRegistrations as Page;
    const afterSecond = first.edges![1]!.cursor;
    const next = (await stack.gql(REGISTRATIONS, { first: 5, after: afterSecond })).body.data!.managedAppRegistrations as Page;
    expect(next.nodes.map((n) => n.deviceTag)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('uses DEFAULT_PAGE_SIZE without first', async () => {
    const page = (await stack.gql(REGISTRATIONS, {})).body.data!.managedAppRegistrations as Page;
    expect(page.nodes).toHaveLength(4);
    expect(stack.emulator.requests[0]!.rawPath).toBe('/beta/deviceAppManagement/managedAppRegistrations?$top=4');
  });

  it("lists one user's registrations", async () => {
    const pages = await pageAll(REGISTRATIONS, 'managedAppRegistrations', { userId: 'odd', first: 2 });
    expect(pages.flatMap((p) => p.nodes.map((n) => n.deviceTag))).toEqual(['r1', 'r3', 'r5']);
    expect(stack.emulator.requests[0]!.rawPath).toBe('/beta/users/odd/managedAppRegistrations?$top=2');
  });

  it('an empty list is an empty connection', async () => {
    const page = (await stack.gql(REGISTRATIONS, { userId: 'nobody' })).body.data!.managedAppRegistrations as Page;
    expect(page).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('first at MAX_PAGE_SIZE is accepted', async () => {
    const res = await stack.gql(REGISTRATIONS, { first: 10 });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests[0]!.rawPath).toBe('/beta/deviceAppManagement/managedAppRegistrations?$top=10');
  });

  it.each([0, -1, 11])('first: %i is BAD_USER_INPUT and sends nothing', async (first) => {
    const res = await stack.gql(REGISTRATIONS, { first });
    expect(res.body.errors).toEqual([
      {
        message: `Argument "first" must be from 1 to 10, got ${first}.`,
        locations: [{ line: 2, column: 3 }],
        path: ['managedAppRegistrations'],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('managedAppRegistration', () => {
  it('reads one by id with a plain GET', async () => {
    const [stored] = stack.emulator.store.managedAppRegistrations();
    const res = await stack.gql('query($id: ID!) { managedAppRegistration(id: $id) { __typename id deviceTag userId user { id } } }', { id: stored!.id });
    expect(res.body).toEqual({
      data: { managedAppRegistration: { __typename: 'GenericManagedAppRegistration', id: stored!.id, deviceTag: 'r0', userId: 'even', user: { id: 'even' } } },
    });
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.rawPath}`)).toEqual([`GET /beta/deviceAppManagement/managedAppRegistrations/${stored!.id}`]);
  });

  it('is null when Graph answers 404', async () => {
    const res = await stack.gql('{ managedAppRegistration(id: "no-such-id") { id } }');
    expect(res.body).toEqual({ data: { managedAppRegistration: null } });
  });

  it('other failures are errors with the contract code', async () => {
    stack.emulator.faults.add({ method: 'GET', fault: { kind: 'status', status: 403, code: 'Forbidden' } });
    const res = await stack.gql('{ managedAppRegistration(id: "x") { id } }');
    expect(res.body.data).toEqual({ managedAppRegistration: null });
    expect(res.body.errors).toEqual([
      {
        message: 'Microsoft Graph denied the request (403 Forbidden): the token needs DeviceManagementApps permissions and the tenant an Intune licence.',
        locations: [{ line: 1, column: 3 }],
        path: ['managedAppRegistration'],
        extensions: {
          code: 'FORBIDDEN',
          graph: graphDetail(403, 'Forbidden', 'Application is not authorized to perform this operation.', stack.emulator.requests[0]!.headers['client-request-id']!),
        },
      },
    ]);
  });

  it('an empty id is BAD_USER_INPUT and sends nothing', async () => {
    const res = await stack.gql('{ managedAppRegistration(id: "") { id } }');
    expect(res.body).toEqual({
      data: { managedAppRegistration: null },
      errors: [{ message: 'Argument "id" must not be empty.', locations: [{ line: 1, column: 3 }], path: ['managedAppRegistration'], extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('without a token is UNAUTHENTICATED and sends nothing', async () => {
    for (const query of ['{ managedAppRegistration(id: "x") { id } }', '{ managedAppRegistrations { nodes { id } } }', `{ mobileAppInstallStatuses(mobileAppId: "${APP.id}") { nodes { id } } }`]) {
      const res = await stack.gql(query, undefined, {});
      expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['UNAUTHENTICATED']);
    }
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('mobileAppInstallStatuses', () => {
  it("pages through an app's statuses", async () => {
    const pages = await pageAll(STATUSES, 'mobileAppInstallStatuses', { a: APP.id, first: 2 });
    expect(pages.flatMap((p) => p.nodes)).toEqual(
      ['d0', 'd1', 'd2', 'd3', 'd4'].map((deviceName) => ({ mobileAppId: APP.id, deviceName, mobileAppInstallStatusValue: 'INSTALLED' })),
    );
    expect(stack.emulator.requests[0]!.rawPath).toBe(`/beta/deviceAppManagement/mobileApps/${APP.id}/deviceStatuses?$top=2`);
  });

  it('lists those under one user install status', async () => {
    const pages = await pageAll(STATUSES, 'mobileAppInstallStatuses', { a: APP.id, s: USER_STATUS, first: 10 });
    expect(pages.flatMap((p) => p.nodes.map((n) => n.deviceName))).toEqual(['d0', 'd1']);
    expect(stack.emulator.requests[0]!.rawPath).toBe(`/beta/deviceAppManagement/mobileApps/${APP.id}/userStatuses/${USER_STATUS}/deviceStatuses?$top=10`);
  });

  it('an unknown app is NOT_FOUND', async () => {
    const res = await stack.gql(STATUSES, { a: 'no-such-app' });
    expect(res.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});

describe('mobileAppInstallStatus', () => {
  it('reads one by app and id', async () => {
    const [stored] = stack.emulator.store.mobileAppInstallStatuses(APP.id);
    const res = await stack.gql('query($a: ID!, $id: ID!) { mobileAppInstallStatus(mobileAppId: $a, id: $id) { id mobileAppId deviceName } }', { a: APP.id, id: stored!.id });
    expect(res.body).toEqual({ data: { mobileAppInstallStatus: { id: stored!.id, mobileAppId: APP.id, deviceName: 'd0' } } });
    expect(stack.emulator.requests.map((r) => r.rawPath)).toEqual([`/beta/deviceAppManagement/mobileApps/${APP.id}/deviceStatuses/${stored!.id}`]);
  });

  it('is null when Graph answers 404', async () => {
    const res = await stack.gql(`{ mobileAppInstallStatus(mobileAppId: "${APP.id}", id: "nope") { id } }`);
    expect(res.body).toEqual({ data: { mobileAppInstallStatus: null } });
  });
});
