// Counts log lines by what they say rather than keeping them: a long soak can
// log thousands of identical lines (e.g. a warn per 404 read).

export class LogSummary {
  private readonly counts = new Map<string, number>();

  /** Counts a JSON log line at warn or above (or any line that is not JSON). */
  add(line: string): void {
    let key: string;
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; code?: unknown };
      if (entry.level === 'info' || entry.level === 'debug' || entry.level === 'trace') return;
      const code = typeof entry.code === 'string' ? ` (${entry.code})` : '';
      key = `${String(entry.level)}: ${String(entry.msg)}${code}`;
    } catch {
      key = `not a JSON log line: ${line.slice(0, 200)}`;
    }
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** e.g. '67 × warn: graph call failed (NOT_FOUND)', most frequent first. */
  lines(): string[] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${count} × ${key}`);
  }
}
