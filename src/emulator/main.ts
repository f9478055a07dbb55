// `npm run emulator`: the emulator as its own process. Settings come from EMULATOR_PORT / EMULATOR_HOST and the
// throttle's EMULATOR_* variables (settings.ts); faults are never enabled here (they exist for in-process tests only).
import { logLine, startStandalone } from './standalone';

async function main(): Promise<void> {
  const write = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  let running: Awaited<ReturnType<typeof startStandalone>>;
  try {
    running = await startStandalone(process.env, write);
  } catch (error) {
    process.stderr.write(`${logLine(50, error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
