// The second campaign of `npm run chaos`: bulk creates (contract §9) and keyed repeats (contract §10). Creates go
// out in bulk (1–45 items, both bulk mutations) or alone, each with an idempotency key, while the emulator injects
// seeded faults per $batch item, per $batch call and per single create. Every create that did not succeed is sent
// again with its key (alone or in another bulk, at random) up to a bound. Then the answers are reconciled with the
// records the emulator stored under each create's marker: a key must never make a second record.
import { Pool } from 'undici';
import { SEEDED_MOBILE_APPS, type Fault, type FaultRule, type RecordedRequest } from '../src/emulator';
import { ErrorCode } from '../src/errors/codes';
import { startStack } from '../test/helpers/stack';
import { chance, intBetween, mulberry32, pick, weighted, type Random } from './prng';

export interface KeyedCampaignOptions {
  /** Logical creates, each with its own key (default 600). */
  readonly creates?: number;
  readonly seed?: number;
  /** Drivers sending at once, each with its own creates (default 4). */
  readonly workers?: number;
  /** Sendings of one create at most: the first and its keyed repeats (default 4). */
  readonly maxAttempts?: number;
  /** The gateway's GRAPH_TIMEOUT_MS (default 300). */
  readonly timeoutMs?: number;
}

type Kind = 'registration' | 'install status';

/** One answer to one sending of a create, as the driver read it. */
export type KeyedAnswer =
  | { readonly type: 'success'; readonly id: string }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly idempotencyState: string | null }
  | { readonly type: 'no answer'; readonly detail: string };

export interface Attempt {
  readonly via: 'bulk' | 'single';
  readonly answer: KeyedAnswer;
  /** Upstream requests (single POSTs and $batch items) carrying the create's marker, before and after this sending. */
  readonly sentBefore: number;
  readonly sentAfter: number;
}

export interface KeyedCreate {
  readonly index: number;
  readonly kind: Kind;
  readonly marker: string;
  readonly key: string;
  /** Sent with an argument error the schema cannot catch (userId with collection ROOT). */
  readonly invalid: boolean;
  /** Sent once more after its first success, to see it replayed. */
  readonly repeatSuccess: boolean;
  readonly attempts: Attempt[];
  storedIds: string[];
}

export interface KeyedCheck {
  readonly name: string;
  readonly description: string;
  readonly count: number;
  readonly examples: readonly KeyedCreate[];
}

/** Final answers by class and code, against what was stored. */
export interface KeyedRow {
  readonly answer: string;
  readonly code: string;
  readonly creates: number;
  readonly stored0: number;
  readonly stored1: number;
  readonly storedMore: number;
}

export interface KeyedCampaignResult {
  readonly seed: number;
  readonly creates: number;
  readonly workers: number;
  readonly gatewayEnv: Readonly<Record<string, string>>;
  readonly elapsedMs: number;
  readonly operations: { readonly bulk: number; readonly single: number; readonly batchCalls: number; readonly batchItems: number; readonly singlePosts: number };
  readonly faultsInjected: ReadonlyArray<{ readonly scope: string; readonly fault: string; readonly requests: number }>;
  readonly attempts: {
    readonly total: number;
    readonly repeats: number;
    /** Repeats answered from the record: the first entity again, or (after an unknown outcome) the unknown outcome again. */
    readonly replayedSuccesses: number;
    readonly repeatedUnknowns: number;
    /** Repeats sent to Graph as a new create (their earlier sendings had failed definitely). */
    readonly resentAfterDefiniteFailure: number;
  };
  readonly rows: readonly KeyedRow[];
  /** The four numbers the brief asks for: each must be 0. */
  readonly invariants: {
    readonly duplicates: KeyedCheck;
    readonly successesWithoutRecord: KeyedCheck;
    readonly definiteFailuresWithRecord: KeyedCheck;
    readonly repeatsWithSecondRecord: KeyedCheck;
  };
  readonly checks: readonly KeyedCheck[];
  readonly passed: boolean;
}

