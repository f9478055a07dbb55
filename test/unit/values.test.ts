import {
  type FieldNode,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type GraphQLSchema as Schema,
} from 'graphql';
import { isDeepStrictEqual } from 'node:util';
import { buildGatewaySchema } from '../../src/schema/load';
import { compileArguments, compileVariables, NOT_HERE } from '../../src/server/lean/values';
import { packageAssets } from '../helpers/project';

/**
 * The compiled variable coercion (src/server/lean/values.ts) makes exactly
 * graphql-js's `getVariableValues` values when they coerce (same values, same
 * key order, same prototypes), and answers NOT_HERE whenever graphql-js would
 * answer errors, so the plan hands those to graphql-js.
 */

/** A scalar whose parseValue reaches every branch graphql-js has: a value, undefined, a plain throw, a GraphQLError. */
const Odd = new GraphQLScalarType({
  name: 'Odd',
  parseValue(value) {
    if (value === 'undefined') return undefined;
    if (value === 'boom') throw new Error('boom');
    if (value === 'refused') throw new GraphQLError('Odd refuses this.');
    return { wrapped: value };
  },
});
const Color = new GraphQLEnumType({ name: 'Color', values: { RED: { value: 1 }, GREEN: { value: 'green' } } });
const Inner = new GraphQLInputObjectType({
  name: 'Inner',
  fields: { a: { type: new GraphQLNonNull(GraphQLInt) }, b: { type: GraphQLString, defaultValue: 'dflt' }, c: { type: new GraphQLList(new GraphQLNonNull(Color)) } },
});
const One = new GraphQLInputObjectType({ name: 'One', isOneOf: true, fields: { x: { type: GraphQLInt }, y: { type: Inner } } });
const Outer = new GraphQLInputObjectType({
  name: 'Outer',
  fields: { inner: { type: Inner }, grid: { type: new GraphQLList(new GraphQLList(GraphQLInt)) }, one: { type: One }, odd: { type: Odd }, req: { type: new GraphQLNonNull(GraphQLID) } },
});
/** An input type with a field named like an Object.prototype member: graphql-js reads it through the prototype. */
const Proto = new GraphQLInputObjectType({ name: 'Proto', fields: { toString: { type: GraphQLString }, n: { type: GraphQLInt } } });
const ARGS = {
  o: { type: Outer },
  os: { type: new GraphQLList(new GraphQLNonNull(Outer)) },
  s: { type: new GraphQLNonNull(GraphQLString) },
  d: { type: GraphQLInt },
  l: { type: new GraphQLList(GraphQLInt) },
  e: { type: Color },
  one: { type: One },
  p: { type: Proto },
  i: { type: Inner },
};
const G_ARGS = { a: { type: GraphQLInt, defaultValue: 5 }, b: { type: new GraphQLNonNull(GraphQLString) }, c: { type: Inner }, n: { type: GraphQLInt } };
const SCHEMA = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { f: { type: GraphQLString, args: ARGS }, g: { type: GraphQLString, args: G_ARGS } } }) });
const OPERATION =
  'query($o: Outer, $os: [Outer!], $s: String!, $d: Int = 3, $l: [Int] = [1, 2], $e: Color, $one: One, $p: Proto, $i: Inner = { a: 7 }) ' +
  '{ f(o: $o, os: $os, s: $s, d: $d, l: $l, e: $e, one: $one, p: $p, i: $i) }';

const OUTER = { req: 5, inner: { c: ['GREEN', 'RED'], a: 1 }, grid: [[1, null], [2]], one: { y: { a: 2, b: null } }, odd: 'fine' };

/** Inputs that coerce: each must give graphql-js's values. */
const COERCE: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['the least: the one required variable, defaults filled in', { s: 'x' }],
  ['every variable, keys in another order than the definitions', { i: { b: 'given', a: 3 }, p: { toString: 'ts', n: 1 }, one: { x: 4 }, e: 'GREEN', l: [5, null], d: null, os: [OUTER, OUTER], o: OUTER, s: '' }],
  ['an ID given as a number, an enum with internal values, a scalar wrapping its value', { s: 's', o: { req: 12, inner: { a: 0, c: [] } }, e: 'RED', one: { y: { a: 1, c: ['RED'] } } }],
  ['lists from single values: a list of one, a grid of one', { s: 's', l: 9, o: { req: 'r', grid: 3 }, os: OUTER }],
  ['a list of lists with a single inner value', { s: 's', o: { req: 'r', grid: [1, [2, 3]] } }],
  ['nulls where the types allow them', { s: 's', o: null, os: null, l: null, e: null, one: null, p: null, i: null }],
  ['a nullable field left out and one set to null', { s: 's', o: { req: 'r', inner: null, one: null, odd: null } }],
  ['a @oneOf member that is an input object', { s: 's', one: { y: { a: 1, b: 'b' } } }],
];

