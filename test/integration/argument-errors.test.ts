import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => stack.emulator.clearRequests());

/**
 * Which validation errors are BAD_USER_INPUT is decided by the graphql-js
 * rule that finds them (ValuesOfCorrectTypeRule, ProvidedRequiredArgumentsRule
 * on a field), never by their text (server/format-error.ts).
 */
describe('validation errors: argument values are BAD_USER_INPUT, the rest GRAPHQL_VALIDATION_FAILED', () => {
  it.each([
    [
      'a oneOf member given as null',
      'mutation { createManagedAppRegistration(input: { appIdentifier: { android: null } }) { id } }',
      {
        message: 'Argument "input.appIdentifier" has an invalid value: Field "MobileAppIdentifierInput.android" must be non-null.',
        locations: [{ line: 1, column: 65 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ],
    [
      'a required argument left out',
      'query { managedAppRegistration { id } }',
      {
        message: 'Field "managedAppRegistration" argument "id" of type "ID!" is required, but it was not provided.',
        locations: [{ line: 1, column: 9 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ],
    [
      "a directive's required argument left out",
      'query { gatewayInfo @include { version } }',
      {
        message: 'Directive "@include" argument "if" of type "Boolean!" is required, but it was not provided.',
        locations: [{ line: 1, column: 21 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ],
    [
      'a variable used where its type does not fit',
      'query($id: String) { managedAppRegistration(id: $id) { id } }',
      {
        message: 'Variable "$id" of type "String" used in position expecting type "ID!".',
        locations: [
          { line: 1, column: 7 },
          { line: 1, column: 49 },
        ],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ],
  ])('%s', async (_name, query, error) => {
    const res = await stack.gql(query);
    expect(res.body).toEqual({ errors: [error] });
    expect(stack.emulator.requests).toEqual([]);
  });
});
