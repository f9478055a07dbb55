import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { dateTimeOffsetProblem } from '../normalize/date-time-offset';

// A plain TypeError (not a GraphQLError) lets graphql-js prefix where the
// value was: 'Variable "$input" got invalid value … at "input.lastSyncDateTime"'.
function parse(value: unknown): string {
  const problem = dateTimeOffsetProblem(value);
  if (problem !== null) throw new TypeError(problem);
  return value as string;
}

/** Graph's Edm.DateTimeOffset, kept as Graph's exact string (7 digits, offset). */
export const DateTimeOffset = new GraphQLScalarType<string, string>({
  name: 'DateTimeOffset',
  serialize(value) {
    if (typeof value !== 'string') throw new GraphQLError('DateTimeOffset cannot represent a non-string value');
    return value;
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTimeOffset must be a string such as "2017-01-01T00:02:49.3205976-08:00"');
    return parse(ast.value);
  },
});
