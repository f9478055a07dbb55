import { errorFromGraphStatus } from '../../src/errors/from-graph';
import { ErrorCode } from '../../src/errors/codes';
import { GatewayError } from '../../src/errors/gateway-error';
import { storeKey } from '../../src/idempotency/keys';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store';
import { runIdempotent, type IdempotentAttempt, type IdempotentCreate, type IdempotentResult } from '../../src/idempotency/run';
import { type IdempotencyStore, IdempotencyStoreUnavailableError } from '../../src/idempotency/store';
import { startRedis } from '../helpers/redis';
import { closeStores, memoryKind, openRedisStore, redisKind, sleep, useRedisAndCloseStores, type StoreKind } from './support';

interface Entity {
  readonly id: string;
  readonly deviceName: string | null;
  readonly flaggedReasons: readonly string[];
}

const MUTATION = 'createManagedAppRegistration';
const SCOPE = 'principal:["tenant","user"]';
const SAME = 'fingerprint-of-the-arguments';
const OTHER = 'fingerprint-of-other-arguments';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const graphInfo = (status: number, clientRequestId: string) => ({ status, code: 'X', message: 'm', requestId: 'req-1', clientRequestId, date: 'Thu, 01 Jan 2026 00:00:00 GMT' });

/** A create that records its calls and answers with `answer` (an entity, or an error to throw). */
function recorder(answer: (attempt: IdempotentAttempt, call: number) => Entity | Error | Promise<Entity>) {
  const calls: IdempotentAttempt[] = [];
  const create = async (attempt: IdempotentAttempt): Promise<Entity> => {
    calls.push(attempt);
    const result = await answer(attempt, calls.length);
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, create };
}

const entity = (id: string): Entity => ({ id, deviceName: 'Pixel 8', flaggedReasons: ['rootedDevice'] });

function run(store: IdempotencyStore, create: IdempotentCreate<Entity>['create'], options: Partial<IdempotentCreate<Entity>> = {}): Promise<IdempotentResult<Entity>> {
  return runIdempotent({ store, scope: SCOPE, mutation: MUTATION, key: 'reg-7f3a', fingerprint: SAME, create, ...options });
}

const conflict = {
  type: 'refused',
  refusal: {
    code: 'CONFLICT',
    message: 'A createManagedAppRegistration with this idempotencyKey is still in flight; send it again once it has finished',
    idempotency: { state: 'IN_FLIGHT' },
  },
};
const otherArguments = {
  type: 'refused',
  refusal: {
    code: 'BAD_USER_INPUT',
    message: 'idempotencyKey "reg-7f3a" was already used for createManagedAppRegistration with other arguments; a different create needs a new key',
  },
};
const outcomeUnknown = (firstClientRequestId: string, firstAttemptAt: string) => ({
  type: 'refused',
  refusal: {
    code: 'UPSTREAM_OUTCOME_UNKNOWN',
    message:
      `The first createManagedAppRegistration with this idempotencyKey (client-request-id ${firstClientRequestId}, ${firstAttemptAt}) ended with an unknown outcome, ` +
      'so it is not sent again under this key: check whether the record exists before creating it with a new key',
    idempotency: { state: 'OUTCOME_UNKNOWN', firstClientRequestId, firstAttemptAt },
  },
});

/** The refusal's firstAttemptAt, checked to be an ISO time within [before, after]. */
function attemptTime(result: IdempotentResult<Entity>, before: number, after: number): string {
  const at = result.type === 'refused' && 'idempotency' in result.refusal && result.refusal.idempotency.state === 'OUTCOME_UNKNOWN' ? result.refusal.idempotency.firstAttemptAt : '';
  expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Date.parse(at)).toBeGreaterThanOrEqual(before);
  expect(Date.parse(at)).toBeLessThanOrEqual(after);
  return at;
}

const redis = useRedisAndCloseStores();

