// Flag parsing for the chaos and soak scripts: `--name value` or `--name=value`, nothing else.

export class UsageError extends Error {}

export function parseFlags(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new UsageError('help');
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !known.includes(match[1]!)) throw new UsageError(`unknown argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    flags.set(match[1]!, value);
  }
  return flags;
}

export function positiveInt(flags: Map<string, string>, name: string, fallback: number, max = 1_000_000): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return value;
}

/**
 * Reads the flags with `read`; on --help prints the usage (exit 0), on a bad
 * flag prints the problem and the usage (exit 2). Returns the options, or the
 * exit code when the script should stop there.
 */
export function readOptions<T>(usage: string, read: () => T): { options: T } | { exit: number } {
  try {
    return { options: read() };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message === 'help') {
      process.stdout.write(`${usage}\n`);
      return { exit: 0 };
    }
    process.stderr.write(`${error.message}\n${usage}\n`);
    return { exit: 2 };
  }
}
