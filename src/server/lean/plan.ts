/**
 * An operation planned once and run many times: graphql-js 16's `execute`,
 * step for step, with what it redoes on every request done once per
 * document instead. graphql-js stays the reference: every step below is its
 * step (same order of resolver calls, same promises, same errors, messages,
 * paths and order of errors), and the differential and equivalence tests
 * compare the two answers byte for byte.
 *
 * What is done once: finding the fragments, collecting the fields of every
 * selection set for each runtime type (graphql-js memoizes that per request),
 * and, per field, its definition, resolver and argument nodes; the variables'
 * and arguments' coercion is compiled (values.ts, graphql-js's own functions
 * for anything that does not simply coerce). What is skipped per field
 * when it cannot change the answer: a field with no arguments, the default
 * resolver and a leaf type gets no `GraphQLResolveInfo`, no argument object
 * and no path unless it fails (graphql-js builds all three for every field).
 *
 * Only operations whose field collection cannot depend on the variables are
 * planned: no directive anywhere in the selections (`@skip`/`@include` would
 * make the fields per request), no `__schema`/`__type`, no alias
 * `__proto__` (results are plain objects), queries and mutations. Anything
 * else returns no plan and runs with graphql-js.
 */
import {
  defaultTypeResolver,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getVariableValues,
  type GraphQLAbstractType,
  GraphQLError,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLList,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  locatedError,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  visit,
  BREAK,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { inspect } from 'graphql/jsutils/inspect';
import { isIterableObject } from 'graphql/jsutils/isIterableObject';
import { isObjectLike } from 'graphql/jsutils/isObjectLike';
import { isPromise } from 'graphql/jsutils/isPromise';
import { addPath, type Path, pathToArray } from 'graphql/jsutils/Path';
import { promiseForObject } from 'graphql/jsutils/promiseForObject';
import { promiseReduce } from 'graphql/jsutils/promiseReduce';
import { type ArgumentsCoercer, compileArguments, compileVariables, NOT_HERE, type VariablesCoercer } from './values';

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * What one field plan holds on the heap, roughly: the FieldPlan, its map of
 * subfields, its compiled arguments, and graphql-js's collected fields it was
 * made from. Measured on the gateway's schema (an operation selecting every
 * field of every type below `managedAppRegistrations`, 1,364 field plans):
 * 715 bytes each on Node 20 and 24 (`heapUsed` after a full GC, before and
 * after making 50 such plans).
 */
export const FIELD_PLAN_BYTES = 720;
// A resolver's source, arguments and result are whatever the schema's resolvers make them, as in graphql-js.
type Source = unknown;

/** One response key of a selection set on one object type, with what graphql-js looks up for it on every request. */
interface FieldPlan {
  readonly responseName: string;
  readonly fieldNodes: readonly FieldNode[];
  readonly fieldDef: GraphQLField<unknown, unknown>;
  /** The field's own resolver; undefined: graphql-js's default (a property of the source). */
  readonly resolve: GraphQLField<unknown, unknown>['resolve'];
  /** No arguments, the default resolver (or `__typename`) and a leaf type, maybe non-null: completed without info. */
  readonly leaf: { readonly type: GraphQLLeafType; readonly nonNull: boolean } | undefined;
  /** The field's arguments when they coerce (values.ts); undefined: always graphql-js's getArgumentValues. */
  readonly args: ArgumentsCoercer | undefined;
  /** The sub-selection's fields per runtime object type, collected on first use. */
  readonly subfields: Map<GraphQLObjectType, readonly FieldPlan[]>;
}

/** graphql-js's CollectedErrors: an error under a position already nulled by another is dropped. */
class CollectedErrors {
  readonly errors: GraphQLError[] = [];
  private readonly positions = new Set<Path | undefined>();

  add(error: GraphQLError, path: Path | undefined): void {
    for (let at = path; at !== undefined; at = at.prev) if (this.positions.has(at)) return;
    if (this.positions.has(undefined)) return;
    this.positions.add(path);
    this.errors.push(error);
  }
}

/** What one run of a plan carries: graphql-js's execution context. */
interface Run {
  readonly plan: OperationPlan;
  readonly contextValue: unknown;
  readonly variableValues: Record<string, unknown>;
  readonly errors: CollectedErrors;
}

