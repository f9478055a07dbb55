// contract §10 over real HTTP: every row of the table for both single creates, the first try's client-request-id
// kept by the record, and IDEMPOTENCY_STORE_UNAVAILABLE with Redis stopped (and back once it is).
import { request } from 'undici';
import { createEmulator } from '../../src/emulator';
import { ProcessRegistry, startGateway } from '../helpers/process';
import { startRedis, type RedisServer } from '../helpers/redis';
import { AUTHORIZATION, startStack, type GraphQLResponse, type Stack } from '../helpers/stack';

const REG_PATH = '/beta/deviceAppManagement/managedAppRegistrations';
const REG = `mutation($key: String, $tag: String) {
  createManagedAppRegistration(input: { deviceTag: $tag }, idempotencyKey: $key) { id deviceTag }
}`;
const STATUS_PATH = '/beta/deviceAppManagement/mobileApps/6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01/deviceStatuses';
const STATUS = `mutation($key: String, $name: String) {
  createMobileAppInstallStatus(mobileAppId: "6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01", input: { deviceName: $name }, idempotencyKey: $key) { id deviceName mobileAppId }
}`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function postsTo(stack: Stack, path: string) {
  return stack.emulator.requests.filter((r) => r.method === 'POST' && r.rawPath === path);
}

function onlyError(res: GraphQLResponse) {
  expect(res.body.data).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors!;
  return { message: error!.message, extensions: error!.extensions };
}

