// Before anything is measured: every scenario, sent as each header set's client sends it, must answer exactly
// right on every server, with the content type that header set negotiates (gateway and tuned Apollo), and cost
// exactly the Graph calls it should. Measuring a server that answers errors would measure the error path.
import { request } from 'undici';
import type { FakeGraphStats } from './fake-graph';
import type { FakeGraphControl } from './fake-graph-control';
import { clientRequest, NEGOTIATED_CONTENT_TYPE, type HeaderSetId } from './header-sets';
import { differences, scenarioFor, type Scenario } from './scenarios';

/** The measured servers, in the order of a round: the two references, then the gateway. */
export const SERVER_NAMES = ['floor', 'tunedApollo', 'gateway'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** How the report names each server. */
export const SERVER_LABEL: Readonly<Record<ServerName, string>> = { floor: 'floor', tunedApollo: 'tuned Apollo', gateway: 'gateway' };

/** Servers whose answers must carry the negotiated content type (the floor always answers application/json). */
const NEGOTIATES: ReadonlySet<ServerName> = new Set<ServerName>(['tunedApollo', 'gateway']);

export interface CheckOutcome {
  readonly server: ServerName;
  readonly scenario: Scenario['id'];
  readonly headerSet: HeaderSetId;
  /** The method sent (urql sends queries as GET). */
  readonly method: 'GET' | 'POST';
  /** The content type of the last answer. */
  readonly contentType: string | null;
  /** True when the answer was exactly the expected data with no `errors`. */
  readonly answerOk: boolean;
  /** What was wrong with the answers. */
  readonly problems: readonly string[];
  /** What was wrong with the Graph calls they cost. */
  readonly upstreamProblems: readonly string[];
  /** What one operation cost at the fake Graph. */
  readonly upstream: FakeGraphStats;
  /** True when that was exactly the scenario's calls (and batch sizes). */
  readonly upstreamOk: boolean;
}

/** How many times each scenario is sent: a second time shows the answer does not change once caches are warm. */
const TRIES = 2;

function callProblems(stats: FakeGraphStats, scenario: Scenario): string[] {
  const want = scenario.upstream;
  const problems: string[] = [];
  if (stats.requests !== want.calls || stats.byRoute[want.route] !== want.calls) {
    problems.push(`expected ${want.calls} Graph call(s) (${want.route}), got ${stats.requests}: ${JSON.stringify(stats.byRoute)}`);
  }
  if (want.batchSizes !== undefined) {
    const sizes = Object.entries(stats.batchSizes).flatMap(([size, n]) => Array<number>(n).fill(Number(size)));
    const sorted = (values: readonly number[]): string => JSON.stringify([...values].sort((a, b) => b - a));
    if (sorted(sizes) !== sorted(want.batchSizes)) problems.push(`expected $batch sizes ${sorted(want.batchSizes)}, got ${sorted(sizes)}`);
  }
  if (stats.non2xx !== 0) problems.push(`the fake Graph answered ${stats.non2xx} call(s) with an error status (a request Graph would reject)`);
  return problems;
}

export async function checkScenario(
  server: ServerName,
  graphqlUrl: string,
  scenario: Scenario,
  headerSet: HeaderSetId,
  fake: FakeGraphControl,
): Promise<CheckOutcome> {
  const sent = clientRequest(scenarioFor(server, scenario), headerSet, graphqlUrl);
  let contentType: string | null = null;
  const problems: string[] = [];
  const upstreamIssues: string[] = [];
  let upstream: FakeGraphStats | undefined;
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    await fake.reset();
    const response = await request(sent.url, { method: sent.method, headers: { ...sent.headers }, body: sent.body, headersTimeout: 15_000, bodyTimeout: 15_000 });
    const text = await response.body.text();
    const header = response.headers['content-type'];
    contentType = header === undefined ? null : String(header);
    if (NEGOTIATES.has(server) && contentType !== NEGOTIATED_CONTENT_TYPE[headerSet]) {
      problems.push(`try ${attempt}: content-type ${JSON.stringify(contentType)}, expected ${JSON.stringify(NEGOTIATED_CONTENT_TYPE[headerSet])} for accept ${JSON.stringify(sent.headers.accept)}`);
    }
    upstream = await fake.stats();
    upstreamIssues.push(...callProblems(upstream, scenario).map((p) => `try ${attempt}: ${p}`));
    if (response.statusCode !== 200) {
      problems.push(`try ${attempt}: HTTP ${response.statusCode}: ${text.slice(0, 500)}`);
      continue;
    }
    let parsed: { data?: unknown; errors?: unknown };
    try {
      parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
    } catch {
      problems.push(`try ${attempt}: not JSON: ${text.slice(0, 500)}`);
      continue;
    }
    if (parsed.errors !== undefined) problems.push(`try ${attempt}: errors: ${JSON.stringify(parsed.errors).slice(0, 1000)}`);
    const diffs = differences(parsed.data, scenario.expected, '$.data');
    problems.push(...diffs.slice(0, 10).map((d) => `try ${attempt}: ${d}`));
    if (diffs.length > 10) problems.push(`try ${attempt}: … and ${diffs.length - 10} more differences`);
  }
  // upstream is set: TRIES ≥ 1 and every try reads the stats before anything can `continue`.
  return {
    server,
    scenario: scenario.id,
    headerSet,
    method: sent.method,
    contentType,
    answerOk: problems.length === 0,
    problems,
    upstream: upstream!,
    upstreamOk: upstreamIssues.length === 0,
    upstreamProblems: upstreamIssues,
  };
}
