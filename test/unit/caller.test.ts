// The caller (src/caller/caller.ts): read once per request; each part on first use, then kept.
import { BearerCredential, type Caller, callerOf, type GraphAuthorization } from '../../src/caller/caller';
import { callerScope } from '../../src/caller/claims';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.x`;
}

/** An authorizer that counts how often it is asked, and answers with the caller's own credential. */
function countingAuthorizer(): { asked: Caller[]; forRequest(caller: Caller): Promise<GraphAuthorization> } {
  const asked: Caller[] = [];
  return {
    asked,
    forRequest: async (caller) => {
      asked.push(caller);
      if (caller.bearer === null) throw new Error('no token');
      return caller.bearer;
    },
  };
}

describe('callerOf', () => {
  it('keeps a bearer Authorization header, and nothing else', () => {
    const auth = countingAuthorizer();
    expect(callerOf('Bearer abc', auth).bearer?.header).toBe('Bearer abc');
    expect(callerOf('bearer abc', auth).bearer?.token).toBe('abc');
    expect(callerOf(undefined, auth).bearer).toBeNull();
    expect(callerOf('Basic dXNlcjpwdw==', auth).bearer).toBeNull();
    expect(callerOf('Bearer ', auth).bearer).toBeNull();
    expect(auth.asked).toEqual([]);
  });

  it('asks the authorizer once per request, refusal included', async () => {
    const auth = countingAuthorizer();
    const caller = callerOf('Bearer abc', auth);
    const [one, two] = await Promise.all([caller.graphAuthorization(), caller.graphAuthorization()]);
    expect(one).toBe(two);
    const anonymous = callerOf(undefined, auth);
    await expect(anonymous.graphAuthorization()).rejects.toThrow('no token');
    await expect(anonymous.graphAuthorization()).rejects.toThrow('no token');
    expect(auth.asked).toEqual([caller, anonymous]);
  });

  it('reads the idempotency scope and the write bucket from one decode of the token', () => {
    const token = jwt({ tid: 't', oid: 'o', appid: 'a' });
    const caller = callerOf(`Bearer ${token}`, countingAuthorizer());
    expect(caller.idempotencyScope).toBe(callerScope(token));
    expect(caller.bearer?.bucket).toEqual({ tenantId: 't', appId: 'a' });
    expect(caller.bearer?.claims).toBe(caller.bearer?.claims);
    expect(callerOf(undefined, countingAuthorizer()).idempotencyScope).toBeNull();
  });

  it('gives a token that is not a JWT the shared bucket and a hashed scope', () => {
    const credential = new BearerCredential('Bearer opaque');
    expect(credential.claims).toBeUndefined();
    expect(credential.bucket).toEqual({ tenantId: null, appId: null });
    expect(callerOf('Bearer opaque', countingAuthorizer()).idempotencyScope).toMatch(/^token:[0-9a-f]{64}$/);
  });
});
