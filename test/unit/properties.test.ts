import fc from 'fast-check';
import { decodeCursor, encodeCursor, pageRelativeToBase } from '../../src/graph/cursor';
import { GatewayError } from '../../src/errors/gateway-error';
import { segment } from '../../src/graph/paths';

const BASE = 'http://127.0.0.1:4100/beta';
const SECRET = 'property-test-secret-of-32-characters';
const COLLECTION = '/deviceAppManagement/managedAppRegistrations';

/** Ids as a hostile caller would pick them: path, query and encoding characters, dots, unicode. */
const hostileId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.stringMatching(/^[./?#%&=@:;\\ a-z0-9]{1,20}$/),
  fc.constantFrom('..', '.', '...', '../x', 'a/b', 'a?b=1', '%2e%2e', 'a#b', '%2F', '..%2F..', '\u0000', '\ud83d\ude00'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
);

describe('property: an id is always exactly one path segment', () => {
  it('never changes the path, the query or the host, and decodes back to itself', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        if (id === '.' || id === '..') {
          expect(() => segment(id, 'id')).toThrow('it would change the request path');
          return;
        }
        const encoded = segment(id, 'id');
        expect(encoded).not.toMatch(/[/?#\\\s]/);
        expect(['.', '..']).not.toContain(encoded);
        const url = new URL(`${BASE}/users/${encoded}/managedAppRegistrations`);
        expect(url.origin).toBe('http://127.0.0.1:4100');
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        const parts = url.pathname.split('/');
        expect(parts).toHaveLength(5);
        expect(parts.slice(0, 3)).toEqual(['', 'beta', 'users']);
        expect(parts[4]).toBe('managedAppRegistrations');
        expect(decodeURIComponent(parts[3]!)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: a cursor can never lead off the base URL', () => {
  it('any string as a cursor is refused or decodes to a page under the base URL', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          const position = decodeCursor(SECRET, text, COLLECTION, BASE);
          expect(position.page.startsWith(`${BASE}/`)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
          expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a signed cursor with any page URL is followed only when that URL is under the base URL', () => {
    const hostile = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 80 }).map((tail) => `${BASE}${tail}`),
      fc.string({ maxLength: 40 }).map((tail) => `${BASE}/${tail}`),
      fc.constantFrom(`${BASE}/../x`, `${BASE}/%2e%2e/x`, `${BASE}@evil.example/x`, `${BASE}.evil.example/x`, `${BASE}\\..\\x`, 'http://127.0.0.1:4101/beta/x', 'https://127.0.0.1:4100/beta/x'),
    );
    fc.assert(
      fc.property(hostile, (page) => {
        const cursor = encodeCursor(SECRET, { collection: COLLECTION, page, skip: 0 });
        let relative: { path: string; query: string } | undefined;
        try {
          decodeCursor(SECRET, cursor, COLLECTION, BASE);
          relative = pageRelativeToBase(page, BASE);
        } catch (error) {
          expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
          return;
        }
        // Accepted: what is sent is the base path plus this relative path, on the base origin, with no way out.
        const sent = new URL(`/beta${relative.path}${relative.query ? `?${relative.query}` : ''}`, 'http://127.0.0.1:4100');
        expect(sent.origin).toBe('http://127.0.0.1:4100');
        expect(sent.pathname.startsWith('/beta/')).toBe(true);
        expect(new URL(page).origin).toBe('http://127.0.0.1:4100');
      }),
      { numRuns: 3000 },
    );
  });
});
