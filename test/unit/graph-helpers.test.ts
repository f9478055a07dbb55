import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../src/errors/codes';
import { errorFromGraphStatus, type CallKind } from '../../src/errors/from-graph';
import { graphErrorInfo } from '../../src/graph/envelope';
import { segment } from '../../src/graph/paths';
import { backoffMs, retryAfterMs } from '../../src/graph/policy';

/** The codes of contract §6's table, in its order, read from docs/api-contract.md (the first column of each row). */
function contractErrorCodes(): string[] {
  const contract = readFileSync(join(__dirname, '../../docs/api-contract.md'), 'utf8');
  const section = /^## 6\. Errors\n([\s\S]*?)^## /m.exec(contract)?.[1];
  if (section === undefined) throw new Error('docs/api-contract.md has no "## 6. Errors" section followed by another');
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((row) => row[1]!);
}

describe('ErrorCode', () => {
  it('is exactly the contract table (api-contract.md §6), in its order', () => {
    expect(Object.values(ErrorCode)).toEqual(contractErrorCodes());
    for (const [key, value] of Object.entries(ErrorCode)) expect(key).toBe(value);
  });
});

describe('errorFromGraphStatus', () => {
  const info = (status: number) => ({ status, code: 'X', message: 'm', requestId: 'r', clientRequestId: 'c', date: 'd' });
  it.each<[number, CallKind, string]>([
    [400, 'create', 'BAD_USER_INPUT'],
    [401, 'create', 'UNAUTHENTICATED'],
    [403, 'read', 'FORBIDDEN'],
    [404, 'create', 'NOT_FOUND'],
    [405, 'create', 'BAD_USER_INPUT'],
    [409, 'create', 'CONFLICT'],
    [429, 'create', 'UPSTREAM_THROTTLED'],
    [500, 'create', 'UPSTREAM_UNAVAILABLE'],
    [503, 'create', 'UPSTREAM_UNAVAILABLE'],
    [502, 'create', 'UPSTREAM_OUTCOME_UNKNOWN'],
    [504, 'create', 'UPSTREAM_OUTCOME_UNKNOWN'],
    [501, 'create', 'UPSTREAM_OUTCOME_UNKNOWN'],
    [502, 'read', 'UPSTREAM_UNAVAILABLE'],
    [504, 'read', 'UPSTREAM_UNAVAILABLE'],
    [302, 'read', 'UPSTREAM_BAD_RESPONSE'],
  ])('%i on a %s is %s', (status, kind, code) => {
    const error = errorFromGraphStatus(info(status), kind);
    expect(error.code).toBe(code);
    expect(error.graph).toEqual(info(status));
  });
});

describe('graphErrorInfo', () => {
  it('reads the OData error body and headers', () => {
    const body = JSON.stringify({
      error: { code: 'Forbidden', message: 'no', innerError: { date: '2026-11-23T10:11:12', 'request-id': 'rid-body', 'client-request-id': 'cid-body' }, extra: 'dropped' },
    });
    expect(graphErrorInfo(403, { 'request-id': 'rid', 'client-request-id': 'cid', date: 'Mon, 23 Nov 2026 10:11:12 GMT' }, body, 'ours')).toEqual({
      status: 403,
      code: 'Forbidden',
      message: 'no',
      requestId: 'rid',
      clientRequestId: 'cid',
      date: '2026-11-23T10:11:12',
    });
  });

  it('accepts innererror in lower case and falls back to the body and our id', () => {
    const body = JSON.stringify({ error: { code: 'BadRequest', message: 'x', innererror: { 'request-id': 'rid-body' } } });
    expect(graphErrorInfo(400, { date: 'Mon, 23 Nov 2026 10:11:12 GMT' }, body, 'ours')).toEqual({
      status: 400,
      code: 'BadRequest',
      message: 'x',
      requestId: 'rid-body',
      clientRequestId: 'ours',
      date: 'Mon, 23 Nov 2026 10:11:12 GMT',
    });
  });

  it('keeps nothing of a body that is not a Graph error', () => {
    expect(graphErrorInfo(502, {}, '<html>Bad gateway</html>', 'ours')).toEqual({
      status: 502,
      code: null,
      message: null,
      requestId: null,
      clientRequestId: 'ours',
      date: null,
    });
  });
});

describe('segment', () => {
  it.each([
    ['plain-id', 'plain-id'],
    ['../x', '..%2Fx'],
    ['a/b', 'a%2Fb'],
    ['a?b=1', 'a%3Fb%3D1'],
    ['%2e%2e', '%252e%252e'],
    ['a#b', 'a%23b'],
    ['...', '...'],
    ['.a', '.a'],
    ['user@contoso.com', 'user%40contoso.com'],
    ['a b', 'a%20b'],
  ])('%s becomes the single segment %s', (id, encoded) => {
    expect(segment(id, 'arg')).toBe(encoded);
  });

  it('refuses an empty id, naming the argument', () => {
    expect(() => segment('', 'mobileAppId')).toThrow('Argument "mobileAppId" must not be empty.');
  });

  it.each(['.', '..'])('refuses the dot segment %s', (id) => {
    expect(() => segment(id, 'userId')).toThrow(`Argument "userId" cannot be "${id}": it would change the request path.`);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['2', 2000],
    ['2.128', 2128],
    ['0', 0],
  ])('reads %s seconds', (value, ms) => {
    expect(retryAfterMs({ 'retry-after': value })).toBe(ms);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('Mon, 23 Nov 2026 10:00:00 GMT');
    expect(retryAfterMs({ 'retry-after': 'Mon, 23 Nov 2026 10:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 23 Nov 2026 09:00:00 GMT' }, now)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles with equal jitter', () => {
    expect(backoffMs(0, 100, () => 0)).toBe(50);
    expect(backoffMs(0, 100, () => 1)).toBe(100);
    expect(backoffMs(2, 100, () => 0.5)).toBe(300);
  });
});
