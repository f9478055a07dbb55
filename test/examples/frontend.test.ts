// The frontend example (examples/frontend) against the real gateway and emulator over sockets. Importing the example
// here makes ts-jest type-check it (client, generated documents, demo) under the gateway's own strict settings; the
// tsc test below checks it under the example's tsconfig (with DOM), and the codegen tests keep src/gql in step with
// schema.graphql and the operations.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import codegenConfig from '../../examples/frontend/codegen';
import { createClient, GatewayRequestError, type GatewayClient } from '../../examples/frontend/src/client';
import {
  CreateManagedAppRegistrationDocument,
  CreateMobileAppInstallStatusDocument,
  GetManagedAppRegistrationDocument,
  type ManagedAppFlaggedReason,
  type ResultantAppState,
} from '../../examples/frontend/src/gql/graphql';
import { DEMO_REGISTRATION, runDemo, SEEDED_MOBILE_APP_ID, type DemoResult } from '../../examples/frontend/src/main';
import { demoGraphCalls, demoInstallStatus, demoSummary, DEMO_GRAPH_BODIES, GRAPH_TIMESTAMP, SEEDED_REGISTRATIONS, SEEDED_SUMMARIES, UUID } from '../helpers/frontend-flow';
import { graphDetail } from '../helpers/expected';
import { startStack, type Stack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/frontend');
const BIN = path.join(ROOT, 'node_modules/.bin');
const TOKEN = 'example-token';

/** Compile-time equality of two types (the standard conditional-type trick; `extends` alone would accept subtypes). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface Exit {
  code: number | string | null;
  output: string;
}

function run(command: string, args: readonly string[]): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error.code ?? null), output: `${stdout}${stderr}` });
    });
  });
}

let stack: Stack;
let client: GatewayClient;

beforeAll(async () => {
  stack = await startStack();
  client = createClient({ url: stack.url, token: TOKEN });
});
afterAll(async () => {
  await stack.close();
});

function freshEmulator(): void {
  stack.emulator.store.reset();
  stack.emulator.clearRequests();
}

describe('runDemo against the gateway and its emulator', () => {
  let result: DemoResult;
  let lines: string[];

  // One run, read by every test below: the requests it recorded stay until the next describe starts.
  beforeAll(async () => {
    freshEmulator();
    for (const record of SEEDED_REGISTRATIONS) stack.emulator.store.putManagedAppRegistration(record);
    lines = [];
    result = await runDemo(client, (line) => lines.push(line));
  });

  test('creates the registration and reads it back with the same typed fields', () => {
    const { created, readBack } = result;
    expect(created.id).toMatch(UUID);
    expect(created.createdDateTime).toMatch(GRAPH_TIMESTAMP);
    expect(created).toEqual({
      ...demoSummary(created),
      platformVersion: '14',
      lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
      userId: null,
      patchVersion: null,
    });
    expect(readBack).toEqual({
      ...demoSummary(created),
      lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
      platformVersion: '14',
      userId: null,
      version: null,
      patchVersion: null,
    });
  });

  test('pages through every registration, two at a time', () => {
    const { created, pages } = result;
    expect(pages.map((page) => page.edges.map((edge) => edge.node))).toEqual([[...SEEDED_SUMMARIES], [demoSummary(created)]]);
    const [first, second] = pages;
    expect(first?.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: true, endCursor: first?.edges[1]?.cursor });
    expect(second?.pageInfo).toEqual({ __typename: 'PageInfo', hasNextPage: false, endCursor: second?.edges[0]?.cursor });
    for (const page of pages) for (const edge of page.edges) expect(edge.cursor).toEqual(expect.any(String));
  });

  test('creates an install status for the seeded app', () => {
    expect(result.installStatus).toEqual(demoInstallStatus(expect.stringMatching(UUID)));
  });

  test('sends the bearer token, and makes the Graph calls the README lists, one per step', () => {
    const { created } = result;
    const calls = stack.emulator.requests.map((r) => ({ method: r.method, rawPath: r.rawPath, authorization: r.headers.authorization }));
    expect(calls).toEqual(demoGraphCalls(created.id, `Bearer ${TOKEN}`));
    expect(stack.emulator.requests[0]?.body).toEqual(DEMO_GRAPH_BODIES.registration);
    expect(stack.emulator.requests[4]?.body).toEqual(DEMO_GRAPH_BODIES.installStatus);
  });

  test('prints one line per step', () => {
    const { created, installStatus } = result;
    expect(lines).toEqual([
      `created ${created.id} [Android] Megan's Pixel, Android com.contoso.fieldservice flagged ROOTED_DEVICE at ${created.createdDateTime}`,
      `read back AndroidManagedAppRegistration ${created.id}, last sync 2017-01-01T00:02:49.3205976-08:00, patch unknown`,
      'page 1: 2 registration(s), more follow',
      "  b7a1c0de-0000-4000-8000-000000000001 [iOS] Adele's iPhone, iOS com.contoso.notes",
      "  b7a1c0de-0000-4000-8000-000000000002 [generic] Megan's MacBook, macOS com.contoso.notes.mac flagged ROOTED_DEVICE, ANDROID_FACTORY_ROM_MODIFIED",
      'page 2: 1 registration(s), last page',
      `  ${created.id} [Android] Megan's Pixel, Android com.contoso.fieldservice flagged ROOTED_DEVICE`,
      `install status ${installStatus.id} for app ${SEEDED_MOBILE_APP_ID}: PENDING_INSTALL (NO_ADDITIONAL_DETAILS)`,
    ]);
  });

  test('results carry the generated types (checked when ts-jest compiles this file)', () => {
    const checks: [
      Equal<DemoResult['created']['__typename'], 'AndroidManagedAppRegistration' | 'GenericManagedAppRegistration' | 'IosManagedAppRegistration' | 'WindowsManagedAppRegistration'>,
      Equal<DemoResult['created']['flaggedReasons'], ManagedAppFlaggedReason[]>,
      Equal<DemoResult['installStatus']['mobileAppInstallStatusValue'], ResultantAppState | null>,
      Equal<DemoResult['pages'][number]['pageInfo']['endCursor'], string | null>,
    ] = [true, true, true, true];
    expect(checks).toEqual([true, true, true, true]);
  });
});

describe('errors surface as GatewayRequestError with the gateway code', () => {
  beforeEach(freshEmulator);

  /** The error a request failed with, as plain fields (toEqual compares an Error by its message only). */
  async function failure(attempt: Promise<unknown>): Promise<Record<string, unknown>> {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof GatewayRequestError)) throw new Error(`expected a GatewayRequestError, got ${String(error)}`);
    const { name, message, operationName, status, code, graph, errors, partialData } = error;
    return { name, message, operationName, status, code, graph, errors, partialData };
  }

  test('an unknown mobileAppId is NOT_FOUND, with what Graph said', async () => {
    const error = await failure(client.request(CreateMobileAppInstallStatusDocument, { mobileAppId: 'no-such-app', input: { deviceName: 'Laptop-42' } }));
    const message = 'Microsoft Graph found no such resource (404 ResourceNotFound).';
    const graphMessage = "Resource 'no-such-app' does not exist or one of its queried reference-property objects are not present.";
    const graph = graphDetail(404, 'ResourceNotFound', graphMessage, stack.emulator.requests[0]!.headers['client-request-id']!);
    expect(error).toEqual({
      name: 'GatewayRequestError',
      message: `CreateMobileAppInstallStatus failed: NOT_FOUND: ${message}`,
      operationName: 'CreateMobileAppInstallStatus',
      status: 200,
      code: 'NOT_FOUND',
      graph,
      errors: [{ message, path: ['createMobileAppInstallStatus'], code: 'NOT_FOUND', graph }],
      partialData: null,
    });
  });

  test('a missing token is UNAUTHENTICATED, with no Graph details, and nothing reaches Graph', async () => {
    const anonymous = createClient({ url: stack.url, token: '' });
    const message = 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".';
    expect(await failure(anonymous.request(GetManagedAppRegistrationDocument, { id: 'x' }))).toEqual({
      name: 'GatewayRequestError',
      message: `GetManagedAppRegistration failed: UNAUTHENTICATED: ${message}`,
      operationName: 'GetManagedAppRegistration',
      status: 200,
      code: 'UNAUTHENTICATED',
      graph: null,
      errors: [{ message, path: ['managedAppRegistration'], code: 'UNAUTHENTICATED', graph: null }],
      partialData: { managedAppRegistration: null },
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  test('two identifier kinds are refused by the generated type and, if forced, by the gateway (BAD_USER_INPUT)', async () => {
    const attempt = client.request(CreateManagedAppRegistrationDocument, {
      input: {
        ...DEMO_REGISTRATION,
        // @ts-expect-error MobileAppIdentifierInput is @oneOf: its generated type allows exactly one kind.
        appIdentifier: { android: { packageId: 'com.contoso.a' }, ios: { bundleId: 'com.contoso.i' } },
      },
    });
    // graphql-js refuses the variable before anything runs: a request error, 400 for this client's Accept.
    const message =
      'Variable "$input" got invalid value { android: { packageId: "com.contoso.a" }, ios: { bundleId: "com.contoso.i" } } at "input.appIdentifier"; ' +
      'Exactly one key must be specified for OneOf type "MobileAppIdentifierInput".';
    expect(await failure(attempt)).toEqual({
      name: 'GatewayRequestError',
      message: `CreateManagedAppRegistration failed: BAD_USER_INPUT: ${message}`,
      operationName: 'CreateManagedAppRegistration',
      status: 400,
      code: 'BAD_USER_INPUT',
      graph: null,
      errors: [{ message, path: null, code: 'BAD_USER_INPUT', graph: null }],
      partialData: null,
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  test('UNKNOWN_FUTURE_VALUE type-checks as input (the enum is shared with output) but the gateway refuses it', async () => {
    const attempt = client.request(CreateManagedAppRegistrationDocument, { input: { ...DEMO_REGISTRATION, flaggedReasons: ['UNKNOWN_FUTURE_VALUE'] } });
    const message = 'Argument "input.flaggedReasons" cannot contain UNKNOWN_FUTURE_VALUE: it only stands for values Graph adds later.';
    expect(await failure(attempt)).toEqual({
      name: 'GatewayRequestError',
      message: `CreateManagedAppRegistration failed: BAD_USER_INPUT: ${message}`,
      operationName: 'CreateManagedAppRegistration',
      status: 200,
      code: 'BAD_USER_INPUT',
      graph: null,
      errors: [{ message, path: ['createManagedAppRegistration'], code: 'BAD_USER_INPUT', graph: null }],
      partialData: null,
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('the example stays compilable and its generated types current', () => {
  test('graphql-codegen --check: src/gql matches schema.graphql and the operations', async () => {
    const { code, output } = await run(path.join(BIN, 'graphql-codegen'), ['--config', 'examples/frontend/codegen.ts', '--check']);
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
  }, 90_000);

  test('graphql-codegen --check fails once an operation changes (on copies, the committed files are not touched)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'frontend-codegen-'));
    try {
      const outputs = Object.values(codegenConfig.generates);
      expect(outputs).toHaveLength(1);
      await cp(path.join(EXAMPLE, 'operations'), path.join(dir, 'operations'), { recursive: true });
      await cp(path.join(EXAMPLE, 'src/gql'), path.join(dir, 'gql'), { recursive: true });
      const fragment = path.join(dir, 'operations/fragments.graphql');
      await writeFile(fragment, (await readFile(fragment, 'utf8')).replace('  deviceTag\n', '  deviceTag\n  deviceModel\n'));
      const config = { ...codegenConfig, documents: path.join(dir, 'operations/*.graphql'), generates: { [path.join(dir, 'gql/')]: outputs[0] } };
      await writeFile(path.join(dir, 'codegen.json'), JSON.stringify(config));
      const { code, output } = await run(path.join(BIN, 'graphql-codegen'), ['--config', path.join(dir, 'codegen.json'), '--check']);
      expect(code).toBe(1);
      expect(output).toContain('stale files');
      expect(output).toContain(path.join(dir, 'gql/graphql.ts'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  test('tsc --noEmit -p examples/frontend/tsconfig.json', async () => {
    const { code, output } = await run(path.join(BIN, 'tsc'), ['-p', 'examples/frontend/tsconfig.json', '--noEmit']);
    expect({ code, output }).toEqual({ code: 0, output: '' });
  }, 90_000);
});
