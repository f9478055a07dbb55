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
import type { OperationObserver } from '../observability/operation-plugin';
import type { GatewayContext } from './context';
import { type Fragments, fragmentsOf, operationCost } from './limits';

/** A query text as the fast path knows it: runnable, or to be left to Apollo Server. */
type CachedDocument =
  | { readonly ok: true; readonly document: DocumentNode; readonly fragments: Fragments }
  | { readonly ok: false };

export interface FastPathOptions {
  readonly schema: GraphQLSchema;
  readonly validationRules: readonly ValidationRule[];
  readonly introspection: boolean;
  readonly development: boolean;
  readonly maxCost: number;
  readonly defaultPageSize: number;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Documents kept parsed and validated (oldest dropped first). */
  readonly cacheSize?: number;
}

/** What a runnable request looks like before execution. */
export interface FastRequest {
  readonly query: string;
  readonly operationName: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}


/**
 * The common request — a JSON POST of a known, valid operation with good
 * variables — executed directly with graphql-js: parse and validation cached
 * by query text, no per-request hashing or content negotiation. Anything
 * else (invalid documents, bad variables, over-cost operations, batches,
 * persisted queries, federated tracing, other content types) returns
 * undefined and goes through Apollo Server, which answers it as always; the
 * fast path only ever answers requests whose answer would be the same.
 */
export class FastPath {
  private readonly cache = new Map<string, CachedDocument>();
  private readonly rules: readonly ValidationRule[];
  private readonly cacheSize: number;

  constructor(private readonly options: FastPathOptions) {
    this.rules = [...specifiedRules, ...options.validationRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    this.cacheSize = options.cacheSize ?? 500;
  }

  /** The request, when its body has the plain shape; undefined otherwise. */
  static request(body: unknown): FastRequest | undefined {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    return { query, operationName: operationName ?? null, variables: (variables as Record<string, unknown> | null) ?? {} };
  }

  /**
   * Runs the request, or returns undefined to leave it to Apollo Server.
   * `observe` starts the operation's observer (span, metrics, log line).
   */
  async run(request: FastRequest, contextValue: GatewayContext, observe: () => OperationObserver): Promise<string | undefined> {
    const cached = this.document(request.query);
    if (!cached.ok) return undefined;
    const operation = getOperationAST(cached.document, request.operationName);
    if (!operation) return undefined;
    if (operationCost(operation, cached.fragments, request.variables, this.options.defaultPageSize) > this.options.maxCost) return undefined;
    const observer = observe();
    observer.resolved(operation.operation, operationName(operation));
    const result = await execute({
      schema: this.options.schema,
      document: cached.document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue,
    });
    // No data: the variables did not coerce, nothing ran; Apollo answers that.
    if (!('data' in result)) {
      observer.abandon();
      return undefined;
    }
    const errors = result.errors?.map((error) => this.format(error));
    observer.finished(errors);
    const response: FormattedExecutionResult = errors ? { errors, data: result.data } : { data: result.data };
    return `${JSON.stringify(response)}\n`;
  }

  private document(query: string): CachedDocument {
    const hit = this.cache.get(query);
    if (hit) return hit;
    let entry: CachedDocument;
    try {
      const document = parse(query);
      const ok = validate(this.options.schema, document, this.rules).length === 0;
      entry = ok ? { ok: true, document, fragments: fragmentsOf(document) } : { ok: false };
    } catch {
      entry = { ok: false };
    }
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(query, entry);
    return entry;
  }

  /** As Apollo Server formats an execution error: a code always, a stack trace only in development. */
  private format(error: GraphQLError): GraphQLFormattedError {
    const original = error.originalError ?? error;
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    delete extensions.http;
    if (this.options.development && original.stack) extensions.stacktrace = original.stack.split('\n');
    const formatted: GraphQLFormattedError = { ...error.toJSON(), extensions };
    return this.options.formatError(formatted, error);
  }
}

function operationName(operation: OperationDefinitionNode): string | null {
  return operation.name?.value ?? null;
}
