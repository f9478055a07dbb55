// Plain-text tables for terminal reports (chaos and soak share them).

export type Cell = string | number;

/** Left-aligns the first `textColumns` columns, right-aligns the others (they are numbers). */
export function formatTable(header: readonly Cell[], rows: ReadonlyArray<readonly Cell[]>, textColumns = 1): string {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c < textColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join('\n');
}
