import { Kind, type ValueNode } from 'graphql';
import { dateTimeOffsetProblem } from '../../src/normalize/date-time-offset';
import { DateTimeOffset } from '../../src/resolvers/scalars';

const EXAMPLE = '2017-01-01T00:02:49.3205976-08:00';
const notString = `DateTimeOffset must be a string such as "${EXAMPLE}"`;
const notIso = (value: string) =>
  `DateTimeOffset must be ISO 8601 with seconds, up to 7 fractional digits and Z or a ±hh:mm offset, such as "${EXAMPLE}"; got ${JSON.stringify(value)}`;
const notReal = (value: string) => `DateTimeOffset ${JSON.stringify(value)} is not a real date and time`;
const offsetTooFar = (value: string) => `DateTimeOffset ${JSON.stringify(value)} has an offset beyond ±14:00`;

describe('dateTimeOffsetProblem', () => {
  it.each([
    '2017-01-01T00:02:49.3205976-08:00',
    '2017-01-01T00:02:49Z',
    '2017-01-01T00:02:49.1Z',
    '2024-02-29T23:59:59.999+14:00',
    '2017-01-01T00:00:00-14:00',
    '2017-01-01T00:00:00+00:00',
    '2017-01-01T00:00:00-00:00',
    '2017-01-01T00:00:00+05:59',
    '2000-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.9999999Z',
    '2026-11-23T10:11:12.3456789+05:30',
  ])('accepts %s', (value) => {
    expect(dateTimeOffsetProblem(value)).toBeNull();
  });

  it.each<[string, string, string]>([
    ['2017-01-01', 'not ISO 8601 with seconds', notIso('2017-01-01')],
    ['2017-01-01T00:02Z', 'no seconds', notIso('2017-01-01T00:02Z')],
    ['2017-01-01T00:02:49', 'no offset', notIso('2017-01-01T00:02:49')],
    ['2017-01-01T00:02:49.Z', 'a point with no digits', notIso('2017-01-01T00:02:49.Z')],
    ['2017-01-01T00:02:49.12345678Z', '8 fractional digits', notIso('2017-01-01T00:02:49.12345678Z')],
    ['2017-01-01 00:02:49Z', 'a space', notIso('2017-01-01 00:02:49Z')],
    ['2017-01-01t00:02:49z', 'lower case', notIso('2017-01-01t00:02:49z')],
    ['12017-01-01T00:00:00Z', 'a five-digit year', notIso('12017-01-01T00:00:00Z')],
    ['2017-1-01T00:00:00Z', 'a one-digit month', notIso('2017-1-01T00:00:00Z')],
    ['2017-01-01T00:00:00+0800', 'offset without colon', notIso('2017-01-01T00:00:00+0800')],
    ['2017-01-01T00:00:00+08', 'offset without minutes', notIso('2017-01-01T00:00:00+08')],
    ['2017-01-01T00:00:00Z\n', 'a trailing newline', notIso('2017-01-01T00:00:00Z\n')],
    [' 2017-01-01T00:00:00Z', 'a leading space', notIso(' 2017-01-01T00:00:00Z')],
    ['', 'empty', notIso('')],
    ['2017-13-01T00:02:49Z', 'month 13', notReal('2017-13-01T00:02:49Z')],
    ['2017-00-01T00:02:49Z', 'month 0', notReal('2017-00-01T00:02:49Z')],
    ['2017-01-00T00:02:49Z', 'day 0', notReal('2017-01-00T00:02:49Z')],
    ['2017-04-31T00:00:00Z', 'April 31', notReal('2017-04-31T00:00:00Z')],
    ['2023-02-29T00:00:00Z', 'not a leap year', notReal('2023-02-29T00:00:00Z')],
    ['1900-02-29T00:00:00Z', 'a century that is no leap year', notReal('1900-02-29T00:00:00Z')],
    ['0000-01-01T00:00:00Z', 'year 0', notReal('0000-01-01T00:00:00Z')],
    ['2017-01-01T24:00:00Z', 'hour 24', notReal('2017-01-01T24:00:00Z')],
    ['2017-01-01T00:60:00Z', 'minute 60', notReal('2017-01-01T00:60:00Z')],
    ['2017-01-01T00:00:60Z', 'second 60', notReal('2017-01-01T00:00:60Z')],
    ['2017-01-01T00:00:00+15:00', 'offset beyond 14 h', offsetTooFar('2017-01-01T00:00:00+15:00')],
    ['2017-01-01T00:00:00+14:01', 'one minute beyond +14:00', offsetTooFar('2017-01-01T00:00:00+14:01')],
    ['2017-01-01T00:00:00-14:30', 'beyond -14:00', offsetTooFar('2017-01-01T00:00:00-14:30')],
    ['2017-01-01T00:00:00+05:60', 'offset minute 60', offsetTooFar('2017-01-01T00:00:00+05:60')],
  ])('refuses %j (%s)', (value, _why, message) => {
    expect(dateTimeOffsetProblem(value)).toBe(message);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a number', 1483228969],
    ['a Date', new Date('2017-01-01T00:02:49Z')],
    ['a list', ['2017-01-01T00:02:49Z']],
  ])('refuses %s: not a string', (_what, value) => {
    expect(dateTimeOffsetProblem(value)).toBe(notString);
  });

  it('says what it wanted and what it got, word for word', () => {
    expect(dateTimeOffsetProblem('yesterday')).toBe(
      'DateTimeOffset must be ISO 8601 with seconds, up to 7 fractional digits and Z or a ±hh:mm offset, such as "2017-01-01T00:02:49.3205976-08:00"; got "yesterday"',
    );
    expect(dateTimeOffsetProblem('2017-02-30T00:00:00Z')).toBe('DateTimeOffset "2017-02-30T00:00:00Z" is not a real date and time');
    expect(dateTimeOffsetProblem('2017-01-01T00:00:00+15:00')).toBe('DateTimeOffset "2017-01-01T00:00:00+15:00" has an offset beyond ±14:00');
    expect(dateTimeOffsetProblem(5)).toBe('DateTimeOffset must be a string such as "2017-01-01T00:02:49.3205976-08:00"');
  });
});

