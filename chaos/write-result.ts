import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes a script's result as JSON to `file` (absolute) and says where. */
export function writeResult(file: string, result: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`written: ${path.relative(process.cwd(), file) || file}\n`);
}
