// The write budget's buckets (contract §11): the token's tid and appid/azp claims, decoded without verifying.
import { BearerCredential } from '../../src/caller/caller';
import { bucketKey, tenantKey } from '../../src/graph/write-bucket';

/** A JWS-shaped token with these claims and a signature nobody checks here. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

describe('the write bucket of a bearer credential', () => {
  it.each([
    ['a v1 token (appid)', jwt({ tid: TENANT, appid: APP, azp: 'other' }), { tenantId: TENANT, appId: APP }],
    ['a v2 token (azp)', jwt({ tid: TENANT, azp: APP }), { tenantId: TENANT, appId: APP }],
    ['a token without tid', jwt({ appid: APP }), { tenantId: null, appId: APP }],
    ['claims that are not strings', jwt({ tid: 7, appid: '' }), { tenantId: null, appId: null }],
    ['an opaque token', 'Bearer emulator-token', { tenantId: null, appId: null }],
    ['three parts that are not JSON', 'Bearer abc.def.ghi', { tenantId: null, appId: null }],
    ['a JSON array payload', `Bearer e30.${Buffer.from('[1]').toString('base64url')}.x`, { tenantId: null, appId: null }],
  ])('reads %s', (_what, authorization, bucket) => {
    expect(new BearerCredential(authorization).bucket).toEqual(bucket);
  });

  it('keys GUIDs as they are, a missing claim as "-", and any other claim hashed', () => {
    expect(bucketKey({ tenantId: TENANT, appId: APP })).toBe(`${TENANT}:${APP}`);
    expect(bucketKey({ tenantId: null, appId: null })).toBe('-:-');
    expect(tenantKey({ tenantId: TENANT, appId: null })).toBe(TENANT);
    expect(bucketKey({ tenantId: 'a:b', appId: 'x'.repeat(65) })).toMatch(/^h[0-9a-f]{32}:h[0-9a-f]{32}$/);
    expect(bucketKey({ tenantId: 'a:b', appId: null })).not.toBe(bucketKey({ tenantId: 'a_b', appId: null }));
  });
});