describe.each<StoreKind>([memoryKind, redisKind(redis)])("contract §10's table on the $name store", (kind) => {
  // One Redis serves every test: each test has a scope of its own, so keys never meet.
  let scope = '';
  let n = 0;
  beforeEach(() => {
    scope = `${SCOPE}#${kind.name}-${++n}-${Date.now()}`;
  });
  const runIn = (store: IdempotencyStore, create: IdempotentCreate<Entity>['create'], options: Partial<IdempotentCreate<Entity>> = {}) => run(store, create, { scope, ...options });

  it('a new key: the create is sent once, with a fresh client-request-id', async () => {
    const store = await kind.open();
    const { calls, create } = recorder(() => entity('r1'));
    expect(await runIn(store, create)).toEqual({ type: 'created', entity: entity('r1') });
    expect(calls).toEqual([{ clientRequestId: expect.stringMatching(UUID) }]);
  });

  it('succeeded, same arguments: the same entity again and no create', async () => {
    const store = await kind.open();
    const first = recorder(() => entity('r1'));
    await runIn(store, first.create);
    const again = recorder(() => entity('r2'));
    expect(await runIn(store, again.create)).toEqual({ type: 'replayed', entity: entity('r1') });
    expect(await runIn(store, again.create)).toEqual({ type: 'replayed', entity: entity('r1') });
    expect(again.calls).toEqual([]);
  });

  it('succeeded, different arguments: BAD_USER_INPUT and no create', async () => {
    const store = await kind.open();
    await runIn(store, recorder(() => entity('r1')).create);
    const again = recorder(() => entity('r2'));
    expect(await runIn(store, again.create, { fingerprint: OTHER })).toEqual(otherArguments);
    expect(again.calls).toEqual([]);
  });

  it('still in flight: CONFLICT (IN_FLIGHT) for the same arguments, BAD_USER_INPUT for others, no create; then the entity', async () => {
    const store = await kind.open();
    let finish: (value: Entity) => void = () => undefined;
    const first = recorder(() => new Promise<Entity>((resolve) => (finish = resolve)));
    const running = runIn(store, first.create);
    while (first.calls.length === 0) await sleep(1);

    const again = recorder(() => entity('r2'));
    expect(await runIn(store, again.create)).toEqual(conflict);
    expect(await runIn(store, again.create, { fingerprint: OTHER })).toEqual(otherArguments);
    expect(again.calls).toEqual([]);

    finish(entity('r1'));
    expect(await running).toEqual({ type: 'created', entity: entity('r1') });
    expect(await runIn(store, again.create)).toEqual({ type: 'replayed', entity: entity('r1') });
    expect(again.calls).toEqual([]);
  });

  it.each([502, 504])('ended UPSTREAM_OUTCOME_UNKNOWN (Graph %i): the error once, then UPSTREAM_OUTCOME_UNKNOWN again with the first request, no create', async (status) => {
    const store = await kind.open();
    const failure = errorFromGraphStatus(graphInfo(status, 'crid-of-the-failed-try'), 'create');
    expect(failure.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    const before = Date.now();
    await expect(runIn(store, recorder(() => failure).create)).rejects.toBe(failure);
    const after = Date.now();

    const again = recorder(() => entity('r2'));
    const repeat = await runIn(store, again.create);
    expect(repeat).toEqual(outcomeUnknown('crid-of-the-failed-try', attemptTime(repeat, before, after)));
    expect(await runIn(store, again.create, { fingerprint: OTHER })).toEqual(otherArguments);
    expect(again.calls).toEqual([]);
  });

  it('ended UPSTREAM_OUTCOME_UNKNOWN with no client-request-id on the error: the one the create was given', async () => {
    const store = await kind.open();
    const first = recorder(() => new GatewayError(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN, 'reset after the request was sent'));
    const before = Date.now();
    await expect(runIn(store, first.create)).rejects.toThrow('reset after the request was sent');
    const repeat = await runIn(store, recorder(() => entity('r2')).create);
    expect(repeat).toEqual(outcomeUnknown(first.calls[0].clientRequestId, attemptTime(repeat, before, Date.now())));
  });

  it.each([
    ['Graph answered 2xx with an unreadable body (UPSTREAM_BAD_RESPONSE: the record exists)', new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'Microsoft Graph answered 201 with a body that is not JSON.', graphInfo(201, 'crid-201'))],
    ['the create threw something that is not a gateway error', new TypeError('boom')],
  ])('%s: kept as outcome unknown, never sent again', async (_, failure) => {
    const store = await kind.open();
    const first = recorder(() => failure);
    const before = Date.now();
    await expect(runIn(store, first.create)).rejects.toBe(failure);
    const again = recorder(() => entity('r2'));
    const repeat = await runIn(store, again.create);
    const id = failure instanceof GatewayError && failure.code === ErrorCode.UPSTREAM_BAD_RESPONSE ? 'crid-201' : first.calls[0].clientRequestId;
    expect(repeat).toEqual(outcomeUnknown(id, attemptTime(repeat, before, Date.now())));
    expect(again.calls).toEqual([]);
  });

  it.each([400, 401, 403, 404, 409, 429, 500, 503])('failed definitely (Graph %i): nothing kept, sent as a new create with the same or other arguments', async (status) => {
    const store = await kind.open();
    const failure = errorFromGraphStatus(graphInfo(status, 'crid'), 'create', 3);
    expect(failure.code).not.toBe('UPSTREAM_OUTCOME_UNKNOWN');
    await expect(runIn(store, recorder(() => failure).create)).rejects.toBe(failure);

    const same = recorder(() => failure);
    await expect(runIn(store, same.create)).rejects.toBe(failure);
    expect(same.calls).toHaveLength(1);
    const other = recorder(() => entity('r3'));
    expect(await runIn(store, other.create, { fingerprint: OTHER })).toEqual({ type: 'created', entity: entity('r3') });
    expect(other.calls).toHaveLength(1);
    // That success is now the key's record.
    expect(await runIn(store, recorder(() => entity('r4')).create, { fingerprint: OTHER })).toEqual({ type: 'replayed', entity: entity('r3') });
  });

  it('keeps keys apart per caller and per mutation', async () => {
    const store = await kind.open();
    await runIn(store, recorder(() => entity('r1')).create);
    const elsewhere = recorder((_, call) => entity(`other-${call}`));
    expect(await runIn(store, elsewhere.create, { scope: `${scope}/another caller` })).toEqual({ type: 'created', entity: entity('other-1') });
    expect(await runIn(store, elsewhere.create, { mutation: 'createMobileAppInstallStatus' })).toEqual({ type: 'created', entity: entity('other-2') });
    expect(await runIn(store, elsewhere.create, { key: 'reg-7f3b' })).toEqual({ type: 'created', entity: entity('other-3') });
    expect(await runIn(store, elsewhere.create)).toEqual({ type: 'replayed', entity: entity('r1') });
  });

  it('forgets a key after IDEMPOTENCY_TTL_S: the same key then sends a new create', async () => {
    const store = await kind.open(300);
    await runIn(store, recorder(() => entity('r1')).create);
    expect(await runIn(store, recorder(() => entity('x')).create)).toEqual({ type: 'replayed', entity: entity('r1') });
    await sleep(400);
    const later = recorder(() => entity('r2'));
    expect(await runIn(store, later.create)).toEqual({ type: 'created', entity: entity('r2') });
    expect(later.calls).toHaveLength(1);
  });

  it('answers a claim older than inFlightLimitMs as outcome unknown (its process died mid-create)', async () => {
    const store = await kind.open();
    let finish: (value: Entity) => void = () => undefined;
    const first = recorder(() => new Promise<Entity>((resolve) => (finish = resolve)));
    const before = Date.now();
    const running = runIn(store, first.create);
    while (first.calls.length === 0) await sleep(1);
    expect(await runIn(store, recorder(() => entity('x')).create, { inFlightLimitMs: 60_000 })).toEqual(conflict);
    await sleep(60);
    const repeat = await runIn(store, recorder(() => entity('x')).create, { inFlightLimitMs: 50 });
    expect(repeat).toEqual(outcomeUnknown(first.calls[0].clientRequestId, attemptTime(repeat, before, Date.now())));
    finish(entity('r1'));
    await running;
  });

  it('refuses a key holding something that is not a record: IDEMPOTENCY_STORE_UNAVAILABLE, no create', async () => {
    const store = await kind.open();
    await store.claim(storeKey(scope, MUTATION, 'reg-7f3a'), 'not a record');
    const { calls, create } = recorder(() => entity('r1'));
    const result = await runIn(store, create);
    expect(result).toEqual({
      type: 'refused',
      refusal: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE', message: 'The idempotency store holds a record it cannot read; nothing was sent.', error: new IdempotencyStoreUnavailableError('unreadable') },
    });
    expect(calls).toEqual([]);
  });
});

