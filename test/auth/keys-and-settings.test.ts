// Contract §12 with other settings, each on a stack of its own: key rotation and the JWKS cooldown, the gateway's
// own credentials refused, Entra ID too slow or unreachable, another AUTH_AUDIENCE.
import { createServer } from 'node:net';
import type { Stack } from '../helpers/stack';
import { create, CREATE_FIELD, entraCalls, JWKS_CALL, startOboStack, TOKEN_CALL } from './support';

const stacks: Stack[] = [];
async function oboStack(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startOboStack(env);
  stacks.push(stack);
  return stack;
}
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('signing keys', () => {
  it('a rotated key: the first token with the new kid refetches the JWKS once, later ones use the cached set', async () => {
    const stack = await oboStack({ AUTH_JWKS_COOLDOWN_MS: '0' });
    const { entra } = stack.emulator;
    expect((await create(stack, entra.mintUserToken())).body.errors).toBeUndefined();
    expect(entraCalls(stack.emulator)).toEqual([JWKS_CALL, TOKEN_CALL]);
    const oldKid = entra.currentKid;
    const newKid = entra.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    expect((await create(stack, entra.mintUserToken())).body.errors).toBeUndefined();
    expect((await create(stack, entra.mintUserToken())).body.errors).toBeUndefined();
    expect(entraCalls(stack.emulator)).toEqual([JWKS_CALL, TOKEN_CALL, JWKS_CALL, TOKEN_CALL, TOKEN_CALL]);
  });

  it('a retired key is refused once the JWKS no longer lists it', async () => {
    const stack = await oboStack({ AUTH_JWKS_COOLDOWN_MS: '0' });
    const { entra } = stack.emulator;
    const oldToken = entra.mintUserToken();
    const oldKid = entra.currentKid;
    entra.rotateSigningKey({ retireOld: true });
    const res = await create(stack, oldToken);
    expect(res.body).toEqual({
      data: null,
      errors: [{ message: `The token is signed with a key (kid "${oldKid}") that is not among the tenant's published signing keys.`, ...CREATE_FIELD, extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('unknown kids refetch the JWKS at most once per AUTH_JWKS_COOLDOWN_MS (default 30 s)', async () => {
    const stack = await oboStack();
    const { entra } = stack.emulator;
    for (const kid of ['unknown-1', 'unknown-2', 'unknown-3']) {
      expect((await create(stack, entra.mintUserToken({ header: { kid } }))).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The first fetch loads the set; the cooldown then holds off a refetch for the unknown kids.
    expect(entraCalls(stack.emulator)).toEqual([JWKS_CALL]);
    entra.rotateSigningKey();
    expect((await create(stack, entra.mintUserToken())).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(entraCalls(stack.emulator)).toEqual([JWKS_CALL]);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('the gateway side', () => {
  it("a wrong AZURE_CLIENT_SECRET: Entra ID's invalid_client is UPSTREAM_UNAVAILABLE, nothing sent to Graph", async () => {
    const stack = await oboStack({ AZURE_CLIENT_SECRET: 'not-the-secret' });
    const res = await create(stack, stack.emulator.entra.mintUserToken());
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: "Entra ID refused the gateway's own credentials (AADSTS7000215 invalid_client): AZURE_CLIENT_ID and AZURE_CLIENT_SECRET need fixing; nothing was sent to Microsoft Graph.",
          ...CREATE_FIELD,
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        },
      ],
    });
    expect(entraCalls(stack.emulator)).toEqual([JWKS_CALL, 'POST /<tenant>/oauth2/v2.0/token 401']);
    expect(stack.emulator.requests).toEqual([]);
    expect(stack.logLines.join('\n')).not.toContain('not-the-secret');
  });

  it('Entra ID slower than AUTH_TIMEOUT_MS is UPSTREAM_TIMEOUT, nothing sent to Graph', async () => {
    const stack = await oboStack({ AUTH_TIMEOUT_MS: '200' });
    // Entra ID would answer only after the test's own timeout (20 s): the answer below can only come from AUTH_TIMEOUT_MS.
    stack.emulator.entra.answerExchanges({ kind: 'delay', ms: 60_000 });
    const res = await create(stack, stack.emulator.entra.mintUserToken());
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Entra ID did not answer the On-Behalf-Of exchange within 200 ms (AUTH_TIMEOUT_MS); nothing was sent to Microsoft Graph.',
          ...CREATE_FIELD,
          extensions: { code: 'UPSTREAM_TIMEOUT' },
        },
      ],
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('signing keys that cannot be fetched are UPSTREAM_UNAVAILABLE, nothing sent to Graph', async () => {
    const port = await closedPort();
    const stack = await oboStack({ AUTHORITY_HOST: `http://127.0.0.1:${port}` });
    const res = await create(stack, stack.emulator.entra.mintUserToken());
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message: `Entra ID's signing keys could not be fetched from http://127.0.0.1:${port}/${stack.emulator.entra.tenantId}/discovery/v2.0/keys (ECONNREFUSED); nothing was sent to Microsoft Graph.`,
          ...CREATE_FIELD,
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        },
      ],
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('AUTH_AUDIENCE and AUTH_REQUIRED_SCOPE: exactly that audience and that scope', async () => {
    const stack = await oboStack({ AUTH_AUDIENCE: 'https://contoso.example/intune-gateway', AUTH_REQUIRED_SCOPE: 'Intune.Write' });
    const { entra } = stack.emulator;
    const ok = await create(stack, entra.mintUserToken({ claims: { aud: 'https://contoso.example/intune-gateway', scp: 'Intune.Write' } }));
    // The stand-in, as Entra ID, exchanges only tokens for the registration's client id or api://<client id>.
    expect(ok.body.errors?.[0]?.message).toMatch(/^Entra ID refused to exchange the token On-Behalf-Of \(AADSTS500131 invalid_grant\): sign in again\.$/);
    const bareClientId = await create(stack, entra.mintUserToken({ claims: { scp: 'Intune.Write' } }));
    expect(bareClientId.body.errors).toEqual([
      {
        message: `The token is for "${entra.clientId}", not for this gateway ("https://contoso.example/intune-gateway").`,
        ...CREATE_FIELD,
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ]);
    const noScope = await create(stack, entra.mintUserToken({ claims: { aud: 'https://contoso.example/intune-gateway' } }));
    expect(noScope.body.errors).toEqual([
      {
        message: 'The token does not grant the scope "Intune.Write" (it grants "access_as_user"): request https://contoso.example/intune-gateway/Intune.Write.',
        ...CREATE_FIELD,
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('the default audience also takes api://<client id>, what a v1.0 token would carry', async () => {
    const stack = await oboStack();
    const { entra } = stack.emulator;
    expect((await create(stack, entra.mintUserToken({ claims: { aud: `api://${entra.clientId}` } }))).body.errors).toBeUndefined();
  });
});
