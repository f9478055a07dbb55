// Contract §13 over real HTTP: a gateway on port 0 with the emulator, started with both fixture manifests in each
// mode. Every carrier (POST and GET, both id spellings), every refusal (exact code, message, status by Accept,
// cache-control, no Graph request), answers by id byte for byte those by text and served by the lean path, router
// operations, the bypass, APQ off under enforce, and the counter's values.
import { readFileSync } from 'node:fs';
import { HeaderMap } from '@apollo/server';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { ERRORS } from '../../src/errors/table';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { createLogger } from '../../src/observability/logger';
import { newRequestScope } from '../../src/observability/request-scope';
import type { GatewayContext } from '../../src/resolvers/context';
import { createGraphQLRunners } from '../../src/server/apollo';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { CARRIER_MESSAGES } from '../../src/trusted-documents';
import { sha256Hex } from '../../src/trusted-documents/ids';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';
import { packageAssets } from '../helpers/project';
import { APOLLO, CODEGEN } from './support';

const SECRET = 'bypass-secret-for-the-tests-0123456789';
const HASH = {
  getRegistration: '013a707781999ad30d0f5b3754fe59045c5f73bd6717cfe990f60b9100a3f0e7',
  createInstallStatus: 'ac0142bd45248d1ec9ac0cee05f5b3f40d4c437fba73d95c0c90be7f0b52f40f',
};
const UNKNOWN = 'f'.repeat(64);
const codegen = JSON.parse(readFileSync(CODEGEN, 'utf8')) as Record<string, string>;
const apollo = JSON.parse(readFileSync(APOLLO, 'utf8')) as { operations: Array<{ id: string; body: string }> };
const GET_REGISTRATION = codegen[`sha256:${HASH.getRegistration}`]!;
const CREATE_INSTALL_STATUS = apollo.operations.find((o) => o.id === HASH.createInstallStatus)!.body;
const NOT_LISTED = 'query NotListed($id: ID!) { managedAppRegistration(id: $id) { id deviceTag } }';
const REG_ID = 'trusted-registration';

const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
/** Apollo Client 4's Accept (answers request errors with 400) and curl's (200). */
const ACCEPTS: Array<[string, string, number, string]> = [
  ['application/json', 'application/json', 200, APPLICATION_JSON],
  ['Apollo Client 4', 'application/graphql-response+json,application/json;q=0.9', 400, GRAPHQL_RESPONSE_JSON],
];

type Mode = 'audit' | 'enforce' | 'ids-only';

interface Sent {
  readonly method?: 'GET' | 'POST';
  readonly body?: Record<string, unknown>;
  readonly search?: string;
  readonly headers?: Record<string, string>;
}

interface Answer {
  readonly status: number;
  readonly contentType: unknown;
  readonly cacheControl: unknown;
  readonly body: string;
}

async function send(stack: Stack, sent: Sent, accept = ACCEPTS[1]![1]): Promise<Answer> {
  const method = sent.method ?? 'POST';
  const headers = { authorization: AUTHORIZATION, accept, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...sent.headers };
  const res = await request(`${stack.url}${sent.search ?? ''}`, { method, headers, body: sent.body === undefined ? undefined : JSON.stringify(sent.body) });
  const body = (await res.body.text())
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/"(date|createdDateTime)":"[^"]+"/g, '"$1":"<date>"');
  return { status: res.statusCode, contentType: res.headers['content-type'], cacheControl: res.headers['cache-control'], body };
}

function get(params: Record<string, string>): Sent {
  return { method: 'GET', search: `?${new URLSearchParams(params).toString()}` };
}

function refusal(code: string, message: string): string {
  return `${JSON.stringify({ errors: [{ message, extensions: { code } }] })}\n`;
}

/** A counter's values by label, from the gateway's metrics endpoint. */
async function counter(stack: Stack, name: string): Promise<Record<string, number>> {
  const text = await (await request(stack.gateway.metricsUrl!)).body.text();
  return Object.fromEntries([...text.matchAll(new RegExp(`^${name}\\{\\w+="([\\w-]+)"\\} (\\d+)$`, 'gm'))].map((m) => [m[1]!, Number(m[2])]));
}

function seed(stack: Stack): void {
  stack.emulator.store.putManagedAppRegistration({ '@odata.type': '#microsoft.graph.androidManagedAppRegistration', id: REG_ID, deviceTag: 'trusted', flaggedReasons: ['rootedDevice'] });
}

