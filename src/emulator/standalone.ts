// Starts an emulator from environment settings for `npm run emulator`, announcing loudly that it is not Graph.
import type { Emulator } from './types';
import { createEmulator } from './emulator';
import { SEEDED_MOBILE_APPS } from './seed';
import { EMULATOR_LABEL } from './responses';
import { readStandaloneSettings } from './standalone-env';

export interface StandaloneEmulator {
  emulator: Emulator;
  /** Closes the emulator and writes a last log line. */
  stop(): Promise<void>;
}

/** A pino-compatible JSON log line (level 30 = info, 50 = error). */
export function logLine(level: 30 | 50, msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ level, time: Date.now(), name: EMULATOR_LABEL, msg, ...fields });
}

/** Validates `env`, starts an emulator without faults and writes one start line through `write`. */
export async function startStandalone(
  env: Record<string, string | undefined>,
  write: (line: string) => void,
): Promise<StandaloneEmulator> {
  const settings = readStandaloneSettings(env);
  const emulator = createEmulator();
  const baseUrl = await emulator.listen(settings.port, settings.host);
  write(
    logLine(30, 'Microsoft Graph emulator listening. This is an emulator with in-memory data, NOT Microsoft Graph.', {
      emulator: true,
      baseUrl,
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
