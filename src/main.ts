import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { createEmulator, EmulatorSettingError, readLogLimit, readThrottleSettings, SEEDED_MOBILE_APPS, type Emulator, type EntraControl, type EntraOptions, type ThrottleSettings } from './emulator';
import { readPackageAssets } from './schema/load';
import { createGateway } from './server/gateway';
import { EXPLORER_TOKEN_LIFETIME_S } from './server/explorer';
import { warnAboutUndocumentedOperations } from './server/live-graph-notice';
import { startTracing } from './observability/tracing';
import { createLogger, type Logger } from './observability/logger';

/** The config with the emulator's Entra ID stand-in as the gateway's app registration, with the credential set (default its own secret). */
function withEmulatedEntra(config: Config, entra: EntraControl): Config {
  if (config.auth.mode !== 'obo') return config;
  const credential = config.auth.standInCredential ?? Object.freeze({ kind: 'secret', variable: 'AZURE_CLIENT_SECRET', secret: entra.clientSecret } as const);
  const registration = Object.freeze({ tenantId: entra.tenantId, clientId: entra.clientId, credential, authorityHost: entra.authorityHost });
  return Object.freeze({ ...config, auth: Object.freeze({ ...config.auth, registration }) });
}

/** The stand-in's registration trusts the credential set for it (contract §12): that secret, or that certificate. */
function standInOptions(config: Config): EntraOptions {
  const credential = config.auth.mode === 'obo' ? config.auth.standInCredential : undefined;
  if (credential?.kind === 'secret') return { clientSecret: credential.secret };
  if (credential?.kind === 'certificate') return { certificates: [credential.certificate] };
  return {};
}

/** The built-in emulator on 127.0.0.1:EMULATOR_PORT, said so in the first log line; the config with its Entra ID stand-in in obo mode. */
async function startEmbeddedEmulator(config: Config, throttle: ThrottleSettings, requestLogLimit: number, log: Logger): Promise<{ emulator: Emulator; entra: EntraControl | undefined; graphBaseUrl: string; config: Config }> {
  // AUTH_MODE=obo with no AUTHORITY_HOST: the emulator also stands in for Entra ID (contract §12).
  const standInForEntra = config.auth.mode === 'obo' && config.auth.registration === undefined;
  const emulator = createEmulator({ throttle, entra: standInForEntra ? standInOptions(config) : false, requestLogLimit });
  const graphBaseUrl = await emulator.listen(config.emulatorPort, '127.0.0.1').catch((error: unknown) => refuseToListen(error, 'EMULATOR_PORT', '127.0.0.1', log));
  log.info(
    { graphBaseUrl, seededMobileAppIds: SEEDED_MOBILE_APPS.map((app) => app.id) },
    'GRAPH_BASE_URL is not set: the gateway is on its built-in Microsoft Graph EMULATOR (emulated data, not Microsoft Graph, no tenant)',
  );
  if (config.redis !== undefined) {
    // Redis shares idempotency records and the write budget, not the emulated tenant: each replica would have its own.
    log.warn(
      { graphBaseUrl },
      "REDIS_URL is set but GRAPH_BASE_URL is not: this gateway embeds its own emulator, whose data lives in this process only, so replicas sharing REDIS_URL would not share it (an id created through one reads back as null through another; cursors fail across them). Run one emulator with `npm run emulator` and set every replica's GRAPH_BASE_URL to the URL it prints",
    );
  }
  if (!standInForEntra) return { emulator, entra: undefined, graphBaseUrl, config };
  const withEntra = withEmulatedEntra(config, emulator.entra);
  const credential = withEntra.auth.mode === 'obo' ? withEntra.auth.registration?.credential : undefined;
  const federated = credential?.kind === 'federated' ? `; write the federated token with: AUTHORITY_HOST=${emulator.entra.authorityHost} npm run token -- --federated > ${credential.path}` : '';
  log.info(
    { authorityHost: emulator.entra.authorityHost, tenantId: emulator.entra.tenantId, clientId: emulator.entra.clientId, credential: credential?.variable ?? null },
    `AUTH_MODE=obo: the emulator also stands in for Entra ID; get a user token with: AUTHORITY_HOST=${emulator.entra.authorityHost} npm run token${federated}`,
  );
  return { emulator, entra: emulator.entra, graphBaseUrl, config: withEntra };
}

type PortSetting = 'PORT' | 'METRICS_PORT' | 'EMULATOR_PORT';

/**
 * What a listen() failure means for the operator, in one line naming the
 * setting to change; undefined for failures no setting explains. Equal
 * ports are refused by loadConfig before anything listens.
 */
