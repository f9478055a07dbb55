import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodeCursor } from '../../src/graph/cursor';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { HTTP_DATE, UUID } from '../helpers/expected';
import { startStack, type Stack } from '../helpers/stack';

const LIST = '/deviceAppManagement/managedAppRegistrations';
const REGISTRATIONS = `query($u: ID, $first: Int, $after: String) {
  managedAppRegistrations(userId: $u, first: $first, after: $after) { nodes { deviceTag } pageInfo { hasNextPage endCursor } }
}`;

let stack: Stack;
let trap: Server;
let trapPort: number;
let trapConnections = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  stack = await startStack({ env: { CURSOR_SECRET: 'test-cursor-secret-of-at-least-32-chars' } });
  for (let i = 0; i < 5; i++) await stack.gql(`mutation { createManagedAppRegistration(userId: "u${i % 2}", input: { deviceTag: "r${i}" }) { id } }`);
  // A listener on another loopback port: nothing may ever reach it.
  trap = createServer((socket) => {
    trapConnections++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as AddressInfo).port;
});
afterAll(async () => {
  await stack.close();
  await new Promise<void>((resolve) => trap.close(() => resolve()));
});
beforeEach(() => {
  stack.emulator.clearRequests();
  stack.emulator.faults.clear();
});
afterEach(() => expect(trapConnections).toBe(0));

function endCursor(res: Awaited<ReturnType<Stack['gql']>>): string {
  expect(res.body.errors).toBeUndefined();
  return ((res.body.data!.managedAppRegistrations as { pageInfo: { endCursor: string } }).pageInfo.endCursor);
}

function expectRefused(res: Awaited<ReturnType<Stack['gql']>>, why: string): void {
  expect(res.body.data).toBeNull();
  expect(res.body.errors).toEqual([
    {
      message: `Argument "after" is not a cursor this gateway issued for this list (${why}).`,
      locations: [{ line: 2, column: 3 }],
      path: ['managedAppRegistrations'],
      extensions: { code: 'BAD_USER_INPUT' },
    },
  ]);
}

