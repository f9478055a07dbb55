// The emulator as its own process (`npm run emulator`, main.ts): its settings, read from the environment (a bad value
// is an error that names the variable), and a start that announces loudly that this is not Graph.
import { isIP } from 'node:net';
import type { Emulator } from './types';
import { createEmulator } from './emulator';
import { SEEDED_MOBILE_APPS } from './graph/seed';
import { EMULATOR_LABEL } from './graph/responses';
import { EmulatorSettingError, readThrottleSettings } from './graph/settings';
import { readLogLimit } from './harness/request-log';

export { EmulatorSettingError } from './graph/settings';

export interface StandaloneSettings {
  port: number;
  host: string;
}

/**
 * EMULATOR_PORT's one default, the same as the embedded emulator's (`npm start`, src/config, which cannot import the
 * emulator): any free port, logged in the start line, so two emulators never fight over a fixed one.
 */
export const DEFAULT_EMULATOR_PORT = 0;

const HOST_NAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** EMULATOR_PORT (default DEFAULT_EMULATOR_PORT: 0, any free port) and EMULATOR_HOST (default 127.0.0.1) from `env`. */
export function readStandaloneSettings(env: Record<string, string | undefined>): StandaloneSettings {
  const rawPort = env.EMULATOR_PORT;
  let port = DEFAULT_EMULATOR_PORT;
  if (rawPort !== undefined && rawPort !== '') {
    if (!/^[0-9]{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new EmulatorSettingError(
        'EMULATOR_PORT',
        `EMULATOR_PORT must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}.`,
      );
    }
    port = Number(rawPort);
  }
  const rawHost = env.EMULATOR_HOST;
  let host = '127.0.0.1';
  if (rawHost !== undefined && rawHost !== '') {
    const unbracketed = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
    if (isIP(unbracketed) === 0 && !HOST_NAME.test(unbracketed)) {
      throw new EmulatorSettingError(
        'EMULATOR_HOST',
        `EMULATOR_HOST must be an IP address or a host name, got ${JSON.stringify(rawHost)}.`,
      );
    }
    host = unbracketed;
  }
  return { port, host };
}

export interface StandaloneEmulator {
  emulator: Emulator;
  /** Closes the emulator and writes a last log line. */
  stop(): Promise<void>;
}

/** A pino-compatible JSON log line (level 30 = info, 50 = error). */
export function logLine(level: 30 | 50, msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ level, time: Date.now(), name: EMULATOR_LABEL, msg, ...fields });
}

/**
 * Validates `env`, starts an emulator without faults and with Intune's throttling (unless EMULATOR_* say otherwise),
 * and writes one start line through `write`.
 */
export async function startStandalone(
  env: Record<string, string | undefined>,
  write: (line: string) => void,
): Promise<StandaloneEmulator> {
  const settings = readStandaloneSettings(env);
  const throttle = readThrottleSettings(env);
  const emulator = createEmulator({ throttle, requestLogLimit: readLogLimit(env) });
  const baseUrl = await emulator.listen(settings.port, settings.host);
  write(
    logLine(30, 'Microsoft Graph emulator listening. This is an emulator with in-memory data, NOT Microsoft Graph.', {
      emulator: true,
      baseUrl,
      throttle,
      seededMobileApps: SEEDED_MOBILE_APPS.map((app) => ({
        id: app.id,
        displayName: app.displayName,
        userStatusIds: app.userStatusIds,
      })),
    }),
  );
  return {
    emulator,
    stop: async () => {
      await emulator.close();
      write(logLine(30, 'Microsoft Graph emulator stopped.'));
    },
  };
}