const AUTHORIZATION = 'Bearer chaos-keyed-campaign-token';
const UNKNOWN = ErrorCode.UPSTREAM_OUTCOME_UNKNOWN;
/** Answers after which a record may exist: success aside, an unknown outcome, or a 2xx the gateway could not read. */
const MAYBE_RECORDED = new Set<string>([UNKNOWN, ErrorCode.UPSTREAM_BAD_RESPONSE]);
/** Codes a create may answer (contract §6, §10). */
const CREATE_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.UPSTREAM_THROTTLED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
  ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
  ErrorCode.UPSTREAM_BAD_RESPONSE,
]);

const REGISTRATION = `mutation($input: ManagedAppRegistrationInput!, $userId: ID, $collection: ManagedAppRegistrationCollection, $idempotencyKey: String) {
  createManagedAppRegistration(input: $input, userId: $userId, collection: $collection, idempotencyKey: $idempotencyKey) { id }
}`;
const STATUS = `mutation($mobileAppId: ID!, $input: MobileAppInstallStatusInput!, $idempotencyKey: String) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, input: $input, idempotencyKey: $idempotencyKey) { id }
}`;
const REGISTRATIONS = `mutation($items: [ManagedAppRegistrationCreateItem!]!) {
  createManagedAppRegistrations(items: $items) {
    ... on ManagedAppRegistrationCreated { index registration { id } }
    ... on CreateFailed { index code message outcomeUnknown }
  }
}`;
const STATUSES = `mutation($items: [MobileAppInstallStatusCreateItem!]!) {
  createMobileAppInstallStatuses(items: $items) {
    ... on MobileAppInstallStatusCreated { index installStatus { id } }
    ... on CreateFailed { index code message outcomeUnknown }
  }
}`;

// Fault plans, one queue per place a fault can hit. The emulator takes the first matching rule, and the three
// scopes never match each other's requests, so each queue is consumed in its own arrival order.

type Weights = ReadonlyArray<readonly [string, number]>;

const ITEM_FAULTS: Weights = [['none', 60], ['429', 12], ['500', 4], ['503', 4], ['502', 4], ['502 (acted)', 3], ['504', 4], ['504 (acted)', 3], ['delay past deadline', 1]];
const BATCH_FAULTS: Weights = [
  ['none', 56],
  ['429', 8],
  ['500', 4],
  ['503', 4],
  ['502 (acted)', 4],
  ['504', 4],
  ['reset-before-read', 4],
  ['reset-after-read (acted)', 5],
  ['delay past deadline', 4],
  ['malformed (acted)', 4],
];
const SINGLE_FAULTS: Weights = [...BATCH_FAULTS.filter(([label]) => label !== 'none'), ['none', 50], ['502', 3]];

function fault(label: string, random: Random, timeoutMs: number): Fault {
  switch (label) {
    case '429':
      return { kind: 'status', status: 429, code: 'TooManyRequests', retryAfter: (intBetween(random, 0, 100) / 1000).toString() };
    case '500':
      return { kind: 'status', status: 500, code: 'InternalServerError' };
    case '503':
      return { kind: 'status', status: 503, code: 'ServiceUnavailable' };
    case '502':
    case '502 (acted)':
      return { kind: 'status', status: 502, code: 'BadGateway', act: label.endsWith('(acted)') };
    case '504':
    case '504 (acted)':
      return { kind: 'status', status: 504, code: 'GatewayTimeout', act: label.endsWith('(acted)') };
    case 'delay past deadline':
      return { kind: 'delay', ms: intBetween(random, timeoutMs + 100, timeoutMs + 400) };
    case 'reset-before-read':
      return { kind: 'reset-before-read' };
    case 'reset-after-read (acted)':
      return { kind: 'reset-after-read' };
    case 'malformed (acted)':
      return { kind: 'malformed', act: true };
    default:
      // The filler: changes nothing, so the queue's mix holds across arrivals.
      return { kind: 'delay', ms: 0 };
  }
}

interface Planned {
  readonly scope: string;
  readonly label: string;
  readonly rule: FaultRule;
}

function planFaults(random: Random, count: number, timeoutMs: number): Planned[] {
  const queue = (scope: string, weights: Weights, match: Omit<FaultRule, 'fault'>): Planned[] =>
    Array.from({ length: count }, () => {
      const label = weighted(random, weights);
      return { scope, label, rule: { ...match, times: 1, fault: fault(label, random, timeoutMs) } };
    });
  return [
    ...queue('$batch item', ITEM_FAULTS, { scope: 'batch-item', method: 'POST' }),
    ...queue('$batch call', BATCH_FAULTS, { scope: 'top', method: 'POST', path: '/$batch' }),
    ...queue('single create', SINGLE_FAULTS, { scope: 'top', method: 'POST', path: /(managedAppRegistrations|deviceStatuses)$/ }),
  ];
}