describe('cursors are opaque', () => {
  it("hide where the gateway pages from: neither Graph's host and port, nor the list, nor the next link can be read", async () => {
    const cursor = endCursor(await stack.gql(REGISTRATIONS, { first: 2 }));
    const { host } = new URL(stack.emulator.url);
    const decoded = cursor
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join('\n');
    for (const hidden of [host, '127.0.0.1', 'deviceAppManagement', 'managedAppRegistrations', '$top', 'beta', 'http']) expect(decoded).not.toContain(hidden);
    // Long enough never to occur by chance in base64url text.
    for (const hidden of ['deviceAppManagement', 'managedAppRegistrations']) expect(cursor).not.toContain(hidden);
    // Still a working cursor.
    expect(endCursor(await stack.gql(REGISTRATIONS, { first: 2, after: cursor }))).toEqual(expect.any(String));
  });

  it('refuse any change to either part as a bad signature, and send nothing', async () => {
    const cursor = endCursor(await stack.gql(REGISTRATIONS, { first: 2 }));
    const [sealed, signed] = cursor.split('.') as [string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] = bytes[at]! ^ 1;
      return bytes.toString('base64url');
    };
    stack.emulator.clearRequests();
    for (const changed of [
      `${flip(sealed, 0)}.${signed}`, // the IV
      `${flip(sealed, 20)}.${signed}`, // the encrypted page
      `${sealed}.${flip(signed, 1)}`, // the skip
      `${sealed}.${flip(signed, 17)}`, // the MAC
    ]) {
      expectRefused(await stack.gql(REGISTRATIONS, { first: 2, after: changed }), 'bad signature');
    }
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('cursors not issued by this gateway', () => {
  it.each([
    ['not a cursor', 'garbage', 'malformed'],
    ['three parts', 'a.b.c', 'malformed'],
    ['base64 of a plausible payload, unsigned', `${Buffer.from('{"v":1}').toString('base64url')}.AAAA`, 'bad signature'],
  ])('%s is BAD_USER_INPUT and sends nothing', async (_name, after, why) => {
    expectRefused(await stack.gql(REGISTRATIONS, { first: 2, after }), why);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('a well-formed cursor signed with another key (pointing at another port) is refused', async () => {
    const forged = encodeCursor('someone-elses-secret-of-32-characters!!', {
      collection: LIST,
      page: `http://127.0.0.1:${trapPort}/beta${LIST}?$top=2`,
      skip: 0,
    });
    expectRefused(await stack.gql(REGISTRATIONS, { first: 2, after: forged }), 'bad signature');
    expect(stack.emulator.requests).toEqual([]);
  });

  it("a cursor of another gateway instance (another CURSOR_SECRET) is refused", async () => {
    const other = await startStack({ env: { CURSOR_SECRET: 'a-different-cursor-secret-of-32-chars' } });
    try {
      await other.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
      await other.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
      const theirs = endCursor(await other.gql(REGISTRATIONS, { first: 1 }));
      expectRefused(await stack.gql(REGISTRATIONS, { first: 2, after: theirs }), 'bad signature');
    } finally {
      await other.close();
    }
  });

  it("a cursor of another list is refused", async () => {
    const u0 = endCursor(await stack.gql(REGISTRATIONS, { u: 'u0', first: 1 }));
    stack.emulator.clearRequests();
    expectRefused(await stack.gql(REGISTRATIONS, { u: 'u1', first: 1, after: u0 }), 'it belongs to another list');
    expectRefused(await stack.gql(REGISTRATIONS, { first: 1, after: u0 }), 'it belongs to another list');
    const statuses = await stack.gql('query($a: ID!, $after: String) { mobileAppInstallStatuses(mobileAppId: $a, after: $after) { nodes { id } } }', {
      a: SEEDED_MOBILE_APPS[0]!.id,
      after: u0,
    });
    expect(statuses.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('next links outside GRAPH_BASE_URL', () => {
  const foreign: Array<[string, (base: string, port: string) => string]> = [
    ['another port', () => `http://127.0.0.1:${trapPort}/beta${LIST}?$top=2&$skiptoken=x`],
    ['another host name', (_b, port) => `http://localhost:${port}/beta${LIST}?$top=2&$skiptoken=x`],
    ['another scheme', (_b, port) => `https://127.0.0.1:${port}/beta${LIST}?$top=2&$skiptoken=x`],
    ['another path prefix', (base) => `${base.replace(/\/beta$/, '/v1.0')}${LIST}?$top=2`],
    ['a longer prefix', (base) => `${base}2${LIST}?$top=2`],
    ['dot segments', (base) => `${base}/../v1.0${LIST}?$top=2`],
    ['encoded dot segments', (base) => `${base}/%2e%2e/v1.0${LIST}?$top=2`],
    ['credentials', (_b, port) => `http://user:pass@127.0.0.1:${port}/beta${LIST}?$top=2`],
    ['an @ in the path', (base) => `${base}@127.0.0.1:${trapPort}/beta${LIST}`],
    ['a backslash', (base) => `${base}\\..\\v1.0${LIST}`],
  ];

  it.each(foreign)('a cursor carrying Graph\'s next link to %s is refused at use and sends nothing', async (_name, link) => {
    const port = new URL(stack.emulator.url).port;
    stack.emulator.faults.add({ method: 'GET', path: LIST, fault: { kind: 'patch', set: { '@odata.nextLink': link(stack.emulator.url, port) } } });
    const cursor = endCursor(await stack.gql(REGISTRATIONS, { first: 2 }));
    stack.emulator.clearRequests();
    expectRefused(await stack.gql(REGISTRATIONS, { first: 2, after: cursor }), 'its next page is not on the configured GRAPH_BASE_URL');
    expect(stack.emulator.requests).toEqual([]);
  });

  it('a foreign next link is not followed within one query either', async () => {
    stack.emulator.faults.add({
      method: 'GET',
      path: LIST,
      fault: { kind: 'patch', set: { value: [], '@odata.nextLink': `http://127.0.0.1:${trapPort}/beta${LIST}?$top=2` } },
    });
    const res = await stack.gql(REGISTRATIONS, { first: 2 });
    // A 200 carries no error body: the Graph details are the status and the answer's headers.
    expect(res.body.errors).toEqual([
      {
        message: 'Microsoft Graph gave an @odata.nextLink outside GRAPH_BASE_URL; it was not followed.',
        locations: [{ line: 2, column: 3 }],
        path: ['managedAppRegistrations'],
        extensions: {
          code: 'UPSTREAM_BAD_RESPONSE',
          graph: {
            status: 200,
            code: null,
            message: null,
            requestId: expect.stringMatching(UUID),
            clientRequestId: stack.emulator.requests[0]!.headers['client-request-id'],
            date: expect.stringMatching(HTTP_DATE),
          },
        },
      },
    ]);
    expect(stack.emulator.requests).toHaveLength(1);
  });
});
