// Every bench script starts the gateway as `npm start` runs it: package.json's start script, node flags included
// when it has any. bench/servers.ts `gatewayArgs` is the one place that builds that
// command; a bench file that names dist/main.js itself (GATEWAY_MAIN) would start a gateway users never run.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayArgs, gatewayCommandLine, gatewayEnv } from '../../bench/servers';
import { GATEWAY_MAIN, PROJECT_ROOT } from '../helpers/project';
import { startCommand } from '../helpers/start-command';

const BENCH = path.join(PROJECT_ROOT, 'bench');

/** The bench files (name, source) that start the gateway some other way than gatewayArgs: those naming GATEWAY_MAIN or dist/main.js. */
function ownGatewayCommands(files: ReadonlyArray<readonly [string, string]>): string[] {
  return files.filter(([, source]) => /\bGATEWAY_MAIN\b|['"`][\w./-]*dist\/main\.js['"`]/.test(source)).map(([name]) => name);
}

describe('the bench starts the gateway as npm start runs it', () => {
  it('gives node the start script\'s flags, then the script', () => {
    const start = startCommand();
    expect(gatewayArgs()).toEqual([...start.nodeArgs, GATEWAY_MAIN]);
    expect(gatewayArgs(['--cpu-prof'])).toEqual([...start.nodeArgs, '--cpu-prof', GATEWAY_MAIN]);
    expect(gatewayCommandLine()).toBe(['node', ...start.nodeArgs, 'dist/main.js'].join(' '));
  });

  it("sets the start script's environment under the bench's own settings", () => {
    const env = gatewayEnv('warn', 4321, 'http://127.0.0.1:1/beta');
    for (const [name, value] of Object.entries(startCommand().env)) expect(env[name]).toBe(value);
    expect({ PORT: env.PORT, LOG_LEVEL: env.LOG_LEVEL, GRAPH_BASE_URL: env.GRAPH_BASE_URL }).toEqual({ PORT: '4321', LOG_LEVEL: 'warn', GRAPH_BASE_URL: 'http://127.0.0.1:1/beta' });
  });

  it('has no bench file with a gateway command of its own', () => {
    const files = readdirSync(BENCH)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => [name, readFileSync(path.join(BENCH, name), 'utf8')] as const);
    expect(files.length).toBeGreaterThan(10);
    expect(ownGatewayCommands(files)).toEqual([]);
  });

  it('finds a planted one: GATEWAY_MAIN, or dist/main.js in a string', () => {
    expect(
      ownGatewayCommands([
        ['planted-import.ts', "import { GATEWAY_MAIN } from '../test/helpers/project';\nspawn([GATEWAY_MAIN]);"],
        ['planted-path.ts', "spawnNode('gateway', 0, [path.join(root, 'dist/main.js')]);"],
        ['clean.ts', "spawnNode('gateway', 0, gatewayArgs());"],
      ]),
    ).toEqual(['planted-import.ts', 'planted-path.ts']);
  });
});
