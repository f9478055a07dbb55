/**
 * Edm.DateTimeOffset as the gateway accepts it (contract §3): ISO 8601 with
 * seconds, up to 7 fractional digits, and `Z` or a ±hh:mm offset.
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,7})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const EXAMPLE = '2017-01-01T00:02:49.3205976-08:00';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

/** Why the value is not a DateTimeOffset, or null when it is one. */
export function dateTimeOffsetProblem(value: unknown): string | null {
  if (typeof value !== 'string') return `DateTimeOffset must be a string such as "${EXAMPLE}"`;
  const m = PATTERN.exec(value);
  const wanted = `DateTimeOffset must be ISO 8601 with seconds, up to 7 fractional digits and Z or a ±hh:mm offset, such as "${EXAMPLE}"; got ${JSON.stringify(value)}`;
  if (!m) return wanted;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = m[8] === undefined ? 0 : Number(m[8]);
  const offsetMinutes = m[9] === undefined ? 0 : Number(m[9]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return `DateTimeOffset ${JSON.stringify(value)} is not a real date and time`;
  }
  if (offsetHours > 14 || offsetMinutes > 59 || (offsetHours === 14 && offsetMinutes > 0)) {
    return `DateTimeOffset ${JSON.stringify(value)} has an offset beyond ±14:00`;
  }
  return null;
}