describe('runIdempotent', () => {
  /** A store that fails the test if it is used. */
  const untouchable: IdempotencyStore = {
    claim: () => Promise.reject(new Error('the store was used')),
    replace: () => Promise.reject(new Error('the store was used')),
    release: () => Promise.reject(new Error('the store was used')),
    waitUntilReady: async () => true,
    close: async () => undefined,
  };

  it.each([
    ['', 'idempotencyKey must not be empty'],
    ['k'.repeat(256), 'idempotencyKey must be at most 255 characters, got 256'],
    ['clé', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
  ])('refuses the key %j with BAD_USER_INPUT before touching the store', async (key, message) => {
    const { calls, create } = recorder(() => entity('r1'));
    expect(await run(untouchable, create, { key })).toEqual({ type: 'refused', refusal: { code: 'BAD_USER_INPUT', message } });
    expect(calls).toEqual([]);
  });

  it('refuses with IDEMPOTENCY_STORE_UNAVAILABLE when the in-process store is full, and sends nothing', async () => {
    const store = new MemoryIdempotencyStore({ ttlMs: 60_000, maxEntries: 1, maxBytes: 1_000_000 });
    await run(store, recorder(() => entity('r1')).create, { key: 'first' });
    const { calls, create } = recorder(() => entity('r2'));
    expect(await run(store, create, { key: 'second' })).toEqual({
      type: 'refused',
      refusal: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE', message: 'The idempotency store is full; nothing was sent.', error: new IdempotencyStoreUnavailableError('full') },
    });
    expect(calls).toEqual([]);
  });

  it('still answers the entity when its record cannot be written, and says so through onSettleFailed', async () => {
    const memory = new MemoryIdempotencyStore({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1_000_000 });
    const lost = new IdempotencyStoreUnavailableError('unreachable');
    const failingWrites: IdempotencyStore = {
      claim: (k, v) => memory.claim(k, v),
      replace: () => Promise.reject(lost),
      release: () => Promise.reject(lost),
      waitUntilReady: async () => true,
      close: () => memory.close(),
    };
    const told: IdempotencyStoreUnavailableError[] = [];
    const onSettleFailed = (error: IdempotencyStoreUnavailableError): void => void told.push(error);
    expect(await run(failingWrites, recorder(() => entity('r1')).create, { onSettleFailed })).toEqual({ type: 'created', entity: entity('r1') });
    // The claim stays: a repeat is not sent.
    expect(await run(failingWrites, recorder(() => entity('r2')).create)).toEqual(conflict);
    const failure = errorFromGraphStatus(graphInfo(503, 'crid'), 'create');
    await expect(run(failingWrites, recorder(() => failure).create, { key: 'other', onSettleFailed })).rejects.toBe(failure);
    expect(told).toEqual([lost, lost]);
  });
});

describe('runIdempotent on Redis shared by two replicas', () => {
  it('50 concurrent creates with one key on two replicas: exactly one create, the others CONFLICT, then all replay its entity', async () => {
    const replicas = [await openRedisStore(redis()), await openRedisStore(redis())];
    let finish: (value: Entity) => void = () => undefined;
    const { calls, create } = recorder(() => new Promise<Entity>((resolve) => (finish = resolve)));
    const options = { scope: `${SCOPE}#race-${Date.now()}` };
    const results = Array.from({ length: 50 }, (_, i) => run(replicas[i % 2], create, options));
    const refused = await Promise.all(results.map((result) => Promise.race([result, sleep(1500).then(() => 'still running')])));
    expect(calls).toHaveLength(1);
    expect(refused.filter((result) => result === 'still running')).toHaveLength(1);
    expect(refused.filter((result) => result !== 'still running')).toEqual(Array(49).fill(conflict));

    finish(entity('r1'));
    expect((await Promise.all(results)).filter((result) => result.type === 'created')).toEqual([{ type: 'created', entity: entity('r1') }]);
    const repeats = await Promise.all(Array.from({ length: 10 }, (_, i) => run(replicas[i % 2], create, options)));
    expect(repeats).toEqual(Array(10).fill({ type: 'replayed', entity: entity('r1') }));
    expect(calls).toHaveLength(1);
  });

  it('Redis stopped mid-run: IDEMPOTENCY_STORE_UNAVAILABLE at once and nothing sent; it works again once Redis is back', async () => {
    const server = await startRedis();
    try {
      const store = await openRedisStore(server);
      expect(await run(store, recorder(() => entity('r1')).create, { key: 'before' })).toEqual({ type: 'created', entity: entity('r1') });

      // Stopped while a create is in flight: the entity is still answered, the lost write reported.
      let finish: (value: Entity) => void = () => undefined;
      const inFlight = recorder(() => new Promise<Entity>((resolve) => (finish = resolve)));
      const told: string[] = [];
      const running = run(store, inFlight.create, { key: 'in-flight', onSettleFailed: (error) => void told.push(error.reason) });
      while (inFlight.calls.length === 0) await sleep(1);
      await server.stop();
      finish(entity('r2'));
      expect(await running).toEqual({ type: 'created', entity: entity('r2') });
      expect(told).toEqual(['unreachable']);

      const { calls, create } = recorder(() => entity('r3'));
      const started = Date.now();
      const refused = await run(store, create, { key: 'during' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(refused).toEqual({
        type: 'refused',
        refusal: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE', message: 'The idempotency store cannot be reached; nothing was sent.', error: new IdempotencyStoreUnavailableError('unreachable') },
      });
      expect(calls).toEqual([]);

      await server.start();
      const back = Date.now();
      let result = await run(store, create, { key: 'after' });
      while (result.type === 'refused' && Date.now() - back < 2000) {
        await sleep(10);
        result = await run(store, create, { key: 'after' });
      }
      expect(result).toEqual({ type: 'created', entity: entity('r3') });
      expect(Date.now() - back).toBeLessThan(2000);
      expect(calls).toHaveLength(1);
    } finally {
      await closeStores();
      await server.stop();
    }
  });
});
