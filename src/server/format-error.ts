import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerValidationErrorCode, unwrapResolverError } from '@apollo/server/errors';
import {
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  parse,
  ProvidedRequiredArgumentsRule,
  type Source,
  validate,
  ValuesOfCorrectTypeRule,
} from 'graphql';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { ERRORS, errorSpec, ServerErrorCode } from '../errors/table';
import type { Logger } from '../observability/logger';
import { argumentPathAt } from './argument-path';
import { APPLICATION_JSON, singleResultMediaType } from './lean/media-type';

/**
 * The one builder of an error's `extensions` (and of the error around them):
 * the code, Graph's curated details when there are any, a refused keyed create's idempotency state
 * (contract §10), a stack trace only
 * when Apollo or the lean path added one (development).
 */
export function formattedError(
  code: string,
  message: string,
  where: Pick<GraphQLFormattedError, 'locations' | 'path'> = {},
  details: { readonly graph?: unknown; readonly idempotency?: unknown; readonly authChallenge?: unknown; readonly stacktrace?: unknown } = {},
): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { code };
  if (details.graph !== undefined) extensions.graph = details.graph;
  if (details.idempotency !== undefined) extensions.idempotency = details.idempotency;
  if (details.authChallenge !== undefined) extensions.authChallenge = details.authChallenge;
  if (details.stacktrace !== undefined) extensions.stacktrace = details.stacktrace;
  return {
    message,
    ...(where.locations ? { locations: where.locations } : {}),
    ...(where.path ? { path: where.path } : {}),
    extensions,
  };
}

/** `{ errors: [one error] }`, for refusals answered outside GraphQL execution. */
export function errorsBody(code: ErrorCode | ServerErrorCode, message: string = ERRORS[code].message): { errors: GraphQLFormattedError[] } {
  return { errors: [formattedError(code, message)] };
}

/**
 * The graphql-js validation rules whose findings are about an argument's
 * value (an enum, a scalar, @oneOf, a missing required field or argument):
 * the contract calls those BAD_USER_INPUT, as Apollo does for the same
 * mistakes made through variables. Told apart by the rule that finds them,
 * never by their text.
 */
const ARGUMENT_VALUE_RULES = [ValuesOfCorrectTypeRule, ProvidedRequiredArgumentsRule];

/**
 * Where (source offsets) the argument-value rules find a problem in a
 * document, computed once per document source: validation has already
 * failed, so this runs on invalid requests only.
 */
function argumentValueProblems(schema: GraphQLSchema, cache: WeakMap<Source, ReadonlySet<number>>, source: Source): ReadonlySet<number> {
  let starts = cache.get(source);
  if (starts) return starts;
  const found = new Set<number>();
  try {
    for (const problem of validate(schema, parse(source), ARGUMENT_VALUE_RULES)) {
      const node = problem.nodes?.[0];
      // A directive's missing argument is about the document, not an input value.
      if (node?.loc && node.kind !== Kind.DIRECTIVE) found.add(node.loc.start);
    }
  } catch {
    // A document that does not parse has no argument values to blame.
  }
  starts = found;
  cache.set(source, starts);
  return starts;
}

/** True when `error` (a validation error) is one of the argument-value rules' findings. */
function isArgumentValueError(schema: GraphQLSchema, cache: WeakMap<Source, ReadonlySet<number>>, error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || !error.source) return false;
  const start = error.nodes?.[0]?.loc?.start;
  return start !== undefined && argumentValueProblems(schema, cache, error.source).has(start);
}

/** Prefixes the argument a bad literal stands in, when it can be found. */
function withArgument(error: GraphQLError, message: string): string {
  if (!error.source || !error.nodes?.[0]?.loc) return message;
  const path = argumentPathAt(error.source, error.nodes[0].loc.start);
  return path === null ? message : `Argument "${path}" has an invalid value: ${message}`;
}

/**
 * Apollo's refusal of `__schema`/`__type` tells the reader to "pass
 * introspection: true to ApolloServer"; an operator of the gateway sets
 * GRAPHQL_INTROSPECTION instead. (The lean path only validates to decide to
 * leave an introspection query to Apollo, so this is the one message.)
 */
export const INTROSPECTION_OFF_MESSAGE =
  'Introspection is off on this gateway (the query asks for __schema or __type): start it with GRAPHQL_INTROSPECTION=true to turn it on.';

/**
 * The single place that shapes every error in a response: GatewayErrors get
 * their contract code and curated `graph` details; codes Apollo sets on
 * requests it refuses pass unchanged (errors/table.ts); anything unexpected is an
 * INTERNAL_SERVER_ERROR with a generic message (the cause is logged, and
 * shown only in development).
 */
export function createFormatError(log: Logger, development: boolean, schema: GraphQLSchema) {
  const argumentProblems = new WeakMap<Source, ReadonlySet<number>>();
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const stacktrace = formatted.extensions?.stacktrace;
    if (original instanceof GatewayError) {
      return formattedError(original.code, original.message, formatted, { graph: original.graph, idempotency: original.idempotency, authChallenge: original.authChallenge, stacktrace });
    }
    const code = formatted.extensions?.code;
    if (code === ServerErrorCode.GRAPHQL_VALIDATION_FAILED && isArgumentValueError(schema, argumentProblems, error)) {
      return formattedError(ErrorCode.BAD_USER_INPUT, withArgument(error, formatted.message), formatted, { stacktrace });
    }
    // Told apart by the code Apollo's rule sets, not by its text.
    if (code === ServerErrorCode.GRAPHQL_VALIDATION_FAILED && formatted.extensions?.validationErrorCode === ApolloServerValidationErrorCode.INTROSPECTION_DISABLED) {
      return { ...formatted, message: INTROSPECTION_OFF_MESSAGE };
    }
    if (errorSpec(code)?.raisedBy.includes('apollo')) return formatted;
    log.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    if (development) return formatted;
    return formattedError(ServerErrorCode.INTERNAL_SERVER_ERROR, ERRORS.INTERNAL_SERVER_ERROR.message, formatted);
  };
}

/**
 * Status codes of request errors (parse, validation, variable coercion,
 * operation resolution) as GraphQL over HTTP says: 400 when the answer is
 * `application/graphql-response+json`, 200 when it is `application/json`
 * (which predates the spec; legacy clients expect 200 there). Apollo
 * answers 400 for both. Only answers with no `data` and nothing but those
 * codes change: HTTP-level refusals (CSRF, bad JSON, GET mutations) keep
 * their 4xx.
 *
 * This also lets BAD_USER_INPUT from literal arguments (@oneOf, enums,
 * dates) reach a client through a federation router: a router asks its
 * subgraphs for `application/json` and treats a non-2xx answer as its own
 * failure, hiding the code.
 */
export const requestErrorStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.body.kind !== 'single' || response.http.status !== 400) return;
        const { data, errors } = response.body.singleResult;
        if (data !== undefined || !errors || errors.length === 0) return;
        if (!errors.every((e) => errorSpec(e.extensions?.code)?.requestError)) return;
        if (singleResultMediaType(request.http?.headers.get('accept')) === APPLICATION_JSON) response.http.status = 200;
      },
    };
  },
};
