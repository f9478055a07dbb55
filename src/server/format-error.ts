import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { argumentPathAt } from './argument-path';
import type { Logger } from '../observability/logger';
import { APPLICATION_JSON, singleResultMediaType } from './media-type';

/** Codes Apollo Server itself sets for requests it refuses; they pass unchanged. */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Validation messages of graphql-js that are about an argument's value (an
 * enum, a scalar, @oneOf, a missing required field): the contract calls
 * those BAD_USER_INPUT, like the same mistakes made through variables.
 */
const ARGUMENT_VALUE_MESSAGES = [
  /^Expected value of type /,
  /^Enum ".+" cannot represent /,
  /^Value ".+" does not exist in ".+" enum\./,
  /^OneOf Input Object ".+" must specify exactly one key\./,
  /^Field ".+" of OneOf type ".+" must be non-null\./,
  /^Field ".+" of required type ".+" was not provided\./,
  /^Field ".+" argument ".+" of type ".+" is required, but it was not provided\./,
  /^Field ".+" is not defined by type ".+"\./,
];

/** Prefixes the argument a bad literal stands in, when it can be found. */
function withArgument(error: unknown, message: string): string {
  if (!(error instanceof GraphQLError) || !error.source || !error.nodes?.[0]?.loc) return message;
  const path = argumentPathAt(error.source, error.nodes[0].loc.start);
  return path === null ? message : `Argument "${path}" has an invalid value: ${message}`;
}

/** A GatewayError's `extensions`: its contract code, Graph's curated details, and the stack trace Apollo added in development. */
function gatewayExtensions(error: GatewayError, stacktrace: unknown): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.graph) extensions.graph = error.graph;
  if (stacktrace !== undefined) extensions.stacktrace = stacktrace;
  return extensions;
}

/**
 * The single place that shapes every error in a response: GatewayErrors get
 * their contract code and curated `graph` details; anything unexpected is an
 * INTERNAL_SERVER_ERROR with a generic message (the cause is logged, and
 * shown only in development).
 */
export function createFormatError(log: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GatewayError) return { ...formatted, extensions: gatewayExtensions(original, formatted.extensions?.stacktrace) };
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && ARGUMENT_VALUE_MESSAGES.some((re) => re.test(formatted.message))) {
      return { ...formatted, message: withArgument(error, formatted.message), extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
    }
    if (typeof code === 'string' && APOLLO_CODES.has(code)) return formatted;
    log.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    if (development) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Codes of request errors: the request never executed (GraphQL over HTTP, "request error"). */
const REQUEST_ERROR_CODES = new Set<unknown>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  ErrorCode.BAD_USER_INPUT,
  'OPERATION_RESOLUTION_FAILURE',
]);

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
        if (!errors.every((e) => REQUEST_ERROR_CODES.has(e.extensions?.code))) return;
        if (singleResultMediaType(request.http?.headers.get('accept')) === APPLICATION_JSON) response.http.status = 200;
      },
    };
  },
};
