import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger } from 'pino';

/** What replaces a secret in a line. */
const CENSOR = '[redacted]';

/**
 * Keys whose value is a secret: redacted at the top of a line and one object down (`headers.authorization`,
 * `nested.clientSecret`), and `authorization` two down (`req.headers.authorization`). Tokens never reach the logs
 * (contract §7), even if a header map or an On-Behalf-Of exchange's form (AUTH_MODE=obo: the gateway's secret, the
 * caller's assertion, Graph's token) is logged by mistake. These are exactly the places pino's wildcard redact
 * paths (`*.token`…) reached; checking them in the one pass over a line's values costs a few key lookups, where
 * pino's wildcard redaction ran every value of every line through a path walker.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'token',
  // What an On-Behalf-Of exchange handles (AUTH_MODE=obo): the gateway's secret, the caller's assertion, Graph's token.
  'clientSecret',
  'client_secret',
  'assertion',
  'access_token',
  // The gateway's other credentials (contract §12): a certificate's private key, a client assertion.
  'privateKey',
  'clientAssertion',
  'client_assertion',
]);

/** Whether an object one level down in a line holds a secret (or a header map holding one). */
function holdsSecret(value: object): boolean {
  for (const key in value) {
    if (SECRET_KEYS.has(key)) return true;
    if (key === 'headers') {
      const headers = (value as Record<string, unknown>).headers;
      if (typeof headers === 'object' && headers !== null && 'authorization' in headers) return true;
    }
  }
  return false;
}

/** A copy of `value` with its secrets censored; an Error stays an Error (message, stack, type), so pino prints it as one. */
function censored(value: object): Record<string, unknown> {
  const copy = (
    value instanceof Error ? Object.defineProperties(Object.create(Object.getPrototypeOf(value) as object), Object.getOwnPropertyDescriptors(value)) : { ...value }
  ) as Record<string, unknown>;
  for (const key in copy) {
    if (SECRET_KEYS.has(key)) copy[key] = CENSOR;
    else if (key === 'headers' && typeof copy.headers === 'object' && copy.headers !== null && 'authorization' in copy.headers) {
      copy.headers = { ...copy.headers, authorization: CENSOR };
    }
  }
  return copy;
}

/**
 * Token-shaped text anywhere in a line (a message, an error's text): a bearer
 * credential, a JWT (three base64url parts, the first starting "eyJ"), or a
 * credential in a form body (an OAuth token request: client_secret=…), or a
 * PEM private key.
 */
const TOKEN_SHAPED =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)|\b(Bearer\s+)[A-Za-z0-9._~+/=-]+|\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|\b((?:client_secret|client_assertion|assertion|access_token|refresh_token|id_token)=)[^&\s"]+/gi;

/**
 * What every TOKEN_SHAPED match contains (case-insensitive, as TOKEN_SHAPED is): a line without any of these has
 * nothing to replace. Testing for them is about twice as fast as the full replace, and most lines have none.
 */
const MAYBE_TOKEN = /bearer|eyJ|=|PRIVATE KEY/i;

/** Replaces token-shaped text in one serialized log line. */
export function redactTokens(line: string): string {
  if (!MAYBE_TOKEN.test(line)) return line;
  return line.replace(TOKEN_SHAPED, (_match, bearer: string | undefined, field: string | undefined) => `${bearer ?? field ?? ''}[redacted]`);
}

/** Longest string value a log line carries; longer ones are cut and say how long they were. */
export const MAX_LOG_STRING = 2048;

/**
 * The one pass over a line's values (pino's `formatters.log`): censors secrets by key (see SECRET_KEYS) and cuts
 * over-long strings (a path, a message built from input) so one line stays small. The object is copied only when
 * something changes, so the usual line (the per-operation one) costs one loop over its six keys.
 */
export function redactAndTruncate(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const value = object[key];
    let replacement = value;
    if (SECRET_KEYS.has(key)) replacement = CENSOR;
    else if (typeof value === 'string') {
      if (value.length > MAX_LOG_STRING) replacement = `${value.slice(0, MAX_LOG_STRING)}… (${value.length} characters)`;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && holdsSecret(value)) replacement = censored(value);
    if (replacement !== value) {
      copy ??= { ...object };
      copy[key] = replacement;
    }
  }
  return copy ?? object;
}

