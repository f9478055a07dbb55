import { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, singleResultMediaType } from '../../src/server/lean/media-type';

const APOLLO_CLIENT = 'application/graphql-response+json,application/json;q=0.9';
const URQL = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

describe('singleResultMediaType (negotiated as Apollo Server does)', () => {
  test.each<[string | undefined, string | undefined]>([
    [undefined, APPLICATION_JSON],
    ['', APPLICATION_JSON],
    ['application/json', APPLICATION_JSON],
    ['*/*', APPLICATION_JSON],
    [APOLLO_CLIENT, GRAPHQL_RESPONSE_JSON],
    [URQL, GRAPHQL_RESPONSE_JSON],
    ['application/graphql-response+json, application/json', GRAPHQL_RESPONSE_JSON],
    ['application/json;q=0', undefined],
    ['text/html', undefined],
    ['application/json; callbackSpec=1.0', 'application/json; callbackSpec=1.0; charset=utf-8'],
  ])('Accept %j → %j', (accept, expected) => {
    // The second answer comes from the memo: it must be the same.
    expect(singleResultMediaType(accept)).toBe(expected);
    expect(singleResultMediaType(accept)).toBe(expected);
  });

  it('negotiates headers too long to remember, every time, and stays right after the memo is full', () => {
    const long = `${'text/x-padding, '.repeat(40)}application/graphql-response+json`;
    expect(long.length).toBeGreaterThan(256);
    expect(singleResultMediaType(long)).toBe(GRAPHQL_RESPONSE_JSON);
    for (let i = 0; i < 600; i++) expect(singleResultMediaType(`application/x-${i}, application/json;q=0.5`)).toBe(APPLICATION_JSON);
    expect(singleResultMediaType('application/json;q=0')).toBeUndefined();
    expect(singleResultMediaType(APOLLO_CLIENT)).toBe(GRAPHQL_RESPONSE_JSON);
  });
});
