// The embedded emulator as `npm start` runs it (dist/main.js with no GRAPH_BASE_URL): the throttle's EMULATOR_*
// variables reach it (Intune's limits when unset: readThrottleSettings, standalone.test.ts), and a bad one stops the
// start naming the variable.
import { request } from 'undici';
import { spawnGateway } from '../helpers/process';
import { TOKEN } from './support';

const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "t" }) { deviceTag } }';

describe('npm start: the embedded emulator’s throttle', () => {
  it('throttles writes as EMULATOR_WRITE_LIMIT says', async () => {
    const gateway = spawnGateway({ PORT: '0', HOST: '127.0.0.1', EMULATOR_WRITE_LIMIT: '2', GRAPH_RETRY_MAX: '0' });
    const answers: unknown[] = [];
    try {
      const ready = await gateway.waitForLine((l) => l.msg === 'gateway ready');
      for (let i = 0; i < 3; i += 1) {
        const res = await request(ready.url as string, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ query: CREATE }),
        });
        answers.push(await res.body.json());
      }
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    expect(answers.slice(0, 2)).toEqual([
      { data: { createManagedAppRegistration: { deviceTag: 't' } } },
      { data: { createManagedAppRegistration: { deviceTag: 't' } } },
    ]);
    expect(answers[2]).toMatchObject({
      data: null,
      errors: [{ extensions: { code: 'UPSTREAM_THROTTLED', graph: { status: 429, code: 'TooManyRequests', message: 'Please retry again later.' } } }],
    });
  });

  it('a bad EMULATOR_* throttle variable exits 1 naming it', async () => {
    const gateway = spawnGateway({ PORT: '0', EMULATOR_TENANT_WRITE_LIMIT: '-3' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toBe(
      'Invalid configuration: EMULATOR_TENANT_WRITE_LIMIT must be an integer from 0 to 1000000, got "-3".\n',
    );
    expect(gateway.lines).toEqual([]);
  });
});
