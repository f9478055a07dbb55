// The emulator and the gateway in this process, each on its own loopback socket (port 0): what the integration
// tests, the fault campaign (chaos/) and the in-process soak run. Traffic crosses real HTTP both ways, so resets and
// timeouts are real socket events.
import { Writable } from 'node:stream';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator';
import { createGateway, type Gateway } from '../../src/server/gateway';
import { createLogger } from '../../src/observability/logger';
import { packageAssets } from './project';

/** The bearer token tests send; asserted never to appear in logs. */
export const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test-token-not-a-secret.c2lnbmF0dXJl';
export const AUTHORIZATION = `Bearer ${TOKEN}`;

/** Settings that keep tests fast: short deadlines and back-off. */
export const TEST_ENV: Record<string, string> = {
  GRAPH_TIMEOUT_MS: '1500',
  GRAPH_RETRY_BASE_DELAY_MS: '5',
  LOG_LEVEL: 'debug',
};

export interface GraphQLResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: unknown; locations?: unknown; extensions?: Record<string, unknown> }>;
  };
}

export interface StackOptions {
  /**
   * Gateway settings, over TEST_ENV (or over nothing with `testDefaults: false`). Never process.env: a run does not
   * depend on the shell. A function gets the listening emulator (e.g. AUTHORITY_HOST for its Entra ID stand-in).
   */
  readonly env?: Record<string, string> | ((emulator: Emulator) => Record<string, string>);
  /** False: only `env` (the scripts print the settings they ran with). Default true. */
  readonly testDefaults?: boolean;
  /** Emulator options; faults are on unless turned off here. */
  readonly emulator?: EmulatorOptions;
  /** Points the gateway elsewhere than the emulator (the emulator still starts). */
  readonly graphBaseUrl?: string;
  /** The shutdown grace close() gives the gateway (default 1000 ms). */
  readonly shutdownGraceMs?: number;
}

export interface Stack {
  readonly emulator: Emulator;
  readonly gateway: Gateway;
  /** The gateway's GraphQL URL. */
  readonly url: string;
  /** Every log line the gateway wrote, raw (JSON text). */
  readonly logLines: string[];
  /** POSTs a GraphQL operation with the test token (or the given headers). */
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

/** Starts the emulator and the gateway, each on port 0, over real sockets. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = createEmulator({ faults: true, ...options.emulator });
  const emulatorUrl = await emulator.listen(0, '127.0.0.1');
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  let gateway: Gateway;
  let url: string;
  try {
    const config = loadConfig({ ...(options.testDefaults === false ? {} : TEST_ENV), ...(typeof options.env === 'function' ? options.env(emulator) : options.env) });
    const log = createLogger(config.logLevel, sink);
    gateway = createGateway({ config, log, graphBaseUrl: options.graphBaseUrl ?? emulatorUrl, emulator: true, ...packageAssets() });
    url = await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const graceMs = options.shutdownGraceMs ?? 1000;
  return {
    emulator,
    gateway,
    url,
    logLines,
    async gql(query, variables, headers = { authorization: AUTHORIZATION }) {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as GraphQLResponse['body'] };
    },
    async close() {
      await gateway.shutdown(graceMs);
      await emulator.close();
    },
  };
}
