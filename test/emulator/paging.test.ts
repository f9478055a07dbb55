import { errorBody, IOS_APP, startHarness, type Harness, type Json } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ defaultPageSize: 3 });
});
afterAll(() => h.close());
beforeEach(() => h.emulator.store.reset());

const REGISTRATIONS = '/deviceAppManagement/managedAppRegistrations';

async function createRegistrations(n: number, path = REGISTRATIONS): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await h.call('POST', path, { body: { deviceName: `d${i}` } })).body.id);
  return ids;
}

/** Follows nextLinks from `path`, returning each page's ids and the links. */
async function walk(path: string): Promise<{ pages: string[][]; links: string[] }> {
  const pages: string[][] = [];
  const links: string[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const reply = await h.call('GET', next);
    expect(reply.status).toBe(200);
    pages.push(reply.body.value.map((r: Json) => r.id));
    next = reply.body['@odata.nextLink'];
    if (next !== undefined) links.push(next);
  }
  return { pages, links };
}

describe('paging', () => {
  it('$top sets the page size and nextLink walks to the end', async () => {
    const ids = await createRegistrations(5);
    const { pages, links } = await walk(`${REGISTRATIONS}?$top=2`);
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(links).toHaveLength(2);
    for (const link of links) {
      // Absolute, same origin and basePath as the request, $top kept, opaque $skiptoken added.
      expect(link).toMatch(
        new RegExp(`^${h.emulator.url.replace(/[.$]/g, '\\$&')}/deviceAppManagement/managedAppRegistrations\\?\\$top=2&\\$skiptoken=[A-Za-z0-9_.-]+$`),
      );
    }
  });

  it('the last page has no nextLink; an exact fit has none either', async () => {
    await createRegistrations(4);
    const exact = await h.call('GET', `${REGISTRATIONS}?$top=4`);
    expect(exact.body.value).toHaveLength(4);
    expect(exact.body).not.toHaveProperty('@odata.nextLink');
    expect(Object.keys(exact.body)).toEqual(['@odata.context', 'value']);
  });

  it('without $top the default page size applies', async () => {
    const ids = await createRegistrations(4);
    const { pages } = await walk(REGISTRATIONS);
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3)]);
  });

  it('keeps other query options, and accepts $skipToken in any case', async () => {
    await createRegistrations(3);
    const first = await h.call('GET', `${REGISTRATIONS}?$select=id&$top=1`);
    const link: string = first.body['@odata.nextLink'];
    expect(link).toContain('?$select=id&$top=1&$skiptoken=');
    const token = new URL(link).searchParams.get('$skiptoken');
    const second = await h.call('GET', `${REGISTRATIONS}?$top=1&$SkipToken=${token}`);
    expect(second.status).toBe(200);
    expect(second.body.value).toHaveLength(1);
  });

  it('works under /users/{id} with an encoded id, and for install statuses', async () => {
    const userPath = '/users/a%2Fb/managedAppRegistrations';
    const ids = await createRegistrations(3, userPath);
    await createRegistrations(2); // someone else's
    const { pages, links } = await walk(`${userPath}?$top=2`);
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2)]);
    expect(links[0].startsWith(`${h.emulator.url}/users/a%2Fb/managedAppRegistrations?$top=2&$skiptoken=`)).toBe(true);

    const statuses = `/deviceAppManagement/mobileApps/${IOS_APP.id}/deviceStatuses`;
    const statusIds: string[] = [];
    for (let i = 0; i < 3; i += 1) statusIds.push((await h.call('POST', statuses, { body: {} })).body.id);
    expect((await walk(`${statuses}?$top=2`)).pages).toEqual([statusIds.slice(0, 2), statusIds.slice(2)]);
  });

  it.each(['0', '-1', '1000', 'abc', '1.5', ''])('$top=%s → 400', async (top) => {
    const reply = await h.call('GET', `${REGISTRATIONS}?$top=${top}`);
    expect(reply.status).toBe(400);
    const message =
      top === '1000'
        ? "The limit of '999' for Top query has been exceeded. The value from the incoming request is '1000'."
        : `Invalid value '${top}' for the $top query option: it must be an integer from 1 to 999.`;
    expect(reply.body).toEqual(errorBody(reply, 'BadRequest', message));
  });

  it('accepts $top=999', async () => {
    expect((await h.call('GET', `${REGISTRATIONS}?$top=999`)).status).toBe(200);
  });

  it('refuses forged, edited and foreign skiptokens', async () => {
    await createRegistrations(3);
    const link: string = (await h.call('GET', `${REGISTRATIONS}?$top=1`)).body['@odata.nextLink'];
    const token = new URL(link).searchParams.get('$skiptoken') as string;
    const [payload, signature] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ c: JSON.parse(Buffer.from(payload, 'base64url').toString()).c, o: 0 }))
      .toString('base64url');
    for (const bad of ['garbage', `${edited}.${signature}`, `${payload}.${signature.slice(1)}x`, `${payload}`]) {
      const reply = await h.call('GET', `${REGISTRATIONS}?$top=1&$skiptoken=${encodeURIComponent(bad)}`);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        errorBody(reply, 'BadRequest', `The $skiptoken value '${bad}' is not valid for this collection.`),
      );
    }
    // A token for one collection does not page another.
    const foreign = await h.call('GET', `/users/x/managedAppRegistrations?$skiptoken=${token}`);
    expect(foreign.status).toBe(400);
  });

  it('a token from another emulator is refused', async () => {
    await createRegistrations(2);
    const other = await startHarness();
    try {
      for (let i = 0; i < 2; i += 1) await other.call('POST', REGISTRATIONS, { body: {} });
      const link: string = (await other.call('GET', `${REGISTRATIONS}?$top=1`)).body['@odata.nextLink'];
      const reply = await h.call('GET', `${REGISTRATIONS}${new URL(link).search}`);
      expect(reply.status).toBe(400);
    } finally {
      await other.close();
    }
  });
});
