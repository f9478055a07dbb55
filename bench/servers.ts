// Starting the processes a bench measures: the gateway as `npm start` starts it (with the few settings a bench must
// change, printed with the results), the references, and the fake Graph; shared by run.ts and log-ab.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/helpers/ports';
import { PROJECT_ROOT } from '../test/helpers/project';
import { startCommand } from '../test/helpers/start-command';
import type { ServerName } from './check';
import { FakeGraphControl } from './fake-graph-control';
import { trustedManifest } from './operations';
import { ChildRegistry, LOAD_CPU, MEASURED_CPU, type ManagedChild } from './processes';

/** The gateway's configuration variables (README "Configuration"): none may leak in from the caller's shell. */
export const GATEWAY_VARIABLES = [
  'PORT',
  'HOST',
  'GRAPH_BASE_URL',
  'GRAPH_TIMEOUT_MS',
  'GRAPH_CONNECTIONS',
  'GRAPH_RETRY_MAX',
  'GRAPH_RETRY_BUDGET_MS',
  'GRAPH_RETRY_BASE_DELAY_MS',
  'GRAPH_MAX_RESPONSE_BYTES',
  'DEFAULT_PAGE_SIZE',
  'MAX_PAGE_SIZE',
  'CURSOR_SECRET',
  'MAX_REQUEST_BODY_BYTES',
  'SHUTDOWN_GRACE_MS',
  'LOG_LEVEL',
  'NODE_ENV',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_LANDING_PAGE',
  'EMULATOR_PORT',
  'TRUSTED_DOCUMENTS',
  'TRUSTED_DOCUMENTS_MODE',
  'TRUSTED_DOCUMENTS_BYPASS_SECRET',
  'NODE_OPTIONS',
];

/** The LOG_LEVEL values the gateway accepts (README "Configuration"). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What the bench sets for the gateway that `npm start` would not: every one is printed with the results. Anything
 * else is npm start's default (LOG_LEVEL included, unless --log-level asks otherwise), since every other gateway
 * variable is removed from the caller's environment.
 */
export function gatewaySettings(logLevel: LogLevel | undefined, port: number | '<free port>', graphBaseUrl: string | '<fake Graph>' | undefined): Record<string, string> {
  return {
    // What a production deployment sets (Apollo Server's production defaults: no landing page, no stack traces).
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(graphBaseUrl === undefined ? {} : { GRAPH_BASE_URL: graphBaseUrl }),
    ...(logLevel === undefined ? {} : { LOG_LEVEL: logLevel }),
  };
}

/** The environment of a gateway start, as a user would set it (with what `npm start`'s script sets), with gatewaySettings' changes only. */
export function gatewayEnv(logLevel: LogLevel | undefined, port: number, graphBaseUrl?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of GATEWAY_VARIABLES) delete env[key];
  return { ...env, ...startCommand().env, ...gatewaySettings(logLevel, port, graphBaseUrl) };
}

/**
 * node's arguments for the gateway as `npm start` runs it: package.json's start script's node flags (none today:
 * docs/performance.md, "Node's own heap sizing") and its script, with `extraFlags` (a profiler's) between them. Every bench
 * script starts the gateway with these; `test/unit/bench-gateway.test.ts` holds them to it.
 */
export function gatewayArgs(extraFlags: readonly string[] = []): string[] {
  const start = startCommand();
  return [...start.nodeArgs, ...extraFlags, path.join(PROJECT_ROOT, start.script)];
}

/** The gateway's command line as printed with a bench's results: `node <npm start's flags> dist/main.js`. */
export function gatewayCommandLine(): string {
  const start = startCommand();
  return ['node', ...start.nodeArgs, start.script].join(' ');
}

/**
 * What the gateway of the by-id scenarios gets on top of gatewaySettings: the bench's operations as trusted
 * documents (contract §13), enforced, as a production deployment with an allow-list runs. Printed with the results.
 */
export function trustedGatewaySettings(manifestPath: string): Record<string, string> {
  return { TRUSTED_DOCUMENTS: manifestPath, TRUSTED_DOCUMENTS_MODE: 'enforce' };
}

/** Writes the trusted-documents manifest (every operation text of the bench, by its sha256) into `dir`; returns its path. */
export function writeTrustedManifest(dir: string): string {
  const file = path.join(dir, 'persisted-documents.json');
  writeFileSync(file, `${JSON.stringify(trustedManifest(), null, 2)}\n`);
  return file;
}

export interface Server {
  readonly name: ServerName;
  readonly child: ManagedChild;
  readonly url: string;
}

export async function startServer(
  registry: ChildRegistry,
  name: ServerName,
  root: string,
  args: readonly string[],
  env: (port: number) => NodeJS.ProcessEnv,
): Promise<Server> {
  const port = await freePort();
  const child = registry.spawnNode(name, MEASURED_CPU, args, { cwd: root, env: env(port) });
  await child.waitFor200(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 20_000, pollMs: 10 });
  return { name, child, url: `http://127.0.0.1:${port}/graphql` };
}

/** The fake Graph on LOAD_CPU, once it answers. */
export async function startFakeGraph(registry: ChildRegistry, root: string, benchDir: string): Promise<{ child: ManagedChild; control: FakeGraphControl }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete env.NODE_OPTIONS;
  const child = registry.spawnNode('fake Graph', LOAD_CPU, [path.join(benchDir, 'fake-graph.js')], { cwd: root, env });
  const origin = `http://127.0.0.1:${port}`;
  await child.waitFor200(`${origin}/_bench/stats`, { timeoutMs: 20_000, pollMs: 10 });
  return { child, control: new FakeGraphControl(origin) };
}

