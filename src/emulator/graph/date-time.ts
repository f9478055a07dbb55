// Graph's three date formats: Edm.DateTimeOffset on input (graph-facts §8), 7-digit UTC on output (.NET precision),
// and the offset-less innerError.date (graph-facts §4.1).

// The Graph OpenAPI pattern (graph-facts §8): 0–12 fractional digits, 'Z' or ±hh:mm.
const DATE_TIME_OFFSET =
  /^([0-9]{4,})-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,12})?(Z|[+-]([0-9][0-9]):([0-9][0-9]))$/;

/** True when `value` is an Edm.DateTimeOffset Graph would accept (pattern, a real calendar day, offset within ±14:00). */
export function isDateTimeOffset(value: string): boolean {
  const m = DATE_TIME_OFFSET.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (day > daysInMonth(year, month)) return false;
  if (m[6] !== 'Z') {
    const hours = Number(m[7]);
    const minutes = Number(m[8]);
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return false;
  }
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Now as Graph writes service-set timestamps: UTC, 7 fractional digits, 'Z' (e.g. '2026-11-23T10:11:12.3456789Z'). */
export function graphTimestampNow(): string {
  const iso = new Date().toISOString(); // 2026-11-23T10:11:12.345Z
  // Date keeps milliseconds only; the high-resolution clock supplies the 100 ns digits .NET would have.
  const subMillis = (process.hrtime.bigint() % 10000n).toString().padStart(4, '0');
  return `${iso.slice(0, 23)}${subMillis}Z`;
}

/** Now as innerError.date: UTC, no fraction, no 'Z' (e.g. '2026-11-23T10:11:12'). */
export function innerErrorDateNow(): string {
  return new Date().toISOString().slice(0, 19);
}
