// Contract §13 "same answers": every document of the manifests (the fixtures, which hold every operation of
// examples/frontend) run by id on a gateway with TRUSTED_DOCUMENTS — the document prepared at start, executed with
// no parse and no validation — answers byte for byte what its text answers on a gateway without a list (graphql-js
// on the parsed text, the reference), with the same status and headers and from the same path, over the emulator's
// fixtures and faults: success, every Graph error class, nulls, unknown enum values (UNKNOWN_FUTURE_VALUE), a
// 7-digit DateTimeOffset, @oneOf violations and bad variables.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';
import { APOLLO, CODEGEN, ROOT } from './support';

type Fault = Parameters<Stack['emulator']['faults']['add']>[0];
type Variables = Record<string, unknown>;

interface ManifestDocument {
  readonly id: string;
  readonly text: string;
  readonly operation: OperationDefinitionNode;
}

const APP = SEEDED_MOBILE_APPS[0]!.id;
const REG_ID = 'equivalence-registration';
const STATUS_ID = 'equivalence-status';
const SEVEN_DIGITS = '2026-01-02T03:04:05.1234567Z';
const CURSOR_SECRET = 'equivalence-test-cursor-secret-0123456789';

/** Both fixture manifests, each document once, with the operation that runs. */
function manifestDocuments(): ManifestDocument[] {
  const codegen = Object.entries(JSON.parse(readFileSync(CODEGEN, 'utf8')) as Record<string, string>).map(([id, text]) => ({ id, text, name: undefined as string | undefined }));
  const apollo = (JSON.parse(readFileSync(APOLLO, 'utf8')) as { operations: Array<{ id: string; name: string; body: string }> }).operations.map((o) => ({ id: o.id, text: o.body, name: o.name }));
  const seen = new Set<string>();
  return [...codegen, ...apollo].flatMap(({ id, text, name }) => {
    if (seen.has(text)) return [];
    seen.add(text);
    const operations = parse(text).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return [{ id, text, operation: operations.find((o) => name === undefined || o.name?.value === name)! }];
  });
}

const DOCUMENTS = manifestDocuments();

/** Good variables of each operation, by name. */
const GOOD: Record<string, Variables> = {
  GetManagedAppRegistration: { id: REG_ID },
  ListManagedAppRegistrations: { first: 2 },
  GetMobileAppInstallStatus: { mobileAppId: APP, id: STATUS_ID },
  CreateManagedAppRegistration: {
    input: { deviceTag: 'equivalence', lastSyncDateTime: SEVEN_DIGITS, flaggedReasons: ['ROOTED_DEVICE'], appIdentifier: { android: { packageId: 'com.equivalence' } } },
  },
  CreateMobileAppInstallStatus: { mobileAppId: APP, input: { deviceName: 'equivalence', lastSyncDateTime: SEVEN_DIGITS, mobileAppInstallStatusValue: 'INSTALLED' } },
};

function nameOf(document: ManifestDocument): string {
  return document.operation.name!.value;
}

/** Variables that do not coerce: none at all, and each variable in turn given an object no scalar or input type takes. */
function badVariables(document: ManifestDocument): Array<[string, Variables]> {
  const good = GOOD[nameOf(document)]!;
  const each = (document.operation.variableDefinitions ?? []).map((v): [string, Variables] => [`$${v.variable.name.value} not coercible`, { ...good, [v.variable.name.value]: { nope: 1 } }]);
  return [['no variables', {}], ...each];
}

/**
 * @oneOf violations and enum values an input does not take, where the operation's input has them. None coerces
 * (Apollo answers) but UNKNOWN_FUTURE_VALUE, an enum value the resolver refuses (the lean path answers).
 */
