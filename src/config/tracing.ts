/**
 * The OpenTelemetry variables the gateway itself reads (the standard names:
 * opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables),
 * parsed once by loadConfig; each refusal names its variable. The OTLP
 * exporter still reads its own transport settings (OTEL_EXPORTER_OTLP_HEADERS,
 * _TIMEOUT, _COMPRESSION); the endpoint it is handed comes from here.
 */
import { bool, ConfigError, withoutCredentials, type Env } from './env';

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;

/** Tracing on: which exporter, where to, and under which service name. */
export interface TracingConfig {
  readonly exporter: 'otlp' | 'console';
  /** The OTLP traces URL; undefined: the exporter's default (http://localhost:4318/v1/traces). */
  readonly otlpUrl: string | undefined;
  /** OTEL_SERVICE_NAME. */
  readonly serviceName: string;
}

export const DEFAULT_SERVICE_NAME = 'intune-graphql-gateway';

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** An http(s) URL, as the OTLP exporter would parse it; undefined when unset. Messages never show credentials. */
function otlpEndpoint(env: Env, name: string): URL | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(name, `must be an http(s) URL such as http://localhost:4318, got ${JSON.stringify(withoutCredentials(value))}`);
  }
  return url;
}

/**
 * The traces URL as the OTLP exporter derives it: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
 * as it is, else OTEL_EXPORTER_OTLP_ENDPOINT with v1/traces appended.
 */
function otlpTracesUrl(env: Env): string | undefined {
  const traces = otlpEndpoint(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = otlpEndpoint(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (traces !== undefined) return traces.href;
  if (base === undefined) return undefined;
  return `${base.href.endsWith('/') ? base.href : `${base.href}/`}v1/traces`;
}

/**
 * Tracing is on when OTEL_TRACES_EXPORTER asks for an exporter, or an OTLP
 * endpoint is set; OTEL_TRACES_EXPORTER=none and OTEL_SDK_DISABLED=true keep
 * it off. Undefined: off (nothing of the SDK is loaded).
 */
export function tracingConfig(env: Env): TracingConfig | undefined {
  const disabled = bool(env, 'OTEL_SDK_DISABLED', false);
  const named = raw(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (named !== undefined && !(TRACES_EXPORTERS as readonly string[]).includes(named)) {
    throw new ConfigError('OTEL_TRACES_EXPORTER', `must be one of ${TRACES_EXPORTERS.join(', ')}, got ${JSON.stringify(env.OTEL_TRACES_EXPORTER?.trim())}`);
  }
  // Checked even when tracing is off, so a typo does not wait for the day it is turned on.
  const otlpUrl = otlpTracesUrl(env);
  const serviceName = raw(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME;
  if (disabled || named === 'none' || (named === undefined && otlpUrl === undefined)) return undefined;
  const exporter = named === 'console' ? 'console' : 'otlp';
  return Object.freeze({ exporter, otlpUrl: exporter === 'otlp' ? otlpUrl : undefined, serviceName });
}
