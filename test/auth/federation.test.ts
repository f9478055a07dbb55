// Contract §12 through a federation router (@apollo/gateway, as test/federation starts one): the router forwards the
// caller's token to this subgraph in obo mode, and a claims challenge still reaches the client in `extensions`.
import { request } from 'undici';
import type { Stack } from '../helpers/stack';
import { startRouter, type RunningSubgraph } from '../federation/support';
import { CREATE, startOboStack } from './support';

let stack: Stack;
let router: RunningSubgraph;

beforeAll(async () => {
  stack = await startOboStack();
  router = await startRouter([{ name: 'intune', url: stack.url }]);
});

afterAll(async () => {
  await router?.close();
  await stack?.close();
});

async function routerCreate(token: string): Promise<{ status: number; body: unknown }> {
  const res = await request(router.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CREATE }),
  });
  return { status: res.statusCode, body: await res.body.json() };
}

it('a valid token: the create goes through the router, and Graph sees only the exchanged token', async () => {
  stack.emulator.clearRequests();
  const res = await routerCreate(stack.emulator.entra.mintUserToken());
  expect(res).toEqual({ status: 200, body: { data: { createManagedAppRegistration: { deviceTag: 'obo' } } } });
  expect(stack.emulator.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${stack.emulator.entra.issuedGraphTokens.at(-1)}`]);
});

it('a claims challenge reaches the router\'s client in extensions.authChallenge', async () => {
  const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
  stack.emulator.entra.answerExchanges({ kind: 'interaction_required', claims });
  stack.emulator.clearRequests();
  const res = await routerCreate(stack.emulator.entra.mintUserToken());
  expect(res).toEqual({
    status: 200,
    body: {
      data: null,
      errors: [
        {
          message:
            'Entra ID needs more from the user before the gateway may call Microsoft Graph for them (AADSTS50079 interaction_required): get a new token with the claims in extensions.authChallenge.claims.',
          path: ['createManagedAppRegistration'],
          extensions: {
            code: 'UNAUTHENTICATED',
            authChallenge: { error: 'interaction_required', errorCodes: [50079], claims: Buffer.from(claims).toString('base64') },
            serviceName: 'intune',
          },
        },
      ],
    },
  });
  expect(stack.emulator.requests).toEqual([]);
});
