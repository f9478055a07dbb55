// The fault campaign: many creates through the gateway while the emulator
// injects seeded faults, then a reconciliation of the gateway's answers with
// what the emulator actually stored. It answers one question: does the
// gateway's error contract (api-contract.md §6, §7) tell the truth about
// whether a record exists?
import { Pool } from 'undici';
import { SEEDED_MOBILE_APPS, type Emulator, type RecordedRequest } from '../src/emulator';
import { ErrorCode } from '../src/errors/codes';
import { parseLogLine } from '../test/helpers/process';
import { startStack } from '../test/helpers/stack';
import { FAULT_LABELS, planFaults, type FaultLabel, type PlannedFault } from './fault-plan';
import {
  answerKey,
  check,
  count,
  DEFINITE_FAILURE_CODES,
  expectedAnswers,
  gaveUpAtDeadline,
  outcomeClass,
  outcomeRows,
  type Answer,
  type Check,
  type CreateReport,
  type OutcomeClass,
  type OutcomeRow,
  type Try,
  type Variant,
} from './outcomes';
import { chance, mulberry32, pick, weighted, type Random } from './prng';

export type { Answer, Check, CreateReport, OutcomeClass, OutcomeRow, Try, Variant } from './outcomes';

export interface CampaignOptions {
  /** Creates to send (default 1000). */
  readonly creates?: number;
  readonly seed?: number;
  /** Creates in flight at once (default 16). */
  readonly concurrency?: number;
  /** The gateway's GRAPH_TIMEOUT_MS (default 300); delays are drawn 100–500 ms past it. */
  readonly timeoutMs?: number;
  /** The gateway's GRAPH_RETRY_MAX (default 3). */
  readonly retryMax?: number;
  /** The gateway's GRAPH_RETRY_BASE_DELAY_MS (default 5). */
  readonly retryBaseDelayMs?: number;
  /** The gateway's GRAPH_CONNECTIONS (default: the gateway's own, 64); below the concurrency it puts the pool under pressure. */
  readonly graphConnections?: number;
  /** The gateway's GRAPH_WRITE_LIMIT per 1000 ms (contract §11; default: unset, off on the emulator). */
  readonly writeLimit?: number;
}

export interface CampaignResult {
  readonly seed: number;
  readonly creates: number;
  readonly concurrency: number;
  readonly gatewayEnv: Readonly<Record<string, string>>;
  readonly byVariant: Readonly<Record<string, number>>;
  /** Wall time of the whole campaign: start-up, warm-up, creates, waiting for the emulator, shutdown. */
  readonly elapsedMs: number;
  /** Every request the emulator received (all POSTs: the campaign sends no reads). */
  readonly upstreamRequests: number;
  readonly rulesQueued: number;
  /** Faults the emulator applied, by label ('none' is the filler rule), in FAULT_LABELS order. */
  readonly faultsInjected: ReadonlyArray<{ readonly fault: FaultLabel; readonly requests: number }>;
  /** Creates the gateway gave up on at its deadline although the emulator answered (no delay injected): allowed by contract §6, shown because they mean the machine was saturated. */
  readonly slowWithoutInjectedDelay: number;
  /** Creates that met at least one 429 and were sent again. */
  readonly retriedCreates: number;
  /** Of those, the ones that then succeeded. */
  readonly retriedThenSucceeded: number;
  readonly rows: readonly OutcomeRow[];
  /** The three invariants of the brief: each must be 0. */
  readonly invariants: {
    readonly duplicates: Check;
    readonly successesWithoutRecord: Check;
    readonly definiteFailuresWithRecord: Check;
  };
  /** Further contract checks (contract §6 codes for the fault met, contract §7 retry safety); each must be 0 too. */
  readonly checks: readonly Check[];
  /** Checks of the campaign's own bookkeeping; non-zero means the numbers above cannot be trusted. */
  readonly selfChecks: readonly Check[];
  /** Gateway log lines at level error or above (the campaign runs it with LOG_LEVEL=error). */
  readonly gatewayErrorLogs: readonly string[];
  readonly passed: boolean;
  /** Every create, for digging into a failure (latest.json). */
  readonly createReports: readonly CreateReport[];
}