/** Inputs graphql-js refuses: each must give NOT_HERE (graphql-js answers them). */
const REFUSE: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['the required variable missing', {}],
  ['the required variable null', { s: null }],
  ['a wrong scalar', { s: 1 }],
  ['an unknown enum value', { s: 's', e: 'BLUE' }],
  ['an enum given by its internal value', { s: 's', e: 1 }],
  ['an input object given as a string', { s: 's', o: 'x' }],
  ['an input object given as a list', { s: 's', o: [OUTER] }],
  ['a required field missing', { s: 's', o: { inner: { a: 1 } } }],
  ['a required field null', { s: 's', o: { req: null } }],
  ['an unknown field', { s: 's', o: { req: 'r', extra: 1 } }],
  ['a non-null list item null', { s: 's', os: [OUTER, null] }],
  ['a non-null enum item wrong in a nested list', { s: 's', o: { req: 'r', inner: { a: 1, c: ['RED', 'PINK'] } } }],
  ['a grid with a string', { s: 's', o: { req: 'r', grid: [[1, 'x']] } }],
  ['a scalar whose parseValue returns undefined', { s: 's', o: { req: 'r', odd: 'undefined' } }],
  ['a scalar whose parseValue throws an Error', { s: 's', o: { req: 'r', odd: 'boom' } }],
  ['a scalar whose parseValue throws a GraphQLError', { s: 's', o: { req: 'r', odd: 'refused' } }],
  ['a @oneOf with two members', { s: 's', one: { x: 1, y: { a: 1 } } }],
  ['a @oneOf with none', { s: 's', one: {} }],
  ['a @oneOf member null', { s: 's', one: { x: null } }],
  ['a field named toString left out (graphql-js reads Object.prototype.toString)', { s: 's', p: { n: 1 } }],
  ['an Int out of range', { s: 's', d: 2 ** 31 }],
];

function compiled(schema: Schema, text: string) {
  const operation = getOperationAST(parse(text))!;
  const coerce = compileVariables(schema, operation.variableDefinitions ?? []);
  const reference = (inputs: Record<string, unknown>) => getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 50, hideSuggestions: false });
  return { coerce, reference };
}

