import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { AUTHORIZATION, startStack, type Stack } from '../helpers/stack';

/**
 * The fast path (plain JSON POSTs run directly with graphql-js) must answer
 * exactly as Apollo Server does. Two gateways, GRAPHQL_FAST_PATH on and off,
 * each on its own emulator with the same records, get the same requests.
 */
const APP = SEEDED_MOBILE_APPS[0]!.id;
const REG_ID = 'fixed-registration-id';

const CASES: Array<[string, Record<string, unknown>, Record<string, string> | undefined]> = [
  ['a read', { query: 'query One($id: ID!) { managedAppRegistration(id: $id) { __typename id deviceTag flaggedReasons appIdentifier { __typename ... on AndroidMobileAppIdentifier { packageId } } } }', variables: { id: REG_ID } }, undefined],
  ['a read of nothing (404 → null)', { query: '{ managedAppRegistration(id: "none") { id } }' }, undefined],
  ['unknown enum values from Graph', { query: `{ mobileAppInstallStatus(mobileAppId: "${APP}", id: "fixed-status-id") { mobileAppInstallStatusValue installState installStateDetail } }` }, undefined],
  ['no token', { query: '{ managedAppRegistration(id: "x") { id } }' }, {}],
  ['a resolver error (empty id) next to data', { query: '{ a: managedAppRegistration(id: "") { id } b: gatewayInfo { emulator } }' }, undefined],
  ['a non-null field failing', { query: 'query($f: Int) { managedAppRegistrations(first: $f) { nodes { id } } }', variables: { f: 0 } }, undefined],
  ['operation name selection', { query: 'query A { gatewayInfo { emulator } } query B { gatewayInfo { version } }', operationName: 'B' }, undefined],
  ['an unknown operation name', { query: 'query A { gatewayInfo { emulator } }', operationName: 'Nope' }, undefined],
  ['variables that do not coerce', { query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: {} }, undefined],
  ['a bad enum variable', { query: 'mutation($i: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $i) { id } }', variables: { i: { flaggedReasons: ['NOPE'] } } }, undefined],
  ['a validation error', { query: '{ gatewayInfo { nope } }' }, undefined],
  ['a syntax error', { query: '{ gatewayInfo { ' }, undefined],
  ['no query', { variables: {} }, undefined],
  ['introspection', { query: '{ __type(name: "ResultantAppState") { enumValues { name } } }' }, undefined],
  ['a create', { query: 'mutation { createMobileAppInstallStatus(mobileAppId: "no-such-app", input: {}) { id } }' }, undefined],
];

async function post(stack: Stack, body: Record<string, unknown>, headers: Record<string, string> = { authorization: AUTHORIZATION }) {
  const res = await request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  // Upstream error details carry per-request ids and dates: compare their presence, not their values.
  const normalized = text
    .replace(/"(requestId|clientRequestId)":"[0-9a-f-]{36}"/g, '"$1":"<uuid>"')
    .replace(/"date":"[^"]+"/g, '"date":"<date>"');
  return { status: res.statusCode, type: res.headers['content-type'], body: normalized };
}

let fast: Stack;
let apollo: Stack;
beforeAll(async () => {
  [fast, apollo] = await Promise.all([startStack(), startStack({ env: { GRAPHQL_FAST_PATH: 'false' } })]);
  for (const stack of [fast, apollo]) {
    stack.emulator.store.putManagedAppRegistration({
      '@odata.type': '#microsoft.graph.androidManagedAppRegistration',
      id: REG_ID,
      deviceTag: 'same',
      flaggedReasons: ['rootedDevice', 'somethingNew'],
      appIdentifier: { '@odata.type': '#microsoft.graph.androidMobileAppIdentifier', packageId: 'com.a' },
    });
    stack.emulator.store.putMobileAppInstallStatus(APP, { id: 'fixed-status-id', mobileAppInstallStatusValue: 'hibernating', installState: 'installed', installStateDetail: 'brandNew' });
  }
});
afterAll(async () => {
  await Promise.all([fast.close(), apollo.close()]);
});

describe('the fast path answers exactly as Apollo Server', () => {
  it.each(CASES)('%s', async (_name, body, headers) => {
    const [a, b] = await Promise.all([post(fast, body, headers), post(apollo, body, headers)]);
    expect(a).toEqual(b);
  });

  it('and makes the same Graph calls', async () => {
    fast.emulator.clearRequests();
    apollo.emulator.clearRequests();
    const body = { query: 'query($id: ID!) { managedAppRegistration(id: $id) { id } }', variables: { id: REG_ID } };
    await post(fast, body);
    await post(apollo, body);
    const calls = (stack: Stack) => stack.emulator.requests.map((r) => `${r.method} ${r.rawPath} ${r.headers.authorization}`);
    expect(calls(fast)).toEqual(calls(apollo));
    expect(calls(fast)).toHaveLength(1);
  });
});
