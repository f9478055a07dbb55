import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../src/errors/codes';
import { GatewayError } from '../../src/errors/gateway-error';
import { ERRORS, errorSpec, ServerErrorCode, TrustedDocumentsErrorCode } from '../../src/errors/table';
import { errorsBody, formattedError } from '../../src/server/format-error';

describe('the error table', () => {
  it('has one entry per contract code and per code Apollo, the formatter or the trusted documents (contract §13) answer with', () => {
    expect(Object.keys(ERRORS)).toEqual([...Object.values(ErrorCode), ...Object.values(ServerErrorCode), ...Object.values(TrustedDocumentsErrorCode)]);
  });

  it('says which codes are request errors', () => {
    expect(Object.keys(ERRORS).filter((code) => ERRORS[code as keyof typeof ERRORS].requestError)).toEqual([
      'BAD_USER_INPUT',
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_QUERY_NOT_IN_LIST',
      'QUERY_NOT_IN_SAFELIST',
      'PERSISTED_QUERY_ID_REQUIRED',
      'CANNOT_SEND_PQ_ID_AND_BODY',
    ]);
  });

  it.each([['FORBIDDEN'], ['SOMETHING_ELSE'], [undefined], [42], ['toString']])('errorSpec(%p)', (code) => {
    expect(errorSpec(code)).toBe(code === 'FORBIDDEN' ? ERRORS.FORBIDDEN : undefined);
  });
});

describe('GatewayError', () => {
  it.each(Object.values(ErrorCode))('%s: a plain Error with the code and the default message', (code) => {
    const error = new GatewayError(code);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect({ name: error.name, code: error.code, message: error.message, graph: error.graph }).toEqual({
      name: 'GatewayError',
      code,
      message: ERRORS[code].message,
      graph: undefined,
    });
    expect(error).not.toHaveProperty('extensions');
  });
});

describe('formattedError', () => {
  const graph = { status: 403, code: 'Forbidden', message: 'no', requestId: 'r', clientRequestId: 'c', date: 'd' };

  it('builds code, graph and stack trace in that order, and leaves out what is absent', () => {
    const error = formattedError('FORBIDDEN', 'm', { locations: [{ line: 1, column: 2 }], path: ['a', 0] }, { graph, stacktrace: ['s'] });
    expect(error).toEqual({ message: 'm', locations: [{ line: 1, column: 2 }], path: ['a', 0], extensions: { code: 'FORBIDDEN', graph, stacktrace: ['s'] } });
    expect(Object.keys(error.extensions!)).toEqual(['code', 'graph', 'stacktrace']);
    expect(formattedError('BAD_REQUEST', 'm')).toEqual({ message: 'm', extensions: { code: 'BAD_REQUEST' } });
  });

  it('errorsBody takes the default message from the table', () => {
    expect(errorsBody('INTERNAL_SERVER_ERROR')).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
});