function planCreates(random: Random, creates: number, seed: number): KeyedCreate[] {
  return Array.from({ length: creates }, (_, index) => {
    const kind: Kind = chance(random, 0.5) ? 'registration' : 'install status';
    return {
      index,
      kind,
      marker: `keyed-${seed}-${String(index).padStart(6, '0')}`,
      key: `key-${seed}-${index}`,
      invalid: kind === 'registration' && index % 50 === 13,
      repeatSuccess: chance(random, 0.3),
      attempts: [],
      storedIds: [],
    };
  });
}

/** The create's arguments (a bulk item, or a single create's variables). */
function itemOf(create: KeyedCreate): Record<string, unknown> {
  if (create.kind === 'registration') {
    const item: Record<string, unknown> = { input: { deviceTag: create.marker, platformVersion: '14' }, idempotencyKey: create.key };
    if (create.invalid) Object.assign(item, { userId: 'chaos-user@contoso.com', collection: 'ROOT' });
    return item;
  }
  const app = SEEDED_MOBILE_APPS[create.index % SEEDED_MOBILE_APPS.length]!;
  return { mobileAppId: app.id, input: { deviceName: create.marker, errorCode: 0 }, idempotencyKey: create.key };
}

function markerOf(body: unknown): string | undefined {
  const record = body as Record<string, unknown> | undefined;
  const marker = record?.deviceTag ?? record?.deviceName;
  return typeof marker === 'string' ? marker : undefined;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: unknown; extensions?: { code?: unknown; idempotency?: { state?: unknown } } }>;
}

