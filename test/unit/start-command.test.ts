// The start script the harness reads (test/helpers/start-command.ts): tests spawn the gateway as `npm start` runs it.
import { spawnSync } from 'node:child_process';
import { parseStartScript, startCommand } from '../helpers/start-command';

describe('parseStartScript', () => {
  it.each<[string, ReturnType<typeof parseStartScript>]>([
    ['node dist/main.js', { env: {}, nodeArgs: [], script: 'dist/main.js' }],
    ['node --max-semi-space-size=8 --max-old-space-size=256 dist/main.js', { env: {}, nodeArgs: ['--max-semi-space-size=8', '--max-old-space-size=256'], script: 'dist/main.js' }],
    ['MALLOC_ARENA_MAX=2 node  --a dist/main.js ', { env: { MALLOC_ARENA_MAX: '2' }, nodeArgs: ['--a'], script: 'dist/main.js' }],
  ])('%j', (script, expected) => {
    expect(parseStartScript(script)).toEqual(expected);
  });

  it.each([
    ['tsx src/main.ts', 'the start script must run node: "tsx src/main.ts"'],
    ['node dist/main.js --port 1', 'the start script must end with the script node runs: "node dist/main.js --port 1"'],
    ['node dist/main.js && echo', 'the start script must end with the script node runs: "node dist/main.js && echo"'],
  ])('refuses %j', (script, message) => {
    expect(() => parseStartScript(script)).toThrow(new Error(message));
  });

  // Node refuses to start on a flag it does not know: run this file on Node 20 and on Node 24.
  it(`package.json's start script runs dist/main.js with flags this node (${process.version}) accepts`, () => {
    const start = startCommand();
    expect(start.script).toBe('dist/main.js');
    const run = spawnSync(process.execPath, [...start.nodeArgs, '-e', 'process.stdout.write("ok")'], { env: { ...start.env, PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'ok', stderr: '' });
  });
});
