import type { Context } from '@opentelemetry/api';

/**
 * What one GraphQL request's Graph calls report back to it: the trace
 * context they are children of, and their count and client-request-ids for
 * the operation's log line.
 */
export interface RequestScope {
  traceContext: Context;
  upstreamCalls: number;
  readonly clientRequestIds: string[];
}

/** A fresh scope under `traceContext`. */
export function newRequestScope(traceContext: Context): RequestScope {
  return { traceContext, upstreamCalls: 0, clientRequestIds: [] };
}