async function post(client: Pool, path: string, query: string, variables: Record<string, unknown>): Promise<GraphQLBody | string> {
  try {
    const res = await client.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.body.text();
    try {
      return JSON.parse(text) as GraphQLBody;
    } catch {
      return `not JSON: ${text.slice(0, 200)}`;
    }
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

function errorAnswer(error: NonNullable<GraphQLBody['errors']>[number]): KeyedAnswer {
  const state = error.extensions?.idempotency?.state;
  return {
    type: 'error',
    code: typeof error.extensions?.code === 'string' ? error.extensions.code : '(no code)',
    message: typeof error.message === 'string' ? error.message : '',
    idempotencyState: typeof state === 'string' ? state : null,
  };
}

/** Sends `group` (one kind) as one bulk create, or its only create alone; returns one answer per create. */
async function sendGroup(client: Pool, path: string, group: readonly KeyedCreate[], alone: boolean): Promise<KeyedAnswer[]> {
  const kind = group[0]!.kind;
  if (alone) {
    const body = await post(client, path, kind === 'registration' ? REGISTRATION : STATUS, itemOf(group[0]!));
    if (typeof body === 'string') return [{ type: 'no answer', detail: body }];
    if (body.errors?.[0]) return [errorAnswer(body.errors[0])];
    const created = Object.values(body.data ?? {})[0] as { id?: unknown } | null;
    return [typeof created?.id === 'string' ? { type: 'success', id: created.id } : { type: 'no answer', detail: 'no id' }];
  }
  const body = await post(client, path, kind === 'registration' ? REGISTRATIONS : STATUSES, { items: group.map(itemOf) });
  if (typeof body === 'string') return group.map(() => ({ type: 'no answer', detail: body }));
  const results = Object.values(body.data ?? {})[0] as Array<Record<string, unknown>> | undefined;
  if (!Array.isArray(results) || results.length !== group.length) {
    const detail = `no results: ${JSON.stringify(body).slice(0, 200)}`;
    return group.map(() => ({ type: 'no answer', detail }));
  }
  return results.map((result, i): KeyedAnswer => {
    if (result.index !== i) return { type: 'no answer', detail: `result ${i} has index ${String(result.index)}` };
    const entity = (result.registration ?? result.installStatus) as { id?: unknown } | undefined;
    if (typeof entity?.id === 'string') return { type: 'success', id: entity.id };
    if (typeof result.code === 'string') {
      if (result.outcomeUnknown !== (result.code === UNKNOWN)) return { type: 'no answer', detail: `outcomeUnknown ${String(result.outcomeUnknown)} with ${result.code}` };
      return { type: 'error', code: result.code, message: String(result.message), idempotencyState: null };
    }
    return { type: 'no answer', detail: JSON.stringify(result).slice(0, 200) };
  });
}

/**
 * Creates sent upstream carrying each marker so far: single POSTs and the items of each $batch call, read from the
 * call's own body (logged on arrival, before any delay), so a $batch the emulator holds still counts when sent.
 * A request whose body is not read yet is looked at again on the next count; one reset before reading made nothing.
 */
class SentCounter {
  private readonly counts = new Map<string, number>();
  private seen = 0;
  private unread: RecordedRequest[] = [];
  constructor(private readonly requests: readonly RecordedRequest[]) {}
  of(marker: string): number {
    for (; this.seen < this.requests.length; this.seen++) this.unread.push(this.requests[this.seen]!);
    this.unread = this.unread.filter((request) => {
      if (request.batch !== undefined || request.fault === 'reset-before-read') return false;
      if (request.body === undefined) return true;
      const bodies = request.rawPath.endsWith('/$batch') ? ((request.body as { requests?: Array<{ body?: unknown }> }).requests ?? []).map((r) => r.body) : [request.body];
      for (const body of bodies) {
        const found = markerOf(body);
        if (found !== undefined) this.counts.set(found, (this.counts.get(found) ?? 0) + 1);
      }
      return false;
    });
    return this.counts.get(marker) ?? 0;
  }
}

/** Enough: its attempts are used up, or it succeeded (and, when it is to be replayed, was sent once more). */
function done(create: KeyedCreate, maxAttempts: number): boolean {
  const first = create.attempts.findIndex((a) => a.answer.type === 'success');
  if (first >= 0 && (!create.repeatSuccess || create.attempts.length > first + 1)) return true;
  return create.attempts.length >= maxAttempts + (first >= 0 ? 1 : 0);
}

/** One driver: its creates, sent in random groups until each succeeded or used its attempts. */
async function drive(client: Pool, path: string, creates: KeyedCreate[], random: Random, maxAttempts: number, sent: SentCounter, ops: { bulk: number; single: number }): Promise<void> {
  for (;;) {
    const pending = creates.filter((c) => !done(c, maxAttempts));
    if (pending.length === 0) return;
    const kind = pick(random, pending).kind;
    const sameKind = pending.filter((c) => c.kind === kind);
    const alone = chance(random, 0.3);
    // A random slice, so repeats land in bulks of other sizes, beside other creates, or alone.
    const start = intBetween(random, 0, sameKind.length - 1);
    const group = alone ? [sameKind[start]!] : sameKind.slice(start, start + intBetween(random, 1, 45));
    if (alone) ops.single++;
    else ops.bulk++;
    const before = group.map((c) => sent.of(c.marker));
    const answers = await sendGroup(client, path, group, alone);
    group.forEach((create, i) => create.attempts.push({ via: alone ? 'single' : 'bulk', answer: answers[i]!, sentBefore: before[i]!, sentAfter: sent.of(create.marker) }));
  }
}

function check(name: string, description: string, creates: readonly KeyedCreate[], offends: (c: KeyedCreate) => boolean): KeyedCheck {
  const offenders = creates.filter(offends);
  return { name, description, count: offenders.length, examples: offenders.slice(0, 5) };
}

function outcomeOf(answer: KeyedAnswer): { answer: string; code: string } {
  if (answer.type === 'success') return { answer: 'success', code: '' };
  if (answer.type === 'no answer') return { answer: 'other', code: '(no answer)' };
  if (MAYBE_RECORDED.has(answer.code)) return { answer: 'outcome unknown', code: answer.code };
  return { answer: CREATE_CODES.has(answer.code) ? 'definite failure' : 'other', code: answer.code };
}

/** Whether an attempt before the `i`-th was answered UPSTREAM_OUTCOME_UNKNOWN: the key's record then says so for good. */
const afterUnknown = (c: KeyedCreate, i: number): boolean => c.attempts.slice(0, i).some((e) => e.answer.type === 'error' && e.answer.code === UNKNOWN);

/** Whether the key may hold a record once `attempt` was answered. */
const mayHoldRecord = (attempt: Attempt): boolean => attempt.answer.type === 'success' || (attempt.answer.type === 'error' && MAYBE_RECORDED.has(attempt.answer.code));

export async function runKeyedCampaign(options: KeyedCampaignOptions = {}): Promise<KeyedCampaignResult> {
  const started = Date.now();
  const seed = options.seed ?? 42;
  const count = options.creates ?? 600;
  const workers = options.workers ?? 4;
  const maxAttempts = options.maxAttempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 300;
  const gatewayEnv = { GRAPH_TIMEOUT_MS: String(timeoutMs), GRAPH_RETRY_MAX: '3', GRAPH_RETRY_BASE_DELAY_MS: '5', LOG_LEVEL: 'error' };
  const random = mulberry32(seed ^ 0x5bd1e995);
  const createRandom = mulberry32(Math.floor(random() * 2 ** 32));
  const faultRandom = mulberry32(Math.floor(random() * 2 ** 32));
  const driveRandom = mulberry32(Math.floor(random() * 2 ** 32));
  const creates = planCreates(createRandom, count, seed);
  const plan = planFaults(faultRandom, count * 3, timeoutMs);

  const stack = await startStack({ env: gatewayEnv, testDefaults: false, shutdownGraceMs: 2000 });
  const client = new Pool(new URL(stack.url).origin, { connections: workers, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const ops = { bulk: 0, single: 0 };
  let requests: RecordedRequest[];
  try {
    const path = new URL(stack.url).pathname;
    for (const { rule } of plan) stack.emulator.faults.add(rule);
    const sent = new SentCounter(stack.emulator.requests);
    const slices = Array.from({ length: workers }, (_, w) => creates.filter((c) => c.index % workers === w));
    await Promise.all(slices.map((slice, w) => drive(client, path, slice, mulberry32(Math.floor(driveRandom() * 2 ** 32) + w), maxAttempts, sent, ops)));
    // A create the gateway gave up on at its deadline is still carried out when its delay ends.
    await new Promise((resolve) => setTimeout(resolve, timeoutMs + 600));
    requests = [...stack.emulator.requests];
    const stored = new Map<string, string[]>();
    for (const record of [...stack.emulator.store.managedAppRegistrations(), ...stack.emulator.store.mobileAppInstallStatuses()]) {
      const marker = markerOf(record);
      if (marker !== undefined) stored.set(marker, [...(stored.get(marker) ?? []), String(record.id)]);
    }
    for (const create of creates) create.storedIds = stored.get(create.marker) ?? [];
  } finally {
    stack.emulator.faults.clear();
    await client.close();
    await stack.close();
  }

  const batchCalls = requests.filter((r) => r.batch === undefined && r.rawPath.endsWith('/$batch'));
  const faultCounts = new Map<string, number>();
  // Which rule each request met is not recorded, only its kind: count the rules consumed per queue instead.
  const consumed = (scope: string, requestsInScope: number): void => {
    plan.filter((p) => p.scope === scope).slice(0, requestsInScope).forEach((p) => faultCounts.set(`${scope}\u0000${p.label}`, (faultCounts.get(`${scope}\u0000${p.label}`) ?? 0) + 1));
  };
  const batchItems = requests.filter((r) => r.batch !== undefined);
  const singlePosts = requests.filter((r) => r.batch === undefined && !r.rawPath.endsWith('/$batch'));
  consumed('$batch item', batchItems.length);
  consumed('$batch call', batchCalls.length);
  consumed('single create', singlePosts.length);
  const faultsInjected = [...faultCounts].map(([key, n]) => {
    const [scope, fault] = key.split('\u0000') as [string, string];
    return { scope, fault, requests: n };
  });

  const last = (c: KeyedCreate): Attempt => c.attempts[c.attempts.length - 1]!;
  const successes = (c: KeyedCreate): string[] => c.attempts.flatMap((a) => (a.answer.type === 'success' ? [a.answer.id] : []));
  const repeats = creates.flatMap((c) => c.attempts.slice(1).map((a, i) => ({ a, earlier: c.attempts.slice(0, i + 1) })));
  const invariants = {
    duplicates: check('duplicates', 'markers stored more than once', creates, (c) => c.storedIds.length > 1),
    successesWithoutRecord: check('successes without a record', 'a success (first or replayed) whose id is not the record stored under the marker', creates, (c) =>
      successes(c).some((id) => !c.storedIds.includes(id)),
    ),
    definiteFailuresWithRecord: check('definite failures with a record', 'creates whose last answer is a definite failure although a record is stored', creates, (c) =>
      outcomeOf(last(c).answer).answer === 'definite failure' && c.storedIds.length > 0,
    ),
    repeatsWithSecondRecord: check(
      'keyed repeats that made a second record',
      'keys whose repeat reached Graph after an answer that may have left a record (success, unknown outcome), or stored twice after a repeat',
      creates,
      (c) => c.attempts.some((a, i) => i > 0 && a.sentAfter > a.sentBefore && c.attempts.slice(0, i).some(mayHoldRecord)) || (c.attempts.length > 1 && c.storedIds.length > 1),
    ),
  };
  const checks = [
    check('replays with another id', 'repeats of a success answered with a different id', creates, (c) => new Set(successes(c)).size > 1),
    check('unknown outcomes not kept', 'repeats after an unknown outcome not answered UPSTREAM_OUTCOME_UNKNOWN again', creates, (c) =>
      c.attempts.some((a, i) => afterUnknown(c, i) && !(a.answer.type === 'error' && a.answer.code === UNKNOWN)),
    ),
    check('repeated unknowns without their state', 'single-create repeats of an unknown outcome without extensions.idempotency.state OUTCOME_UNKNOWN', creates, (c) =>
      c.attempts.some((a, i) => a.via === 'single' && afterUnknown(c, i) && a.answer.type === 'error' && a.answer.idempotencyState !== 'OUTCOME_UNKNOWN'),
    ),
    check('invalid items sent', 'items with userId and collection ROOT that reached Graph', creates, (c) => c.invalid && c.attempts.some((a) => a.sentAfter > a.sentBefore)),
    check('answers outside the contract', 'no GraphQL answer, a malformed bulk result, or a code a create does not answer (CONFLICT here: no key is sent twice at once)', creates, (c) =>
      c.attempts.some((a) => outcomeOf(a.answer).answer === 'other'),
    ),
  ];

  const rowsByKey = new Map<string, { answer: string; code: string; creates: number; stored0: number; stored1: number; storedMore: number }>();
  for (const create of creates) {
    const outcome = outcomeOf(last(create).answer);
    const key = `${outcome.answer}\u0000${outcome.code}`;
    const row = rowsByKey.get(key) ?? { ...outcome, creates: 0, stored0: 0, stored1: 0, storedMore: 0 };
    row.creates++;
    if (create.storedIds.length === 0) row.stored0++;
    else if (create.storedIds.length === 1) row.stored1++;
    else row.storedMore++;
    rowsByKey.set(key, row);
  }
  const order = ['success', 'definite failure', 'outcome unknown', 'other'];
  const rows = [...rowsByKey.values()].sort((a, b) => order.indexOf(a.answer) - order.indexOf(b.answer) || a.code.localeCompare(b.code));
  const passed = [...Object.values(invariants), ...checks].every((c) => c.count === 0);
  return {
    seed,
    creates: count,
    workers,
    gatewayEnv,
    elapsedMs: Date.now() - started,
    operations: { ...ops, batchCalls: batchCalls.length, batchItems: batchItems.length, singlePosts: singlePosts.length },
    faultsInjected,
    attempts: {
      total: creates.reduce((sum, c) => sum + c.attempts.length, 0),
      repeats: repeats.length,
      replayedSuccesses: repeats.filter(({ a, earlier }) => a.answer.type === 'success' && earlier.some((e) => e.answer.type === 'success')).length,
      repeatedUnknowns: creates.reduce((sum, c) => sum + c.attempts.filter((_a, i) => afterUnknown(c, i)).length, 0),
      resentAfterDefiniteFailure: repeats.filter(({ a }) => a.sentAfter > a.sentBefore).length,
    },
    rows,
    invariants,
    checks,
    passed,
  };
}
