import { request } from 'undici';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

// Contract §1: an operation the schema cannot run (it has no subscription type) is a request error.
const SUBSCRIPTION = 'subscription { managedAppRegistrations { nodes { id } } }';
const REFUSAL = {
  errors: [
    {
      message: 'The subscription operation is not supported by the schema: this gateway answers queries and mutations only.',
      locations: [{ line: 1, column: 1 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    },
  ],
};

async function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: SUBSCRIPTION }) });
  return { status: res.statusCode, body: await res.body.json() };
}

describe.each([
  ['the lean path in front of Apollo', {}],
  ['Apollo Server alone', { GRAPHQL_FAST_PATH: 'false' }],
])('a subscription, through %s', (_name, env) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('is GRAPHQL_VALIDATION_FAILED, 200 or 400 by Accept, with or without a token, and asks nothing of Graph', async () => {
    expect(await post(stack.url, {})).toEqual({ status: 200, body: REFUSAL });
    expect(await post(stack.url, { authorization: AUTHORIZATION, accept: 'application/json' })).toEqual({ status: 200, body: REFUSAL });
    expect(await post(stack.url, { authorization: AUTHORIZATION, accept: 'application/graphql-response+json' })).toEqual({ status: 400, body: REFUSAL });
    const get = await request(`${stack.url}?query=${encodeURIComponent(SUBSCRIPTION)}`, { headers: { authorization: AUTHORIZATION } });
    expect({ status: get.statusCode, body: await get.body.json() }).toEqual({ status: 200, body: REFUSAL });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('logs nothing at error level and is counted as a validation failure, not an internal error', async () => {
    await post(stack.url, {});
    const levels = stack.logLines.map((line) => (JSON.parse(line) as { level: unknown }).level);
    expect(levels).not.toContain('error');
    const metrics = await request(`${new URL(stack.url).origin}/metrics`);
    const text = await metrics.body.text();
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    expect(text).toMatch(/^graphql_operations_total\{[^}]*outcome="GRAPHQL_VALIDATION_FAILED"\} [1-9]/m);
  });
});
