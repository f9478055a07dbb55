// `npm run bench`: the gateway against two references (a bare floor and a tuned plain Apollo Server), with the
// requests of three clients (curl, Apollo Client, urql), on the same fake Graph, same load, same machine.
// Bounded (fixed durations and a watchdog), loopback only, and every child process is stopped on the way out.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Flags, UsageError } from '../test/helpers/flags';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript } from '../test/helpers/runner';
import { checkScenario, SERVER_LABEL, SERVER_NAMES, type CheckOutcome, type ServerName } from './check';
import { clientRequest, describeRequest, HEADER_SET_IDS, type HeaderSetId } from './header-sets';
import { runLoad, stopCurrentLoad } from './load';
import { busyTicksBetween, clockTicks, cpusAllowed, cpuTicks, RssSampler, systemCpuTimes, type ClockTicks } from './proc-stats';
import { ChildRegistry, detectPinning, LOAD_CPU, MEASURED_CPU, pinSelf, type Pinning } from './processes';
import {
  describeSettings,
  evaluateTargets,
  failureCount,
  median,
  renderMarkdown,
  summarize,
  writeResults,
  type BenchResult,
  type RoundMeasurement,
  type StartupSummary,
  type WarmupRecord,
} from './report';
import { SCENARIO_IDS, scenarioFor, SCENARIOS, type ScenarioId } from './scenarios';
import {
  gatewayArgs,
  gatewayCommandLine,
  gatewayEnv,
  gatewaySettings,
  LOG_LEVELS,
  startFakeGraph,
  startServer,
  trustedGatewaySettings,
  writeTrustedManifest,
  type LogLevel,
  type Server,
} from './servers';
import { measureStartup } from './startup';

interface Options {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: ScenarioId[];
  headerSets: HeaderSetId[];
  startupRuns: number;
  /** LOG_LEVEL for the gateway; undefined leaves npm start's default (info: one line per operation). */
  logLevel: LogLevel | undefined;
}

const USAGE = `Usage: node .bench/dist/bench/run.js [options]   (npm run bench -- [options])

  --rounds N          measured rounds per server, scenario and header set, interleaved floor/tuned Apollo/gateway (default 3)
  --duration S        seconds per round (default 10: long enough to include old-generation GCs)
  --warmup S          seconds of unmeasured load per server, scenario and header set before the rounds (default 5)
  --connections N     concurrent connections of the load generator (default 32)
  --log-level L       the gateway's LOG_LEVEL (default: unset, npm start's default, info); e.g. warn for an A/B of the log line
  --scenarios a,b     some of: ${SCENARIO_IDS.join(', ')} (default all)
  --headers a,b       some of: ${HEADER_SET_IDS.join(', ')} (default all): whose requests are sent (bench/README.md "Header sets")
  --startup-runs N    gateway starts timed per configuration (default 5; 0 skips)
  --quick             rounds 1, duration 1, warmup 1: checks the harness, measures nothing worth keeping
  --help              this text
`;

/** Lets in-flight requests cut off at the end of a round reach the fake Graph before its counters are read. */
const SETTLE_MS = 300;

function parseOptions(argv: readonly string[]): Options {
  const flags = Flags.parse(argv, { values: ['rounds', 'duration', 'warmup', 'connections', 'scenarios', 'headers', 'startup-runs', 'log-level'], switches: ['quick'] });
  // --quick sets defaults; flags given explicitly win whatever their order.
  const quick = flags.has('quick');
  return {
    rounds: flags.int('rounds', quick ? 1 : 3, { max: 50 }),
    durationSeconds: flags.int('duration', quick ? 1 : 10, { max: 600 }),
    warmupSeconds: flags.int('warmup', quick ? 1 : 5, { min: 0, max: 600 }),
    connections: flags.int('connections', 32, { max: 1024 }),
    scenarios: flags.someOf('scenarios', SCENARIO_IDS),
    headerSets: flags.someOf('headers', HEADER_SET_IDS),
    startupRuns: flags.int('startup-runs', 5, { min: 0, max: 50 }),
    logLevel: flags.has('log-level') ? flags.oneOf('log-level', LOG_LEVELS, 'info') : undefined,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line === undefined ? 'unknown' : line.slice(line.indexOf(':') + 1).trim();
  } catch {
    return 'unknown';
  }
}

