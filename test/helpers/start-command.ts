// What `npm start` runs, read from package.json's start script (`[NAME=value …] node [--flag …] dist/main.js`), so
// that every test, soak and bench that spawns the gateway runs it with the runtime flags and environment users get.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project';

export interface StartCommand {
  /** Environment the script sets before node (e.g. MALLOC_ARENA_MAX=2). */
  readonly env: Readonly<Record<string, string>>;
  /** node's own flags (e.g. --max-semi-space-size=8). */
  readonly nodeArgs: readonly string[];
  /** The script, relative to the project root. */
  readonly script: string;
}

/** Parses a start script of that shape; throws on any other (a shell feature the harness cannot reproduce). */
export function parseStartScript(script: string): StartCommand {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && /^[A-Z_][A-Z0-9_]*=\S*$/.test(words[i]!); i++) {
    const [name, value] = words[i]!.split(/=(.*)/s) as [string, string];
    env[name] = value;
  }
  if (words[i] !== 'node') throw new Error(`the start script must run node: ${JSON.stringify(script)}`);
  const nodeArgs: string[] = [];
  for (i++; i < words.length && words[i]!.startsWith('-'); i++) nodeArgs.push(words[i]!);
  if (i !== words.length - 1 || !/^[\w./-]+\.js$/.test(words[i]!)) throw new Error(`the start script must end with the script node runs: ${JSON.stringify(script)}`);
  return { env, nodeArgs, script: words[i]! };
}

let cached: StartCommand | undefined;

/** package.json's start script, parsed once. */
export function startCommand(): StartCommand {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    cached = parseStartScript(pkg.scripts.start);
  }
  return cached;
}
