import {
  type DocumentNode,
  execute,
  type FormattedExecutionResult,
  getOperationAST,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { ERRORS, ServerErrorCode } from '../../errors/table';
import type { OperationObserver } from '../../observability/operation-plugin';
import type { GatewayContext } from '../../resolvers/context';
import { DocumentCache, documentBytes } from '../document-cache';
import { formattedError } from '../format-error';
import { type Fragments, fragmentsOf, operationCost } from '../limits';
import { OperationPlan } from './plan';
import type { LeanOperation } from './request';

/** An operation whose cost reads variables (a page size, the representations): computed per request. */
const READS_VARIABLES = Symbol('reads variables');

/** A validated document, kept by query text (or prepared at start: a trusted document). */
interface CachedDocument {
  /** Its query text, the cache's key; undefined for a trusted document (the manifest bounds those). */
  readonly key: string | undefined;
  readonly document: DocumentNode;
  readonly fragments: Fragments;
  /** Each operation's cost, once known not to depend on the variables. */
  readonly costs: Map<OperationDefinitionNode, number | typeof READS_VARIABLES>;
  /** Each operation's plan (null: graphql-js runs it), made on its first run. */
  readonly plans: Map<OperationDefinitionNode, OperationPlan | null>;
}

/** What a cached document holds: its text and tree, and its plans (which grow as they run: OperationPlan.bytes). */
function cachedBytes(key: string, entry: CachedDocument): number {
  let bytes = documentBytes(key, entry.document);
  for (const plan of entry.plans.values()) bytes += plan?.bytes ?? 0;
  return bytes;
}

/** What the lean path answers: Apollo's status and headers from the errors' `extensions.http`, and the body. */
export interface LeanAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LeanPathOptions {
  readonly schema: GraphQLSchema;
  readonly validationRules: readonly ValidationRule[];
  readonly introspection: boolean;
  readonly development: boolean;
  readonly maxCost: number;
  readonly defaultPageSize: number;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Bytes of validated documents kept (least recently used dropped first). */
  readonly cacheBytes: number;
  /** graphql-js parse's maxTokens: a longer document is left to Apollo (which refuses it). */
  readonly maxTokens: number;
}

/**
 * The Apollo Server plugins the lean path knows, and how it gives the same
 * answer without them. The gateway's plugin list is typed by this, so a new
 * plugin cannot be added without deciding here what the lean path does.
 */
export interface LeanPathPlugins<P> {
  /** Nothing to honour: the schema has no @cacheControl, and the plugin only turns caching off. */
  readonly cacheControlDisabled: P;
  /** The same observer (observeOperation): span, metrics, log line. */
  readonly operationObserver: P;
  /** operationCost before executing; over the limit the request goes to Apollo, which refuses it. */
  readonly costLimit: P;
  /** Only changes request errors, which the lean path never answers (it runs valid documents only). */
  readonly requestErrorStatus: P;
  /** GETs that ask for HTML never take the lean path. */
  readonly landingPage: P;
}

/** A document parsed and validated at start (a trusted document, contract §13): run with no parse and no validation. */
export interface PreparedDocument {
  readonly document: DocumentNode;
  /** The operation the manifest says runs when the request names none. */
  readonly operationName: string | undefined;
}

/**
 * The common request — a JSON POST of a known, valid operation with good
 * variables — executed directly with graphql-js: parse and validation cached
 * by query text, no per-request hashing or content negotiation. Anything
 * else (invalid documents, bad variables, over-cost operations, batches,
 * persisted queries, federated tracing, other content types) returns
 * undefined and goes through Apollo Server, which answers it as always; the
 * lean path only ever answers requests whose answer would be the same
 * (README.md in this folder lists what it reproduces, and the test of each).
 */
export class LeanPath {
  private readonly cache: DocumentCache<CachedDocument>;
  private readonly rules: readonly ValidationRule[];
  /** Trusted documents, each adopted on its first request; null: it reads the schema while introspection is off (Apollo refuses it). */
  private readonly prepared = new WeakMap<PreparedDocument, CachedDocument | null>();

  constructor(private readonly options: LeanPathOptions) {
    this.rules = [...specifiedRules, ...options.validationRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    // A plan can hold more than its document (a fragment used under many fields is planned under each), so it counts too.
    this.cache = new DocumentCache(options.cacheBytes, cachedBytes);
  }

  /** Documents and bytes held by the cache. */
  get cacheStats(): { readonly documents: number; readonly bytes: number } {
    return this.cache.stats;
  }

  /**
   * Runs the request, or returns undefined to leave it to Apollo Server.
   * `observe` starts the operation's observer (span, metrics, log line).
   */
  async run(request: LeanOperation, contextValue: GatewayContext, observe: () => OperationObserver, queriesOnly = false): Promise<LeanAnswer | undefined> {
    const cached = this.document(request.query);
    if (!cached) return undefined;
    return this.execute(cached, request.operationName, request.variables, contextValue, observe, queriesOnly);
  }

  /**
   * Runs a document prepared at start (contract §13: no parse, no
   * validation; the cost is still checked per request), or returns undefined
   * to leave it to Apollo Server with the document's text.
   */
  async runPrepared(
    prepared: PreparedDocument,
    request: Omit<LeanOperation, 'query'>,
    contextValue: GatewayContext,
    observe: () => OperationObserver,
    queriesOnly: boolean,
  ): Promise<LeanAnswer | undefined> {
    const cached = this.adopt(prepared);
    if (!cached) return undefined;
    return this.execute(cached, request.operationName ?? prepared.operationName ?? null, request.variables, contextValue, observe, queriesOnly);
  }

  private async execute(
    cached: CachedDocument,
    requestedName: string | null,
    variables: Readonly<Record<string, unknown>>,
    contextValue: GatewayContext,
    observe: () => OperationObserver,
    queriesOnly: boolean,
  ): Promise<LeanAnswer | undefined> {
    const operation = getOperationAST(cached.document, requestedName);
    if (!operation || (queriesOnly && operation.operation !== 'query')) return undefined;
    if (this.cost(cached, operation, variables) > this.options.maxCost) return undefined;
    const observer = observe();
    observer.resolved(operation.operation, operationName(operation));
    const plan = this.plan(cached, operation);
    const planBytes = plan?.bytes;
    const result = await (plan
      ? plan.run(variables, contextValue)
      : execute({ schema: this.options.schema, document: cached.document, variableValues: variables, operationName: requestedName, contextValue }));
    if (plan && plan.bytes !== planBytes) this.recount(cached);
    // No data: the variables did not coerce, nothing ran; Apollo answers that.
    if (!('data' in result)) {
      observer.abandon();
      return undefined;
    }
    const head = { status: 200, headers: {} as Record<string, string> };
    const errors = result.errors?.map((error) => this.format(error, head));
    observer.finished(errors);
    const response: FormattedExecutionResult = errors ? { errors, data: result.data } : { data: result.data };
    return { status: head.status, headers: head.headers, body: `${JSON.stringify(response)}\n` };
  }

  /** The operation's plan, made once per document and operation; undefined when graphql-js's execute runs it. */
  private plan(cached: CachedDocument, operation: OperationDefinitionNode): OperationPlan | undefined {
    let plan = cached.plans.get(operation);
    if (plan === undefined) {
      plan = OperationPlan.of(this.options.schema, cached.document, operation) ?? null;
      cached.plans.set(operation, plan);
      if (plan) this.recount(cached);
    }
    return plan ?? undefined;
  }

  /**
   * Counts a cached document again after a plan was made or grew: setting the
   * entry again makes the cache recompute its size (cachedBytes), dropping the
   * least recently used documents (or this one, if it alone is over the bound)
   * to stay within it. A document already dropped while it ran is not put back;
   * a trusted document (no key) is not in the cache.
   */
  private recount(cached: CachedDocument): void {
    if (cached.key !== undefined && this.cache.get(cached.key) === cached) this.cache.set(cached.key, cached);
  }

  /**
   * operationCost, computed once per document and operation when it reads no
   * variable (a create, a read by id); otherwise per request. Whether it reads
   * one is seen on the first computation, through the variables it asks for.
   */
  private cost(cached: CachedDocument, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): number {
    const known = cached.costs.get(operation);
    if (typeof known === 'number') return known;
    if (known === READS_VARIABLES) return operationCost(operation, cached.fragments, variables, this.options.defaultPageSize);
    let read = false;
    const watched = new Proxy(variables, {
      get(target, name) {
        read = true;
        return Reflect.get(target, name);
      },
    });
    const cost = operationCost(operation, cached.fragments, watched, this.options.defaultPageSize);
    cached.costs.set(operation, read ? READS_VARIABLES : cost);
    return cost;
  }

  /**
   * A trusted document as the lean path keeps its documents. The manifest
   * was validated at start with every rule but the introspection one (which
   * depends on NODE_ENV/INTROSPECTION), so that one runs here, once.
   */
  private adopt(prepared: PreparedDocument): CachedDocument | undefined {
    let cached = this.prepared.get(prepared);
    if (cached === undefined) {
      const refused = !this.options.introspection && validate(this.options.schema, prepared.document, [NoSchemaIntrospectionCustomRule]).length > 0;
      cached = refused ? null : { key: undefined, document: prepared.document, fragments: fragmentsOf(prepared.document), costs: new Map(), plans: new Map() };
      this.prepared.set(prepared, cached);
    }
    return cached ?? undefined;
  }

  /** The validated document for a query text; undefined (and nothing kept) when it does not parse or validate. */
  private document(query: string): CachedDocument | undefined {
    const hit = this.cache.get(query);
    if (hit) return hit;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.options.maxTokens });
    } catch {
      return undefined;
    }
    if (validate(this.options.schema, document, this.rules).length > 0) return undefined;
    const entry: CachedDocument = { key: query, document, fragments: fragmentsOf(document), costs: new Map(), plans: new Map() };
    this.cache.set(query, entry);
    return entry;
  }

  /**
   * As Apollo Server formats an execution error (errorNormalize): a code
   * always, a stack trace only in development, `extensions.http` taken into
   * the answer's status and headers, and a formatError that throws turned
   * into a generic error rather than a failed request.
   */
  private format(error: GraphQLError, head: { status: number; headers: Record<string, string> }): GraphQLFormattedError {
    const original = error.originalError ?? error;
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
    if (http !== null && typeof http === 'object') {
      if (typeof http.status === 'number') head.status = http.status;
      if (http.headers instanceof Map) for (const [name, value] of http.headers as Map<string, string>) head.headers[name] = value;
      delete extensions.http;
    }
    if (this.options.development && original.stack) extensions.stacktrace = original.stack.split('\n');
    const formatted: GraphQLFormattedError = { ...error.toJSON(), extensions };
    try {
      return this.options.formatError(formatted, error);
    } catch (formattingError) {
      if (this.options.development) {
        const thrown = formattingError instanceof Error ? formattingError : new Error(String(formattingError));
        return formattedError(ServerErrorCode.INTERNAL_SERVER_ERROR, thrown.message, {}, { stacktrace: thrown.stack?.split('\n') });
      }
      return formattedError(ServerErrorCode.INTERNAL_SERVER_ERROR, ERRORS.INTERNAL_SERVER_ERROR.message);
    }
  }
}

function operationName(operation: OperationDefinitionNode): string | null {
  return operation.name?.value ?? null;
}