interface PlannedCreate {
  readonly index: number;
  readonly marker: string;
  readonly variant: Variant;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const REGISTRATION_MUTATION = `mutation CreateRegistration($input: ManagedAppRegistrationInput!, $userId: ID, $collection: ManagedAppRegistrationCollection) {
  createManagedAppRegistration(input: $input, userId: $userId, collection: $collection) { id deviceTag }
}`;

const INSTALL_STATUS_MUTATION = `mutation CreateInstallStatus($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, userAppInstallStatusId: $userAppInstallStatusId, input: $input) { id mobileAppId deviceName }
}`;

const AUTHORIZATION = 'Bearer chaos-campaign-token';


export async function runCampaign(options: CampaignOptions = {}): Promise<CampaignResult> {
  const started = Date.now();
  const creates = options.creates ?? 1000;
  const seed = options.seed ?? 42;
  const concurrency = options.concurrency ?? 16;
  const timeoutMs = options.timeoutMs ?? 300;
  const retryMax = options.retryMax ?? 3;
  const gatewayEnv = {
    GRAPH_TIMEOUT_MS: String(timeoutMs),
    GRAPH_RETRY_MAX: String(retryMax),
    GRAPH_RETRY_BASE_DELAY_MS: String(options.retryBaseDelayMs ?? 5),
    LOG_LEVEL: 'error',
    ...(options.graphConnections === undefined ? {} : { GRAPH_CONNECTIONS: String(options.graphConnections) }),
    ...(options.writeLimit === undefined ? {} : { GRAPH_WRITE_LIMIT: String(options.writeLimit), GRAPH_WRITE_WINDOW_MS: '1000' }),
  };

  // Two streams from one seed: the plan of creates must not shift when the fault plan changes, and vice versa.
  const random = mulberry32(seed);
  const createRandom = mulberry32(Math.floor(random() * 2 ** 32));
  const faultRandom = mulberry32(Math.floor(random() * 2 ** 32));
  const planned = planCreates(createRandom, creates, seed);
  // Three rules per create covers the first tries, the 429 retries and the bursts with a wide margin.
  const plan = planFaults(faultRandom, { count: creates * 3, timeoutMs });

  // Only these settings (no test defaults, no process.env): the report prints what the campaign ran with.
  const stack = await startStack({ env: gatewayEnv, testDefaults: false, shutdownGraceMs: 2000 });
  const client = new Pool(new URL(stack.url).origin, { connections: concurrency, headersTimeout: 60_000, bodyTimeout: 60_000 });
  let timed: Timed[];
  let requests: RecordedRequest[];
  let storedByMarker: Map<string, string[]>;
  let strayRecords: number;
  let unsettled: number;
  let arrivals: Map<RecordedRequest, number> = new Map();
  try {
    const path = new URL(stack.url).pathname;
    arrivals = stampArrivals(stack.emulator.requests);
    await warmUp(client, path, planned, concurrency, stack.emulator);
    for (const { fault } of plan) stack.emulator.faults.add({ method: 'POST', times: 1, fault });
    timed = await drive(client, path, planned, concurrency);
    // A create that timed out at the gateway is still carried out by the emulator when its delay ends.
    unsettled = await waitForEmulatorToSettle(stack.emulator.requests, timeoutMs + 500 + 5000);
    requests = [...stack.emulator.requests];
    ({ storedByMarker, strayRecords } = storedMarkers(stack.emulator.store.managedAppRegistrations(), stack.emulator.store.mobileAppInstallStatuses()));
  } finally {
    stack.emulator.faults.clear();
    await client.close();
    await stack.close();
  }
  const lateRequests = stack.emulator.requests.length - requests.length;
  const elapsedMs = Date.now() - started;

  const answers = timed.map((t) => t.answer);
  const posts = requests.filter((r) => r.method === 'POST');
  const triesByCreate = attributeTries(planned, answers, posts, plan, arrivals);
  const reports = planned.map((create, i): CreateReport => {
    const { answer, elapsedMs: took } = timed[i]!;
    const storedIds = storedByMarker.get(create.marker) ?? [];
    const tries = triesByCreate.tries[i]!;
    const { expected, why: faultWhy } = expectedAnswers(create.variant, tries, retryMax);
    let why = faultWhy;
    if (answer.type === 'error' && answer.code === ErrorCode.UPSTREAM_UNAVAILABLE && /request was not sent/.test(answer.message)) {
      // The last try died in the gateway's own pool (no free connection, or refused): the emulator never saw it.
      expected.push(ErrorCode.UPSTREAM_UNAVAILABLE);
      why += '; or the last try never left the gateway';
    }
    if (gaveUpAtDeadline(answer, tries, took, timeoutMs)) {
      // Graph did answer, but later than GRAPH_TIMEOUT_MS (a saturated event loop: driver, gateway and emulator share one);
      // past the deadline contract §6 makes a create UPSTREAM_OUTCOME_UNKNOWN whatever the answer was going to be.
      expected.push(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
      why += `; or OUTCOME_UNKNOWN, since the answer came after the gateway's deadline (the create took ${took} ms)`;
    }
    return {
      index: create.index,
      marker: create.marker,
      variant: create.variant,
      answer,
      elapsedMs: took,
      outcome: outcomeClass(answer),
      stored: storedIds.length,
      storedIds,
      tries,
      expected,
      expectedWhy: why,
    };
  });

  const applied = new Map<FaultLabel, number>();
  posts.forEach((_request, k) => {
    const label = plan[k]?.label ?? 'none';
    applied.set(label, (applied.get(label) ?? 0) + 1);
  });
  const faultsInjected = FAULT_LABELS.map((fault) => ({ fault, requests: applied.get(fault) ?? 0 }));
  const retried = reports.filter((r) => r.tries.length > 1);

  const invariants = {
    duplicates: check('duplicates', 'markers stored more than once (a create carried out twice)', reports, (r) => r.stored > 1),
    successesWithoutRecord: check(
      'successes without a record',
      'successes whose returned id is not among the records stored with their marker (a success stored twice counts under duplicates)',
      reports,
      (r) => r.answer.type === 'success' && !r.storedIds.includes(r.answer.id),
    ),
    definiteFailuresWithRecord: check(
      'definite failures with a record',
      `answers ${DEFINITE_FAILURE_CODES.join('/')} although the record exists`,
      reports,
      (r) => r.outcome === 'definite failure' && r.stored > 0,
    ),
  };
  const checks = [
    check(
      'unsafe retries',
      'creates the gateway sent again after a try that was not a 429 (contract §7: a create is retried only when Graph certainly did not act)',
      reports,
      (r) => r.tries.slice(0, -1).some((t) => t.status !== 429),
    ),
    check(
      'retries before Retry-After',
      'creates sent again sooner after a 429 than its Retry-After said (contract §7: retries honour Retry-After); measured between arrivals at the emulator',
      reports,
      (r) => r.tries.some((t, i) => {
        const next = r.tries[i + 1];
        if (!next || t.retryAfterMs === null || t.arrivedAtMs === null || next.arrivedAtMs === null) return false;
        // 2 ms of slack: Node may fire a timer up to 1 ms early, and the clock is read in a different callback.
        return next.arrivedAtMs - t.arrivedAtMs < t.retryAfterMs - 2;
      }),
    ),
    check(
      'codes contradicting contract §6',
      'answers other than the one contract §6 prescribes for the fault the last try met',
      reports,
      (r) => !r.expected.includes(answerKey(r.answer)),
    ),
    check(
      'bad responses claiming a missing record',
      'UPSTREAM_BAD_RESPONSE whose message says the record exists, with no record stored',
      reports,
      (r) => r.answer.type === 'error' && r.answer.code === ErrorCode.UPSTREAM_BAD_RESPONSE && /record exists/.test(r.answer.message) && r.stored === 0,
    ),
    check(
      'answers outside the contract',
      'no GraphQL answer, or a code contract §6 does not list for a create (e.g. INTERNAL_SERVER_ERROR, UPSTREAM_TIMEOUT)',
      reports,
      (r) => r.outcome === 'other',
    ),
    check('returned a foreign record', 'successes whose returned marker is not the one sent', reports, (r) => r.answer.type === 'success' && r.answer.marker !== r.marker),
  ];
  const selfChecks = [
    count('rules misaligned', 'upstream requests whose applied fault kind differs from the queued rule (the arrival-order assumption broke)', posts.filter((p, k) => plan[k] !== undefined && p.fault !== plan[k]!.fault.kind).length),
    count('requests beyond the plan', 'upstream requests that found no rule left (they ran fault-free)', Math.max(0, posts.length - plan.length)),
    count('unattributed upstream requests', 'upstream requests that could not be tied to a create', triesByCreate.unattributed),
    count('unsettled upstream requests', 'upstream requests the emulator had not finished when the store was read', unsettled),
    count('late upstream requests', 'upstream requests that arrived after the store was read', lateRequests),
    count('requests without an arrival time', 'upstream requests the arrival stamp missed (the Retry-After check skips them)', posts.filter((p) => !arrivals.has(p)).length),
    count('stray records', 'stored records without a campaign marker', strayRecords),
  ];

  const passed = [...Object.values(invariants), ...checks, ...selfChecks].every((c) => c.count === 0);
  const byVariant: Record<string, number> = {};
  for (const create of planned) byVariant[create.variant] = (byVariant[create.variant] ?? 0) + 1;
  return {
    seed,
    creates,
    concurrency,
    gatewayEnv,
    byVariant,
    elapsedMs,
    upstreamRequests: requests.length,
    rulesQueued: plan.length,
    faultsInjected,
    slowWithoutInjectedDelay: reports.filter((r) => gaveUpAtDeadline(r.answer, r.tries, r.elapsedMs, timeoutMs)).length,
    retriedCreates: retried.length,
    retriedThenSucceeded: retried.filter((r) => r.answer.type === 'success').length,
    rows: outcomeRows(reports),
    invariants,
    checks,
    selfChecks,
    gatewayErrorLogs: stack.logLines.map((line) => String(parseLogLine(line)?.msg ?? line)),
    passed,
    createReports: reports,
  };
}

function planCreates(random: Random, creates: number, seed: number): PlannedCreate[] {
  const planned: PlannedCreate[] = [];
  for (let index = 0; index < creates; index++) {
    const marker = `chaos-${seed}-${String(index).padStart(6, '0')}`;
    // Fixed positions for the two must-fail requests, so that even a short campaign has some of each.
    const variant: Variant =
      index % 40 === 7
        ? 'registration (userId + ROOT: invalid)'
        : index % 40 === 27
          ? 'install status (unknown app)'
          : weighted<Variant>(random, [
              ['registration', 30],
              ['registration (ROOT)', 8],
              ['registration (userId)', 12],
              ['install status', 32],
              ['install status (userStatus)', 18],
            ]);
    planned.push({ index, marker, variant, ...operation(random, variant, marker, index) });
  }
  return planned;
}

function operation(random: Random, variant: Variant, marker: string, index: number): { query: string; variables: Record<string, unknown> } {
  if (variant.startsWith('registration')) {
    const identifier = pick(random, [
      { android: { packageId: 'com.contoso.fieldservice' } },
      { ios: { bundleId: 'com.contoso.notes' } },
      undefined,
    ]);
    const input: Record<string, unknown> = { deviceTag: marker, deviceName: `chaos device ${index}`, platformVersion: '14' };
    if (identifier) input.appIdentifier = identifier;
    if (chance(random, 0.3)) input.flaggedReasons = ['ROOTED_DEVICE'];
    const variables: Record<string, unknown> = { input };
    if (variant === 'registration (ROOT)' || variant === 'registration (userId + ROOT: invalid)') variables.collection = 'ROOT';
    if (variant === 'registration (userId)' || variant === 'registration (userId + ROOT: invalid)') variables.userId = `chaos-user-${index % 7}@contoso.com`;
    return { query: REGISTRATION_MUTATION, variables };
  }
  const app = pick(random, SEEDED_MOBILE_APPS);
  const variables: Record<string, unknown> = {
    mobileAppId: variant === 'install status (unknown app)' ? `no-such-app-${index}` : app.id,
    input: { deviceName: marker, mobileAppInstallStatusValue: pick(random, ['INSTALLED', 'PENDING_INSTALL', 'FAILED']), errorCode: 0 },
  };
  if (variant === 'install status (userStatus)') variables.userAppInstallStatusId = pick(random, app.userStatusIds);
  return { query: INSTALL_STATUS_MUTATION, variables };
}

/**
 * Arrival times of upstream requests, for checking Retry-After. The emulator
 * records each request by pushing it onto this very array (its `requests`),
 * so stamping that array's push measures arrival without changing src/; the
 * self-check "requests without an arrival time" notices if that ever stops
 * being true.
 */
function stampArrivals(requests: RecordedRequest[]): Map<RecordedRequest, number> {
  const arrivals = new Map<RecordedRequest, number>();
  const push = requests.push.bind(requests);
  Object.defineProperty(requests, 'push', {
    configurable: true,
    writable: true,
    value: (...items: RecordedRequest[]): number => {
      const now = performance.now();
      for (const item of items) arrivals.set(item, now);
      return push(...items);
    },
  });
  return arrivals;
}

/**
 * A first round of fault-free creates, then a clean emulator. The first
 * requests of a fresh process pay for lazy compilation and new connections,
 * and can pass a 300 ms deadline without any injected delay; the campaign
 * should measure faults, not start-up.
 */
async function warmUp(client: Pool, path: string, planned: readonly PlannedCreate[], concurrency: number, emulator: Emulator): Promise<void> {
  const sample = planned.filter((c) => !c.variant.includes('invalid') && !c.variant.includes('unknown app')).slice(0, concurrency * 2);
  await drive(client, path, sample, concurrency);
  emulator.store.reset();
  emulator.clearRequests();
}

/** Sends every create with at most `concurrency` in flight; answers come back in plan order. */
async function drive(client: Pool, path: string, planned: readonly PlannedCreate[], concurrency: number): Promise<Timed[]> {
  const answers: Timed[] = new Array<Timed>(planned.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < planned.length) {
      const i = next++;
      const started = performance.now();
      const answer = await send(client, path, planned[i]!);
      answers[i] = { answer, elapsedMs: Math.round(performance.now() - started) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, planned.length) }, worker));
  return answers;
}

