// From round measurements to what a reader needs: medians per scenario, header set and server, the gateway's
// ratios to the floor and to the tuned plain Apollo Server, the targets met or not, a Markdown table, and the
// JSON file that keeps every number.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVER_LABEL, SERVER_NAMES, type CheckOutcome, type ServerName } from './check';
import type { FakeGraphStats } from './fake-graph';
import type { HeaderSetId } from './header-sets';
import type { LoadResult } from './load';
import type { ClockTicks } from './proc-stats';
import type { LogCounts } from './processes';
import { SCENARIOS, type ScenarioId } from './scenarios';
import type { StartupRun } from './startup';

/** One measured round of one server on one scenario with one header set. */
export interface RoundMeasurement {
  readonly scenario: ScenarioId;
  readonly headerSet: HeaderSetId;
  /** GET or POST, as the header set's client sends the scenario (see header-sets.ts). */
  readonly method: string;
  readonly server: ServerName;
  readonly round: number;
  readonly load: LoadResult;
  readonly reqPerSec: number;
  /** utime+stime of the measured process over the round, in clock ticks. */
  readonly cpuTicks: number;
  readonly cpuMicrosPerOp: number;
  /** The measured process's CPU time over wall time (100 = one core busy all along). */
  readonly cpuPercent: number;
  readonly rssMaxMiB: number;
  /** Driver (autocannon) plus fake Graph CPU over wall time: both share one CPU, so near 100 means the load side limited req/s. */
  readonly loadSideCpuPercent: number;
  /**
   * CPU used by processes that are not the bench's, as % of one CPU: on the measured CPU, on the load CPU
   * (both null without pinning) and on the whole machine. Anything but ~0 disturbs the numbers.
   */
  readonly otherCpuPercent: { readonly measuredCpu: number | null; readonly loadCpu: number | null; readonly wholeMachine: number };
  /** What the fake Graph received during the round (and the short settle after it). */
  readonly upstream: FakeGraphStats;
  /** Graph calls per request sent (requests cut off at the end still make their Graph calls). */
  readonly upstreamPerOp: number;
}

export interface WarmupRecord {
  readonly scenario: ScenarioId;
  readonly headerSet: HeaderSetId;
  readonly server: ServerName;
  readonly seconds: number;
  readonly ops: number;
  readonly failures: LoadResult['failures'];
}

export interface ServerSummary {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerOp: number;
  readonly rssMiB: number;
  readonly rssMaxMiB: number;
  readonly cpuPercent: number;
  readonly loadSideCpuPercent: number;
  readonly upstreamPerOp: number;
  readonly failures: number;
  readonly rounds: number;
}

export interface Ratio {
  readonly cpuMicrosPerOp: number;
  readonly p50: number;
}

/** One scenario with one header set, on every server. */
export interface ScenarioSummary {
  readonly scenario: ScenarioId;
  readonly headerSet: HeaderSetId;
  /** How the header set's client sends this scenario ("GET", "POST", "POST (GET URL > 2047 chars)"). */
  readonly method: string;
  readonly label: string;
  readonly floor: ServerSummary | null;
  readonly tunedApollo: ServerSummary | null;
  readonly gateway: ServerSummary | null;
  /** gateway ÷ floor of the medians. */
  readonly ratioToFloor: Ratio | null;
  /** gateway ÷ tuned Apollo of the medians. */
  readonly ratioToTunedApollo: Ratio | null;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  /** null when the run did not measure it (e.g. the scenario was left out). */
  readonly met: boolean | null;
}

export interface StartupSummary {
  readonly runs: readonly StartupRun[];
  readonly medianMs: number | null;
}