const stacks = {} as Record<Mode | 'enforce-without-lean-path', Stack>;
beforeAll(async () => {
  const modes: Array<[keyof typeof stacks, Record<string, string>]> = [
    ['audit', { TRUSTED_DOCUMENTS_MODE: 'audit' }],
    ['enforce', { TRUSTED_DOCUMENTS_MODE: 'enforce' }],
    ['ids-only', { TRUSTED_DOCUMENTS_MODE: 'ids-only' }],
    ['enforce-without-lean-path', { TRUSTED_DOCUMENTS_MODE: 'enforce', GRAPHQL_FAST_PATH: 'false' }],
  ];
  await Promise.all(
    modes.map(async ([name, env]) => {
      stacks[name] = await startStack({ env: { TRUSTED_DOCUMENTS: `${CODEGEN},${APOLLO}`, TRUSTED_DOCUMENTS_BYPASS_SECRET: SECRET, ...env } });
      seed(stacks[name]);
    }),
  );
});
afterAll(async () => {
  await Promise.all(Object.values(stacks).map((stack) => stack.close()));
});

describe('every refusal: its code and message, 200 or 400 by Accept, not cached, no Graph request', () => {
  const NOT_IN_LIST = ERRORS.PERSISTED_QUERY_NOT_IN_LIST.message;
  const CASES: Array<[string, Mode, Sent, string, string]> = [
    ['an unknown documentId (audit)', 'audit', { body: { documentId: `sha256:${UNKNOWN}`, variables: { id: REG_ID } } }, 'PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST],
    ['an unknown doc_id with a text (enforce)', 'enforce', { body: { doc_id: 'relay-id-1', query: NOT_LISTED } }, 'PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST],
    ['an unknown APQ hash (enforce)', 'enforce', { body: { extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN } } } }, 'PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST],
    ['an APQ registration of a text not in the list (ids-only)', 'ids-only', { body: { query: NOT_LISTED, extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN } } } }, 'PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST],
    ['an unknown documentId over GET (ids-only)', 'ids-only', get({ documentId: UNKNOWN }), 'PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST],
    ['a text not in the list (enforce)', 'enforce', { body: { query: NOT_LISTED, variables: { id: REG_ID } } }, 'QUERY_NOT_IN_SAFELIST', ERRORS.QUERY_NOT_IN_SAFELIST.message],
    ['a text not in the list over GET (enforce)', 'enforce', get({ query: NOT_LISTED, variables: JSON.stringify({ id: REG_ID }) }), 'QUERY_NOT_IN_SAFELIST', ERRORS.QUERY_NOT_IN_SAFELIST.message],
    ['a wrong bypass secret (enforce)', 'enforce', { body: { query: NOT_LISTED }, headers: { 'x-trusted-documents-bypass': `${SECRET}x` } }, 'QUERY_NOT_IN_SAFELIST', ERRORS.QUERY_NOT_IN_SAFELIST.message],
    ['a text in the list (ids-only)', 'ids-only', { body: { query: GET_REGISTRATION, variables: { id: REG_ID } } }, 'PERSISTED_QUERY_ID_REQUIRED', ERRORS.PERSISTED_QUERY_ID_REQUIRED.message],
    ['a known id with another text (audit)', 'audit', { body: { documentId: HASH.getRegistration, query: NOT_LISTED } }, 'CANNOT_SEND_PQ_ID_AND_BODY', ERRORS.CANNOT_SEND_PQ_ID_AND_BODY.message],
    ['a documentId that is not a string (audit)', 'audit', { body: { documentId: 5 } }, 'BAD_REQUEST', CARRIER_MESSAGES.documentId],
  ];
  const table = CASES.flatMap(([name, mode, sent, code, message]) => ACCEPTS.map(([acceptName, accept, status, contentType]) => [`${name}, ${acceptName}`, mode, sent, code, message, accept, status, contentType] as const));
  it.each(table)('%s', async (_name, mode, sent, code, message, accept, status, contentType) => {
    const stack = stacks[mode];
    stack.emulator.clearRequests();
    expect(await send(stack, sent, accept)).toEqual({ status, contentType, cacheControl: 'private, no-cache, must-revalidate', body: refusal(code, message) });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('by id, every carrier answers what the text answers, byte for byte, on the lean path', () => {
  const variables = { id: REG_ID };
  const byText: Sent = { body: { query: GET_REGISTRATION, variables } };
  const CARRIERS: Array<[string, Sent]> = [
    ['documentId sha256:<hex>', { body: { documentId: `sha256:${HASH.getRegistration}`, variables } }],
    ['documentId <hex>', { body: { documentId: HASH.getRegistration, variables } }],
    ['documentId with exactly its text', { body: { documentId: HASH.getRegistration, query: GET_REGISTRATION, variables } }],
    ['doc_id', { body: { doc_id: `sha256:${HASH.getRegistration}`, variables } }],
    ['extensions.persistedQuery', { body: { extensions: { persistedQuery: { version: 1, sha256Hash: HASH.getRegistration } }, variables } }],
    ['GET documentId', get({ documentId: `sha256:${HASH.getRegistration}`, variables: JSON.stringify(variables) })],
    ['GET extensions=', get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: HASH.getRegistration } }), variables: JSON.stringify(variables) })],
  ];
  const table = (['audit', 'enforce', 'ids-only'] as const).flatMap((mode) => CARRIERS.map(([name, sent]) => [`${name} (${mode})`, mode, sent] as const));
  it.each(table)('%s', async (_name, mode, sent) => {
    const stack = stacks[mode];
    // ids-only refuses the text itself: the reference answer comes from the audit gateway (same records, same settings).
    const expected = await send(mode === 'ids-only' ? stacks.audit : stack, byText);
    const before = await counter(stack, 'graphql_requests_served_total');
    const answer = await send(stack, sent);
    const after = await counter(stack, 'graphql_requests_served_total');
    expect(answer).toEqual(expected);
    expect(answer.body).toContain('"deviceTag":"trusted"');
    expect((after.lean ?? 0) - (before.lean ?? 0)).toBe(1);
  });

  it("runs the Apollo manifest's mutation by id as by text (a create, and its NOT_FOUND), and Apollo answers by id when the lean path is off", async () => {
    for (const stack of [stacks.enforce, stacks['enforce-without-lean-path']]) {
      for (const mobileAppId of ['no-such-app', SEEDED_MOBILE_APPS[0]!.id]) {
        const variables = { mobileAppId, input: { deviceName: 'by-id' } };
        const text = await send(stack, { body: { query: CREATE_INSTALL_STATUS, variables } });
        const id = await send(stack, { body: { documentId: HASH.createInstallStatus, variables } });
        expect(id).toEqual(text);
      }
    }
  });

  it('a mutation by id over GET is 405, as by text', async () => {
    const variables = JSON.stringify({ mobileAppId: 'x', input: {} });
    const byId = await send(stacks.enforce, get({ documentId: HASH.createInstallStatus, variables }));
    const text = await send(stacks.enforce, get({ query: CREATE_INSTALL_STATUS, variables }));
    expect(byId.status).toBe(405);
    expect(byId).toEqual(text);
  });
});