async function send(client: Pool, path: string, create: PlannedCreate): Promise<Answer> {
  let text: string;
  try {
    const res = await client.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify({ query: create.query, variables: create.variables }),
    });
    text = await res.body.text();
  } catch (error) {
    return { type: 'no answer', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  return parseAnswer(text);
}

interface Timed {
  readonly answer: Answer;
  /** How long the gateway took to answer, as the driver saw it. */
  readonly elapsedMs: number;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: unknown; extensions?: { code?: unknown; graph?: { clientRequestId?: unknown } } }>;
}

function parseAnswer(text: string): Answer {
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    return { type: 'no answer', detail: `not JSON: ${text.slice(0, 200)}` };
  }
  const error = body.errors?.[0];
  if (error) {
    const clientRequestId = error.extensions?.graph?.clientRequestId;
    return {
      type: 'error',
      code: typeof error.extensions?.code === 'string' ? error.extensions.code : '(no code)',
      message: typeof error.message === 'string' ? error.message : '',
      clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : null,
    };
  }
  const created = Object.values(body.data ?? {})[0] as Record<string, unknown> | null | undefined;
  if (!created || typeof created.id !== 'string') return { type: 'no answer', detail: `no id in data: ${text.slice(0, 200)}` };
  const marker = typeof created.deviceTag === 'string' ? created.deviceTag : typeof created.deviceName === 'string' ? created.deviceName : null;
  return { type: 'success', id: created.id, marker };
}