describe.each([
  { name: 'createManagedAppRegistration', query: REG, path: REG_PATH, vary: 'tag', field: 'deviceTag' },
  { name: 'createMobileAppInstallStatus', query: STATUS, path: STATUS_PATH, vary: 'name', field: 'deviceName' },
])('$name with an idempotencyKey (contract §10)', ({ name, query, path, vary, field }) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_TIMEOUT_MS: '400', GRAPH_RETRY_MAX: '2' } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.emulator.clearRequests();
    stack.emulator.faults.clear();
  });
  const send = (key: string | undefined, value: string) => stack.gql(query, { key, [vary]: value });

  it('succeeded, same arguments: the same entity again, no Graph request', async () => {
    const first = await send('k-success', 'a');
    const id = (first.body.data![name] as { id: string }).id;
    expect(first.body.data![name]).toMatchObject({ id, [field]: 'a' });
    const again = await send('k-success', 'a');
    expect(again.body).toEqual(first.body);
    expect(postsTo(stack, path)).toHaveLength(1);
  });

  it('succeeded, other arguments: BAD_USER_INPUT, no Graph request', async () => {
    await send('k-other', 'a');
    const error = onlyError(await send('k-other', 'b'));
    expect(error).toEqual({
      message: `idempotencyKey "k-other" was already used for ${name} with other arguments; a different create needs a new key`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(postsTo(stack, path)).toHaveLength(1);
  });

  it('in flight: CONFLICT with extensions.idempotency.state IN_FLIGHT (other arguments: BAD_USER_INPUT), no Graph request', async () => {
    stack.emulator.faults.add({ method: 'POST', path: path.replace('/beta', ''), fault: { kind: 'delay', ms: 250 } });
    const first = send('k-flight', 'a');
    while (postsTo(stack, path).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const conflict = onlyError(await send('k-flight', 'a'));
    expect(conflict).toEqual({
      message: `A ${name} with this idempotencyKey is still in flight; send it again once it has finished`,
      extensions: { code: 'CONFLICT', idempotency: { state: 'IN_FLIGHT' } },
    });
    expect(onlyError(await send('k-flight', 'b')).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect((await first).body.data![name]).toMatchObject({ [field]: 'a' });
    expect(postsTo(stack, path)).toHaveLength(1);
  });

  it('outcome unknown: UPSTREAM_OUTCOME_UNKNOWN again naming the first try, never re-sent (other arguments: BAD_USER_INPUT)', async () => {
    stack.emulator.faults.add({ method: 'POST', path: path.replace('/beta', ''), fault: { kind: 'reset-after-read' } });
    const first = onlyError(await send('k-unknown', 'a'));
    expect(first.extensions!.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    const [sent] = postsTo(stack, path);
    const firstClientRequestId = sent!.headers['client-request-id'];
    expect((first.extensions!.graph as { clientRequestId: string }).clientRequestId).toBe(firstClientRequestId);
    const again = onlyError(await send('k-unknown', 'a'));
    expect(again).toEqual({
      message: `The first ${name} with this idempotencyKey (client-request-id ${firstClientRequestId}, ${(again.extensions!.idempotency as { firstAttemptAt: string }).firstAttemptAt}) ended with an unknown outcome, so it is not sent again under this key: check whether the record exists before creating it with a new key`,
      extensions: { code: 'UPSTREAM_OUTCOME_UNKNOWN', idempotency: { state: 'OUTCOME_UNKNOWN', firstClientRequestId, firstAttemptAt: expect.stringMatching(ISO) } },
    });
    expect(onlyError(await send('k-unknown', 'b')).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(postsTo(stack, path)).toHaveLength(1);
  });

  it('failed definitely: nothing kept, the repeat is a new create (same or other arguments)', async () => {
    stack.emulator.faults.add({ method: 'POST', path: path.replace('/beta', ''), times: 2, fault: { kind: 'status', status: 500 } });
    expect(onlyError(await send('k-definite', 'a')).extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(onlyError(await send('k-definite', 'b')).extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    const created = await send('k-definite', 'a');
    expect(created.body.data![name]).toMatchObject({ [field]: 'a' });
    expect(postsTo(stack, path)).toHaveLength(3);
  });

  it.each([
    ['empty', '', 'idempotencyKey must not be empty'],
    ['256 characters', 'x'.repeat(256), 'idempotencyKey must be at most 255 characters, got 256'],
    ['not ASCII', 'caf\u00e9', 'idempotencyKey must be printable ASCII characters only (space to ~)'],
  ])('a key %s: BAD_USER_INPUT, no Graph request', async (_label, key, message) => {
    expect(onlyError(await send(key, 'a'))).toEqual({ message, extensions: { code: 'BAD_USER_INPUT' } });
    expect(postsTo(stack, path)).toHaveLength(0);
  });

  it('keys are per caller: another token with the same key makes its own create', async () => {
    await send('k-caller', 'a');
    const other = await stack.gql(query, { key: 'k-caller', [vary]: 'a' }, { authorization: 'Bearer another-caller' });
    expect(other.body.errors).toBeUndefined();
    expect(postsTo(stack, path)).toHaveLength(2);
  });

  it('no bearer token: UNAUTHENTICATED before the store or Graph', async () => {
    expect(onlyError(await stack.gql(query, { key: 'k-anon', [vary]: 'a' }, {})).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('keys are scoped to the mutation', () => {
  it('the same key on the two creates makes one of each', async () => {
    const stack = await startStack();
    try {
      await stack.gql(REG, { key: 'shared', tag: 'a' });
      const status = await stack.gql(STATUS, { key: 'shared', name: 'a' });
      expect(status.body.errors).toBeUndefined();
      expect(postsTo(stack, REG_PATH)).toHaveLength(1);
      expect(postsTo(stack, STATUS_PATH)).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});

describe('Redis as the store (REDIS_URL)', () => {
  let redis: RedisServer;
  let stack: Stack;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('stopped: a keyed create is IDEMPOTENCY_STORE_UNAVAILABLE and not sent, an unkeyed one goes; back once Redis is', async () => {
    const before = await stack.gql(REG, { key: 'r-1', tag: 'a' });
    expect(before.body.errors).toBeUndefined();
    await redis.stop();
    stack.emulator.clearRequests();
    const refused = onlyError(await stack.gql(REG, { key: 'r-2', tag: 'a' }));
    expect(refused).toEqual({ message: 'The idempotency store cannot be reached; nothing was sent.', extensions: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE' } });
    expect(stack.emulator.requests).toEqual([]);
    const unkeyed = await stack.gql(REG, { tag: 'a' });
    expect(unkeyed.body.errors).toBeUndefined();
    expect(postsTo(stack, REG_PATH)).toHaveLength(1);

    await redis.start();
    const backAt = Date.now();
    let after = await stack.gql(REG, { key: 'r-2', tag: 'a' });
    while (after.body.errors?.[0]?.extensions?.code === 'IDEMPOTENCY_STORE_UNAVAILABLE' && Date.now() - backAt < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await stack.gql(REG, { key: 'r-2', tag: 'a' });
    }
    console.log(`idempotency store back ${Date.now() - backAt} ms after redis-server answered PING`);
    expect(after.body.errors).toBeUndefined();
    const replay = await stack.gql(REG, { key: 'r-2', tag: 'a' });
    expect(replay.body).toEqual(after.body);
    expect(postsTo(stack, REG_PATH)).toHaveLength(2);
  });
});



describe('two gateway processes on one Redis', () => {
  const processes = new ProcessRegistry();
  afterAll(async () => {
    await processes.stopAll();
  });

  it('the same key sent to both at once: exactly one Graph create per key, and both answers end with its id', async () => {
    const redis = await startRedis();
    const emulator = createEmulator({ faults: true });
    try {
      const graphBaseUrl = await emulator.listen(0, '127.0.0.1');
      const env = { GRAPH_BASE_URL: graphBaseUrl, REDIS_URL: redis.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
      const replicas = await Promise.all([startGateway(env), startGateway(env)]);
      for (const replica of replicas) processes.track(replica.process);
      const create = async (url: string, key: string) => {
        const res = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
          body: JSON.stringify({ query: REG, variables: { key, tag: 'race' } }),
        });
        return (await res.body.json()) as GraphQLResponse['body'];
      };
      // A CONFLICT (the other replica's create in flight) is repeated, as a client would, until it is answered.
      let conflicts = 0;
      const settle = async (url: string, key: string): Promise<string> => {
        for (;;) {
          const body = await create(url, key);
          if (body.errors?.[0]?.extensions?.code !== 'CONFLICT') return (body.data!.createManagedAppRegistration as { id: string }).id;
          conflicts++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const keys = Array.from({ length: 20 }, (_, i) => `race-${i}`);
      const ids = await Promise.all(keys.map((key) => Promise.all(replicas.map((replica) => settle(replica.url, key)))));
      const posts = emulator.requests.filter((r) => r.method === 'POST' && r.rawPath === REG_PATH);
      console.log(`two replicas, ${keys.length} keys each sent to both at once: ${posts.length} Graph creates, ${conflicts} CONFLICT answers repeated`);
      expect(posts).toHaveLength(keys.length);
      for (const [a, b] of ids) expect(a).toBe(b);
      expect(new Set(ids.map(([a]) => a)).size).toBe(keys.length);
      expect(emulator.store.managedAppRegistrations().filter((r) => r.deviceTag === 'race')).toHaveLength(keys.length);
    } finally {
      await processes.stopAll();
      await emulator.close();
      await redis.stop();
    }
  }, 60_000);
});
