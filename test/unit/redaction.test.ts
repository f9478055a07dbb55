import { Writable } from 'node:stream';
import { createLogger, redactAndTruncate, redactTokens } from '../../src/observability/logger';

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';

/** A logger whose lines are collected. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { lines, log: createLogger('info', sink) };
}

describe('log redaction', () => {
  it.each([
    [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer [redacted]'],
    ['bearer abc.def-ghi_jkl', 'bearer [redacted]'],
    [`token=${JWT}&x=1`, 'token=[redacted]&x=1'],
    ['no secrets here: Bearer', 'no secrets here: Bearer'],
    // An OAuth token request's form (AUTH_MODE=obo): the client secret and the user assertion.
    ['client_id=abc&client_secret=s3cr~et.V4lue&assertion=xyz&scope=a', 'client_id=abc&client_secret=[redacted]&assertion=[redacted]&scope=a'],
    ['access_token=a1 refresh_token=r1 id_token=i1 client_assertion=c1', 'access_token=[redacted] refresh_token=[redacted] id_token=[redacted] client_assertion=[redacted]'],
    // A certificate's private key (AZURE_CLIENT_CERTIFICATE_PATH), as a JSON line carries it, and one cut short.
    ['key: -----BEGIN PRIVATE KEY-----\\nMIIEv.Q+/=\\n-----END PRIVATE KEY----- end', 'key: [redacted] end'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEv', '[redacted]'],
    // Any case, as the pattern is case-insensitive (the quick pre-check must not let these through).
    ['BEARER abc.def', 'BEARER [redacted]'],
    [`id ${JWT.toUpperCase()}`, 'id [redacted]'],
    ['CLIENT_SECRET=x1', 'CLIENT_SECRET=[redacted]'],
  ])('%s becomes %s', (input, output) => {
    expect(redactTokens(input)).toBe(output);
  });

  it('redacts header maps and token-shaped text in every line', () => {
    const { lines, log } = capture();
    log.info({ headers: { authorization: `Bearer ${JWT}`, accept: 'application/json' } }, 'request');
    log.info({ authorization: 'Bearer abc' }, 'flat');
    log.warn({ err: new Error(`upstream said: invalid token Bearer ${JWT}`) }, `while calling with ${JWT}`);
    const text = lines.join('');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('Bearer abc');
    expect(JSON.parse(lines[0]!)).toMatchObject({ headers: { authorization: '[redacted]', accept: 'application/json' }, msg: 'request' });
    expect(JSON.parse(lines[2]!)).toMatchObject({ msg: 'while calling with [redacted]' });
  });

  it('redacts the On-Behalf-Of secrets by key: clientSecret, client_secret, assertion, access_token', () => {
    const { lines, log } = capture();
    log.info({ clientSecret: 'cs-1', client_secret: 'cs-2', assertion: 'as-1', access_token: 'at-1', nested: { clientSecret: 'cs-3', access_token: 'at-2' } }, 'obo');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      clientSecret: '[redacted]',
      client_secret: '[redacted]',
      assertion: '[redacted]',
      access_token: '[redacted]',
      nested: { clientSecret: '[redacted]', access_token: '[redacted]' },
    });
    expect(lines[0]).not.toMatch(/cs-\d|as-1|at-\d/);
  });

  it('redacts the other credentials by key: privateKey, clientAssertion, client_assertion', () => {
    const { lines, log } = capture();
    log.info({ privateKey: 'pk-1', clientAssertion: 'ca-1', client_assertion: 'ca-2', auth: { privateKey: 'pk-2', clientAssertion: 'ca-3' } }, 'credential');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      privateKey: '[redacted]',
      clientAssertion: '[redacted]',
      client_assertion: '[redacted]',
      auth: { privateKey: '[redacted]', clientAssertion: '[redacted]' },
    });
    expect(lines[0]).not.toMatch(/pk-\d|ca-\d/);
  });

  it('redacts by key at the top, one object down, and a header map two down (req.headers.authorization)', () => {
    const { lines, log } = capture();
    log.info({ token: 't-1', req: { headers: { authorization: 'a-1', host: 'h' } }, call: { token: 't-2', path: '/p' } }, 'keys');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      token: '[redacted]',
      req: { headers: { authorization: '[redacted]', host: 'h' } },
      call: { token: '[redacted]', path: '/p' },
    });
    expect(lines[0]).not.toMatch(/[ta]-\d/);
  });

  it('redacts a secret carried by an Error and keeps what the error says', () => {
    const { lines, log } = capture();
    const error = Object.assign(new Error('exchange refused'), { client_secret: 'cs-9', code: 'E1' });
    log.warn({ err: error }, 'obo');
    expect(JSON.parse(lines[0]!)).toMatchObject({ err: { type: 'Error', message: 'exchange refused', client_secret: '[redacted]', code: 'E1' } });
    expect(lines[0]).not.toContain('cs-9');
  });

  it('leaves a line with nothing to redact or cut as it is, without copying it (the per-operation line)', () => {
    const line = { operationName: 'Op', operationType: 'mutation', durationMs: 3.4, outcome: 'ok', upstreamCalls: 1, clientRequestIds: ['0b6f3c1e'] };
    expect(redactAndTruncate(line)).toBe(line);
  });

  it('cuts a string value over 2048 characters and says how long it was', () => {
    const { lines, log } = capture();
    log.warn({ path: `/x/${'a'.repeat(5000)}`, short: 'b'.repeat(2048) }, 'graph call failed');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.path).toBe(`/x/${'a'.repeat(2045)}… (5003 characters)`);
    expect(line.short).toBe('b'.repeat(2048));
    expect(line.msg).toBe('graph call failed');
  });
});