/**
 * Polls until every upstream request has been answered or reset and no new
 * one has arrived for a while; returns how many were still unanswered when
 * `limitMs` ran out. A delay past the deadline leaves work behind the
 * gateway's answer (it ends within its delay), and a try the gateway gave up
 * on can still sit unread in a socket when the driver is done, so the first
 * check happens only after the event loop has had time to read them.
 */
async function waitForEmulatorToSettle(requests: readonly RecordedRequest[], limitMs: number): Promise<number> {
  const pending = (): number => requests.filter((r) => r.status === undefined && !r.fault?.startsWith('reset-')).length;
  const deadline = Date.now() + limitMs;
  let seen = -1;
  let quietPolls = 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    quietPolls = requests.length === seen && pending() === 0 ? quietPolls + 1 : 0;
    seen = requests.length;
    if (quietPolls >= 4) break;
  }
  return pending();
}

function storedMarkers(registrations: ReadonlyArray<Record<string, unknown>>, statuses: ReadonlyArray<Record<string, unknown>>): { storedByMarker: Map<string, string[]>; strayRecords: number } {
  const storedByMarker = new Map<string, string[]>();
  let strayRecords = 0;
  const add = (marker: unknown, id: unknown): void => {
    if (typeof marker !== 'string' || !marker.startsWith('chaos-')) {
      strayRecords++;
      return;
    }
    const ids = storedByMarker.get(marker) ?? [];
    ids.push(String(id));
    storedByMarker.set(marker, ids);
  };
  for (const r of registrations) add(r.deviceTag, r.id);
  for (const s of statuses) add(s.deviceName, s.id);
  return { storedByMarker, strayRecords };
}

