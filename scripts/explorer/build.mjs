// Builds the GraphiQL explorer (api-contract.md §14) into dist/explorer/: the page's script and stylesheet, lazy
// chunks, Monaco's three workers and their fonts, each under a content-hashed name, each over 1 kB precompressed
// as .br and .gz, and manifest.json, which src/server/explorer/ reads (only under EXPLORER=graphiql). Run by
// `npm run build` (and so by `npm ci`, through `prepare`).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist/explorer');
/** Below this a file is served as it is (contract §14: compression for anything over 1 kB). */
const COMPRESS_FROM_BYTES = 1024;

const common = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'chrome120',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Monaco's codicon font and any other file a stylesheet names: a file of its own, same origin.
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  assetNames: '[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/** The one output of an entry point with this extension, as a name under dist/explorer/. */
function outputOf(metafile, entry, extension) {
  const found = Object.entries(metafile.outputs).find(([file, output]) => output.entryPoint !== undefined && output.entryPoint.endsWith(entry) && file.endsWith(extension));
  if (found === undefined) throw new Error(`explorer build: no ${extension} output for ${entry}`);
  return path.basename(found[0]);
}

/** The stylesheet esbuild gathered from what the page imports (it hangs off the entry's JS output). */
function styleOf(metafile, script) {
  const css = Object.entries(metafile.outputs).find(([file]) => path.basename(file) === script)?.[1].cssBundle;
  if (css === undefined) throw new Error('explorer build: the page has no stylesheet');
  return path.basename(css);
}

/** The packages whose code ends up in the bundle: a new version of one means a new bundle. */
const BUNDLED = ['esbuild', 'graphiql', '@graphiql/react', '@graphiql/toolkit', 'react', 'react-dom', 'monaco-editor', 'monaco-graphql', 'graphql'];

/**
 * What the bundle is made of: this script, the page's sources and the bundled packages' versions. `npm run build`
 * runs often (every `npm test`); an unchanged key with every file in place skips the minute esbuild and brotli take.
 */
async function buildKey() {
  const hash = createHash('sha256');
  for (const source of ['build.mjs', 'app.js', 'page.css']) hash.update(await readFile(path.join(root, 'scripts/explorer', source)));
  for (const name of BUNDLED) hash.update(`${name}@${JSON.parse(await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version}\n`);
  return hash.digest('hex');
}

async function upToDate(key) {
  try {
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    if (manifest.buildKey !== key) return false;
    for (const [name, info] of Object.entries(manifest.files)) {
      for (const suffix of ['', ...info.encodings.map((e) => (e === 'br' ? '.br' : '.gz'))]) await stat(path.join(out, name + suffix));
    }
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const key = await buildKey();
  if (await upToDate(key)) return;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  // The page: ESM with splitting, so what GraphiQL imports lazily (prettier, graphql-ws) stays in chunks it loads on use.
  const page = await build({
    ...common,
    entryPoints: [path.join(root, 'scripts/explorer/app.js')],
    outdir: out,
    format: 'esm',
    splitting: true,
    entryNames: 'graphiql-[hash]',
    chunkNames: 'chunk-[hash]',
  });
  const workers = {};
  for (const [label, entry] of Object.entries(WORKERS)) {
    const built = await build({ ...common, entryPoints: [path.join(root, 'node_modules', entry)], outdir: out, format: 'iife', entryNames: `${label}.worker-[hash]` });
    workers[label] = outputOf(built.metafile, entry, '.js');
  }
  const files = {};
  for (const name of (await readdir(out)).sort()) {
    const file = path.join(out, name);
    const body = await readFile(file);
    const encodings = [];
    if (body.length > COMPRESS_FROM_BYTES) {
      await writeFile(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
      await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }));
      encodings.push('br', 'gzip');
    }
    files[name] = { bytes: body.length, encodings, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  }
  const script = outputOf(page.metafile, 'scripts/explorer/app.js', '.js');
  const manifest = {
    buildKey: key,
    script,
    style: styleOf(page.metafile, script),
    workers,
    files,
  };
  await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  let raw = 0;
  let br = 0;
  for (const [name, info] of Object.entries(files)) {
    raw += info.bytes;
    br += info.encodings.includes('br') ? (await stat(path.join(out, `${name}.br`))).size : info.bytes;
  }
  process.stdout.write(`explorer: ${Object.keys(files).length} files in dist/explorer, ${(raw / 1e6).toFixed(2)} MB raw, ${(br / 1e6).toFixed(2)} MB brotli\n`);
}

main().catch((error) => {
  process.stderr.write(`explorer build failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