describe('the DateTimeOffset scalar (src/resolvers/scalars.ts)', () => {
  /** What one entry point gives: the value, or the error's class and message. */
  function outcome(convert: () => unknown): unknown {
    try {
      return { value: convert() };
    } catch (error) {
      return { error: (error as Error).constructor.name, message: (error as Error).message };
    }
  }
  const literal = (value: string): ValueNode => ({ kind: Kind.STRING, value });

  it.each<[string, () => unknown, unknown]>([
    ['serialize keeps the string exactly', () => DateTimeOffset.serialize(EXAMPLE), { value: EXAMPLE }],
    ['serialize keeps Graph\'s 7-digit UTC', () => DateTimeOffset.serialize('2026-12-01T08:30:00.1234567Z'), { value: '2026-12-01T08:30:00.1234567Z' }],
    ['serialize refuses a Date', () => DateTimeOffset.serialize(new Date(0)), { error: 'GraphQLError', message: 'DateTimeOffset cannot represent a non-string value' }],
    ['serialize refuses a number', () => DateTimeOffset.serialize(0), { error: 'GraphQLError', message: 'DateTimeOffset cannot represent a non-string value' }],
    ['parseValue keeps the string exactly', () => DateTimeOffset.parseValue(EXAMPLE), { value: EXAMPLE }],
    ['parseValue refuses an impossible date', () => DateTimeOffset.parseValue('2017-02-30T00:00:00Z'), { error: 'TypeError', message: notReal('2017-02-30T00:00:00Z') }],
    ['parseValue refuses a number', () => DateTimeOffset.parseValue(5), { error: 'TypeError', message: notString }],
    ['parseLiteral keeps the string exactly', () => DateTimeOffset.parseLiteral(literal(EXAMPLE), {}), { value: EXAMPLE }],
    ['parseLiteral refuses no offset', () => DateTimeOffset.parseLiteral(literal('2017-01-01T00:02:49'), {}), { error: 'TypeError', message: notIso('2017-01-01T00:02:49') }],
    ['parseLiteral refuses an Int literal', () => DateTimeOffset.parseLiteral({ kind: Kind.INT, value: '5' }, {}), { error: 'TypeError', message: notString }],
  ])('%s', (_what, convert, expected) => {
    expect(outcome(convert)).toEqual(expected);
  });
});
