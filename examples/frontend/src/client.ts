// A framework-free GraphQL client for the gateway. The document decides both
// the variables a call accepts and the type of the data it returns, so a call
// site cannot drift from the operation it sends.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode } from 'graphql';

/** The gateway's error codes (README, Errors); a string so a code added later still type-checks. */
export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'BAD_REQUEST'
  | 'INTERNAL_SERVER_ERROR'
  // `string & {}` keeps editor completion for the names above while accepting any other.
  | (string & {});

/** `extensions.graph`: what Microsoft Graph said, present when the error came from Graph. */
export interface GraphErrorDetails {
  /** Graph's HTTP status; null when Graph never answered. */
  readonly status: number | null;
  readonly code: string | null;
  readonly message: string | null;
  /** Quote this and clientRequestId to Microsoft support. */
  readonly requestId: string | null;
  readonly clientRequestId: string | null;
  readonly date: string | null;
}

/** One entry of the response's `errors`, with its extensions read into types. */
export interface GatewayGraphQLError {
  readonly message: string;
  readonly path: ReadonlyArray<string | number> | null;
  /** `extensions.code`; null only if the server sent none (the gateway always does). */
  readonly code: GatewayErrorCode | null;
  readonly graph: GraphErrorDetails | null;
}

/** The gateway answered with GraphQL `errors`. `code` and `graph` are the first error's. */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  readonly code: GatewayErrorCode | null;
  readonly graph: GraphErrorDetails | null;

  constructor(
    readonly operationName: string | null,
    readonly errors: readonly GatewayGraphQLError[],
    /** HTTP status of the gateway's answer: 200 for nearly every error, 400 when the document fails to parse or validate. */
    readonly status: number,
    /**
     * Whatever `data` came with the errors. Not typed as the operation's
     * result: a failed field turns its nearest nullable parent into null, so
     * partial data does not have the result's shape.
     */
    readonly partialData: unknown,
  ) {
    const first = errors[0];
    super(`${operationName ?? 'operation'} failed: ${first ? `${first.code ?? 'NO_CODE'}: ${first.message}` : 'no error details'}`);
    this.code = first?.code ?? null;
    this.graph = first?.graph ?? null;
  }
}

/** The gateway (or something in front of it) answered without a GraphQL body. */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`The gateway answered HTTP ${status} without a GraphQL response`);
  }
}

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  readonly url: string;
  /** A delegated Microsoft Graph token; the gateway forwards it to Graph. */
  readonly token: string;
}

export interface GatewayClient {
  request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult>;
}

// Printing walks the whole AST; documents are module constants, so print each once.
const printed = new WeakMap<DocumentNode, string>();

function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

function operationName(document: DocumentNode): string | null {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value ?? null;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function graphDetails(value: unknown): GraphErrorDetails | null {
  if (!isRecord(value)) return null;
  return {
    status: typeof value.status === 'number' ? value.status : null,
    code: stringOrNull(value.code),
    message: stringOrNull(value.message),
    requestId: stringOrNull(value.requestId),
    clientRequestId: stringOrNull(value.clientRequestId),
    date: stringOrNull(value.date),
  };
}

function readError(value: unknown): GatewayGraphQLError {
  if (!isRecord(value)) return { message: String(value), path: null, code: null, graph: null };
  const extensions = isRecord(value.extensions) ? value.extensions : {};
  const path = Array.isArray(value.path) ? value.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : null;
  return {
    message: stringOrNull(value.message) ?? '',
    path,
    code: stringOrNull(extensions.code),
    graph: graphDetails(extensions.graph),
  };
}

export function createClient(options: ClientOptions): GatewayClient {
  const { url, token } = options;
  return {
    async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          // Only JSON bodies are read as GraphQL, and Apollo's CSRF prevention refuses form-like content types.
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: queryText(document), operationName: operationName(document), variables }),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new GatewayHttpError(response.status, text);
      }
      // GraphQL errors also arrive with 4xx statuses (a document that fails validation): the body decides, not the status.
      if (!isRecord(body) || (!('data' in body) && !('errors' in body))) throw new GatewayHttpError(response.status, text);
      if (Array.isArray(body.errors) && body.errors.length > 0) {
        throw new GatewayRequestError(operationName(document), body.errors.map(readError), response.status, body.data ?? null);
      }
      if (!isRecord(body.data)) throw new GatewayHttpError(response.status, text);
      // The gateway validated and executed this very document against its schema, so `data` has
      // the shape TResult describes; checking it field by field again here would only duplicate that.
      return body.data as TResult;
    },
  };
}
