import { isIP } from 'node:net';

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

/** The URL, or undefined when `value` is not one. */
function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
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
  const url = parseUrl(value);
  if (url === undefined) {
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

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens (a trailing dot allowed). */
const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * The address to listen on: a host name or an IPv4/IPv6 literal as node's
 * listen() takes it (IPv6 without brackets); undefined when unset.
 */
export function listenHost(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (isIP(value) === 0 && !HOST_NAME.test(value)) {
    throw new ConfigError(name, `must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got ${JSON.stringify(value)}`);
  }
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

/** `*`, or exact browser origins (`scheme://host[:port]`). An empty list means no CORS at all. */
export type AllowedOrigins = '*' | readonly string[];

/**
 * CORS_ALLOWED_ORIGINS: `*` or a comma-separated list of exact origins
 * (`https://app.contoso.com,http://localhost:5173`), each kept in the form a
 * browser sends in `Origin` (lower-case scheme and host, default port
 * dropped). Anything with a path, query, credentials or another scheme is
 * refused, so a typo cannot silently allow nothing (or everything).
 */
export function origins(env: Env, name: string, fallback: AllowedOrigins): AllowedOrigins {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (value === '*') return '*';
  const list: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    const refuse = (why: string): never => {
      throw new ConfigError(name, `must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; ${JSON.stringify(entry)} ${why}`);
    };
    if (entry === '') refuse('is empty');
    if (entry === '*') refuse('is a wildcard inside a list (use * alone)');
    // WHATWG URLs take `*` in a host, so https://*.contoso.com would parse and then match no browser's Origin.
    if (entry.includes('*')) refuse('has a wildcard: only exact origins (list each one) or * alone are supported');
    const url = parseUrl(entry) ?? refuse('is not a URL');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('is not http or https');
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(entry)) {
      refuse('is not scheme://host[:port] (no path, not even a trailing /)');
    }
    if (!list.includes(url.origin)) list.push(url.origin);
  }
  return Object.freeze(list);
}

/** The value with any credentials in a URL's authority hidden, for messages. */
export function withoutCredentials(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//***@');
}

/**
 * A Redis URL, `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); undefined when unset.
 * Messages never show its credentials.
 */
export function redisUrl(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const refuse = (why: string): never => {
    throw new ConfigError(name, `must be a URL such as redis://localhost:6379/0 (${why}), got ${JSON.stringify(withoutCredentials(value))}`);
  };
  const url = parseUrl(value) ?? refuse('not a URL');
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') refuse('scheme redis or rediss');
  if (url.hostname === '') refuse('no host');
  if (url.search !== '' || url.hash !== '') refuse('no query or fragment');
  if (!/^(\/(\d{1,2})?)?$/.test(url.pathname)) refuse('the path is a database number');
  return value;
}
