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
];

/**
 * Token-shaped text anywhere in a line (a message, an error's text): a bearer
 * credential, or a JWT (three base64url parts, the first starting "eyJ").
 */
const TOKEN_SHAPED = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+|\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/gi;

/** Replaces token-shaped text in one serialized log line. */
export function redactTokens(line: string): string {
  return line.replace(TOKEN_SHAPED, (_match, bearer: string | undefined) => (bearer ? `${bearer}[redacted]` : '[redacted]'));
}

/** JSON lines on stdout (or `destination`, which tests use to capture them). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'intune-graphql-gateway' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redactTokens },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
