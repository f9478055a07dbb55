/**
 * graphql-js 16's `values.js` for values that coerce, compiled once per
 * operation: the variables (`getVariableValues`) and each field's arguments
 * (`getArgumentValues`).
 *
 * Variables: one function per input type, one function per input type, made from
 * the schema's definitions, instead of graphql-js's walk that asks every value
 * for its type's kind, makes a path and an error callback per value and fills
 * dictionary-mode objects. It makes the values graphql-js makes (plain
 * objects, keys in the input type's field order, defaults filled in, every
 * scalar and enum through its own `parseValue`), and it never makes an error:
 * whatever graphql-js would refuse, or might treat otherwise (an iterable that
 * is not an array, a scalar whose `parseValue` throws or returns undefined, a
 * missing required value, an unknown field, a `@oneOf` with other than one
 * member), gives `NOT_HERE`, and graphql-js's own `getVariableValues` runs
 * instead, so every error, message and limit stays its own.
 *
 * Arguments: per field, its argument nodes found once (graphql-js makes a map
 * of them for every field it runs); a variable's value taken as graphql-js
 * takes it, a literal through graphql-js's `valueFromAST` on every run; where
 * graphql-js would throw, NOT_HERE, and graphql-js's `getArgumentValues` runs.
 *
 * `test/unit/values.test.ts` compares the two, value and key order, over
 * the gateway's schema and one built to reach every branch.
 */
import {
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  type ConstValueNode,
  type FieldNode,
  type GraphQLArgument,
  Kind,
  type ValueNode,
  type VariableDefinitionNode,
  typeFromAST,
  valueFromAST,
} from 'graphql';

/** The answer when graphql-js must coerce the values itself (an error, or a case left to it). */
export const NOT_HERE: unique symbol = Symbol('coerced by graphql-js');
type Coerced = unknown;
type Coerce = (value: unknown) => Coerced | typeof NOT_HERE;

/** A plain object's own key that would set its prototype instead; graphql-js's objects have none, so it is left to graphql-js. */
const PROTO = '__proto__';

class NotCompiled extends Error {}

function coercer(type: GraphQLInputType): Coerce {
  if (isNonNullType(type)) {
    const inner = nullableCoercer(type.ofType);
    return (value) => (value == null ? NOT_HERE : inner(value));
  }
  const inner = nullableCoercer(type);
  return (value) => (value == null ? null : inner(value));
}

/** Coerces a value that is neither null nor undefined. */
function nullableCoercer(type: GraphQLInputType): Coerce {
  if (isListType(type)) return listCoercer(coercer(type.ofType as GraphQLInputType));
  if (isInputObjectType(type)) return objectCoercer(type);
  if (isLeafType(type)) {
    const enumType = isEnumType(type);
    return (value) => {
      let parsed: unknown;
      try {
        // hideSuggestions false, as the plan asks graphql-js (it changes only an error's text).
        parsed = enumType ? type.parseValue(value, false) : type.parseValue(value);
      } catch {
        return NOT_HERE;
      }
      return parsed === undefined ? NOT_HERE : parsed;
    };
  }
  throw new NotCompiled();
}

function listCoercer(item: Coerce): Coerce {
  return (value) => {
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (let index = 0; index < value.length; index += 1) {
        const coerced = item(value[index]);
        if (coerced === NOT_HERE) return NOT_HERE;
        items.push(coerced);
      }
      return items;
    }
    // graphql-js takes any iterable object as a list (Array.from); not one that JSON can make, so left to it.
    if (typeof value === 'object' && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') return NOT_HERE;
    // A value that is not a list is a list of one.
    const coerced = item(value);
    return coerced === NOT_HERE ? NOT_HERE : [coerced];
  };
}

interface FieldCoercer {
  readonly name: string;
  readonly coerce: Coerce;
  readonly defaultValue: unknown;
  readonly required: boolean;
}

function objectCoercer(type: Extract<GraphQLInputType, { getFields: unknown }>): Coerce {
  const definitions = type.getFields();
  const fields: FieldCoercer[] = Object.values(definitions).map((field) => {
    if (field.name === PROTO) throw new NotCompiled();
    return { name: field.name, coerce: coercer(field.type), defaultValue: field.defaultValue, required: isNonNullType(field.type) };
  });
  const oneOf = type.isOneOf;
  return (value) => {
    if (typeof value !== 'object' || Array.isArray(value)) return NOT_HERE;
    const source = value as Record<string, unknown>;
    const coerced: Record<string, unknown> = {};
    let count = 0;
    let last: unknown;
    for (const field of fields) {
      // Read as graphql-js reads it (`inputValue[field.name]`), inherited properties included.
      const fieldValue = source[field.name];
      if (fieldValue === undefined) {
        if (field.defaultValue !== undefined) {
          coerced[field.name] = last = field.defaultValue;
          count += 1;
        } else if (field.required) return NOT_HERE;
        continue;
      }
      const fieldCoerced = field.coerce(fieldValue);
      if (fieldCoerced === NOT_HERE) return NOT_HERE;
      coerced[field.name] = last = fieldCoerced;
      count += 1;
    }
    for (const key of Object.keys(source)) if (definitions[key] === undefined) return NOT_HERE;
    if (oneOf && (count !== 1 || last === null)) return NOT_HERE;
    return coerced;
  };
}

