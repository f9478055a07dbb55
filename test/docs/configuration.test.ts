// docs/configuration.md documents every environment variable the gateway and the standalone emulator read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/project';
import { readDoc } from './markdown';

/** Quoted upper-case names in the files that read the environment: every one is a variable. */
function variablesReadBy(files: string[]): string[] {
  const names = files.flatMap((file) => [...readFileSync(join(PROJECT_ROOT, file), 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT|HOST)'/g)].map((m) => m[1]!));
  return [...new Set(names)].sort();
}

test('every variable the configuration reads is documented, in a table row of its own or under OTEL_*', () => {
  const config = readdirSync(join(PROJECT_ROOT, 'src/config')).map((name) => `src/config/${name}`);
  const emulator = ['src/emulator/graph/settings.ts', 'src/emulator/standalone.ts'];
  const variables = variablesReadBy([...config, ...emulator]);
  const doc = readDoc('docs/configuration.md');
  const rows = new Set([...doc.matchAll(/^\| `([A-Z_*]+)` \|/gm)].map((m) => m[1]!));
  const otelRow = doc.split('\n').find((line) => line.startsWith('| `OTEL_*` |')) ?? '';
  const undocumented = variables.filter((name) => !rows.has(name) && !(name.startsWith('OTEL_') && otelRow.includes(`\`${name}\``)));
  expect(undocumented).toEqual([]);
  expect(variables.length).toBeGreaterThan(60);
});