/** Every object's keys in order, and its prototype, through the whole value: what isDeepStrictEqual does not compare. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  return { proto: Object.getPrototypeOf(value) === Object.prototype ? 'Object' : 'other', entries: Object.entries(value).map(([key, item]) => [key, shape(item)]) };
}

describe('compiled variable coercion gives graphql-js values, or leaves the input to graphql-js', () => {
  const { coerce, reference } = compiled(SCHEMA, OPERATION);

  it('compiles the operation', () => {
    expect(coerce).toBeInstanceOf(Function);
  });

  it.each(COERCE.map(([name, inputs]) => ({ name, inputs })))('coerces: $name', ({ inputs }) => {
    const expected = reference(inputs);
    expect(expected.errors).toBeUndefined();
    const actual = coerce!(inputs);
    expect(actual).not.toBe(NOT_HERE);
    expect(isDeepStrictEqual(actual, expected.coerced)).toBe(true);
    expect(shape(actual)).toEqual(shape(expected.coerced));
  });

  it.each(REFUSE.map(([name, inputs]) => ({ name, inputs })))('leaves to graphql-js: $name', ({ inputs }) => {
    expect(reference(inputs).errors?.length).toBeGreaterThan(0);
    expect(coerce!(inputs)).toBe(NOT_HERE);
  });

  it('makes the exact values of one case (so the comparison cannot pass on two empty answers)', () => {
    expect(coerce!({ s: 'x', l: 4, e: 'RED', o: { odd: 'v', req: 9, inner: { a: 1 } } })).toEqual({
      o: { inner: { a: 1, b: 'dflt' }, odd: { wrapped: 'v' }, req: '9' },
      s: 'x',
      d: 3,
      l: [4],
      e: 1,
      i: { a: 7, b: 'dflt' },
    });
  });

  it('leaves an iterable that is not an array to graphql-js, which takes it as a list', () => {
    const inputs = { s: 's', l: new Set([1, 2]) };
    expect(reference(inputs).coerced).toEqual({ s: 's', d: 3, l: [1, 2], i: { a: 7, b: 'dflt' } });
    expect(coerce!(inputs)).toBe(NOT_HERE);
  });

  it('compiles nothing for a variable named __proto__ or of a type the schema lacks', () => {
    expect(compiled(SCHEMA, 'query($__proto__: Int) { f(d: $__proto__) }').coerce).toBeUndefined();
    expect(compiled(SCHEMA, 'query($x: Missing) { f }').coerce).toBeUndefined();
  });
});

describe("compiled variable coercion on the gateway's schema", () => {
  const schema = buildGatewaySchema(packageAssets().sdl);
  const create = compiled(schema, 'mutation($input: ManagedAppRegistrationInput!) { createManagedAppRegistration(input: $input) { id } }');
  const status = compiled(schema, 'mutation($id: ID!, $input: MobileAppInstallStatusInput!) { createMobileAppInstallStatus(mobileAppId: $id, input: $input) { id } }');
  const entities = compiled(schema, 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }');
  const registration = {
    deviceName: "Megan's Pixel",
    lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00',
    flaggedReasons: ['ROOTED_DEVICE', 'ANDROID_BOOTLOADER_UNLOCKED'],
    appIdentifier: { android: { packageId: 'com.contoso.fieldservice' } },
  };
  const installStatus = { deviceName: 'Laptop-42', lastSyncDateTime: '2026-11-20T08:15:30.1234567Z', mobileAppInstallStatusValue: 'PENDING_INSTALL', errorCode: 0 };

  it.each([
    { name: 'a registration', case: create, inputs: { input: registration } },
    { name: 'an install status', case: status, inputs: { id: 'app-1', input: installStatus } },
    // The resolver refuses it (BAD_USER_INPUT); coercion takes it, as graphql-js does.
    { name: 'UNKNOWN_FUTURE_VALUE in flaggedReasons', case: create, inputs: { input: { ...registration, flaggedReasons: ['UNKNOWN_FUTURE_VALUE'] } } },
    { name: '45 representations', case: entities, inputs: { r: Array.from({ length: 45 }, (_, i) => ({ __typename: 'ManagedAppRegistration', id: `r${i}` })) } },
  ])('coerces $name as graphql-js does', ({ case: { coerce, reference }, inputs }) => {
    const expected = reference(inputs);
    expect(expected.errors).toBeUndefined();
    expect(shape(coerce!(inputs))).toEqual(shape(expected.coerced));
  });

  it.each([
    { name: 'a DateTimeOffset with 8 fraction digits', inputs: { input: { ...registration, lastSyncDateTime: '2017-01-01T00:02:49.32059761Z' } } },
    { name: 'a flaggedReason the schema lacks', inputs: { input: { ...registration, flaggedReasons: ['NOT_A_REASON'] } } },
    { name: 'an appIdentifier with two members', inputs: { input: { ...registration, appIdentifier: { android: { packageId: 'a' }, ios: { bundleId: 'b' } } } } },
  ])('leaves $name to graphql-js, which refuses it', ({ inputs }) => {
    expect(create.reference(inputs).errors?.length).toBeGreaterThan(0);
    expect(create.coerce!(inputs)).toBe(NOT_HERE);
  });
});

describe('compiled arguments give graphql-js getArgumentValues values, or leave the field to it', () => {
  const g = SCHEMA.getQueryType()!.getFields().g!;
  const field = (text: string) => (getOperationAST(parse(`query($x: Int, $y: String) { ${text} }`))!.selectionSet.selections[0] as FieldNode);
  const reference = (node: FieldNode, variables: Record<string, unknown>) => {
    try {
      return { values: getArgumentValues(g, node, variables) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it.each([
    { text: 'g(b: "lit")', variables: {}, expected: { a: 5, b: 'lit' } },
    { text: 'g(a: $x, b: $y)', variables: { x: null, y: 'v' }, expected: { a: null, b: 'v' } },
    { text: 'g(a: $x, b: $y)', variables: { y: 'v' }, expected: { a: 5, b: 'v' } },
    { text: 'g(b: "l", c: { a: $x })', variables: { x: 3 }, expected: { a: 5, b: 'l', c: { a: 3, b: 'dflt' } } },
    { text: 'g(n: 2, c: null, b: "l")', variables: {}, expected: { a: 5, b: 'l', c: null, n: 2 } },
  ])('coerces $text with $variables', ({ text, variables, expected }) => {
    const node = field(text);
    const ref = reference(node, variables);
    expect(ref.values).toEqual(expected);
    const actual = compileArguments(g.args, node)!(variables);
    expect(shape(actual)).toEqual(shape(ref.values));
  });

  it.each([
    { text: 'g', variables: {}, error: 'Argument "b" of required type "String!" was not provided.' },
    { text: 'g(b: $y)', variables: {}, error: 'Argument "b" of required type "String!" was provided the variable "$y" which was not provided a runtime value.' },
    { text: 'g(b: $y)', variables: { y: null }, error: 'Argument "b" of non-null type "String!" must not be null.' },
    { text: 'g(b: $y)', variables: { y: undefined }, error: 'Argument "b" of non-null type "String!" must not be null.' },
    { text: 'g(a: $x, b: "l")', variables: { x: undefined }, error: 'Argument "a" has invalid value $x.' },
    { text: 'g(b: null)', variables: {}, error: 'Argument "b" of non-null type "String!" must not be null.' },
    { text: 'g(b: "l", c: { a: $x })', variables: {}, error: 'Argument "c" has invalid value {a: $x}.' },
    { text: 'g(b: "x", n: 1.5)', variables: {}, error: 'Argument "n" has invalid value 1.5.' },
  ])('leaves $text with $variables to graphql-js, which throws', ({ text, variables, error }) => {
    const node = field(text);
    expect(reference(node, variables)).toEqual({ error });
    expect(compileArguments(g.args, node)!(variables)).toBe(NOT_HERE);
  });
});
