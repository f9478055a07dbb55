import { dateTimeOffsetProblem } from '../../src/normalize/date-time-offset';

describe('dateTimeOffsetProblem', () => {
  it.each([
    '2017-01-01T00:02:49.3205976-08:00',
    '2017-01-01T00:02:49Z',
    '2017-01-01T00:02:49.1Z',
    '2024-02-29T23:59:59.999+14:00',
    '0001-01-01T00:00:00Z',
    '2026-11-23T10:11:12.3456789+05:30',
  ])('accepts %s', (value) => {
    expect(dateTimeOffsetProblem(value)).toBeNull();
  });

  it.each([
    ['2017-01-01', 'not ISO 8601 with seconds'],
    ['2017-01-01T00:02Z', 'no seconds'],
    ['2017-01-01T00:02:49', 'no offset'],
    ['2017-01-01T00:02:49.12345678Z', '8 fractional digits'],
    ['2017-01-01 00:02:49Z', 'a space'],
    ['2017-01-01t00:02:49z', 'lower case'],
    ['2017-13-01T00:02:49Z', 'month 13'],
    ['2023-02-29T00:00:00Z', 'not a leap year'],
    ['2017-01-01T24:00:00Z', 'hour 24'],
    ['2017-01-01T00:60:00Z', 'minute 60'],
    ['2017-01-01T00:00:60Z', 'second 60'],
    ['2017-01-01T00:00:00+15:00', 'offset beyond 14 h'],
    ['2017-01-01T00:00:00+0800', 'offset without colon'],
    ['', 'empty'],
  ])('refuses %s (%s)', (value) => {
    expect(dateTimeOffsetProblem(value)).toMatch(/DateTimeOffset/);
  });

  it('says what it wanted and what it got', () => {
    expect(dateTimeOffsetProblem('yesterday')).toBe(
      'DateTimeOffset must be ISO 8601 with seconds, up to 7 fractional digits and Z or a ±hh:mm offset, such as "2017-01-01T00:02:49.3205976-08:00"; got "yesterday"',
    );
    expect(dateTimeOffsetProblem('2017-02-30T00:00:00Z')).toBe('DateTimeOffset "2017-02-30T00:00:00Z" is not a real date and time');
    expect(dateTimeOffsetProblem(5)).toBe('DateTimeOffset must be a string such as "2017-01-01T00:02:49.3205976-08:00"');
  });
});
