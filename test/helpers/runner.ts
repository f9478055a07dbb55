// How a harness script (chaos, soak, bench) runs as a process: exit codes, usage, and where its result goes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './flags';

export interface RunOptions {
  /** End with process.exit instead of setting process.exitCode, for a driver that must not wait for stray handles. */
  readonly forceExit?: boolean;
}

/**
 * Runs `main` as the script `name`: the exit code is main's. A UsageError prints the usage (for --help on stdout,
 * exit 0; otherwise the problem and the usage on stderr, exit 2); any other error prints `name:` and its stack, exit 1.
 */
export function runScript(name: string, usage: string, main: () => Promise<number>, options: RunOptions = {}): void {
  const end = (code: number): void => {
    if (options.forceExit) process.exit(code);
    process.exitCode = code;
  };
  main().then(end, (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message === 'help') process.stdout.write(`${usage.trimEnd()}\n`);
      else process.stderr.write(`${name}: ${error.message}\n${usage.trimEnd()}\n`);
      return end(error.message === 'help' ? 0 : 2);
    }
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    end(1);
  });
}

/** Writes a script's result as JSON to `file` (absolute) and says where. */
export function writeResult(file: string, result: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`written: ${path.relative(process.cwd(), file) || file}\n`);
}
