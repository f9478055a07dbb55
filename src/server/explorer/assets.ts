/**
 * The GraphiQL bundle's files (api-contract.md §14), as scripts/explorer/build.mjs
 * left them in dist/explorer/: content-hashed names, each over 1 kB also as .br
 * and .gz. Only the manifest (a few kB) is read into memory; every file is
 * streamed from disk in the encoding the browser accepts, so no request holds
 * the bundle in memory and a gateway with EXPLORER other than graphiql never
 * opens any of it.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import Negotiator from 'negotiator';
import { ConfigError } from '../../config';

/** dist/explorer/, from src/server/explorer (ts-jest) or dist/server/explorer (npm start) alike. */
export const EXPLORER_DIST = path.resolve(__dirname, '../../..', 'dist/explorer');

/** Content-hashed names: a file's content never changes under its name. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

type Encoding = 'br' | 'gzip';

interface ManifestFile {
  readonly bytes: number;
  readonly encodings: readonly Encoding[];
  readonly etag: string;
}

/** dist/explorer/manifest.json. */
export interface ExplorerManifest {
  readonly script: string;
  readonly style: string;
  readonly workers: Readonly<Record<'editor' | 'json' | 'graphql', string>>;
  readonly files: Readonly<Record<string, ManifestFile>>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

interface Asset {
  readonly contentType: string;
  readonly etag: string;
  /** Bytes on disk per encoding; identity always. */
  readonly sizes: ReadonlyMap<Encoding | 'identity', number>;
}

export interface ExplorerAssets {
  readonly manifest: ExplorerManifest;
  /** Answers GET/HEAD /explorer/<name>; 404 for any name the manifest does not list. */
  serve(req: IncomingMessage, res: ServerResponse, name: string): void;
}

function readManifest(dir: string): ExplorerManifest {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ExplorerManifest;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigError('EXPLORER', `is graphiql, but its bundle is not built (${path.join(dir, 'manifest.json')}: ${why}): run npm run build`);
  }
}

/** Reads the manifest and the sizes of the files it lists (not the files): once, at start. */
export function loadExplorerAssets(dir: string = EXPLORER_DIST): ExplorerAssets {
  const manifest = readManifest(dir);
  const assets = new Map<string, Asset>();
  for (const [name, file] of Object.entries(manifest.files)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType === undefined) continue;
    const sizes = new Map<Encoding | 'identity', number>([['identity', file.bytes]]);
    for (const encoding of file.encodings) sizes.set(encoding, statSync(path.join(dir, name + SUFFIX[encoding])).size);
    assets.set(name, { contentType, etag: file.etag, sizes });
  }
  const serve = (req: IncomingMessage, res: ServerResponse, name: string): void => {
    const asset = assets.get(name);
    if (asset === undefined) return notFound(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
      return void res.end();
    }
    const offered = [...asset.sizes.keys()];
    const encoding = (encodingFor(req, offered) ?? 'identity') as Encoding | 'identity';
    const headers: Record<string, string | number> = {
      'content-type': asset.contentType,
      'cache-control': ASSET_CACHE_CONTROL,
      etag: asset.etag,
      'x-content-type-options': 'nosniff',
    };
    if (offered.length > 1) headers.vary = 'accept-encoding';
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = asset.sizes.get(encoding)!;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(path.join(dir, encoding === 'identity' ? name : name + SUFFIX[encoding]));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
  return { manifest, serve };
}

/** What negotiator 1.x takes and @types/negotiator 0.6 does not declare: which encoding wins a tie. */
type EncodingNegotiator = { encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined };

/** The encoding to send: the client's preference, brotli over gzip at equal weight (Chromium sends "gzip, deflate, br, zstd"). */
function encodingFor(req: IncomingMessage, offered: readonly string[]): string | undefined {
  return (new Negotiator(req) as unknown as EncodingNegotiator).encoding(offered, { preferred: ['br', 'gzip', 'identity'] });
}

function notFound(res: ServerResponse): void {
  const text = JSON.stringify({ error: 'Not found: no such explorer file.' });
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