/** Whether graphql-js's field collection of this operation could differ between requests, or it reads the schema. */
function plannable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query' && operation.operation !== 'mutation') return false;
  let ok = true;
  visit(document, {
    Directive() {
      ok = false;
      return BREAK;
    },
    Field(node) {
      // `__proto__` as a response name would set a plain object's prototype; graphql-js's objects have none.
      if (node.name.value === SchemaMetaFieldDef.name || node.name.value === TypeMetaFieldDef.name || node.alias?.value === '__proto__') {
        ok = false;
        return BREAK;
      }
      return undefined;
    },
  });
  return ok;
}

export class OperationPlan {
  readonly fragments: Fragments;
  private readonly rootType: GraphQLObjectType;
  private readonly rootFields: readonly FieldPlan[];
  /** The variables' coercion when they coerce (values.ts); graphql-js's `getVariableValues` otherwise. */
  private readonly variables: VariablesCoercer | undefined;
  /** Field plans made so far: the root's at once, each object's on first use (subfieldsOf), so a plan grows as it runs. */
  private fieldPlanCount = 0;

  private constructor(
    readonly schema: GraphQLSchema,
    readonly operation: OperationDefinitionNode,
    document: DocumentNode,
    rootType: GraphQLObjectType,
  ) {
    const fragments: Fragments = Object.create(null) as Fragments;
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    this.fragments = fragments;
    this.rootType = rootType;
    this.rootFields = this.fieldPlans(rootType, collectFields(schema, fragments, {}, rootType, operation.selectionSet));
    this.variables = compileVariables(schema, operation.variableDefinitions ?? []);
  }

  /** Bytes the plan holds, roughly (FIELD_PLAN_BYTES per field plan): it grows while runs meet new runtime types. */
  get bytes(): number {
    return this.fieldPlanCount * FIELD_PLAN_BYTES;
  }

  /** A plan for the operation, or undefined when graphql-js must run it (see the header). */
  static of(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationPlan | undefined {
    const rootType = schema.getRootType(operation.operation);
    if (!rootType || !plannable(document, operation)) return undefined;
    return new OperationPlan(schema, operation, document, rootType);
  }

  /**
   * graphql-js's `execute` of this operation: the variables coerced (their
   * errors, and no data, when they do not coerce), then the root fields, in
   * parallel for a query and one after the other for a mutation.
   */
  run(rawVariables: Readonly<Record<string, unknown>> | undefined, contextValue: unknown): ExecutionResult | Promise<ExecutionResult> {
    const variableValues = this.coerceVariables(rawVariables ?? {});
    if (variableValues.errors) return { errors: variableValues.errors };
    const run: Run = { plan: this, contextValue, variableValues: variableValues.coerced, errors: new CollectedErrors() };
    try {
      const data =
        this.operation.operation === 'mutation'
          ? executeFieldsSerially(run, this.rootType, undefined, undefined, this.rootFields)
          : executeFields(run, this.rootType, undefined, undefined, this.rootFields);
      if (isPromise(data)) {
        return data.then(
          (resolved) => response(resolved as Record<string, unknown>, run.errors.errors),
          (error: unknown) => {
            run.errors.add(error as GraphQLError, undefined);
            return response(null, run.errors.errors);
          },
        );
      }
      return response(data as Record<string, unknown>, run.errors.errors);
    } catch (error) {
      run.errors.add(error as GraphQLError, undefined);
      return response(null, run.errors.errors);
    }
  }

  /** The variables as graphql-js's `getVariableValues` coerces them, errors included (it runs whenever they do not simply coerce). */
  private coerceVariables(inputs: Readonly<Record<string, unknown>>): ReturnType<typeof getVariableValues> {
    const coerced = this.variables?.(inputs) ?? NOT_HERE;
    if (coerced !== NOT_HERE) return { coerced };
    return getVariableValues(this.schema, this.operation.variableDefinitions ?? [], inputs, { maxErrors: 50, hideSuggestions: false });
  }

  /** The plans of collected fields on one object type (a field the type does not have is dropped, as graphql-js skips it). */
  fieldPlans(parentType: GraphQLObjectType, fields: Map<string, ReadonlyArray<FieldNode>>): FieldPlan[] {
    const plans: FieldPlan[] = [];
    for (const [responseName, fieldNodes] of fields) {
      const fieldDef = fieldDefOf(this.schema, parentType, fieldNodes[0]!);
      if (!fieldDef) continue;
      const isTypename = fieldDef === TypeNameMetaFieldDef;
      const named = isNonNullType(fieldDef.type) ? fieldDef.type.ofType : fieldDef.type;
      const simple = (fieldDef.resolve === undefined || isTypename) && fieldDef.args.length === 0 && isLeafType(named);
      plans.push({
        responseName,
        fieldNodes,
        fieldDef,
        resolve: isTypename ? undefined : fieldDef.resolve,
        leaf: simple ? { type: named as GraphQLLeafType, nonNull: isNonNullType(fieldDef.type) } : undefined,
        args: compileArguments(fieldDef.args, fieldNodes[0]!),
        subfields: new Map(),
      });
    }
    this.fieldPlanCount += plans.length;
    return plans;
  }

  /** The fields of an object value's selection, collected once per field and runtime type. */
  subfieldsOf(field: FieldPlan, runtimeType: GraphQLObjectType): readonly FieldPlan[] {
    let plans = field.subfields.get(runtimeType);
    if (plans === undefined) {
      plans = this.fieldPlans(runtimeType, collectSubfields(this.schema, this.fragments, {}, runtimeType, field.fieldNodes));
      field.subfields.set(runtimeType, plans);
    }
    return plans;
  }
}

function response(data: Record<string, unknown> | null, errors: readonly GraphQLError[]): ExecutionResult {
  return errors.length === 0 ? { data } : { errors, data };
}

function fieldDefOf(schema: GraphQLSchema, parentType: GraphQLObjectType, node: FieldNode): GraphQLField<unknown, unknown> | undefined {
  const name = node.name.value;
  if (name === SchemaMetaFieldDef.name && schema.getQueryType() === parentType) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name && schema.getQueryType() === parentType) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return parentType.getFields()[name];
}

