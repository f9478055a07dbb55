import { startStack, type Stack } from '../helpers/stack';

describe('one log line per operation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('has the name, type, duration, outcome, Graph call count and client-request-ids', async () => {
    const before = stack.logLines.length;
    const ids = [] as string[];
    for (let i = 0; i < 2; i++) await stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }');
    stack.emulator.clearRequests();
    const all = stack.emulator.store.managedAppRegistrations().map((r) => r.id as string);
    ids.push(...all);
    await stack.gql('query Two($a: ID!, $b: ID!) { a: managedAppRegistration(id: $a) { id } b: managedAppRegistration(id: $b) { id } }', { a: ids[0], b: ids[1] });
    const lines = stack.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'graphql operation');
    expect(lines).toHaveLength(3);
    const last = lines[2]!;
    expect(last).toMatchObject({
      level: 'info',
      operationName: 'Two',
      operationType: 'query',
      outcome: 'ok',
      upstreamCalls: 1,
      clientRequestIds: [stack.emulator.requests[0]!.headers['client-request-id']],
    });
    expect(typeof last.durationMs).toBe('number');
    expect(lines[0]).toMatchObject({ operationName: null, operationType: 'mutation', outcome: 'ok', upstreamCalls: 1 });
  });

  it('records the first error code as the outcome', async () => {
    const before = stack.logLines.length;
    await stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }', undefined, {});
    const line = stack.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'graphql operation');
    expect(line).toMatchObject({ outcome: 'UNAUTHENTICATED', upstreamCalls: 0, clientRequestIds: [] });
  });
});
