// docs/authentication.md's "obo mode with no tenant" block, pasted into bash as one block: it starts the gateway in
// the background, waits for /readyz, gets a user token from the Entra ID stand-in and creates a registration with
// it. Only the ports change (free ones instead of 4000 and 4100).
import { spawn } from 'node:child_process';
import { freePort } from '../helpers/ports';
import { codeBlocks } from './markdown';

const DOC = 'docs/authentication.md';
const [block] = codeBlocks(DOC).filter((b) => b.marker === 'run by test/docs/obo.test.ts');

/** True while any process of the group `pgid` lives. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(pgid: number): Promise<void> {
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
  for (let waited = 0; groupAlive(pgid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

test('the block works pasted as one: a token from the stand-in creates a registration', async () => {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const script = block!.text.replace(/localhost:4000/g, `localhost:${port}`).replace(/\b4100\b/g, String(emulatorPort));
  expect(script).toContain('npm start &\nuntil curl -sf -o /dev/null');
  // A process group of its own, so that the gateway the block leaves running in the background can be stopped.
  const child = spawn('bash', ['-c', script], { detached: true, env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  } finally {
    await stopGroup(child.pid!);
  }
  // The gateway's JSON log lines share stdout with curl's answer (which ends in no line break, so a log line may
  // follow it on the same line): the answer is the one object starting {"data".
  const answers = [...stdout.matchAll(/\{"data":\{"[^"]+":\{[^{}]*\}\}\}/g)].map((m) => JSON.parse(m[0]) as unknown);
  expect(answers).toEqual([{ data: { createManagedAppRegistration: { id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) } } }]);
}, 120_000);