function executeFieldsSerially(run: Run, parentType: GraphQLObjectType, source: Source, path: Path | undefined, fields: readonly FieldPlan[]): unknown {
  return promiseReduce(
    fields,
    (results: Record<string, unknown>, field) => {
      const result = executeField(run, parentType, source, field, addPath(path, field.responseName, parentType.name));
      if (result === undefined) return results;
      if (isPromise(result)) {
        return result.then((resolved) => {
          results[field.responseName] = resolved;
          return results;
        });
      }
      results[field.responseName] = result;
      return results;
    },
    {} as Record<string, unknown>,
  );
}

function executeFields(run: Run, parentType: GraphQLObjectType, source: Source, path: Path | undefined, fields: readonly FieldPlan[]): unknown {
  // A plain object, where graphql-js makes one with no prototype: V8 keeps those in dictionary mode, slower to fill and
  // to stringify; the answer's JSON is the same (no response name is `__proto__`: such operations are not planned).
  const results: Record<string, unknown> = {};
  let containsPromise = false;
  try {
    for (const field of fields) {
      const result = field.leaf ? completeLeafField(run, parentType, source, field, path) : executeField(run, parentType, source, field, addPath(path, field.responseName, parentType.name));
      if (result !== undefined) {
        results[field.responseName] = result;
        if (isPromise(result)) containsPromise = true;
      }
    }
  } catch (error) {
    if (containsPromise) {
      // promiseForObject awaits each value (graphql-js passes it the same map of values and promises).
      return promiseForObject(results as Record<string, Promise<unknown>>).finally(() => {
        throw error;
      });
    }
    throw error;
  }
  return containsPromise ? promiseForObject(results as Record<string, Promise<unknown>>) : results;
}

/**
 * A field with no arguments, resolved by the default resolver (or
 * `__typename`), of a leaf type: what graphql-js's executeField and
 * completeValue do for it, with the path and info made only when needed.
 */
function completeLeafField(run: Run, parentType: GraphQLObjectType, source: Source, field: FieldPlan, path: Path | undefined): unknown {
  const leaf = field.leaf!;
  let value: unknown;
  if (field.fieldDef === TypeNameMetaFieldDef) value = parentType.name;
  else if (isObjectLike(source) || typeof source === 'function') {
    value = (source as Record<string, unknown>)[field.fieldDef.name];
    // A method (the default resolver calls it with the arguments, context and info) or a promise: graphql-js's way.
    if (typeof value === 'function' || isPromise(value)) return executeField(run, parentType, source, field, addPath(path, field.responseName, parentType.name));
  }
  try {
    if (value instanceof Error) throw value;
    if (value == null) {
      if (leaf.nonNull) throw new Error(`Cannot return null for non-nullable field ${parentType.name}.${field.fieldDef.name}.`);
      return null;
    }
    return completeLeafValue(leaf.type, value);
  } catch (rawError) {
    const fieldPath = addPath(path, field.responseName, parentType.name);
    return handleFieldError(locatedError(rawError, field.fieldNodes, pathToArray(fieldPath)), field.fieldDef.type, fieldPath, run);
  }
}

