// The throttle's settings (graph-facts §5), in one table: each with its createEmulator option, its EMULATOR_*
// variable, its bounds and Intune's value. createEmulator() leaves every limit off unless given (so a test sets its
// own); the standalone process and the gateway's embedded emulator start with Intune's numbers.
import type { ThrottleOptions, ThrottleSettings } from '../types';

/** An invalid EMULATOR_* variable. */
export class EmulatorSettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorSettingError';
  }
}

type Spec =
  | { option: keyof ThrottleOptions; variable: string; kind: 'integer'; min: number; max: number; intune: number; unset: number }
  | { option: keyof ThrottleOptions; variable: string; kind: 'switch'; intune: boolean; unset: boolean };

const MAX_LIMIT = 1_000_000;
const MAX_WINDOW_MS = 3_600_000;

const limitSetting = (option: keyof ThrottleOptions, variable: string, intune: number): Spec => ({
  option,
  variable,
  kind: 'integer',
  min: 0,
  max: MAX_LIMIT,
  intune,
  unset: 0,
});
const windowSetting = (option: keyof ThrottleOptions, variable: string): Spec => ({
  option,
  variable,
  kind: 'integer',
  min: 1,
  max: MAX_WINDOW_MS,
  intune: 20_000,
  unset: 20_000,
});

/** Every throttle setting, in the order docs/configuration.md lists them. */
const SPECS: readonly Spec[] = [
  limitSetting('writeLimit', 'EMULATOR_WRITE_LIMIT', 100),
  windowSetting('writeWindowMs', 'EMULATOR_WRITE_WINDOW_MS'),
  limitSetting('tenantWriteLimit', 'EMULATOR_TENANT_WRITE_LIMIT', 200),
  limitSetting('readLimit', 'EMULATOR_READ_LIMIT', 1000),
  windowSetting('readWindowMs', 'EMULATOR_READ_WINDOW_MS'),
  limitSetting('tenantReadLimit', 'EMULATOR_TENANT_READ_LIMIT', 2000),
  { option: 'retryAfter', variable: 'EMULATOR_THROTTLE_RETRY_AFTER', kind: 'switch', intune: true, unset: true },
];

function expected(spec: Spec): string {
  return spec.kind === 'integer' ? `an integer from ${spec.min} to ${spec.max}` : 'true or false';
}

/** Intune's documented limits (graph-facts §5): 100 / 200 writes and 1000 / 2000 requests per 20 s, with Retry-After. */
export const INTUNE_THROTTLE: ThrottleSettings = Object.freeze(settingsFrom((spec) => spec.intune));

function settingsFrom(value: (spec: Spec) => number | boolean): ThrottleSettings {
  const settings: Record<string, number | boolean> = {};
  for (const spec of SPECS) settings[spec.option] = value(spec);
  return settings as unknown as ThrottleSettings; // every key of ThrottleOptions is in SPECS
}

/** createEmulator's `throttle` option checked (an error names the option), unset limits off. */
export function resolveThrottleOptions(options: ThrottleOptions | undefined): ThrottleSettings {
  if (options === undefined) return Object.freeze(settingsFrom((spec) => spec.unset));
  const fail = (name: string, what: string): never => {
    throw new Error(`Invalid emulator option throttle.${name}: ${what}.`);
  };
  if (typeof options !== 'object' || options === null) throw new Error('Invalid emulator option throttle: must be an object.');
  for (const name of Object.keys(options)) {
    if (!SPECS.some((spec) => spec.option === name)) fail(name, `not a throttle setting (${SPECS.map((s) => s.option).join(', ')})`);
  }
  return Object.freeze(
    settingsFrom((spec) => {
      const value: unknown = options[spec.option];
      if (value === undefined) return spec.unset;
      const valid =
        spec.kind === 'integer'
          ? Number.isSafeInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max
          : typeof value === 'boolean';
      if (!valid) fail(spec.option, `must be ${expected(spec)}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
      return value as number | boolean;
    }),
  );
}

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];

/** The EMULATOR_* throttle variables of `env` (an EmulatorSettingError names a bad one); unset means Intune's value. */
export function readThrottleSettings(env: Readonly<Record<string, string | undefined>>): ThrottleSettings {
  return Object.freeze(
    settingsFrom((spec) => {
      const raw = env[spec.variable]?.trim();
      if (raw === undefined || raw === '') return spec.intune;
      const refuse = (): never => {
        throw new EmulatorSettingError(spec.variable, `${spec.variable} must be ${expected(spec)}, got ${JSON.stringify(raw)}.`);
      };
      if (spec.kind === 'switch') {
        const lower = raw.toLowerCase();
        if (TRUE.includes(lower)) return true;
        if (FALSE.includes(lower)) return false;
        return refuse();
      }
      if (!/^[0-9]+$/.test(raw)) return refuse();
      const n = Number(raw);
      return n >= spec.min && n <= spec.max ? n : refuse();
    }),
  );
}