function inputViolations(document: ManifestDocument): Array<[string, Variables]> {
  const good = GOOD[nameOf(document)]!;
  const input = good.input as Variables | undefined;
  if (input === undefined) return [];
  const cases: Array<[string, Variables]> = [];
  if ('appIdentifier' in input) {
    cases.push(
      ['@oneOf with two members', { ...good, input: { ...input, appIdentifier: { android: { packageId: 'a' }, ios: { bundleId: 'b' } } } }],
      ['@oneOf with no member', { ...good, input: { ...input, appIdentifier: {} } }],
      ['@oneOf with a null member', { ...good, input: { ...input, appIdentifier: { android: null } } }],
      ['an unknown enum name in a list', { ...good, input: { ...input, flaggedReasons: ['NOPE'] } }],
      ['UNKNOWN_FUTURE_VALUE as input', { ...good, input: { ...input, flaggedReasons: ['UNKNOWN_FUTURE_VALUE'] } }],
    );
  }
  if ('mobileAppInstallStatusValue' in input) {
    cases.push(['an unknown enum name', { ...good, input: { ...input, mobileAppInstallStatusValue: 'NOPE' } }], ['UNKNOWN_FUTURE_VALUE as input', { ...good, input: { ...input, mobileAppInstallStatusValue: 'UNKNOWN_FUTURE_VALUE' } }]);
  }
  if ('lastSyncDateTime' in input) cases.push(['a DateTimeOffset that is not one', { ...good, input: { ...input, lastSyncDateTime: 'yesterday' } }]);
  return cases;
}

/** What Graph does, the same on both emulators: each Graph error class of contract §6, and answers the gateway must map. */
const GRAPH: Array<[string, Fault | undefined]> = [
  ['success', undefined],
  ['Graph 400', { fault: { kind: 'status', status: 400 } }],
  ['Graph 401', { fault: { kind: 'status', status: 401 } }],
  ['Graph 403', { fault: { kind: 'status', status: 403 } }],
  ['Graph 404', { fault: { kind: 'status', status: 404 } }],
  ['Graph 409', { fault: { kind: 'status', status: 409 } }],
  ['Graph 429', { fault: { kind: 'status', status: 429, retryAfter: 0 } }],
  ['Graph 503', { fault: { kind: 'status', status: 503 } }],
  ['Graph 502', { fault: { kind: 'status', status: 502 } }],
  ['Graph too slow', { fault: { kind: 'delay', ms: 600 } }],
  ['Graph answers no JSON', { fault: { kind: 'malformed' } }],
  [
    'unknown enum values',
    { fault: { kind: 'patch', set: { flaggedReasons: ['rootedDevice', 'somethingNew'], mobileAppInstallStatusValue: 'brandNew', installState: 'brandNew', installStateDetail: 'brandNewDetail' } } },
  ],
  ['nulls where Graph leaves properties out', { fault: { kind: 'patch', set: { deviceName: undefined, lastSyncDateTime: undefined, appIdentifier: undefined, errorCode: undefined, flaggedReasons: undefined } } }],
  ['7-digit DateTimeOffsets', { fault: { kind: 'patch', set: { createdDateTime: SEVEN_DIGITS, lastSyncDateTime: SEVEN_DIGITS } } }],
];

function seed(stack: Stack): void {
  stack.emulator.store.putManagedAppRegistration({
    '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
    id: REG_ID,
    createdDateTime: SEVEN_DIGITS,
    deviceTag: 'seeded',
    flaggedReasons: ['rootedDevice', 'somethingNew'],
    appIdentifier: { '@odata.type': '#microsoft.graph.androidMobileAppIdentifier', packageId: 'com.seeded' },
  });
  stack.emulator.store.putMobileAppInstallStatus(APP, { id: STATUS_ID, lastSyncDateTime: SEVEN_DIGITS, mobileAppInstallStatusValue: 'hibernating', installState: 'installed', installStateDetail: 'brandNew' });
}

interface Exchange {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  readonly servedBy: string;
}

const HEADERS = ['content-type', 'content-length', 'cache-control', 'retry-after', 'www-authenticate', 'vary', 'access-control-allow-origin', 'access-control-expose-headers'];

