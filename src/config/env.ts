/**
 * Small, pure parsers for environment variables. Each throws a ConfigError
 * that names the variable and the value it refused.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** An integer in [min, max]; the default when unset or empty. */
export function int(env: Env, name: string, opts: { default: number; min: number; max: number }): number {
  const value = raw(env, name);
  if (value === undefined) return opts.default;
  if (!/^-?\d+$/.test(value)) {
    throw new ConfigError(name, `must be a whole number from ${opts.min} to ${opts.max}, got ${JSON.stringify(value)}`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < opts.min || n > opts.max) {
    throw new ConfigError(name, `must be a whole number from ${opts.min} to ${opts.max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** One of a fixed set of words (case-sensitive); the default when unset. */
export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** true/false (also 1/0, yes/no); the default when unset. */
export function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * An absolute http(s) URL with no query, fragment or credentials; the
 * trailing slash is dropped. Undefined when unset.
 */
export function baseUrl(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL such as https://graph.microsoft.com/beta, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https, got ${JSON.stringify(value)}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(name, `must not have a query, fragment or credentials, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A secret of at least `minLength` characters; undefined when unset. The message never shows it. */
export function secret(env: Env, name: string, minLength: number): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (value.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters long (it was ${value.length})`);
  return value;
}

/** An absolute URL path such as /metrics; the default when unset. */
export function urlPath(env: Env, name: string, fallback: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(value) || value.includes('//')) {
    throw new ConfigError(name, `must be a path such as /metrics, got ${JSON.stringify(value)}`);
  }
  return value;
}
