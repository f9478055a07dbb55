// The one request-body reader, shared by Graph's pipeline (graph/http-server.ts) and the Entra ID stand-in
// (entra/stand-in.ts): each sets its own limit and reads the text its own way.
import type { IncomingMessage } from 'node:http';

/**
 * The whole body as UTF-8 text, or null when it is over `maxBytes`. A body over the limit is still drained, not kept,
 * so the answer can be sent on the same connection. Rejects when the client goes away before sending all of it.
 */
export function readBodyText(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client went away before sending the whole body.'));
    });
  });
}