function nproc(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8', timeout: 5000 }).trim());
  } catch {
    return availableParallelism();
  }
}

function gitCommit(root: string): string | null {
  try {
    // Read-only, and told not to take optional locks, so it never writes to the repository.
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Rough wall time of the whole run, for the watchdog and the opening line. */
function estimateSeconds(options: Options): number {
  const runs = SERVER_NAMES.length * options.headerSets.length;
  const perScenario = runs * (options.warmupSeconds + 0.5) + options.rounds * runs * (options.durationSeconds + 0.6);
  return options.scenarios.length * perScenario + options.startupRuns * 2 * 2 + 20;
}

/** Throws, with the process's last output, when a server under test has died: there is nothing left to measure. */
async function assertAlive(server: Server, when: string): Promise<void> {
  // Let a pending 'exit' event land first, so a process that just died is seen as dead.
  await new Promise((resolve) => setImmediate(resolve));
  if (server.child.hasExited) {
    throw new Error(`the ${server.name} (pid ${server.child.pid}) ${server.child.exitDescription} ${when}; its last output:\n${server.child.tail().join('\n')}`);
  }
}

/** GET or POST for each scenario and header set, as sent (the URL length decides for urql's queries). */
function methodOf(serversFor: (id: ScenarioId) => Readonly<Record<ServerName, Server>>): (id: ScenarioId, headerSet: HeaderSetId) => string {
  return (id, headerSet) => describeRequest(clientRequest(SCENARIOS[id], headerSet, serversFor(id).gateway.url), SCENARIOS[id], headerSet);
}

/** What `server` is sent for scenario `id` by `headerSet`'s client (the tuned Apollo gets by-id scenarios as APQ: scenarioFor). */
function requestTo(server: Server, id: ScenarioId, headerSet: HeaderSetId): ReturnType<typeof clientRequest> {
  return clientRequest(scenarioFor(server.name, SCENARIOS[id]), headerSet, server.url);
}

/** True when scenario `id` is sent by id, to the gateway holding the trusted documents. */
const byId = (id: ScenarioId): boolean => SCENARIOS[id].carrier !== 'text';

async function main(): Promise<number> {
  const startedAt = Date.now();
  const date = new Date().toISOString();
  const options = parseOptions(process.argv.slice(2));
  const benchDir = __dirname;
  const root = PROJECT_ROOT;
  if (!existsSync(gatewayArgs().at(-1)!)) throw new UsageError('dist/main.js is missing: run `npm run -s build` first (npm run bench does)');

  // Before pinning: nproc counts the CPUs this process may use, which pinning narrows to one.
  const cpuCount = nproc();
  const pinning: Pinning = pinSelf(detectPinning(), LOAD_CPU);
  const pinningDetail = pinning.enabled
    ? `gateway, floor and tuned Apollo on CPU ${MEASURED_CPU} (taskset -c ${MEASURED_CPU}); driver with autocannon, and the fake Graph, on CPU ${LOAD_CPU}`
    : `SKIPPED: ${pinning.reason}; processes run wherever the scheduler puts them, so the numbers mix in the load generator's CPU use`;
  if (!pinning.enabled) log(`pinning skipped: ${pinning.reason}`);
  const registry = new ChildRegistry(pinning);

  let stopping = false;
  const abort = (why: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping the load and every child process`);
    stopCurrentLoad();
    void registry.stopAll(2000).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('SIGINT', 130));
  process.once('SIGTERM', () => abort('SIGTERM', 143));
  const estimate = estimateSeconds(options);
  // Twice the estimate plus slack: only a hang gets here, and then the run ends anyway.
  const watchdog = setTimeout(() => abort(`watchdog: the run exceeded ${Math.round(estimate * 2 + 60)} s`, 124), (estimate * 2 + 60) * 1000);
  watchdog.unref();

  const ticks: ClockTicks = clockTicks();
  const quietBefore = systemCpuTimes();
  await sleep(1000);
  // The bench's own processes do not exist yet: whatever is busy now is someone else's load.
  const busyBeforeStart = (100 * busyTicksBetween(quietBefore, systemCpuTimes(), 'cpu')) / ticks.perSecond;
  if (busyBeforeStart > 10) log(`the machine is not quiet: other processes use ${busyBeforeStart.toFixed(0)}% of a CPU; the numbers will be disturbed`);
  log(
    `about ${Math.round(estimate)} s: ${options.scenarios.length} scenario(s) × header sets ${options.headerSets.join(', ')} × ${SERVER_NAMES.length} servers, ` +
      `${options.rounds} round(s) × ${options.durationSeconds} s, warm-up ${options.warmupSeconds} s, ${options.connections} connections`,
  );
  log(`the gateway runs as npm start runs it (${gatewayCommandLine()}), except: ${describeSettings(gatewaySettings(options.logLevel, '<free port>', '<fake Graph>'))}`);
  // The by-id scenarios get a second gateway, with the bench's operations as trusted documents (enforced); the
  // text scenarios keep measuring npm start's defaults, without a manifest.
  const manifestDir = options.scenarios.some(byId) ? mkdtempSync(path.join(tmpdir(), 'bench-trusted-')) : null;
  const trustedChanges = manifestDir === null ? null : trustedGatewaySettings(writeTrustedManifest(manifestDir));
  if (trustedChanges !== null) log(`the by-id scenarios' gateway also has: ${Object.entries(trustedChanges).map(([k, v]) => `${k}=${v}`).join(', ')}`);

  const checks: CheckOutcome[] = [];
  const warmups: WarmupRecord[] = [];
  const rounds: RoundMeasurement[] = [];
  const observations: string[] = [];
  const allowed: Record<string, string | null> = { driver: cpusAllowed(process.pid) };
  let gatewayLog: BenchResult['gatewayLog'] = { counts: { warn: 0, error: 0, fatal: 0, other: 0 }, messages: {} };
  const startup: { withFakeGraph: StartupSummary; embeddedEmulator: StartupSummary } = {
    withFakeGraph: { runs: [], medianMs: null },
    embeddedEmulator: { runs: [], medianMs: null },
  };

  let describeMethod: ((id: ScenarioId, headerSet: HeaderSetId) => string) | null = null;
  try {
    const fake = await startFakeGraph(registry, root, benchDir);
    allowed.fakeGraph = cpusAllowed(fake.child.pid);
    const floorEnv = (port: number): NodeJS.ProcessEnv => gatewayEnv(options.logLevel, port, fake.control.baseUrl);
    const floor = await startServer(registry, 'floor', root, [path.join(benchDir, 'floor.js')], floorEnv);
    const tunedApollo = await startServer(registry, 'tunedApollo', root, [path.join(benchDir, 'tuned-apollo.js')], floorEnv);
    const gateway = await startServer(registry, 'gateway', root, gatewayArgs(), (port) => gatewayEnv(options.logLevel, port, fake.control.baseUrl));
    const trustedGateway =
      trustedChanges === null
        ? null
        : await startServer(registry, 'gateway', root, gatewayArgs(), (port) => ({ ...gatewayEnv(options.logLevel, port, fake.control.baseUrl), ...trustedChanges }));
    const servers: Record<ServerName, Server> = { floor, tunedApollo, gateway };
    const trustedServers: Record<ServerName, Server> | null = trustedGateway === null ? null : { floor, tunedApollo, gateway: trustedGateway };
    const serversFor = (id: ScenarioId): Record<ServerName, Server> => (byId(id) ? trustedServers! : servers);
    // Every measured process: the one under load counts its own CPU, the idle others are counted out of "other".
    const everyServer: readonly Server[] = trustedGateway === null ? Object.values(servers) : [...Object.values(servers), trustedGateway];
    for (const name of SERVER_NAMES) allowed[name] = cpusAllowed(servers[name].child.pid);
    if (trustedGateway !== null) allowed.trustedGateway = cpusAllowed(trustedGateway.child.pid);
    describeMethod = methodOf(serversFor);
    log(
      `fake Graph ${fake.control.baseUrl} (pid ${fake.child.pid}); ` +
        SERVER_NAMES.map((name) => `${SERVER_LABEL[name]} ${servers[name].url} (pid ${servers[name].child.pid})`).join(', ') +
        (trustedGateway === null ? '' : `, gateway with trusted documents ${trustedGateway.url} (pid ${trustedGateway.child.pid})`),
    );

    // 1. Correctness first: a server answering errors would have its error path measured.
    for (const id of options.scenarios) {
      for (const headerSet of options.headerSets) {
        for (const name of SERVER_NAMES) {
          const server = serversFor(id)[name];
          const outcome = await checkScenario(server.name, server.url, SCENARIOS[id], headerSet, fake.control);
          checks.push(outcome);
          const verdict = outcome.answerOk ? (outcome.upstreamOk ? 'ok' : 'answer ok, UPSTREAM CALLS WRONG') : 'WRONG ANSWER';
          log(`check ${id} ${headerSet} (${outcome.method}) on ${SERVER_LABEL[name]}: ${verdict}, content-type ${outcome.contentType ?? 'none'}`);
          for (const problem of [...outcome.problems, ...outcome.upstreamProblems]) log(`  ${problem}`);
        }
      }
    }
    // The references must be right in every respect; the gateway's wrong Graph calls are reported, not fatal.
    const wrong = checks.filter((c) => !c.answerOk || (c.server !== 'gateway' && !c.upstreamOk));
    if (wrong.length > 0) {
      process.stdout.write(`Check failed before measuring: ${wrong.map((c) => `${c.scenario} ${c.headerSet} on ${SERVER_LABEL[c.server]}`).join(', ')}\n`);
      for (const c of wrong) for (const p of [...c.problems, ...c.upstreamProblems]) process.stdout.write(`  ${SERVER_LABEL[c.server]} ${c.scenario} ${c.headerSet}: ${p}\n`);
      return 1;
    }
    for (const c of checks.filter((c) => !c.upstreamOk)) {
      observations.push(`${c.scenario} (${c.headerSet}) on the gateway made unexpected Graph calls: ${c.upstreamProblems.join('; ')}`);
    }
    const gatewayLogCounts = (): typeof gateway.child.logCounts => {
      const counts = { ...gateway.child.logCounts };
      for (const key of ['warn', 'error', 'fatal', 'other'] as const) counts[key] += trustedGateway?.child.logCounts[key] ?? 0;
      return counts;
    };
    const logBaseline = gatewayLogCounts();

    // 2. Load: per scenario, warm every server with every header set, then rounds interleaved
    // floor, tuned Apollo, gateway for each header set, round after round.
    const idleTicksOf = (idle: readonly Server[]): number => idle.reduce((sum, s) => sum + cpuTicks(s.child.pid), 0);
    const measureRound = async (server: Server, id: ScenarioId, headerSet: HeaderSetId, round: number): Promise<RoundMeasurement> => {
      const idle = everyServer.filter((other) => other !== server);
      const when = `${id} ${headerSet} round ${round}`;
      await assertAlive(server, `before ${when}`);
      for (const other of idle) await assertAlive(other, `before ${when}`);
      await fake.control.reset();
      const pid = server.child.pid;
      const sent = requestTo(server, id, headerSet);
      // Everything is read again when the load actually starts; these first values only keep the types simple.
      let before = { ticks: cpuTicks(pid), idleTicks: idleTicksOf(idle), fake: cpuTicks(fake.child.pid), driver: process.cpuUsage(), system: systemCpuTimes() };
      const sampler = new RssSampler(pid, 100);
      const load = await runLoad({
        request: sent,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        onStart: () => {
          before = { ticks: cpuTicks(pid), idleTicks: idleTicksOf(idle), fake: cpuTicks(fake.child.pid), driver: process.cpuUsage(), system: systemCpuTimes() };
        },
      });
      await assertAlive(server, `during ${when}`);
      const ticksUsed = cpuTicks(pid) - before.ticks;
      const idleTicks = idleTicksOf(idle) - before.idleTicks;
      const fakeTicks = cpuTicks(fake.child.pid) - before.fake;
      const driverUsage = process.cpuUsage(before.driver);
      const system = systemCpuTimes();
      const rssMaxKiB = sampler.stop();
      await sleep(SETTLE_MS);
      const upstream = await fake.control.stats();
      const microsPerTick = 1e6 / ticks.perSecond;
      const wallMicros = load.wallSeconds * 1e6;
      const wallTicks = load.wallSeconds * ticks.perSecond;
      const driverTicks = (driverUsage.user + driverUsage.system) / microsPerTick;
      // What the rest of the machine did meanwhile (the other engineer's tests, the VM's neighbours via steal).
      const other = (busy: number, ours: number): number => Math.max(0, (100 * (busy - ours)) / wallTicks);
      const otherCpuPercent = pinning.enabled
        ? {
            measuredCpu: other(busyTicksBetween(before.system, system, `cpu${MEASURED_CPU}`), ticksUsed + idleTicks),
            loadCpu: other(busyTicksBetween(before.system, system, `cpu${LOAD_CPU}`), fakeTicks + driverTicks),
            wholeMachine: other(busyTicksBetween(before.system, system, 'cpu'), ticksUsed + idleTicks + fakeTicks + driverTicks),
          }
        : { measuredCpu: null, loadCpu: null, wholeMachine: other(busyTicksBetween(before.system, system, 'cpu'), ticksUsed + idleTicks + fakeTicks + driverTicks) };
      const measurement: RoundMeasurement = {
        scenario: id,
        headerSet,
        method: describeRequest(sent, SCENARIOS[id], headerSet),
        server: server.name,
        round,
        load,
        reqPerSec: load.ops / load.wallSeconds,
        cpuTicks: ticksUsed,
        cpuMicrosPerOp: load.ops === 0 ? Number.NaN : (ticksUsed * microsPerTick) / load.ops,
        cpuPercent: (100 * ticksUsed * microsPerTick) / wallMicros,
        rssMaxMiB: rssMaxKiB / 1024,
        loadSideCpuPercent: (100 * (fakeTicks + driverTicks)) / wallTicks,
        otherCpuPercent,
        upstream,
        upstreamPerOp: load.sent === 0 ? Number.NaN : upstream.requests / load.sent,
      };
      log(
        `${id} ${headerSet} ${SERVER_LABEL[server.name]} round ${round}: ${measurement.reqPerSec.toFixed(0)} req/s, p50 ${load.latencyMs.p50.toFixed(2)} ms, ` +
          `${measurement.cpuMicrosPerOp.toFixed(0)} CPU-µs/op (${measurement.cpuPercent.toFixed(0)}% CPU), RSS ${measurement.rssMaxMiB.toFixed(1)} MB, ` +
          `load side ${measurement.loadSideCpuPercent.toFixed(0)}% CPU, other processes ${otherCpuPercent.wholeMachine.toFixed(0)}% CPU, upstream ${measurement.upstreamPerOp.toFixed(3)}/op` +
          (failureCount(load) > 0 ? `, FAILURES ${JSON.stringify(load.failures)}` : ''),
      );
      return measurement;
    };

    for (const id of options.scenarios) {
      for (const name of SERVER_NAMES) {
        const server = serversFor(id)[name];
        for (const headerSet of options.headerSets) {
          if (options.warmupSeconds === 0) continue;
          log(`${id}: warming ${SERVER_LABEL[name]} with ${headerSet}'s requests for ${options.warmupSeconds} s`);
          const load = await runLoad({
            request: requestTo(server, id, headerSet),
            connections: options.connections,
            durationSeconds: options.warmupSeconds,
          });
          await assertAlive(server, `during the ${id} ${headerSet} warm-up`);
          warmups.push({ scenario: id, headerSet, server: name, seconds: options.warmupSeconds, ops: load.ops, failures: load.failures });
          await sleep(SETTLE_MS);
        }
      }
      for (let round = 1; round <= options.rounds; round++) {
        for (const headerSet of options.headerSets) {
          for (const name of SERVER_NAMES) rounds.push(await measureRound(serversFor(id)[name], id, headerSet, round));
        }
      }
    }

    const logCounts = gatewayLogCounts();
    gatewayLog = {
      counts: {
        warn: logCounts.warn - logBaseline.warn,
        error: logCounts.error - logBaseline.error,
        fatal: logCounts.fatal - logBaseline.fatal,
        other: logCounts.other - logBaseline.other,
      },
      messages: [...gateway.child.problems, ...(trustedGateway?.child.problems ?? [])].reduce<Record<string, number>>((sum, [message, n]) => ({ ...sum, [message]: (sum[message] ?? 0) + n }), {}),
    };
    for (const server of everyServer) await server.child.stop();

    // 3. Start time, on a quiet machine: nothing else runs now but the idle fake Graph.
    if (options.startupRuns > 0) {
      log(`start time: ${options.startupRuns} gateway starts with GRAPH_BASE_URL, then ${options.startupRuns} on the embedded emulator`);
      const withFake = await measureStartup(registry, options.startupRuns, {
        root,
        label: 'gateway start (fake Graph)',
        ticks,
        env: (port) => gatewayEnv(options.logLevel, port, fake.control.baseUrl),
      });
      startup.withFakeGraph = { runs: withFake, medianMs: median(withFake.map((r) => r.ms)) };
      const emulated = await measureStartup(registry, options.startupRuns, { root, label: 'gateway start (emulator)', ticks, env: (port) => gatewayEnv(options.logLevel, port) });
      startup.embeddedEmulator = { runs: emulated, medianMs: median(emulated.map((r) => r.ms)) };
    }
    await fake.child.stop();
  } finally {
    clearTimeout(watchdog);
    await registry.stopAll();
    if (manifestDir !== null) rmSync(manifestDir, { recursive: true, force: true });
  }

  // 4. Report.
  const summary = describeMethod === null ? [] : summarize(rounds, options.scenarios, options.headerSets, describeMethod);
  for (const r of rounds.filter((r) => failureCount(r.load) > 0)) {
    observations.push(`${r.scenario} (${r.headerSet}) on the ${SERVER_LABEL[r.server]}, round ${r.round}: ${failureCount(r.load)} failed request(s) ${JSON.stringify(r.load.failures)}, status codes ${JSON.stringify(r.load.statusCodes)}`);
  }
  for (const w of warmups.filter((w) => w.failures.non2xx + w.failures.withErrors + w.failures.connectionErrors + w.failures.timeouts > 0)) {
    observations.push(`${w.scenario} (${w.headerSet}) on the ${SERVER_LABEL[w.server]}, warm-up: failed requests ${JSON.stringify(w.failures)}`);
  }
  for (const s of summary) {
    for (const server of SERVER_NAMES) {
      const m = s[server];
      const want = SCENARIOS[s.scenario].upstream.calls;
      const which = `${s.scenario} (${s.headerSet}) on the ${SERVER_LABEL[server]}`;
      if (m !== null && Math.abs(m.upstreamPerOp - want) >= 0.01) {
        observations.push(`${which}: ${m.upstreamPerOp.toFixed(3)} Graph calls per operation under load (expected ${want})`);
      }
      const saturated = rounds.filter((r) => r.scenario === s.scenario && r.headerSet === s.headerSet && r.server === server && r.loadSideCpuPercent > 90);
      if (saturated.length > 0) {
        observations.push(
          `${which}: in ${saturated.length} round(s) the load side (CPU ${LOAD_CPU}: autocannon and the fake Graph) was over 90% busy ` +
            `(up to ${Math.max(...saturated.map((r) => r.loadSideCpuPercent)).toFixed(0)}%): there req/s and latency are partly limited by the load generator; CPU-µs/op is still the ${SERVER_LABEL[server]}'s own`,
        );
      }
    }
  }
  for (const s of summary) {
    for (const server of SERVER_NAMES) {
      const values = rounds.filter((r) => r.scenario === s.scenario && r.headerSet === s.headerSet && r.server === server).map((r) => r.cpuMicrosPerOp);
      if (values.length < 2) continue;
      const spread = Math.max(...values) / Math.min(...values);
      if (spread > 1.2) {
        observations.push(`${s.scenario} (${s.headerSet}) on the ${SERVER_LABEL[server]}: CPU-µs/op varied ${spread.toFixed(2)}× between rounds (${values.map((v) => v.toFixed(0)).join(', ')}): unstable, take the median with care`);
      }
    }
  }
  if (gatewayLog.counts.warn + gatewayLog.counts.error + gatewayLog.counts.fatal > 0) {
    observations.push(`the gateway logged ${gatewayLog.counts.warn} warn, ${gatewayLog.counts.error} error, ${gatewayLog.counts.fatal} fatal line(s) under load: ${JSON.stringify(gatewayLog.messages)}`);
  }
  for (const [label, s] of [['with the fake Graph', startup.withFakeGraph], ['on the embedded emulator', startup.embeddedEmulator]] as const) {
    const noisy = s.runs.filter((r) => r.logCounts.warn + r.logCounts.error + r.logCounts.fatal > 0);
    if (noisy.length > 0) observations.push(`gateway starts ${label} logged warnings/errors: ${JSON.stringify(noisy.map((r) => r.problems))}`);
    const busy = s.runs.filter((r) => r.otherCpuPercent > 10);
    if (busy.length > 0) {
      observations.push(`${busy.length} of ${s.runs.length} gateway starts ${label} ran while other processes used CPU (up to ${Math.max(...busy.map((r) => r.otherCpuPercent)).toFixed(0)}% of a CPU): those start times are inflated`);
    }
  }
  if (busyBeforeStart > 10) observations.push(`before the run, other processes already used ${busyBeforeStart.toFixed(0)}% of a CPU (the machine was not quiet)`);
  const disturbed = rounds.filter((r) => r.otherCpuPercent.wholeMachine > 5);
  if (disturbed.length > 0) {
    const worst = Math.max(...disturbed.map((r) => r.otherCpuPercent.wholeMachine));
    const onMeasured = Math.max(...rounds.map((r) => r.otherCpuPercent.measuredCpu ?? 0));
    observations.push(
      `other processes used CPU during ${disturbed.length} of ${rounds.length} rounds (up to ${worst.toFixed(0)}% of a CPU machine-wide, up to ${onMeasured.toFixed(0)}% of CPU ${MEASURED_CPU}): ` +
        'those rounds are disturbed (see rounds[].otherCpuPercent in the JSON); rerun on a quiet machine for numbers to keep',
    );
  }
  if (ticks.source === 'assumed') observations.push('getconf CLK_TCK failed: 100 ticks per second assumed');
  if (!pinning.enabled) observations.push(`pinning skipped (${pinning.reason})`);

  const scriptPath = path.relative(process.cwd(), process.argv[1] ?? '');
  const result: BenchResult = {
    schema: 'intune-gateway-bench/2',
    date,
    elapsedSeconds: (Date.now() - startedAt) / 1000,
    command: {
      display: ['node', scriptPath, ...process.argv.slice(2)].map(shellQuote).join(' '),
      argv: process.argv,
      npmScript: process.env.npm_lifecycle_event === undefined ? null : `npm run ${process.env.npm_lifecycle_event}: ${process.env.npm_lifecycle_script ?? ''}`,
    },
    machine: { nproc: cpuCount, cpuModel: cpuModel(), node: process.version, kernel: release(), totalMemoryMiB: Math.round(totalmem() / 1024 / 1024) },
    gitCommit: gitCommit(root),
    settings: {
      rounds: options.rounds,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      scenarios: options.scenarios,
      headerSets: options.headerSets,
      startupRuns: options.startupRuns,
      gatewayCommand: gatewayCommandLine(),
      gatewayChanges: gatewaySettings(options.logLevel, '<free port>', '<fake Graph>'),
      trustedGatewayChanges: trustedChanges,
    },
    pinning: { enabled: pinning.enabled, detail: pinningDetail, cpusAllowed: allowed },
    clockTicks: ticks,
    checks,
    warmups,
    rounds,
    summary,
    startup,
    targets: evaluateTargets(summary, checks, startup),
    gatewayLog,
    observations,
  };
  const file = writeResults(root, result);
  process.stdout.write(`${renderMarkdown(result)}\n\nResults: ${path.relative(process.cwd(), file)} (and .bench/latest.json), ${result.elapsedSeconds.toFixed(0)} s\n`);
  return 0;
}

runScript('bench', USAGE, main, { forceExit: true });
