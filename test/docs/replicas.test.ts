// docs/replicas.md's local recipe, as written: its first block's settings start one standalone emulator, one Redis
// and two gateways; its second block runs in bash as pasted. The creates on two replicas make one record, in the
// one emulator, and the list on the second replica shows it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { request } from 'undici';
import { freePort } from '../helpers/ports';
import { ProcessRegistry, type NodeProcess } from '../helpers/process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCommand } from '../helpers/start-command';
import { GATEWAY_MAIN, PROJECT_ROOT } from '../helpers/project';
import { startRedis, type RedisServer } from '../helpers/redis';
import { codeBlocks } from './markdown';

const DOC = 'docs/replicas.md';
const EMULATOR_MAIN = GATEWAY_MAIN.replace(/main\.js$/, 'emulator/main.js');

/** One line of the recipe: its leading VAR=value assignments, then the command. */
interface Step {
  readonly assignments: Record<string, string>;
  readonly command: string;
}

function parseLine(line: string): Step {
  const words = line.replace(/ &$/, '').split(' ');
  const assignments: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    assignments[name!] = value.join('=');
  }
  return { assignments, command: words.join(' ') };
}

/** The recipe's fixed ports, each replaced by a free one (Redis's by the test Redis's). */
async function portsFor(redis: RedisServer): Promise<Record<string, string>> {
  return { '6379': String(redis.port), '4100': String(await freePort()), '4001': String(await freePort()), '4002': String(await freePort()) };
}

function withPorts(text: string, ports: Record<string, string>): string {
  return text.replace(/\b(6379|4100|4001|4002)\b/g, (port) => ports[port]!);
}

const [startBlock, tryBlock] = codeBlocks(DOC).filter((b) => b.marker === 'run by test/docs/replicas.test.ts');
const children = new ProcessRegistry();
let redis: RedisServer;
let ports: Record<string, string>;
const started: NodeProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  ports = await portsFor(redis);
  const steps = withPorts(startBlock!.text, ports).trimEnd().split('\n').map(parseLine);
  // The commands, in order: Redis (the test's own, on the port REDIS_URL names), the emulator, exports, two gateways.
  expect(steps.map((s) => s.command.split(' ').slice(0, 2).join(' '))).toEqual(['redis-server --port', 'npm run', 'export GRAPH_BASE_URL=http://127.0.0.1:' + ports['4100'] + '/beta', 'npm start', 'npm start']);
  expect(steps[0]!.command).toBe(`redis-server --port ${redis.port} --save '' --appendonly no`);
  expect(steps[1]!.command).toBe('npm run emulator');
  // What the two npm scripts run, spawned here directly so that the test holds the processes it stops.
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const start = startCommand();
  expect([scripts.emulator, start.script, start.env]).toEqual(['node dist/emulator/main.js', 'dist/main.js', {}]);
  const exported = parseLine(steps[2]!.command.replace(/^export /, '')).assignments;
  expect(exported).toEqual({ GRAPH_BASE_URL: `http://127.0.0.1:${ports['4100']}/beta`, REDIS_URL: redis.url, CURSOR_SECRET: 'one-secret-for-every-replica-of-this-demo' });
  const base = { PATH: process.env.PATH };
  const emulator = children.spawn({ label: 'emulator', args: [EMULATOR_MAIN], env: { ...base, ...steps[1]!.assignments } });
  started.push(emulator);
  await emulator.waitForLine((line) => typeof line.msg === 'string' && line.msg.startsWith('Microsoft Graph emulator listening'));
  for (const step of steps.slice(3)) {
    started.push(children.spawn({ label: `gateway ${step.assignments.PORT}`, args: [...start.nodeArgs, GATEWAY_MAIN], env: { ...base, ...exported, ...step.assignments } }));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await redis?.stop();
});

test('two gateways on one emulator and one Redis: one record for a keyed create sent to both, listed by the second', async () => {
  const { stdout } = await promisify(execFile)('bash', ['-c', withPorts(tryBlock!.text, ports)], { timeout: 60_000 });
  const listed = await request(`http://127.0.0.1:${ports['4100']}/beta/deviceAppManagement/managedAppRegistrations`, { headers: { authorization: 'Bearer anything' } });
  const stored = ((await listed.body.json()) as { value: Array<{ id: string; deviceTag: string }> }).value;
  expect(stored.map((r) => r.deviceTag)).toEqual(['replica-demo']);
  const id = stored[0]!.id;
  expect(stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown)).toEqual([
    { data: { createManagedAppRegistration: { id } } },
    { data: { createManagedAppRegistration: { id } } },
    { data: { managedAppRegistrations: { nodes: [{ id, deviceTag: 'replica-demo' }] } } },
  ]);
}, 90_000);
