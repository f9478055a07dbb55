import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger } from 'pino';

/**
 * Redacted wherever they appear in a log object: tokens never reach the logs
 * (contract §7), even if a header map is logged by mistake.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  // What an On-Behalf-Of exchange handles (AUTH_MODE=obo): the gateway's secret, the caller's assertion, Graph's token.
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'assertion',
  '*.assertion',
  // The gateway's other credentials (contract §12): a certificate's private key, a client assertion.
  'privateKey',
  '*.privateKey',
  'clientAssertion',
  '*.clientAssertion',
  'client_assertion',
  '*.client_assertion',
  'access_token',
  '*.access_token',
];

/**
 * Token-shaped text anywhere in a line (a message, an error's text): a bearer
 * credential, a JWT (three base64url parts, the first starting "eyJ"), or a
 * credential in a form body (an OAuth token request: client_secret=…), or a
 * PEM private key.
 */
const TOKEN_SHAPED =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)|\b(Bearer\s+)[A-Za-z0-9._~+/=-]+|\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|\b((?:client_secret|client_assertion|assertion|access_token|refresh_token|id_token)=)[^&\s"]+/gi;

/** Replaces token-shaped text in one serialized log line. */
export function redactTokens(line: string): string {
  return line.replace(TOKEN_SHAPED, (_match, bearer: string | undefined, field: string | undefined) => `${bearer ?? field ?? ''}[redacted]`);
}

/** Longest string value a log line carries; longer ones are cut and say how long they were. */
export const MAX_LOG_STRING = 2048;

/** Cuts over-long top-level string values (a path, a message built from input), so one line stays small. */
export function truncateLongStrings(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string' && value.length > MAX_LOG_STRING) {
      copy ??= { ...object };
      copy[key] = `${value.slice(0, MAX_LOG_STRING)}… (${value.length} characters)`;
    }
  }
  return copy ?? object;
}

/** JSON lines on stdout (or `destination`, which tests use to capture them). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'intune-graphql-gateway' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: truncateLongStrings },
      hooks: { streamWrite: redactTokens },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
