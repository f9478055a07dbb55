// The emulator and the gateway in this process, each on its own loopback
// socket, as the integration tests run them: the campaign's traffic crosses
// real HTTP both ways, so resets and timeouts are real socket events.
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { createEmulator, type Emulator } from '../src/emulator';
import { createGateway, type Gateway } from '../src/server/gateway';
import { createLogger } from '../src/observability/logger';

export interface InProcessStack {
  readonly emulator: Emulator;
  readonly gateway: Gateway;
  /** The gateway's GraphQL URL. */
  readonly url: string;
  /** Gateway log lines at the level asked for (parsed). */
  readonly logLines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startInProcessStack(env: Record<string, string>, options: { faults: boolean }): Promise<InProcessStack> {
  const emulator = createEmulator({ faults: options.faults });
  const emulatorUrl = await emulator.listen(0, '127.0.0.1');
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        try {
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logLines.push({ msg: line });
        }
      }
      callback();
    },
  });
  // Only the given settings, not process.env, so a campaign does not depend on the shell it runs in.
  const config = loadConfig(env);
  const log = createLogger(config.logLevel, sink);
  const gateway = createGateway({ config, log, graphBaseUrl: emulatorUrl, emulator: true });
  let url: string;
  try {
    url = await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    gateway,
    url,
    logLines,
    async close() {
      await gateway.shutdown(2000);
      await emulator.close();
    },
  };
}