/**
 * Ties each upstream POST to its create: by the marker in the body, or, for a
 * reset before the body was read, by the client-request-id the gateway
 * returned in its error. The k-th POST met the k-th rule of the plan.
 */
function attributeTries(
  planned: readonly PlannedCreate[],
  answers: readonly Answer[],
  posts: readonly RecordedRequest[],
  plan: readonly PlannedFault[],
  arrivals: ReadonlyMap<RecordedRequest, number>,
): { tries: Try[][]; unattributed: number } {
  const byMarker = new Map(planned.map((c, i) => [c.marker, i]));
  const byClientRequestId = new Map<string, number>();
  answers.forEach((a, i) => {
    if (a.type === 'error' && a.clientRequestId) byClientRequestId.set(a.clientRequestId, i);
  });
  const tries: Try[][] = planned.map(() => []);
  let unattributed = 0;
  posts.forEach((request, k) => {
    const body = request.body as Record<string, unknown> | undefined;
    const marker = typeof body?.deviceTag === 'string' ? body.deviceTag : typeof body?.deviceName === 'string' ? body.deviceName : undefined;
    const owner = marker !== undefined ? byMarker.get(marker) : byClientRequestId.get(request.headers['client-request-id'] ?? '');
    if (owner === undefined) {
      unattributed++;
      return;
    }
    const fault = plan[k]?.fault;
    const retryAfter = fault?.kind === 'status' && fault.retryAfter !== undefined ? Math.ceil(Number(fault.retryAfter) * 1000) : null;
    tries[owner]!.push({
      label: plan[k]?.label ?? 'none',
      status: request.status ?? null,
      clientRequestId: request.headers['client-request-id'] ?? null,
      retryAfterMs: retryAfter,
      arrivedAtMs: arrivals.get(request) ?? null,
    });
  });
  return { tries, unattributed };
}

/** Creates in a given outcome class (and code), for callers that assert coverage. */
export function countOutcome(result: CampaignResult, outcome: OutcomeClass, predicate: (row: OutcomeRow) => boolean = () => true): number {
  return result.rows.filter((row) => row.outcome === outcome && predicate(row)).reduce((sum, row) => sum + row.creates, 0);
}
