// Command-line flags of the harness scripts (chaos, soak, bench): `--name value`, `--name=value`, or a bare
// `--name` for a switch; nothing else. Every problem is a UsageError, which runScript turns into the usage text.

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value. */
  readonly values: readonly string[];
  /** Flags that take none (e.g. `--quick`). */
  readonly switches?: readonly string[];
}

/** Parsed flags; `--help` or `-h` anywhere throws UsageError('help'). */
export class Flags {
  private constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly switches: ReadonlySet<string>,
  ) {}

  static parse(argv: readonly string[], spec: FlagSpec): Flags {
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === '--help' || arg === '-h') throw new UsageError('help');
      const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
      const name = match?.[1];
      if (name !== undefined && match?.[2] === undefined && spec.switches?.includes(name)) {
        switches.add(name);
        continue;
      }
      if (name === undefined || !spec.values.includes(name)) throw new UsageError(`unknown argument "${arg}"`);
      const value = match?.[2] ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    }
    return new Flags(values, switches);
  }

  /** True when the flag was given (a switch, or a flag with a value). */
  has(name: string): boolean {
    return this.switches.has(name) || this.values.has(name);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A whole number from `min` (default 1) to `max`; `fallback` when the flag is absent. */
  int(name: string, fallback: number, { min = 1, max = 1_000_000 }: { min?: number; max?: number } = {}): number {
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  }

  /** One of `choices`; `fallback` when the flag is absent. */
  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const choice = choices.find((c) => c === raw);
    if (choice === undefined) throw new UsageError(`--${name} must be ${choices.join(' or ')}, got "${raw}"`);
    return choice;
  }

  /** A comma-separated subset of `all`, in `all`'s order; all of them when the flag is absent. */
  someOf<T extends string>(name: string, all: readonly T[]): T[] {
    const raw = this.values.get(name);
    if (raw === undefined) return [...all];
    const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const unknown = names.filter((n) => !(all as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) throw new UsageError(`--${name} takes some of ${all.join(', ')}; got "${raw}"`);
    return all.filter((id) => names.includes(id));
  }
}