function resolveInfo(run: Run, field: FieldPlan, parentType: GraphQLObjectType, path: Path): GraphQLResolveInfo {
  return {
    fieldName: field.fieldDef.name,
    fieldNodes: field.fieldNodes,
    returnType: field.fieldDef.type,
    parentType,
    path,
    schema: run.plan.schema,
    fragments: run.plan.fragments,
    rootValue: undefined,
    operation: run.plan.operation,
    variableValues: run.variableValues,
  };
}

function executeField(run: Run, parentType: GraphQLObjectType, source: Source, field: FieldPlan, path: Path): unknown {
  const returnType = field.fieldDef.type;
  const info = resolveInfo(run, field, parentType, path);
  try {
    const args = argumentsOf(run, field);
    const result = (field.resolve ?? defaultFieldResolver)(source, args, run.contextValue, info);
    const completed = isPromise(result)
      ? result.then((resolved) => completeValue(run, returnType, field, info, path, resolved))
      : completeValue(run, returnType, field, info, path, result);
    if (isPromise(completed)) {
      return completed.then(undefined, (rawError: unknown) =>
        handleFieldError(locatedError(rawError, field.fieldNodes, pathToArray(path)), returnType, path, run),
      );
    }
    return completed;
  } catch (rawError) {
    return handleFieldError(locatedError(rawError, field.fieldNodes, pathToArray(path)), returnType, path, run);
  }
}

/** graphql-js's getArgumentValues (it throws the error), run only when the compiled arguments cannot give its values. */
function argumentsOf(run: Run, field: FieldPlan): Record<string, unknown> {
  const args = field.args?.(run.variableValues) ?? NOT_HERE;
  return args === NOT_HERE ? getArgumentValues(field.fieldDef, field.fieldNodes[0]!, run.variableValues) : args;
}

/** graphql-js's defaultFieldResolver (as TypeNameMetaFieldDef's own resolver, `__typename` reads the parent type). */
function defaultFieldResolver(source: Source, args: Record<string, unknown>, contextValue: unknown, info: GraphQLResolveInfo): unknown {
  if (info.fieldName === TypeNameMetaFieldDef.name) return info.parentType.name;
  if (isObjectLike(source) || typeof source === 'function') {
    const property = (source as Record<string, unknown>)[info.fieldName];
    if (typeof property === 'function') return (source as Record<string, (...a: unknown[]) => unknown>)[info.fieldName]!(args, contextValue, info);
    return property;
  }
  return undefined;
}

function handleFieldError(error: GraphQLError, returnType: GraphQLOutputType, path: Path, run: Run): null {
  if (isNonNullType(returnType)) throw error;
  run.errors.add(error, path);
  return null;
}

function completeValue(run: Run, returnType: GraphQLOutputType, field: FieldPlan, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  if (result instanceof Error) throw result;
  if (isNonNullType(returnType)) {
    const completed = completeValue(run, returnType.ofType, field, info, path, result);
    if (completed === null) throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
    return completed;
  }
  if (result == null) return null;
  if (isListType(returnType)) return completeListValue(run, returnType, field, info, path, result);
  if (isLeafType(returnType)) return completeLeafValue(returnType, result);
  if (isAbstractType(returnType)) return completeAbstractValue(run, returnType, field, info, path, result);
  return completeObjectValue(run, returnType, field, info, path, result);
}