export interface BenchResult {
  readonly schema: 'intune-gateway-bench/2';
  readonly date: string;
  readonly elapsedSeconds: number;
  readonly command: { readonly display: string; readonly argv: readonly string[]; readonly npmScript: string | null };
  readonly machine: {
    readonly nproc: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly kernel: string;
    readonly totalMemoryMiB: number;
  };
  readonly gitCommit: string | null;
  readonly settings: {
    readonly rounds: number;
    readonly durationSeconds: number;
    readonly warmupSeconds: number;
    readonly connections: number;
    readonly scenarios: readonly ScenarioId[];
    readonly headerSets: readonly HeaderSetId[];
    readonly startupRuns: number;
    /** What `npm start` runs, as the bench ran the gateway: `node <the start script's node flags> dist/main.js`. */
    readonly gatewayCommand: string;
    /** The gateway's environment variables the bench sets, which npm start would not (the rest are unset). */
    readonly gatewayChanges: Readonly<Record<string, string>>;
    /** What the by-id scenarios' gateway has on top of gatewayChanges (its trusted documents); null when none ran. */
    readonly trustedGatewayChanges: Readonly<Record<string, string>> | null;
  };
  readonly pinning: { readonly enabled: boolean; readonly detail: string; readonly cpusAllowed: Readonly<Record<string, string | null>> };
  readonly clockTicks: ClockTicks;
  readonly checks: readonly CheckOutcome[];
  readonly warmups: readonly WarmupRecord[];
  readonly rounds: readonly RoundMeasurement[];
  readonly summary: readonly ScenarioSummary[];
  readonly startup: { readonly withFakeGraph: StartupSummary; readonly embeddedEmulator: StartupSummary };
  readonly targets: readonly Target[];
  /** Gateway log lines at warn and above during the load part, and their messages. */
  readonly gatewayLog: { readonly counts: LogCounts; readonly messages: Readonly<Record<string, number>> };
  /** Everything that looked wrong, in words. */
  readonly observations: readonly string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarizeServer(rounds: readonly RoundMeasurement[]): ServerSummary | null {
  if (rounds.length === 0) return null;
  const of = (pick: (r: RoundMeasurement) => number): number => median(rounds.map(pick));
  return {
    reqPerSec: of((r) => r.reqPerSec),
    p50Ms: of((r) => r.load.latencyMs.p50),
    p99Ms: of((r) => r.load.latencyMs.p99),
    cpuMicrosPerOp: of((r) => r.cpuMicrosPerOp),
    rssMiB: of((r) => r.rssMaxMiB),
    rssMaxMiB: Math.max(...rounds.map((r) => r.rssMaxMiB)),
    cpuPercent: of((r) => r.cpuPercent),
    loadSideCpuPercent: of((r) => r.loadSideCpuPercent),
    upstreamPerOp: of((r) => r.upstreamPerOp),
    failures: rounds.reduce((sum, r) => sum + failureCount(r.load), 0),
    rounds: rounds.length,
  };
}

export function failureCount(load: LoadResult): number {
  const f = load.failures;
  return f.non2xx + f.withErrors + f.connectionErrors + f.timeouts;
}

function ratio(gateway: ServerSummary | null, reference: ServerSummary | null): Ratio | null {
  return gateway && reference ? { cpuMicrosPerOp: gateway.cpuMicrosPerOp / reference.cpuMicrosPerOp, p50: gateway.p50Ms / reference.p50Ms } : null;
}

export function summarize(
  rounds: readonly RoundMeasurement[],
  scenarios: readonly ScenarioId[],
  headerSets: readonly HeaderSetId[],
  methodOf: (scenario: ScenarioId, headerSet: HeaderSetId) => string,
): ScenarioSummary[] {
  return scenarios.flatMap((scenario) =>
    headerSets.map((headerSet) => {
      const of = (server: ServerName): ServerSummary | null =>
        summarizeServer(rounds.filter((r) => r.scenario === scenario && r.headerSet === headerSet && r.server === server));
      const [floor, tunedApollo, gateway] = [of('floor'), of('tunedApollo'), of('gateway')];
      return {
        scenario,
        headerSet,
        method: methodOf(scenario, headerSet),
        label: SCENARIOS[scenario].label,
        floor,
        tunedApollo,
        gateway,
        ratioToFloor: ratio(gateway, floor),
        ratioToTunedApollo: ratio(gateway, tunedApollo),
      };
    }),
  );
}

/** The issue's targets, each met, not met, or not measured by this run. */
export function evaluateTargets(
  summary: readonly ScenarioSummary[],
  checks: readonly CheckOutcome[],
  startup: BenchResult['startup'],
): Target[] {
  const targets: Target[] = [];
  const creates = summary.filter((s) => s.scenario === 'createManagedAppRegistration');
  const cpuTarget = (name: string, goal: string, s: ScenarioSummary | undefined, reference: 'floor' | 'tunedApollo', limit: number): Target => {
    const r = s === undefined ? null : reference === 'floor' ? s.ratioToFloor : s.ratioToTunedApollo;
    return {
      name,
      goal,
      measured: r && s ? `${r.cpuMicrosPerOp.toFixed(2)}× (${fmt(s.gateway!.cpuMicrosPerOp, 0)} vs ${fmt(s[reference]!.cpuMicrosPerOp, 0)} µs)` : 'not measured',
      met: r ? r.cpuMicrosPerOp <= limit : null,
    };
  };
  // The README's target, stated for the request the bench always sent (curl's).
  targets.push(cpuTarget('createManagedAppRegistration CPU-µs/op (curl)', '≤ 2.5× the floor', creates.find((s) => s.headerSet === 'curl'), 'floor', 2.5));
  // Issue 12's targets, for every header set measured.
  for (const s of creates) {
    targets.push(cpuTarget(`createManagedAppRegistration CPU-µs/op (${s.headerSet})`, '≤ 2.0× the floor (issue 12)', s, 'floor', 2.0));
    targets.push(cpuTarget(`createManagedAppRegistration CPU-µs/op (${s.headerSet})`, '≤ 0.75× the tuned Apollo Server (issue 12)', s, 'tunedApollo', 0.75));
  }
  // Issue 22's targets for a create by id, with Apollo Client's headers (as the issue states them), for both carriers.
  const byIdCreates = summary.filter((s) => s.headerSet === 'apollo' && (s.scenario === 'createManagedAppRegistrationByDocumentId' || s.scenario === 'createManagedAppRegistrationByPersistedQuery'));
  for (const s of byIdCreates) {
    const name = `${s.label} CPU-µs/op (${s.headerSet})`;
    targets.push(cpuTarget(name, '≤ 1.5× the floor (issue 22)', s, 'floor', 1.5));
    targets.push(cpuTarget(name, '≤ 0.6× the tuned Apollo Server (issue 22)', s, 'tunedApollo', 0.6));
  }
  const gatewayRss = summary.flatMap((s) => (s.gateway ? [s.gateway.rssMaxMiB] : []));
  targets.push({
    name: 'gateway RSS under load',
    goal: '< 150 MB',
    measured: gatewayRss.length > 0 ? `${fmt(Math.max(...gatewayRss), 1)} MB (largest sample of any round)` : 'not measured',
    met: gatewayRss.length > 0 ? Math.max(...gatewayRss) < 150 : null,
  });
  for (const [label, s] of [
    ['start to /readyz (GRAPH_BASE_URL = fake Graph)', startup.withFakeGraph],
    ['start to /readyz (embedded emulator)', startup.embeddedEmulator],
  ] as const) {
    targets.push({
      name: label,
      goal: '< 1500 ms (median)',
      measured: s.medianMs === null ? 'not measured' : `${fmt(s.medianMs, 0)} ms median of ${s.runs.length}`,
      met: s.medianMs === null ? null : s.medianMs < 1500,
    });
  }
  const entityChecks = checks.filter((c) => c.server === 'gateway' && c.scenario === 'entities45');
  const entityCheck = entityChecks[0];
  const entityLoads = summary.filter((s) => s.scenario === 'entities45').flatMap((s) => (s.gateway ? [s.gateway.upstreamPerOp] : []));
  if (entityCheck === undefined) {
    targets.push({ name: '45 entity references', goal: '3 upstream calls', measured: 'not measured', met: null });
  } else {
    const sizes = Object.entries(entityCheck.upstream.batchSizes)
      .flatMap(([size, n]) => Array<number>(n).fill(Number(size)))
      .sort((a, b) => b - a);
    const underLoad = entityLoads.length > 0 ? `; under load ${entityLoads.map((v) => v.toFixed(3)).join(', ')} per op` : '';
    targets.push({
      name: '45 entity references',
      goal: '3 upstream calls ($batch 20 + 20 + 5)',
      measured: `${entityCheck.upstream.requests} call(s), $batch sizes [${sizes.join(', ')}] (${entityChecks.length} header set(s))${underLoad}`,
      met: entityChecks.every((c) => c.upstreamOk) && entityLoads.every((v) => Math.abs(v - 3) < 0.01),
    });
  }
  return targets;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** `A=1, B=2; every other gateway variable unset` for the log and the report. */
export function describeSettings(changes: Readonly<Record<string, string>>): string {
  const logLevel = 'LOG_LEVEL' in changes ? '' : ', LOG_LEVEL unset (info: one line per operation)';
  return `${Object.entries(changes).map(([k, v]) => `${k}=${v}`).join(', ')}${logLevel}; every other gateway variable and NODE_OPTIONS unset`;
}

export function renderMarkdown(result: BenchResult): string {
  const lines: string[] = [];
  lines.push(`## Gateway benchmark — ${result.date}`);
  lines.push('');
  lines.push(`- Command: \`${result.command.display}\`${result.command.npmScript ? ` (npm script: \`${result.command.npmScript}\`)` : ''}`);
  lines.push(`- Machine: ${result.machine.nproc} CPU (nproc), ${result.machine.cpuModel}, node ${result.machine.node}, Linux ${result.machine.kernel}, ${result.machine.totalMemoryMiB} MiB RAM`);
  lines.push(`- Commit: ${result.gitCommit ?? 'unknown'}`);
  const s = result.settings;
  lines.push(
    `- Settings: header sets ${s.headerSets.join(', ')}; ${s.rounds} round(s) × ${s.durationSeconds} s per server, scenario and header set, interleaved floor/tuned Apollo/gateway; warm-up ${s.warmupSeconds} s per server, scenario and header set; ${s.connections} connections; CLK_TCK ${result.clockTicks.perSecond} (${result.clockTicks.source})`,
  );
  lines.push(`- The gateway runs as \`npm start\` (\`${s.gatewayCommand}\`) runs it, except: ${describeSettings(s.gatewayChanges)}`);
  if (s.trustedGatewayChanges !== null) {
    lines.push(
      `- The by-id scenarios run on a second gateway, started the same way plus ${Object.entries(s.trustedGatewayChanges).map(([k, v]) => `${k}=${v}`).join(', ')} ` +
        '(a manifest the bench wrote at start: every operation text it sends, keyed sha256:<hex of the exact text>); the floor gets the same requests; ' +
        'the tuned Apollo gets `extensions.persistedQuery` for both carriers, its APQ cache holding those hashes from its start (bench/README.md "Scenarios")',
    );
  }
  lines.push(`- Pinning: ${result.pinning.detail}`);
  lines.push('');
  lines.push(
    row(['Scenario', 'Headers', 'Server', 'req/s', 'p50 ms', 'p99 ms', 'CPU-µs/op', 'RSS MB', 'gateway ÷ floor (CPU, p50)', 'gateway ÷ tuned Apollo (CPU, p50)', 'upstream/op', 'failures']),
  );
  lines.push(row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---', '---:', '---:']));
  const ratioCell = (r: Ratio | null): string => (r ? `${fmt(r.cpuMicrosPerOp, 2)}×, ${fmt(r.p50, 2)}×` : '—');
  for (const scenario of result.summary) {
    for (const server of SERVER_NAMES) {
      const m = scenario[server];
      if (m === null) continue;
      const gateway = server === 'gateway';
      lines.push(
        row([
          scenario.label,
          `${scenario.headerSet} ${scenario.method}`,
          SERVER_LABEL[server],
          fmt(m.reqPerSec, 0),
          fmt(m.p50Ms, 2),
          fmt(m.p99Ms, 2),
          fmt(m.cpuMicrosPerOp, 0),
          fmt(m.rssMiB, 1),
          gateway ? ratioCell(scenario.ratioToFloor) : '—',
          gateway ? ratioCell(scenario.ratioToTunedApollo) : '—',
          fmt(m.upstreamPerOp, 3),
          String(m.failures),
        ]),
      );
    }
  }
  lines.push('');
  lines.push('Headers: the client whose method and headers were sent (bench/README.md "Header sets"). Medians over rounds. CPU-µs/op: utime+stime of the measured process over the round ÷ operations completed. RSS: largest VmRSS sampled in a round (MiB). upstream/op: calls counted at the fake Graph ÷ requests sent.');
  lines.push('');
  const startup = result.startup;
  const startupLine = (label: string, value: StartupSummary): string =>
    `- ${label}: ${value.medianMs === null ? 'not measured' : `median ${fmt(value.medianMs, 0)} ms (runs: ${value.runs.map((r) => fmt(r.ms, 0)).join(', ')})`}`;
  lines.push(`Start time, spawn of \`${s.gatewayCommand}\` → first \`/readyz\` 200:`);
  lines.push(startupLine('GRAPH_BASE_URL = fake Graph', startup.withFakeGraph));
  lines.push(startupLine('embedded emulator (no GRAPH_BASE_URL)', startup.embeddedEmulator));
  lines.push('');
  lines.push('Targets:');
  for (const target of result.targets) {
    const verdict = target.met === null ? 'NOT MEASURED' : target.met ? 'MET' : 'NOT MET';
    lines.push(`- ${verdict}: ${target.name} ${target.goal} — ${target.measured}`);
  }
  lines.push('');
  if (result.observations.length > 0) {
    lines.push('Observations:');
    for (const observation of result.observations) lines.push(`- ${observation}`);
  } else {
    lines.push('Observations: none (no failed requests, no gateway warnings, upstream calls as expected).');
  }
  return lines.join('\n');
}

/** Writes `.bench/results-<timestamp>.json` and `.bench/latest.json`; returns the first path. */
export function writeResults(root: string, result: BenchResult): string {
  const dir = path.join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  // ISO 8601 with ':' replaced, so the name is valid on every file system.
  const file = path.join(dir, `results-${result.date.replace(/:/g, '-')}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(path.join(dir, 'latest.json'), text);
  return file;
}