async function servedCounts(stack: Stack): Promise<Map<string, number>> {
  const text = await (await request(stack.gateway.metricsUrl!)).body.text();
  return new Map([...text.matchAll(/^graphql_requests_served_total\{path="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function post(stack: Stack, body: Record<string, unknown>): Promise<Exchange> {
  const before = await servedCounts(stack);
  const res = await request(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json,application/json;q=0.9', authorization: AUTHORIZATION, origin: 'http://localhost:5173' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  const after = await servedCounts(stack);
  const servedBy = [...after].filter(([p, n]) => n !== (before.get(p) ?? 0)).map(([p]) => p).join('+');
  // What each emulator makes up on a create (its id, its createdDateTime) and paging cursors (they name each
  // emulator's URL) differ between the two; nothing else may.
  const normalized = text
    .replace(/"(cursor|endCursor)":"[^"]+"/g, '"$1":"<cursor>"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>').replace(/"createdDateTime":"(?!2026-01-02T03:04:05\.1234567Z)[^"]+"/g, '"createdDateTime":"<now>"');
  const headers = Object.fromEntries(HEADERS.map((name) => [name, name === 'content-length' ? undefined : res.headers[name]]));
  return { status: res.statusCode, headers, body: normalized, servedBy };
}

describe('a trusted document by id answers exactly what its text answers', () => {
  let trusted: Stack;
  let reference: Stack;
  const env = { GRAPH_TIMEOUT_MS: '200', GRAPH_RETRY_MAX: '1', CURSOR_SECRET };
  beforeAll(async () => {
    [trusted, reference] = await Promise.all([
      startStack({ env: { ...env, TRUSTED_DOCUMENTS: `${CODEGEN},${APOLLO}`, TRUSTED_DOCUMENTS_MODE: 'ids-only' } }),
      startStack({ env }),
    ]);
    seed(trusted);
    seed(reference);
  });
  afterAll(async () => {
    await Promise.all([trusted.close(), reference.close()]);
  });
  afterEach(() => {
    trusted.emulator.faults.clear();
    reference.emulator.faults.clear();
  });

  it('covers every operation of examples/frontend', () => {
    const dir = path.join(ROOT, 'examples', 'frontend', 'operations');
    const names = readdirSync(dir).flatMap((file) =>
      parse(readFileSync(path.join(dir, file), 'utf8')).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name!.value] : [])),
    );
    expect(DOCUMENTS.map(nameOf).sort()).toEqual(names.sort());
  });

  const cases = DOCUMENTS.flatMap((document) => [
    ...GRAPH.map(([what, fault]) => [`${nameOf(document)}: ${what}`, document, GOOD[nameOf(document)]!, fault, 'lean'] as const),
    ...[...badVariables(document), ...inputViolations(document)].map(
      ([what, variables]) => [`${nameOf(document)}: ${what}`, document, variables, undefined, what.startsWith('UNKNOWN_FUTURE_VALUE') ? 'lean' : 'apollo'] as const,
    ),
  ]);
  const served = new Map<string, string[]>();

  it.each(cases)('%s', async (_name, document, variables, fault, _path) => {
    if (fault) for (const stack of [trusted, reference]) stack.emulator.faults.add({ ...fault, times: Infinity });
    const [byId, byText] = await Promise.all([post(trusted, { documentId: document.id, variables }), post(reference, { query: document.text, variables })]);
    expect(byId).toEqual(byText);
    served.set(byId.servedBy, [...(served.get(byId.servedBy) ?? []), _name]);
  });

  it('served the documents by id on the lean path (the prepared document), bad variables by Apollo', () => {
    // Every answer with data is the lean path's; variables that do not coerce go on to Apollo with the text.
    for (const path of ['lean', 'apollo']) expect(served.get(path)).toEqual(cases.filter((c) => c[4] === path).map(([name]) => name));
    expect([...served.keys()].sort()).toEqual(['apollo', 'lean']);
  });
});