describe('modes, routers and the bypass', () => {
  it('audit runs a text not in the list and logs one info line with its operationName and sha256, never the variables', async () => {
    const stack = stacks.audit;
    const answer = await send(stack, { body: { query: NOT_LISTED, operationName: 'NotListed', variables: { id: REG_ID } } });
    expect(answer.body).toBe(`${JSON.stringify({ data: { managedAppRegistration: { id: REG_ID, deviceTag: 'trusted' } } })}\n`);
    const lines = stack.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.trustedDocuments !== undefined);
    expect(lines.at(-1)).toMatchObject({ level: 'info', trustedDocuments: { operationName: 'NotListed', sha256: sha256Hex(NOT_LISTED) } });
    expect(JSON.stringify(lines.at(-1))).not.toContain(REG_ID);
  });

  it("audit leaves an unknown APQ hash to Apollo's APQ", async () => {
    const answer = await send(stacks.audit, { body: { extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN } } } }, 'application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
  });

  it('enforce runs a text byte-identical to a manifest document', async () => {
    const answer = await send(stacks.enforce, { body: { query: GET_REGISTRATION, variables: { id: REG_ID } } });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('"deviceTag":"trusted"');
  });

  it.each(['enforce', 'ids-only'] as const)("never refuses a router's _service and _entities queries (%s)", async (mode) => {
    const service = await send(stacks[mode], { body: { query: 'query SubgraphIntrospectQuery { _service { sdl } }', operationName: 'SubgraphIntrospectQuery' } });
    expect(service.status).toBe(200);
    expect(JSON.parse(service.body)).toMatchObject({ data: { _service: { sdl: expect.stringContaining('type Mutation') } } });
    const entities = await send(stacks[mode], {
      body: { query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ManagedAppRegistration { id deviceTag } } }', variables: { representations: [{ __typename: 'ManagedAppRegistration', id: REG_ID }] } },
    });
    expect(entities.body).toBe(`${JSON.stringify({ data: { _entities: [{ id: REG_ID, deviceTag: 'trusted' }] } })}\n`);
  });

  it.each(['enforce', 'ids-only'] as const)('runs any text with the bypass secret (%s), and never logs the secret', async (mode) => {
    const answer = await send(stacks[mode], { body: { query: NOT_LISTED, variables: { id: REG_ID } }, headers: { 'x-trusted-documents-bypass': SECRET } });
    expect(answer.body).toBe(`${JSON.stringify({ data: { managedAppRegistration: { id: REG_ID, deviceTag: 'trusted' } } })}\n`);
    expect(stacks[mode].logLines.join('\n')).not.toContain(SECRET);
  });

  it('lets browsers send the bypass header (CORS)', async () => {
    const res = await request(stacks.enforce.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-trusted-documents-bypass' } });
    await res.body.dump();
    expect(res.headers['access-control-allow-headers']).toContain('x-trusted-documents-bypass');
  });
});

