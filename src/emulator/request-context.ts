// The ids Graph stamps on every answer: a fresh request-id, and the client's client-request-id echoed (or, when the
// client sent none, the request-id again), graph-facts §4.1.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from './internal-types';

/** A context for one request (or $batch item) with these lower-cased headers. */
export function requestContext(headers: Record<string, string>, serviceRoot: string): RequestContext {
  const requestId = randomUUID();
  const sent = headers['client-request-id'];
  return { requestId, clientRequestId: sent !== undefined && sent !== '' ? sent : requestId, serviceRoot };
}

/** Header names lower-cased; repeated headers joined the way HTTP folds them. */
export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lowered[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return lowered;
}
