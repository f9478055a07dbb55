// `node .bench/dist/bench/log-ab.js`: what the per-operation log line costs the gateway under load. Two gateways run
// side by side on the same fake Graph, one as `npm start` runs it (LOG_LEVEL unset: info, a line per operation) and
// one with LOG_LEVEL=warn (no line); short rounds alternate A B B A… so that a shared machine's load drifts over
// both alike, and each pair of rounds gives one difference. CPU-µs per operation is run.ts's measure: the process's
// utime+stime from /proc/<pid>/stat over the operations completed.
import path from 'node:path';
import { Flags } from '../test/helpers/flags';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript } from '../test/helpers/runner';
import { clientRequest, HEADER_SET_IDS } from './header-sets';
import { runLoad } from './load';
import { clockTicks, cpuTicks } from './proc-stats';
import { ChildRegistry, detectPinning, LOAD_CPU, pinSelf } from './processes';
import { median } from './report';
import { SCENARIOS, TEXT_SCENARIO_IDS } from './scenarios';
import { gatewayArgs, gatewayCommandLine, gatewayEnv, gatewaySettings, startFakeGraph, startServer, type Server } from './servers';

const USAGE = `Usage: node .bench/dist/bench/log-ab.js [options]   (after npm run -s build && tsc -p bench/tsconfig.json)

  --pairs N          pairs of rounds (default 6)
  --duration S       seconds per round (default 5)
  --warmup S         seconds of unmeasured load per gateway first (default 5)
  --connections N    concurrent connections (default 32)
  --scenario ID      one of ${TEXT_SCENARIO_IDS.join(', ')} (default createManagedAppRegistration)
  --headers ID       one of ${HEADER_SET_IDS.join(', ')} (default curl)
  --cpu-prof DIR     run both gateways with node --cpu-prof, profiles written to DIR when they stop (see profile-share.ts)
  --help             this text
`;

const log = (message: string): void => void process.stderr.write(`[log-ab] ${message}\n`);

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['pairs', 'duration', 'warmup', 'connections', 'scenario', 'headers', 'cpu-prof'] });
  const pairs = flags.int('pairs', 6, { max: 100 });
  const durationSeconds = flags.int('duration', 5, { max: 600 });
  const warmupSeconds = flags.int('warmup', 5, { min: 0, max: 600 });
  const connections = flags.int('connections', 32, { max: 1024 });
  const scenario = SCENARIOS[flags.oneOf('scenario', TEXT_SCENARIO_IDS, 'createManagedAppRegistration')];
  const headerSet = flags.oneOf('headers', HEADER_SET_IDS, 'curl');
  const profileDir = flags.get('cpu-prof');
  const nodeFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`];
  const pinning = pinSelf(detectPinning(), LOAD_CPU);
  if (!pinning.enabled) log(`pinning skipped: ${pinning.reason}`);
  const registry = new ChildRegistry(pinning);
  const ticks = clockTicks();
  try {
    const fake = await startFakeGraph(registry, PROJECT_ROOT, __dirname);
    const start = (label: 'info' | 'warn'): Promise<Server> =>
      startServer(registry, 'gateway', PROJECT_ROOT, gatewayArgs(nodeFlags), (port) => gatewayEnv(label === 'info' ? undefined : 'warn', port, fake.control.baseUrl));
    const sides = { info: await start('info'), warn: await start('warn') };
    log(`A: ${JSON.stringify(gatewaySettings(undefined, '<free port>', '<fake Graph>'))} (LOG_LEVEL unset: info); B: LOG_LEVEL=warn`);
    const round = async (side: 'info' | 'warn', seconds: number): Promise<number> => {
      const pid = sides[side].child.pid;
      let before = cpuTicks(pid);
      const load = await runLoad({ request: clientRequest(scenario, headerSet, sides[side].url), connections, durationSeconds: seconds, onStart: () => (before = cpuTicks(pid)) });
      const micros = ((cpuTicks(pid) - before) * 1e6) / ticks.perSecond / load.ops;
      await fake.control.reset();
      return micros;
    };
    if (warmupSeconds > 0) for (const side of ['info', 'warn'] as const) await round(side, warmupSeconds);
    const results = { info: [] as number[], warn: [] as number[] };
    for (let pair = 0; pair < pairs; pair++) {
      // A B, then B A: neither side always goes first.
      for (const side of pair % 2 === 0 ? (['info', 'warn'] as const) : (['warn', 'info'] as const)) results[side].push(await round(side, durationSeconds));
      log(`pair ${pair + 1}: info ${results.info[pair]!.toFixed(0)}, warn ${results.warn[pair]!.toFixed(0)} CPU-µs/op`);
    }
    const differences = results.info.map((value, i) => value - results.warn[i]!);
    const summary = {
      command: ['node', path.relative(process.cwd(), process.argv[1] ?? ''), ...process.argv.slice(2)].join(' '),
      node: process.version,
      // What each side changes from `npm start` (run with it): the bench's settings, and B's LOG_LEVEL=warn, by design.
      gatewayCommand: gatewayCommandLine(),
      gatewayChanges: { info: gatewaySettings(undefined, '<free port>', '<fake Graph>'), warn: gatewaySettings('warn', '<free port>', '<fake Graph>') },
      scenario: scenario.id,
      headerSet,
      connections,
      durationSeconds,
      pinning: pinning.enabled,
      info: results.info.map((v) => Math.round(v)),
      warn: results.warn.map((v) => Math.round(v)),
      medianInfo: Math.round(median(results.info)),
      medianWarn: Math.round(median(results.warn)),
      medianDifference: Math.round(median(differences)),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await registry.stopAll();
  }
}

runScript('log-ab', USAGE, main, { forceExit: true });
