// Reading one request on node:http, as every process of the bench that serves HTTP does it: the whole body
// (kept up to a limit, counted beyond it), and the URL split into path and query string.
import type { IncomingMessage } from 'node:http';

export interface ReadRequest {
  readonly pathname: string;
  /** The query string without its '?'; '' when there is none. */
  readonly search: string;
  /** True when the URL has a '?' (a GET that carries its operation). */
  readonly hasSearch: boolean;
  /** The body bytes, complete unless `tooLarge`. */
  readonly body: Buffer;
  /** Bytes sent, also beyond the limit. */
  readonly size: number;
  readonly tooLarge: boolean;
}

/** Reads `req` to its end, keeping at most `maxBytes` of the body, then calls `onRead` once. */
export function readRequest(req: IncomingMessage, maxBytes: number, onRead: (request: ReadRequest) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  });
  req.on('end', () => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    onRead({
      pathname: query === -1 ? url : url.slice(0, query),
      search: query === -1 ? '' : url.slice(query + 1),
      hasSearch: query !== -1,
      body: Buffer.concat(chunks),
      size,
      tooLarge: size > maxBytes,
    });
  });
}
