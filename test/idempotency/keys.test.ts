import { createHash } from 'node:crypto';
import { argumentsFingerprint, callerScope, idempotencyKeyProblem, storeKey } from '../../src/idempotency/keys';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown): string => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;

describe('idempotencyKeyProblem (contract §10: 1–255 printable ASCII)', () => {
  it.each([['a'], ['reg-7f3a'], [' '], ['~!"#$%&\'()*+,-./0123456789:;<=>?@[\\]^_`{|}'], ['x'.repeat(255)]])('accepts %j', (key) => {
    expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  it.each([
    ['', 'idempotencyKey must not be empty'],
    ['x'.repeat(256), 'idempotencyKey must be at most 255 characters, got 256'],
    ['tab\there', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
    ['new\nline', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
    ['del\x7f', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
    ['café', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
    ['emoji😀', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
    ['nul\0', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
  ])('refuses %j', (key, message) => {
    expect(idempotencyKeyProblem(key)).toBe(message);
  });
});

describe('callerScope', () => {
  const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const oid = '00000000-0000-0000-0000-0000000000a1';

  it('is the tid and oid of a JWT carrying both, whatever else the token holds', () => {
    const one = jwt({ tid, oid, appid: 'app-1', exp: 1 });
    const refreshed = jwt({ tid, oid, appid: 'app-2', exp: 2 });
    expect(callerScope(one)).toBe(`principal:["${tid}","${oid}"]`);
    expect(callerScope(refreshed)).toBe(callerScope(one));
    expect(callerScope(jwt({ tid, oid: 'someone-else' }))).toBe(`principal:["${tid}","someone-else"]`);
  });

  it.each([
    ['an opaque token', 'opaque-token-value'],
    ['a JWT without oid', jwt({ tid })],
    ['a JWT without tid', jwt({ oid })],
    ['a JWT with an empty tid', jwt({ tid: '', oid })],
    ['a JWT with numeric claims', jwt({ tid: 1, oid: 2 })],
    ['a JWT whose payload is an array', jwt([tid, oid])],
    ['a JWT whose payload is not JSON', `${part({ alg: 'none' })}.bm90IGpzb24.sig`],
    ['a JWT whose payload is not base64url', `${part({ alg: 'none' })}.a+b/c.sig`],
    ['a JWE (five parts)', `${jwt({ tid, oid })}.x.y`],
  ])('is a SHA-256 of the token for %s, and never the token itself', (_, token) => {
    const scope = callerScope(token);
    expect(scope).toBe(`token:${sha256(token)}`);
    expect(scope).not.toContain(token);
  });
});

describe('storeKey', () => {
  it('is a fixed-length hash of scope, mutation and key, each kept apart', () => {
    const key = storeKey('principal:["t","o"]', 'createManagedAppRegistration', 'reg-7f3a');
    expect(key).toBe(`idempotency:v1:${sha256(JSON.stringify(['principal:["t","o"]', 'createManagedAppRegistration', 'reg-7f3a']))}`);
    expect(key).toMatch(/^idempotency:v1:[0-9a-f]{64}$/);
    expect(storeKey('s', 'createMobileAppInstallStatus', 'reg-7f3a')).not.toBe(storeKey('s', 'createManagedAppRegistration', 'reg-7f3a'));
    expect(storeKey('s2', 'm', 'k')).not.toBe(storeKey('s', 'm', 'k'));
    // No separator trick makes two different triples meet.
    expect(storeKey('a', 'b","c', 'd')).not.toBe(storeKey('a","b', 'c', 'd'));
  });
});

describe('argumentsFingerprint', () => {
  const args = { userId: 'u1', input: { deviceName: 'Pixel', flaggedReasons: ['ROOTED_DEVICE'], appIdentifier: { android: { packageId: 'p' } } } };

  it('is the same for the same arguments in another field order, and for an undefined field left out', () => {
    const reordered = { input: { appIdentifier: { android: { packageId: 'p' } }, flaggedReasons: ['ROOTED_DEVICE'], deviceName: 'Pixel', deviceTag: undefined }, userId: 'u1' };
    expect(argumentsFingerprint(reordered)).toBe(argumentsFingerprint(args));
    expect(argumentsFingerprint(args)).toBe(
      sha256('{"input":{"appIdentifier":{"android":{"packageId":"p"}},"deviceName":"Pixel","flaggedReasons":["ROOTED_DEVICE"]},"userId":"u1"}'),
    );
  });

  it.each([
    ['another value', { ...args, userId: 'u2' }],
    ['null instead of absent', { ...args, collection: null }],
    ['another list order', { ...args, input: { ...args.input, flaggedReasons: ['A', 'B'] } }],
    ['a number instead of a string', { ...args, userId: 1 }],
  ])('differs for %s', (_, other) => {
    expect(argumentsFingerprint(other)).not.toBe(argumentsFingerprint(args));
  });

  it('tells list orders apart', () => {
    expect(argumentsFingerprint({ a: ['A', 'B'] })).not.toBe(argumentsFingerprint({ a: ['B', 'A'] }));
  });
});
