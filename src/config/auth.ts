/**
 * The auth settings (api-contract.md §12): AUTH_MODE and, for `obo`, the
 * gateway's app registration and how caller tokens are checked. Parsed
 * once by loadConfig; each refusal names its variable.
 */
import { gatewayCredential, type GatewayCredential } from './credential';
import { ConfigError, int, oneOf, type Env } from './env';

export const AUTH_MODES = ['forward', 'obo'] as const;

/** The gateway's app registration in Entra ID, and where Entra ID is. */
export interface EntraAppRegistration {
  /** Directory (tenant) ID, a lower-case GUID. */
  readonly tenantId: string;
  /** Application (client) ID of the gateway's registration, a lower-case GUID. */
  readonly clientId: string;
  /** How the gateway proves it is that app: a secret, a certificate, or a federated token file. */
  readonly credential: GatewayCredential;
  /** Scheme, host and port of the authority, no path: https://login.microsoftonline.com, or a local stand-in. */
  readonly authorityHost: string;
}

/** AUTH_MODE=obo: tokens for the gateway's own API, exchanged On-Behalf-Of for Graph tokens. */
export interface OboAuthConfig {
  readonly mode: 'obo';
  /**
   * Undefined while the embedded emulator is to stand in for Entra ID
   * (GRAPH_BASE_URL and AUTHORITY_HOST unset): main.ts fills it in with the
   * emulator's registration once the emulator listens.
   */
  readonly registration: EntraAppRegistration | undefined;
  /**
   * With the embedded stand-in only: the credential set for it to trust
   * (undefined: the stand-in's own secret). A real tenant's is in `registration`.
   */
  readonly standInCredential: GatewayCredential | undefined;
  /** AUTH_AUDIENCE; undefined: `api://<client id>` and the bare client id (what Entra ID puts in v2.0 tokens). */
  readonly audience: string | undefined;
  /** A delegated scope the token's `scp` must hold. */
  readonly requiredScope: string;
  /** Leeway on `exp` and `nbf`. */
  readonly clockSkewS: number;
  /** Least time between two JWKS fetches caused by unknown `kid`s. */
  readonly jwksCooldownMs: number;
  /** Exchanged Graph tokens kept (one per incoming token); 0 keeps none. */
  readonly oboCacheMax: number;
  /** Deadline of one call to Entra ID (JWKS or token endpoint). */
  readonly timeoutMs: number;
}

export type AuthConfig = { readonly mode: 'forward' } | OboAuthConfig;

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 6749 (section 3.3) scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const REGISTRATION = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const;

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function guid(env: Env, name: string, what: string): string {
  const value = raw(env, name);
  if (value === undefined) {
    throw new ConfigError(
      name,
      `is required with AUTH_MODE=obo (${what} of the gateway's app registration), unless the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset)`,
    );
  }
  if (!GUID.test(value)) throw new ConfigError(name, `must be ${what}, a GUID such as 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/**
 * AUTHORITY_HOST (or AZURE_AUTHORITY_HOST, the name the Kubernetes workload
 * identity webhook sets): an origin (no path). https, or http on a loopback
 * host only: a local stand-in such as the emulator's.
 */
function origin(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const refuse = (why: string): never => {
    throw new ConfigError(name, `must be an origin such as ${DEFAULT_AUTHORITY_HOST} (${why}), got ${JSON.stringify(value)}`);
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('not a URL');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/') refuse('no path, query or credentials');
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) refuse('http only on localhost, 127.0.0.1 or [::1], for a local stand-in');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('https');
  return url.origin;
}

/** The authority: AUTHORITY_HOST and AZURE_AUTHORITY_HOST read alike; both set must be one origin (a trailing / is no difference). */
function authorityHost(env: Env): string | undefined {
  const own = origin(env, 'AUTHORITY_HOST');
  const azure = origin(env, 'AZURE_AUTHORITY_HOST');
  if (own !== undefined && azure !== undefined && own !== azure) {
    throw new ConfigError(
      'AZURE_AUTHORITY_HOST',
      `is ${JSON.stringify(azure)} but AUTHORITY_HOST is ${JSON.stringify(own)}: both name the Entra ID authority; unset one, or set both to the same origin`,
    );
  }
  return own ?? azure;
}

const REAL_TENANT = '(GRAPH_BASE_URL or AUTHORITY_HOST set)';

function registration(env: Env, embeddedEmulator: boolean): Pick<OboAuthConfig, 'registration' | 'standInCredential'> {
  const host = authorityHost(env);
  if (embeddedEmulator && host === undefined) {
    const set = REGISTRATION.find((name) => raw(env, name) !== undefined);
    if (set !== undefined) {
      throw new ConfigError(
        set,
        'is set, but the embedded emulator stands in for Entra ID (GRAPH_BASE_URL and AUTHORITY_HOST unset): set AUTHORITY_HOST to use that tenant, or unset AZURE_TENANT_ID and AZURE_CLIENT_ID',
      );
    }
    // The stand-in plays the tenant where the gateway's app is registered: it trusts the credential set here.
    return { registration: undefined, standInCredential: gatewayCredential(env, false, REAL_TENANT) };
  }
  const tenantId = guid(env, 'AZURE_TENANT_ID', 'the directory (tenant) ID');
  const clientId = guid(env, 'AZURE_CLIENT_ID', 'the application (client) ID');
  const credential = gatewayCredential(env, true, `on a real tenant ${REAL_TENANT}`)!;
  return { registration: Object.freeze({ tenantId, clientId, credential, authorityHost: host ?? DEFAULT_AUTHORITY_HOST }), standInCredential: undefined };
}

/** AUTH_MODE and, for obo, its settings. `embeddedEmulator`: GRAPH_BASE_URL is unset. */
export function authConfig(env: Env, embeddedEmulator: boolean): AuthConfig {
  const mode = oneOf(env, 'AUTH_MODE', AUTH_MODES, 'forward');
  if (mode === 'forward') return Object.freeze({ mode });
  const audience = raw(env, 'AUTH_AUDIENCE');
  if (audience !== undefined && /\s/.test(audience)) throw new ConfigError('AUTH_AUDIENCE', `must be one audience such as api://<client id>, got ${JSON.stringify(audience)}`);
  const requiredScope = raw(env, 'AUTH_REQUIRED_SCOPE') ?? 'access_as_user';
  if (!SCOPE_TOKEN.test(requiredScope)) {
    throw new ConfigError('AUTH_REQUIRED_SCOPE', `must be one scope name such as access_as_user, got ${JSON.stringify(requiredScope)}`);
  }
  return Object.freeze({
    mode,
    ...registration(env, embeddedEmulator),
    audience,
    requiredScope,
    clockSkewS: int(env, 'AUTH_CLOCK_SKEW_S', { default: 60, min: 0, max: 300 }),
    jwksCooldownMs: int(env, 'AUTH_JWKS_COOLDOWN_MS', { default: 30_000, min: 0, max: 3_600_000 }),
    oboCacheMax: int(env, 'AUTH_OBO_CACHE_MAX', { default: 10_000, min: 0, max: 1_000_000 }),
    timeoutMs: int(env, 'AUTH_TIMEOUT_MS', { default: 10_000, min: 1, max: 120_000 }),
  });
}