function listenFailure(error: unknown, setting: PortSetting, host: string | undefined): string | undefined {
  const { code, port } = error as { code?: unknown; port?: unknown };
  const anyInterface = 'use an address of this machine, or 0.0.0.0 (:: for IPv6) for every interface';
  switch (code) {
    case 'EADDRINUSE':
      return `${setting}: port ${String(port)} is already in use on ${host ?? 'every interface'}; stop what listens there or choose another ${setting} (0 picks a free port)`;
    case 'EACCES':
      return `${setting}: not allowed to listen on port ${String(port)} (ports below 1024 need privileges); choose a port from 1024 up`;
    case 'EADDRNOTAVAIL':
      return `HOST: ${JSON.stringify(host)} is not an address of this machine; ${anyInterface}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return `HOST: ${JSON.stringify(host)} does not resolve to an address; ${anyInterface}`;
    default:
      return undefined;
  }
}

/** Stops the start with one line naming the setting (no stack trace); rethrows failures no setting explains. */
function refuseToListen(error: unknown, setting: PortSetting, host: string | undefined, log: Logger): never {
  const message = listenFailure(error, setting, host);
  if (message === undefined) throw error;
  log.flush();
  process.stderr.write(`Cannot listen: ${message}\n`);
  process.exit(1);
}

/** `npm start`: config → emulator when GRAPH_BASE_URL is unset → gateway → drain on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  let emulatorThrottle: ThrottleSettings;
  let emulatorLogLimit: number;
  try {
    config = loadConfig(process.env);
    // The embedded emulator throttles like Intune unless its EMULATOR_* variables say otherwise.
    emulatorThrottle = readThrottleSettings(process.env);
    emulatorLogLimit = readLogLimit(process.env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EmulatorSettingError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  // A fatal error is logged like any other line; process.exit then runs pino's exit hook, which writes the
  // asynchronous log's buffered lines synchronously, so neither this line nor the ones before it are lost.
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: the gateway exits');
    process.exit(1);
  });
  // This file runs as dist/main.js (npm start) or src/main.ts: the package root is one level up either way.
  const assets = readPackageAssets(path.resolve(__dirname, '..'));
  const tracing = await startTracing(config.tracing);

  let emulator: Emulator | undefined;
  let entra: EntraControl | undefined;
  let graphBaseUrl = config.graphBaseUrl;
  if (graphBaseUrl === undefined) {
    ({ emulator, entra, graphBaseUrl, config } = await startEmbeddedEmulator(config, emulatorThrottle, emulatorLogLimit, log));
  }

  warnAboutUndocumentedOperations(graphBaseUrl, log);
  // A short-lived user token per explorer page (contract §14), never logged.
  const standIn = entra;
  const mintUserToken = standIn && ((): string => standIn.mintUserToken({ claims: { exp: Math.floor(Date.now() / 1000) + EXPLORER_TOKEN_LIFETIME_S } }));
  const gateway = createGateway({ config, log, graphBaseUrl, emulator: emulator !== undefined, mintUserToken, ...assets });
  const url = await gateway.listen(config.port, config.host).catch((error: unknown) => {
    const failedPort = (error as { port?: unknown }).port;
    const setting = config.metricsPort !== undefined && failedPort === config.metricsPort ? 'METRICS_PORT' : 'PORT';
    return refuseToListen(error, setting, config.host, log);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'draining: no new connections, finishing in-flight requests');
    // The log is buffered (observability/logger.ts): whoever watches it sees the drain start now, not a flush later.
    log.flush();
    void gateway.shutdown(config.shutdownGraceMs).then(async ({ abandoned }) => {
      await emulator?.close();
      await tracing?.shutdown();
      if (abandoned > 0) {
        log.error({ abandoned }, `shutdown grace of ${config.shutdownGraceMs} ms ran out: ${abandoned} in-flight request(s) abandoned`);
        exitWhenLogged(log, 1);
        return;
      }
      log.info('stopped');
      exitWhenLogged(log, 0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Only now, with the handlers in place: whoever waits for this line may send SIGTERM at once (the line can
  // reach a pipe from libuv's thread pool before this thread runs another statement).
  log.info({ url, graphBaseUrl, emulator: emulator !== undefined, metrics: gateway.metricsUrl ?? null, tracing: tracing !== undefined, writeBudget: writeBudgetSummary(config) }, 'gateway ready');
  log.flush(); // the start's lines at once, as for 'draining' above
}

/** How long an exit waits for the log's last lines to be written before it exits anyway (pino's exit hook then writes them synchronously). */
const LOG_FLUSH_WAIT_MS = 1000;

/** Exits with `code` once the lines logged so far are written: the log is asynchronous and buffered (observability/logger.ts). */
function exitWhenLogged(log: Logger, code: number): void {
  setTimeout(() => process.exit(code), LOG_FLUSH_WAIT_MS);
  // Called after the last write; its error is fsync's on a pipe (EINVAL), after the lines are written.
  log.flush(() => process.exit(code));
}

/** The write budget in force, for the ready line: off, or its limits and where they are counted. */
function writeBudgetSummary(config: Config): Record<string, unknown> | 'off' {
  const { limit, windowMs, tenantLimit, waitMs } = config.writeBudget;
  if (limit === 0) return 'off';
  return { limit, windowMs, tenantLimit, waitMs, shared: config.redis !== undefined };
}

main().catch((error: unknown) => {
  // A setting refused only once the schema is built (a TRUSTED_DOCUMENTS manifest): one line, as loadConfig's refusals.
  if (error instanceof ConfigError) {
    process.stderr.write(`Invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
