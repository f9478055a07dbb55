// Contract §13 at start, as `npm start` runs it (dist/main.js): a bad manifest stops the start with one line naming
// the file, the id and what is wrong, before /readyz is ever ready; a manifest of 200 documents is prepared and the
// gateway becomes ready (the time is printed, not bounded: wall clocks on a shared machine are not a test).
import { readFileSync } from 'node:fs';
import { freePort } from '../helpers/ports';
import { killIfRunning, spawnGateway, type GatewayProcess } from '../helpers/process';
import { CODEGEN, scratch } from './support';
import { sha256Hex } from '../../src/trusted-documents/ids';

const files = scratch();
afterAll(() => files.cleanup());

describe('npm start with TRUSTED_DOCUMENTS', () => {
  let proc: GatewayProcess | undefined;
  afterEach(async () => {
    await killIfRunning(proc);
    proc = undefined;
  });

  it('refuses a manifest with a wrong SHA-256 id in one line, and never becomes ready', async () => {
    const text = '{ gatewayInfo { version } }';
    const wrong = `sha256:${'0'.repeat(64)}`;
    const file = files.write('wrong-id.json', { [wrong]: text });
    proc = spawnGateway({ PORT: '0', TRUSTED_DOCUMENTS: file });
    expect(await proc.exited).toBe(1);
    const hash = sha256Hex(text);
    expect(proc.stderr()).toBe(
      `Invalid configuration: TRUSTED_DOCUMENTS: ${file}: document ${JSON.stringify(wrong)} is not the SHA-256 of its text: a SHA-256 id must be "sha256:${hash}" or "${hash}" (64 lowercase hex digits of the text exactly as in the manifest)\n`,
    );
    expect(proc.lines.filter((line) => line.includes('gateway ready'))).toEqual([]);
  });

  it('refuses a document that is not valid against the schema in one line', async () => {
    const file = files.write('invalid.json', { 'relay-1': '{ gatewayInfo { nope } }' });
    proc = spawnGateway({ PORT: '0', TRUSTED_DOCUMENTS: file });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toBe(`Invalid configuration: TRUSTED_DOCUMENTS: ${file}: document "relay-1" is not valid against the schema: Cannot query field "nope" on type "GatewayInfo".\n`);
  });

  it('prepares a manifest of 200 documents and becomes ready', async () => {
    // 200 distinct documents the size of a real page's: the fixture's read, renamed.
    const template = Object.values(JSON.parse(readFileSync(CODEGEN, 'utf8')) as Record<string, string>)[0]!;
    const manifest = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => {
        const text = template.replace('query GetManagedAppRegistration(', `query GetManagedAppRegistration${i}(`);
        return [`sha256:${sha256Hex(text)}`, text];
      }),
    );
    const file = files.write('two-hundred.json', manifest);
    const timings: Record<string, number> = {};
    for (const [name, env] of [
      ['without a manifest', {}],
      ['with 200 documents', { TRUSTED_DOCUMENTS: file, TRUSTED_DOCUMENTS_MODE: 'enforce' }],
    ] as const) {
      const port = await freePort();
      const started = performance.now();
      proc = spawnGateway({ PORT: String(port), HOST: '127.0.0.1', ...env });
      await proc.waitFor200(`http://127.0.0.1:${port}/readyz`, { pollMs: 10 });
      timings[name] = Math.round(performance.now() - started);
      await killIfRunning(proc);
    }
    // Reported, not asserted (no wall-clock bounds in tests); contract §13 promises under 1.5 s on 2 cores.
    console.log(`start to the first /readyz 200: ${JSON.stringify(timings)} ms`);
    expect(Object.keys(timings)).toHaveLength(2);
  });
});
