/**
 * The lean path: what real clients send, run directly with graphql-js in
 * front of Apollo Server, answering exactly as Apollo would (README.md in
 * this folder lists what it reproduces of Apollo and the test of each).
 */
import type { ServerResponse } from 'node:http';
import type { OperationObserver } from '../../observability/operation-plugin';
import type { GatewayContext } from '../../resolvers/context';
import type { LeanAnswer, LeanPath } from './lean-path';

export { LeanPath, type LeanAnswer, type LeanPathOptions, type LeanPathPlugins, type PreparedDocument } from './lean-path';
export { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, singleResultMediaType } from './media-type';
export { CSRF_PREFLIGHT_HEADERS, leanOperation, leanRequest, type LeanOperation, type LeanRequest, preflighted } from './request';

/** The lean path and how to observe the operations it runs. */
export interface LeanPathHandle {
  readonly path: LeanPath;
  readonly observe: (context: GatewayContext, requestedName: string | null) => OperationObserver;
}

/** Writes the lean path's answer in the media type Apollo negotiated. */
export function writeLeanAnswer(res: ServerResponse, answer: LeanAnswer, mediaType: string): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-type': mediaType, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