function completeListValue(run: Run, returnType: GraphQLList<GraphQLOutputType>, field: FieldPlan, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  if (!isIterableObject(result)) {
    throw new GraphQLError(`Expected Iterable, but did not find one for field "${info.parentType.name}.${info.fieldName}".`);
  }
  const itemType = returnType.ofType;
  let containsPromise = false;
  let completedResults: unknown[];
  if (Array.isArray(result)) {
    // graphql-js's Array.from, by index for an array: the same items (a hole as undefined) in the same order, without the iterator protocol.
    completedResults = [];
    for (let index = 0; index < result.length; index += 1) completedResults.push(completeItem(result[index], index));
  } else completedResults = Array.from(result as Iterable<unknown>, completeItem);
  return containsPromise ? Promise.all(completedResults) : completedResults;

  function completeItem(item: unknown, index: number): unknown {
    const itemPath = addPath(path, index, undefined);
    try {
      const completedItem = isPromise(item)
        ? item.then((resolved) => completeValue(run, itemType, field, info, itemPath, resolved))
        : completeValue(run, itemType, field, info, itemPath, item);
      if (isPromise(completedItem)) {
        containsPromise = true;
        return completedItem.then(undefined, (rawError: unknown) =>
          handleFieldError(locatedError(rawError, field.fieldNodes, pathToArray(itemPath)), itemType, itemPath, run),
        );
      }
      return completedItem;
    } catch (rawError) {
      return handleFieldError(locatedError(rawError, field.fieldNodes, pathToArray(itemPath)), itemType, itemPath, run);
    }
  }
}

function completeLeafValue(returnType: GraphQLLeafType, result: unknown): unknown {
  const serialized = returnType.serialize(result);
  if (serialized == null) {
    throw new Error(`Expected \`${inspect(returnType)}.serialize(${inspect(result)})\` to return non-nullable value, returned: ${inspect(serialized)}`);
  }
  return serialized;
}

function completeAbstractValue(run: Run, returnType: GraphQLAbstractType, field: FieldPlan, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  const resolveTypeFn = returnType.resolveType ?? defaultTypeResolver;
  const runtimeType = resolveTypeFn(result, run.contextValue, info, returnType);
  if (isPromise(runtimeType)) {
    return runtimeType.then((resolved) => completeObjectValue(run, validRuntimeType(resolved, run, returnType, field, info, result), field, info, path, result));
  }
  return completeObjectValue(run, validRuntimeType(runtimeType, run, returnType, field, info, result), field, info, path, result);
}

function validRuntimeType(runtimeTypeName: unknown, run: Run, returnType: GraphQLAbstractType, field: FieldPlan, info: GraphQLResolveInfo, result: unknown): GraphQLObjectType {
  const where = `"${info.parentType.name}.${info.fieldName}"`;
  if (runtimeTypeName == null) {
    throw new GraphQLError(
      `Abstract type "${returnType.name}" must resolve to an Object type at runtime for field ${where}. Either the "${returnType.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`,
      field.fieldNodes,
    );
  }
  if (isObjectType(runtimeTypeName)) {
    throw new GraphQLError('Support for returning GraphQLObjectType from resolveType was removed in graphql-js@16.0.0 please return type name instead.');
  }
  if (typeof runtimeTypeName !== 'string') {
    throw new GraphQLError(
      `Abstract type "${returnType.name}" must resolve to an Object type at runtime for field ${where} with value ${inspect(result)}, received "${inspect(runtimeTypeName)}".`,
    );
  }
  const runtimeType = run.plan.schema.getType(runtimeTypeName);
  if (runtimeType == null) {
    throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a type "${runtimeTypeName}" that does not exist inside the schema.`, { nodes: field.fieldNodes });
  }
  if (!isObjectType(runtimeType)) {
    throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a non-object type "${runtimeTypeName}".`, { nodes: field.fieldNodes });
  }
  if (!run.plan.schema.isSubType(returnType, runtimeType)) {
    throw new GraphQLError(`Runtime Object type "${runtimeType.name}" is not a possible type for "${returnType.name}".`, { nodes: field.fieldNodes });
  }
  return runtimeType;
}

function completeObjectValue(run: Run, returnType: GraphQLObjectType, field: FieldPlan, info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
  const subfields = run.plan.subfieldsOf(field, returnType);
  if (returnType.isTypeOf) {
    const isTypeOf = returnType.isTypeOf(result, run.contextValue, info);
    if (isPromise(isTypeOf)) {
      return isTypeOf.then((resolved) => {
        if (!resolved) throw invalidReturnTypeError(returnType, result, field.fieldNodes);
        return executeFields(run, returnType, result, path, subfields);
      });
    }
    if (!isTypeOf) throw invalidReturnTypeError(returnType, result, field.fieldNodes);
  }
  return executeFields(run, returnType, result, path, subfields);
}

function invalidReturnTypeError(returnType: GraphQLObjectType, result: unknown, fieldNodes: readonly FieldNode[]): GraphQLError {
  return new GraphQLError(`Expected value of type "${returnType.name}" but got: ${inspect(result)}.`, { nodes: fieldNodes });
}