/**
 * Where the lines go by default: stdout through an asynchronous writer that writes once 16 KiB have gathered (about
 * 55 operation lines), and at least every FLUSH_EVERY_MS when it is quiet. Each asynchronous write hands its bytes
 * to libuv's thread pool, which costs far more CPU than the bytes (measured here: 24–54 µs per fs.write of 4 KiB,
 * against 4 µs for a synchronous one), so the fewer writes the better; the event loop never waits on stdout.
 * pino flushes it synchronously on process exit (also after an uncaught exception); main.ts waits for it to drain
 * before exiting on SIGTERM/SIGINT.
 */
const MIN_WRITE_BYTES = 16 * 1024;
/** Largest single write: above MIN_WRITE_BYTES (sonic-boom requires it), within a pipe's usual 64 KiB. */
const MAX_WRITE_BYTES = 64 * 1024;
const FLUSH_EVERY_MS = 250;

/**
 * pino's isoTime, made once per millisecond: under load several lines share a millisecond, and formatting a Date
 * was a visible part of the line's cost in a --cpu-prof of the gateway.
 */
function isoTimeOncePerMs(): () => string {
  let lastMs = -1;
  let last = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      last = `,"time":"${new Date(now).toISOString()}"`;
    }
    return last;
  };
}

/** What pino needs of a destination to write lines and flush them (Logger.flush). */
interface FlushableDestination extends DestinationStream {
  flush(cb?: (err?: Error) => unknown): void;
}

/**
 * The default destination, and a timer (not keeping the process alive) that flushes it when lines wait.
 *
 * Each line goes to sonic-boom as a Buffer (its `contentMode: 'buffer'`). In its default text mode every write
 * measures the text gathered so far (`Buffer.byteLength` of a growing concatenation, which V8 first copies into
 * one flat string): with 16 KiB writes that is about 8 kB copied per line. In buffer mode it adds lengths, and the
 * line's Buffer comes from Node's pool. `node .bench/dist/bench/log-line.js` (the whole line, this logger against
 * the text-mode build): 8.2–9.1 → 5.8 CPU-µs per line on Node 20, 7.4–8.3 → 5.5–5.9 on Node 24.
 */
function bufferedStdout(): FlushableDestination {
  const sonic = pino.destination({ dest: 1, sync: false, minLength: MIN_WRITE_BYTES, maxWrite: MAX_WRITE_BYTES, contentMode: 'buffer' });
  // sonic-boom's types know only text; in buffer mode its write takes a Buffer. Called through `sonic` on each line,
  // not bound once: pino replaces sonic.write with a no-op when stdout's reader has gone (EPIPE).
  const buffers = sonic as unknown as { write(data: Buffer): boolean };
  let waiting = false;
  // Not sonic-boom's periodicFlush: that writes (an empty buffer) on every tick, lines waiting or not.
  setInterval(() => {
    if (!waiting) return;
    waiting = false;
    sonic.flush();
  }, FLUSH_EVERY_MS).unref();
  return {
    write(line: string) {
      waiting = true;
      buffers.write(Buffer.from(line, 'utf8'));
    },
    flush: (cb) => sonic.flush(cb),
  };
}

/** JSON lines on stdout (or `destination`, which tests use to capture them). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'intune-graphql-gateway' },
      timestamp: isoTimeOncePerMs(),
      formatters: { level: (label) => ({ level: label }), log: redactAndTruncate },
      hooks: { streamWrite: redactTokens },
    },
    destination ?? bufferedStdout(),
  );
}
