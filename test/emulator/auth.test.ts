import { errorBody, expectGraphHeaders, startHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000"';

describe('authorization', () => {
  it.each<[string, string | false]>([
    ['no Authorization header', false],
    ['an empty bearer token', 'Bearer '],
    ['a blank bearer token', 'Bearer    '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a bare token', 'abc.def.ghi'],
  ])('%s → 401 InvalidAuthenticationToken before routing, nothing stored', async (_name, auth) => {
    for (const [method, path] of [
      ['POST', '/deviceAppManagement/managedAppRegistrations'],
      ['GET', '/no/such/path'],
      ['POST', '/$batch'],
    ]) {
      const reply = await h.call(method, path, { auth, body: method === 'POST' ? {} : undefined });
      expect(reply.status).toBe(401);
      expectGraphHeaders(reply);
      expect(reply.headers['www-authenticate']).toBe(CHALLENGE);
      expect(reply.body).toEqual(errorBody(reply, 'InvalidAuthenticationToken', 'Access token is empty.'));
    }
    expect(h.emulator.store.managedAppRegistrations()).toEqual([]);
  });

  it('accepts any non-empty bearer token, scheme in any case', async () => {
    for (const auth of ['Bearer x', 'bearer eyJ0eXAiOiJKV1QifQ.e30.sig', 'BEARER   t']) {
      const reply = await h.call('GET', '/managedAppRegistrations', { auth });
      expect(reply.status).toBe(200);
    }
  });

  it('batch items run with the outer token: a batch without one is refused whole, no item recorded', async () => {
    h.emulator.clearRequests();
    const reply = await h.call('POST', '/$batch', {
      auth: false,
      body: { requests: [{ id: '1', method: 'GET', url: '/managedAppRegistrations', headers: { authorization: 'Bearer inner' } }] },
    });
    expect(reply.status).toBe(401);
    expect(h.emulator.requests).toHaveLength(1);
  });
});
