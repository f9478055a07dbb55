// Where the checkout is, and what the gateway reads from it. The harness runs from source (ts-jest: test/helpers/)
// and compiled (.chaos/dist/test/helpers/, .bench/dist/test/helpers/), so the root is looked up, not counted in
// `..`s: it is the nearest folder above this file with both package.json and tsconfig.json (a compiled copy has no
// tsconfig.json, whatever else an older run left there).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readPackageAssets, type PackageAssets } from '../../src/schema/load';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no folder above ${from} has package.json and tsconfig.json`);
  }
}

/** The checkout's root folder. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** What `npm start` runs. */
export const GATEWAY_MAIN = path.join(PROJECT_ROOT, 'dist', 'main.js');

let assets: PackageAssets | undefined;

/** The SDL and version the gateway is given, read once. */
export function packageAssets(): PackageAssets {
  assets ??= readPackageAssets(PROJECT_ROOT);
  return assets;
}

/** schema.graphql. */
export function readSchemaSdl(): string {
  return packageAssets().sdl;
}

/** `npm run -s build`, so that a child gateway runs the current src/, not a stale dist/. */
export function buildGateway(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '-s', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run -s build failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}`);
  }
}
