// Reads the standalone emulator's settings from the environment; a bad value is an error that names the variable.
import { isIP } from 'node:net';

export interface StandaloneSettings {
  port: number;
  host: string;
}

/** An invalid EMULATOR_* variable. */
export class EmulatorSettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorSettingError';
  }
}

const HOST_NAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** EMULATOR_PORT (default 4100, 0 = any free port) and EMULATOR_HOST (default 127.0.0.1) from `env`. */
export function readStandaloneSettings(env: Record<string, string | undefined>): StandaloneSettings {
  const rawPort = env.EMULATOR_PORT;
  let port = 4100;
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
