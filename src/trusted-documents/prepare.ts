/**
 * Preparing one manifest document (contract §13): parsed, checked against
 * the schema and the gateway's query limits, and its operation picked, once
 * at start, so that a request by id runs it with no parse, no validation and
 * no hash.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { documentError, type ManifestEntry } from './manifest';
import { claimsSha256, sha256Hex, spellsSha256 } from './ids';

/** A manifest document, ready to run. */
export interface TrustedDocument {
  /** The id as the manifest gives it. */
  readonly id: string;
  /** The manifest file that listed it first. */
  readonly file: string;
  /** SHA-256 of `text`, lowercase hex. */
  readonly sha256: string;
  readonly text: string;
  readonly document: DocumentNode;
  /** The operation that runs. */
  readonly operation: OperationDefinitionNode;
  /** Its name; what a request's operationName must be, if it gives one. */
  readonly operationName: string | undefined;
}

/**
 * What a document must pass besides graphql's own rules. The query limits
 * live in src/server/limits.ts, which this module may not import (the server
 * is above it), so the server passes them in.
 */
export interface PrepareOptions {
  readonly schema: GraphQLSchema;
  /** MAX_QUERY_TOKENS: graphql-js parse's maxTokens. */
  readonly maxTokens: number;
  /** The limit rules the gateway validates every request with (depth, aliases). */
  readonly limitRules: readonly ValidationRule[];
  /** The cost limit: applied where the cost reads no variable (a variable's value is only known per request). */
  readonly cost?: {
    readonly max: number;
    /** server/limits.ts's operationCost with DEFAULT_PAGE_SIZE bound. */
    readonly of: (operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, variables: Readonly<Record<string, unknown>>) => number;
  };
}