describe("Apollo's APQ", () => {
  /** What Apollo Server itself answers an APQ hash, without the trusted-documents step in front of it. */
  async function apq(mode: Mode): Promise<unknown> {
    const config = loadConfig({ TRUSTED_DOCUMENTS: CODEGEN, TRUSTED_DOCUMENTS_MODE: mode, LOG_LEVEL: 'silent' });
    const runners = createGraphQLRunners(config, createLogger('silent'), undefined, packageAssets().sdl, true);
    await runners.apollo.start();
    try {
      const headers = new HeaderMap([['content-type', 'application/json']]);
      const body = { extensions: { persistedQuery: { version: 1, sha256Hash: UNKNOWN } } };
      // Only the scope is read (by the operation observer): Apollo answers the hash before executing anything.
      const context = async () => ({ scope: newRequestScope(ROOT_CONTEXT) }) as GatewayContext;
      const result = await runners.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: 'POST', headers, search: '', body }, context });
      return result.body.kind === 'complete' ? JSON.parse(result.body.string) : undefined;
    } finally {
      await runners.apollo.stop();
    }
  }

  it.each([
    ['audit', 'PERSISTED_QUERY_NOT_FOUND'],
    ['enforce', 'PERSISTED_QUERY_NOT_SUPPORTED'],
    ['ids-only', 'PERSISTED_QUERY_NOT_SUPPORTED'],
  ] as const)('under %s: %s', async (mode, code) => {
    expect(await apq(mode)).toMatchObject({ errors: [{ extensions: { code } }] });
  });
});

describe('graphql_trusted_documents_total', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: `${CODEGEN},${APOLLO}`, TRUSTED_DOCUMENTS_BYPASS_SECRET: SECRET } });
    seed(stack);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('counts each outcome once per operation, and which path served the request', async () => {
    expect(await counter(stack, 'graphql_trusted_documents_total')).toEqual({});
    await send(stack, { body: { documentId: HASH.getRegistration, variables: { id: REG_ID } } });
    await send(stack, { body: { documentId: HASH.getRegistration, variables: { id: REG_ID } } });
    await send(stack, { body: { query: GET_REGISTRATION, variables: { id: REG_ID } } });
    await send(stack, { body: { query: NOT_LISTED, variables: { id: REG_ID } } });
    await send(stack, { body: { query: NOT_LISTED, variables: { id: REG_ID } }, headers: { 'x-trusted-documents-bypass': SECRET } });
    await send(stack, { body: { documentId: UNKNOWN } });
    expect(await counter(stack, 'graphql_trusted_documents_total')).toEqual({ id: 2, text_in_list: 1, text_not_in_list: 1, bypass: 1, refused: 1 });
    expect(await counter(stack, 'graphql_requests_served_total')).toEqual({ lean: 5, gateway: 1 });
  });
});
