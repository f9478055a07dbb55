// Imported first by every chaos/soak entry point, before anything from src/.
//
// src/server/gateway.ts and src/schema/load.ts find package.json and
// schema.graphql at `__dirname/../..`, which is the project root only for the
// layout of `npm run build` (dist/<dir>/x.js). Compiled by chaos/tsconfig.json
// the same modules live in .chaos/dist/src/<dir>/, so they look in .chaos/dist/.
// Copying both files there (on every run, so they are never stale) keeps src/
// untouched. Under ts-jest the modules run from src/ itself and nothing is done.
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const COMPILED_MARKER = `${path.sep}.chaos${path.sep}dist${path.sep}`;

/** The repository root, whether this file runs compiled (.chaos/dist/chaos/) or from source (chaos/). */
export function projectRoot(): string {
  const at = __dirname.indexOf(COMPILED_MARKER);
  return at >= 0 ? __dirname.slice(0, at) : path.resolve(__dirname, '..');
}

function placeAssets(): void {
  const at = __dirname.indexOf(COMPILED_MARKER);
  if (at < 0) return;
  const root = __dirname.slice(0, at);
  const distRoot = path.join(root, '.chaos', 'dist');
  for (const file of ['package.json', 'schema.graphql']) {
    const source = path.join(root, file);
    if (existsSync(source)) copyFileSync(source, path.join(distRoot, file));
  }
}

placeAssets();