function parseDocument(entry: ManifestEntry, maxTokens: number): DocumentNode {
  try {
    return parse(entry.text, { maxTokens });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // graphql 16 writes "more that N tokens"; either spelling is the token limit.
    if (/more tha[nt] \d+ tokens/.test(error.message)) {
      throw documentError(entry.file, entry.id, `is over the gateway's query limits: it has more than ${maxTokens} tokens (MAX_QUERY_TOKENS)`);
    }
    const at = error.locations?.[0];
    throw documentError(entry.file, entry.id, `does not parse: ${error.message}${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
  }
}

function pickOperation(entry: ManifestEntry, document: DocumentNode): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const refuse = (what: string): never => {
    throw documentError(entry.file, entry.id, what);
  };
  if (operations.length === 0) refuse('has no operation (only fragments)');
  let operation: OperationDefinitionNode;
  if (entry.operationName !== undefined) {
    operation = operations.find((o) => o.name?.value === entry.operationName) ?? refuse(`has no operation named ${JSON.stringify(entry.operationName)} (the manifest's "name")`);
  } else if (operations.length === 1) {
    operation = operations[0]!;
  } else {
    operation = refuse(`has ${operations.length} operations and nothing says which one runs (a persisted-documents.json document must hold exactly one)`);
  }
  if (entry.operationType !== undefined && operation.operation !== entry.operationType) {
    refuse(`is a ${operation.operation}, but the manifest's "type" says ${entry.operationType}`);
  }
  return operation;
}

function messages(errors: readonly GraphQLError[]): string {
  return errors.map((e) => e.message).join(' ');
}

/**
 * The cost of the operation when it reads no variable, else undefined:
 * operationCost reads variables through the object it is given, so a probe
 * that notes every read tells the two apart.
 */
function fixedCost(options: NonNullable<PrepareOptions['cost']>, operation: OperationDefinitionNode, document: DocumentNode): number | undefined {
  let readsVariable = false;
  const probe = new Proxy<Record<string, unknown>>({}, {
    get() {
      readsVariable = true;
      return undefined;
    },
  });
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const cost = options.of(operation, fragments, probe);
  return readsVariable ? undefined : cost;
}

/** Refuses an id that looks like a SHA-256 but is not one of the two spellings of its text's (`sha256`). */
export function checkId(entry: ManifestEntry, sha256: string): void {
  if (claimsSha256(entry.id) && !spellsSha256(entry.id, sha256)) {
    throw documentError(entry.file, entry.id, `is not the SHA-256 of its text: a SHA-256 id must be "sha256:${sha256}" or "${sha256}" (64 lowercase hex digits of the text exactly as in the manifest)`);
  }
}

/**
 * The checks a document passed, by shape (see shapeKey): a manifest's
 * documents that differ only in their operations' names are checked once.
 */
export type CheckedShapes = Set<string>;

/**
 * The document's text with every operation's name cut out (a NUL in its
 * place, so a named operation never matches an anonymous one), and which
 * operation runs. Two documents with one key pass the same checks:
 * graphql-js's rules read an operation's name only to ask whether it is
 * unique (UniqueOperationNames) or absent (LoneAnonymousOperation), and the
 * gateway's limits and cost read none. Undefined when two operations share a
 * name: that document is checked on its own.
 */
function shapeKey(document: DocumentNode, operation: OperationDefinitionNode): string | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const names = operations.flatMap((o) => (o.name ? [o.name] : []));
  if (new Set(names.map((name) => name.value)).size !== names.length) return undefined;
  const text = document.loc?.source.body;
  if (text === undefined) return undefined;
  let key = '';
  let at = 0;
  for (const { loc } of names) {
    if (loc === undefined) return undefined;
    key += `${text.slice(at, loc.start)}\u0000`;
    at = loc.end;
  }
  return `${operations.indexOf(operation)}:${key}${text.slice(at)}`;
}

/** Validation, limits and cost; throws a ConfigError naming the file, the id and what is wrong. */
function check(entry: ManifestEntry, options: PrepareOptions, document: DocumentNode, operation: OperationDefinitionNode): void {
  // One pass with every rule (validation is most of the start's cost); only a document that fails gets a
  // second pass, to tell the schema's refusals from the limits'.
  const refusals = validate(options.schema, document, [...specifiedRules, ...options.limitRules]);
  const invalid = refusals.length === 0 ? [] : validate(options.schema, document, specifiedRules);
  if (invalid.length > 0) throw documentError(entry.file, entry.id, `is not valid against the schema: ${messages(invalid)}`);
  // graphql-js's rules leave an operation type the schema lacks to execution; a manifest must not wait that long.
  if (options.schema.getRootType(operation.operation) === undefined) {
    throw documentError(entry.file, entry.id, `is not valid against the schema: Schema is not configured to execute ${operation.operation} operation.`);
  }
  if (refusals.length > 0) throw documentError(entry.file, entry.id, `is over the gateway's query limits: ${messages(refusals)}`);
  if (options.cost !== undefined) {
    const cost = fixedCost(options.cost, operation, document);
    if (cost !== undefined && cost > options.cost.max) {
      throw documentError(entry.file, entry.id, `is over the gateway's query limits: it costs ${cost}; the limit is ${options.cost.max} (MAX_QUERY_COST)`);
    }
  }
}

/**
 * Parses, checks and prepares one manifest document; throws a ConfigError
 * naming the file, the id and what is wrong. `checked`: the shapes that
 * passed already (one set for every document of one start).
 */
export function prepareDocument(entry: ManifestEntry, options: PrepareOptions, checked: CheckedShapes = new Set()): TrustedDocument {
  const sha256 = sha256Hex(entry.text);
  checkId(entry, sha256);
  const document = parseDocument(entry, options.maxTokens);
  const operation = pickOperation(entry, document);
  const shape = shapeKey(document, operation);
  if (shape === undefined || !checked.has(shape)) {
    check(entry, options, document, operation);
    if (shape !== undefined) checked.add(shape);
  }
  return Object.freeze({ id: entry.id, file: entry.file, sha256, text: entry.text, document, operation, operationName: operation.name?.value });
}