interface VariableCoercer {
  readonly name: string;
  readonly type: GraphQLInputType;
  readonly coerce: Coerce;
  readonly defaultValue: ConstValueNode | undefined;
  readonly required: boolean;
}

/** An operation's variables coerced as graphql-js coerces them, or NOT_HERE; the whole function is undefined when graphql-js must always coerce them. */
export type VariablesCoercer = (inputs: Readonly<Record<string, unknown>>) => Record<string, unknown> | typeof NOT_HERE;

/** The coercer of one operation's variable definitions (undefined: a type it cannot compile, left to graphql-js). */
export function compileVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): VariablesCoercer | undefined {
  let variables: VariableCoercer[];
  try {
    variables = definitions.map((definition) => {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type);
      if (name === PROTO || type === undefined || !isInputType(type)) throw new NotCompiled();
      return { name, type, coerce: coercer(type), defaultValue: definition.defaultValue, required: isNonNullType(type) };
    });
  } catch (error) {
    if (error instanceof NotCompiled) return undefined;
    throw error;
  }
  return (inputs) => {
    const coerced: Record<string, unknown> = {};
    for (const variable of variables) {
      if (!Object.prototype.hasOwnProperty.call(inputs, variable.name)) {
        // graphql-js makes the default from its literal on every request: so does this.
        if (variable.defaultValue) coerced[variable.name] = valueFromAST(variable.defaultValue, variable.type);
        else if (variable.required) return NOT_HERE;
        continue;
      }
      const value = variable.coerce(inputs[variable.name]);
      if (value === NOT_HERE) return NOT_HERE;
      coerced[variable.name] = value;
    }
    return coerced;
  };
}

interface ArgumentCoercer {
  readonly name: string;
  readonly type: GraphQLInputType;
  readonly defaultValue: unknown;
  readonly required: boolean;
  /** The argument's value in the field's node; undefined when the operation leaves it out. */
  readonly value: ValueNode | undefined;
}

/** A field's arguments as graphql-js's `getArgumentValues` makes them for the given variable values, or NOT_HERE when it would throw. */
export type ArgumentsCoercer = (variableValues: Readonly<Record<string, unknown>>) => Record<string, unknown> | typeof NOT_HERE;

/** The argument values of one field node (undefined: an argument named __proto__, left to graphql-js). */
export function compileArguments(definitions: readonly GraphQLArgument[], node: FieldNode): ArgumentsCoercer | undefined {
  // graphql-js's keyMap: the last node of a name wins (validation allows one).
  const nodes = new Map((node.arguments ?? []).map((argument) => [argument.name.value, argument.value] as const));
  if (definitions.some((definition) => definition.name === PROTO)) return undefined;
  const args: ArgumentCoercer[] = definitions.map((definition) => ({
    name: definition.name,
    type: definition.type,
    defaultValue: definition.defaultValue,
    required: isNonNullType(definition.type),
    value: nodes.get(definition.name),
  }));
  return (variableValues) => {
    const coerced: Record<string, unknown> = {};
    for (const arg of args) {
      const value = argumentValue(arg, variableValues);
      if (value === NOT_HERE) return NOT_HERE;
      if (value !== LEFT_OUT) coerced[arg.name] = value;
    }
    return coerced;
  };
}

/** No value and no default: the argument is not in the arguments object. */
const LEFT_OUT: unique symbol = Symbol('left out');

/** One argument, step for step as in getArgumentValues (every throw there is NOT_HERE here). */
function argumentValue(arg: ArgumentCoercer, variableValues: Readonly<Record<string, unknown>>): unknown {
  const node = arg.value;
  if (node === undefined || (node.kind === Kind.VARIABLE && !Object.prototype.hasOwnProperty.call(variableValues, node.name.value))) {
    if (arg.defaultValue !== undefined) return arg.defaultValue;
    return arg.required ? NOT_HERE : LEFT_OUT;
  }
  if (node.kind === Kind.VARIABLE) {
    // valueFromAST of a variable: its value, except undefined (an invalid value) and null for a non-null type.
    const value = variableValues[node.name.value];
    if (value === undefined || (value === null && arg.required)) return NOT_HERE;
    return value;
  }
  if (node.kind === Kind.NULL && arg.required) return NOT_HERE;
  const value = valueFromAST(node, arg.type, variableValues);
  return value === undefined ? NOT_HERE : value;
}
