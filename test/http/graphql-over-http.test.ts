import { auditServer } from 'graphql-http';
import { request } from 'undici';
import { CSRF_MESSAGE } from '../helpers/expected';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

/** The Accept headers real clients send (measured in Chromium, see test/browser). */
const ACCEPT = {
  apolloClient: 'application/graphql-response+json,application/json;q=0.9',
  urql: 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
  json: 'application/json',
  graphqlResponse: 'application/graphql-response+json',
};

interface Answer {
  status: number;
  contentType: string | undefined;
  allow: string | undefined;
  body: unknown;
}

async function send(url: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const res = await request(url, { method: options.method ?? 'POST', headers: options.headers, body: options.body });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'] as string | undefined,
    allow: res.headers.allow as string | undefined,
    body: JSON.parse(text) as unknown,
  };
}

function getUrl(base: string, params: Record<string, string>): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

describe('GraphQL over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.clearRequests());

  describe('CSRF prevention', () => {
    it('runs a GET query that carries only a bearer token (what urql sends)', async () => {
      const res = await send(getUrl(stack.url, { query: '{ gatewayInfo { emulator } }' }), { method: 'GET', headers: { authorization: AUTHORIZATION, accept: ACCEPT.urql } });
      expect(res).toEqual({
        status: 200,
        contentType: 'application/graphql-response+json; charset=utf-8',
        allow: undefined,
        body: { data: { gatewayInfo: { emulator: true } } },
      });
    });

    it.each([
      ['a GET with no headers', 'GET', {}, undefined],
      ['a GET with only Accept', 'GET', { accept: ACCEPT.json }, undefined],
      ['a GET with an empty Authorization', 'GET', { authorization: '' }, undefined],
      ['a form post', 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'query=%7B+gatewayInfo+%7B+version+%7D+%7D'],
      ['a multipart form post', 'POST', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ gatewayInfo { version } }\r\n--x--\r\n'],
      ['a text/plain post', 'POST', { 'content-type': 'text/plain' }, JSON.stringify({ query: '{ gatewayInfo { version } }' })],
      ['a text/plain post of a mutation', 'POST', { 'content-type': 'text/plain;charset=UTF-8' }, JSON.stringify({ query: 'mutation { createManagedAppRegistration(input: {}) { id } }' })],
    ] as const)('refuses %s as a possible cross-site request, before anything runs', async (_what, method, headers, body) => {
      const url = method === 'GET' ? getUrl(stack.url, { query: '{ gatewayInfo { version } }' }) : stack.url;
      const res = await send(url, { method, headers, body });
      expect(res).toEqual({
        status: 400,
        contentType: 'application/json; charset=utf-8',
        allow: undefined,
        body: { errors: [{ message: CSRF_MESSAGE, extensions: { code: 'BAD_REQUEST' } }] },
      });
      expect(stack.emulator.requests).toEqual([]);
    });

    it('accepts a GET with Apollo\'s preflight headers, without a token', async () => {
      const res = await send(getUrl(stack.url, { query: '{ gatewayInfo { emulator } }' }), { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { gatewayInfo: { emulator: true } } });
    });
  });

  describe('GET', () => {
    it('answers a query with variables and operationName exactly like the same POST', async () => {
      const operation = {
        query: 'query Page($n: Int) { managedAppRegistrations(first: $n) { nodes { id deviceTag } pageInfo { hasNextPage } } } query Other { __typename }',
        operationName: 'Page',
        variables: { n: 2 },
      };
      const headers = { authorization: AUTHORIZATION, accept: ACCEPT.json };
      const post = await send(stack.url, { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(operation) });
      const postCalls = stack.emulator.requests.map((r) => `${r.method} ${r.rawPath}`);
      stack.emulator.clearRequests();
      const get = await send(getUrl(stack.url, { query: operation.query, operationName: 'Page', variables: JSON.stringify(operation.variables) }), { method: 'GET', headers });
      expect(get).toEqual(post);
      expect(get.status).toBe(200);
      expect(stack.emulator.requests.map((r) => `${r.method} ${r.rawPath}`)).toEqual(postCalls);
      expect(postCalls).toEqual(['GET /beta/deviceAppManagement/managedAppRegistrations?$top=2']);
    });

    it('refuses a mutation over GET with 405 and Allow: POST, sending nothing to Graph', async () => {
      const query = 'mutation { createManagedAppRegistration(input: { deviceTag: "get" }) { id } }';
      for (const accept of [ACCEPT.json, ACCEPT.urql]) {
        const res = await send(getUrl(stack.url, { query }), { method: 'GET', headers: { authorization: AUTHORIZATION, accept } });
        expect(res.status).toBe(405);
        expect(res.allow).toBe('POST');
        expect(res.body).toEqual({ errors: [{ message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } }] });
      }
      expect(stack.emulator.requests).toEqual([]);
    });
  });

  describe('status codes of request errors', () => {
    const cases = [
      ['a parse error', { query: '{ gatewayInfo {' }, 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
      ['a validation error', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nope" on type "Query".'],
      [
        'a variable that does not coerce',
        { query: 'query($n: Int) { managedAppRegistrations(first: $n) { nodes { id } } }', variables: { n: 'two' } },
        'BAD_USER_INPUT',
        'Variable "$n" got invalid value "two"; Int cannot represent non-integer value: "two"',
      ],
      ['an operation that cannot be chosen', { query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE', 'Must provide operation name if query contains multiple operations.'],
    ] as const;

    it.each(cases)('answers %s 200 under application/json (or no Accept) and 400 under application/graphql-response+json', async (_what, operation, code, message) => {
      const expectedStatus: Array<[string, number, string]> = [
        ['none', 200, 'application/json; charset=utf-8'],
        [ACCEPT.json, 200, 'application/json; charset=utf-8'],
        [ACCEPT.graphqlResponse, 400, 'application/graphql-response+json; charset=utf-8'],
        [ACCEPT.apolloClient, 400, 'application/graphql-response+json; charset=utf-8'],
        [ACCEPT.urql, 400, 'application/graphql-response+json; charset=utf-8'],
      ];
      for (const [accept, status, contentType] of expectedStatus) {
        const headers: Record<string, string> = { authorization: AUTHORIZATION, 'content-type': 'application/json', ...(accept === 'none' ? {} : { accept }) };
        const res = await send(stack.url, { headers, body: JSON.stringify(operation) });
        expect([accept, res.status, res.contentType]).toEqual([accept, status, contentType]);
        const errors = (res.body as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
        expect(errors.map((e) => [e.extensions.code, e.message])).toEqual([[code, message]]);
        expect(res.body).not.toHaveProperty('data');
      }
      expect(stack.emulator.requests).toEqual([]);
    });

    it('keeps a GET request error 400 under urql\'s Accept and 200 under application/json', async () => {
      const url = getUrl(stack.url, { query: '{ nope }' });
      expect((await send(url, { method: 'GET', headers: { authorization: AUTHORIZATION, accept: ACCEPT.urql } })).status).toBe(400);
      expect((await send(url, { method: 'GET', headers: { authorization: AUTHORIZATION, accept: ACCEPT.json } })).status).toBe(200);
    });

    it('answers an execution error 200 with data under either type', async () => {
      for (const accept of [ACCEPT.json, ACCEPT.graphqlResponse]) {
        const res = await send(stack.url, {
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify({ query: '{ managedAppRegistration(id: "x") { id } }' }),
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          data: { managedAppRegistration: null },
          errors: [
            {
              message: 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".',
              locations: [{ line: 1, column: 3 }],
              path: ['managedAppRegistration'],
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        });
      }
    });

    it('answers an Accept it cannot serve with 406', async () => {
      const res = await send(stack.url, { headers: { 'content-type': 'application/json', accept: 'text/xml' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(406);
    });
  });

  it('passes every MUST, SHOULD and MAY item of graphql-http\'s audit, sent as our clients do (with a bearer token)', async () => {
    const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', AUTHORIZATION);
      return fetch(input, { ...init, headers });
    };
    const results = await auditServer({ url: stack.url, fetchFn });
    const failed = results.filter((r) => r.status !== 'ok').map((r) => `${r.status}: ${r.name}${'reason' in r ? ` (${r.reason})` : ''}`);
    expect(failed).toEqual([]);
    const count = (level: string) => results.filter((r) => r.name.startsWith(level)).length;
    expect({ must: count('MUST'), should: count('SHOULD'), may: count('MAY'), total: results.length }).toEqual({ must: 13, should: 23, may: 25, total: 61 });
  });
});
