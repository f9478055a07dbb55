import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { createEmulator, EmulatorSettingError, readLogLimit, readThrottleSettings, SEEDED_MOBILE_APPS, type Emulator, type EntraControl, type ThrottleSettings } from './emulator';
import { readPackageAssets } from './schema/load';
import { createGateway } from './server/gateway';
import { warnAboutUndocumentedOperations } from './server/live-graph-notice';
import { startTracing } from './observability/tracing';
import { createLogger } from './observability/logger';

/** The config with the emulator's Entra ID stand-in as the gateway's app registration. */
function withEmulatedEntra(config: Config, entra: EntraControl): Config {
  if (config.auth.mode !== 'obo') return config;
  const registration = Object.freeze({ tenantId: entra.tenantId, clientId: entra.clientId, clientSecret: entra.clientSecret, authorityHost: entra.authorityHost });
  return Object.freeze({ ...config, auth: Object.freeze({ ...config.auth, registration }) });
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
  // This file runs as dist/main.js (npm start) or src/main.ts: the package root is one level up either way.
  const assets = readPackageAssets(path.resolve(__dirname, '..'));
  const tracing = await startTracing(process.env);

  let emulator: Emulator | undefined;
  let graphBaseUrl = config.graphBaseUrl;
  if (graphBaseUrl === undefined) {
    // AUTH_MODE=obo with no AUTHORITY_HOST: the emulator also stands in for Entra ID (contract §12).
    const standInForEntra = config.auth.mode === 'obo' && config.auth.registration === undefined;
    emulator = createEmulator({ throttle: emulatorThrottle, entra: standInForEntra, requestLogLimit: emulatorLogLimit });
    graphBaseUrl = await emulator.listen(config.emulatorPort, '127.0.0.1');
    log.info(
      { graphBaseUrl, seededMobileAppIds: SEEDED_MOBILE_APPS.map((app) => app.id) },
      'GRAPH_BASE_URL is not set: the gateway is on its built-in Microsoft Graph EMULATOR (emulated data, not Microsoft Graph, no tenant)',
    );
    if (standInForEntra) {
      config = withEmulatedEntra(config, emulator.entra);
      log.info(
        { authorityHost: emulator.entra.authorityHost, tenantId: emulator.entra.tenantId, clientId: emulator.entra.clientId },
        `AUTH_MODE=obo: the emulator also stands in for Entra ID; get a user token with: AUTHORITY_HOST=${emulator.entra.authorityHost} npm run token`,
      );
    }
  }

  warnAboutUndocumentedOperations(graphBaseUrl, log);
  const gateway = createGateway({ config, log, graphBaseUrl, emulator: emulator !== undefined, ...assets });
  const url = await gateway.listen(config.port, config.host);
  log.info({ url, graphBaseUrl, emulator: emulator !== undefined, metrics: gateway.metricsUrl ?? null, tracing: tracing !== undefined, writeBudget: writeBudgetSummary(config) }, 'gateway ready');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'draining: no new connections, finishing in-flight requests');
    void gateway.shutdown(config.shutdownGraceMs).then(async ({ abandoned }) => {
      await emulator?.close();
      await tracing?.shutdown();
      if (abandoned > 0) {
        log.error({ abandoned }, `shutdown grace of ${config.shutdownGraceMs} ms ran out: ${abandoned} in-flight request(s) abandoned`);
        log.flush();
        process.exit(1);
      }
      log.info('stopped');
      log.flush();
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The write budget in force, for the ready line: off, or its limits and where they are counted. */
function writeBudgetSummary(config: Config): Record<string, unknown> | 'off' {
  const { limit, windowMs, tenantLimit, waitMs } = config.writeBudget;
  if (limit === 0) return 'off';
  return { limit, windowMs, tenantLimit, waitMs, shared: config.redis !== undefined };
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
