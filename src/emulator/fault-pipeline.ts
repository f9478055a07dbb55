// Wraps the normal handling of one request in the fault a rule chose for it. The same code serves top-level
// requests and $batch items, so a fault behaves the same way in both.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from './types';
import { defaultError, errorResponse, type GraphResponse, type RequestContext } from './responses';
import { applySet, type MemoryStore } from './memory-store';

/** What to do with the connection: answer, or reset it without answering. */
export type Outcome = { kind: 'respond'; response: GraphResponse } | { kind: 'reset' };

export interface FaultRun {
  fault: Fault | undefined;
  ctx: RequestContext;
  method: string;
  /** Performs the request normally (acting on the store) and returns the answer it would get. */
  perform: () => Promise<GraphResponse>;
  store: MemoryStore;
  /** Aborted when the emulator closes, so a pending delay does not outlive it. */
  signal: AbortSignal;
}

/** The DEFAULT malformed body: the start of an entity, cut off. */
export const TRUNCATED_BODY = '{"id": "trunc';

/** Runs `perform` under `fault` (or plainly when there is none). */
export async function runWithFault(run: FaultRun): Promise<Outcome> {
  const { fault } = run;
  const respond = (response: GraphResponse): Outcome => ({ kind: 'respond', response });
  if (fault === undefined) return respond(await run.perform());
  switch (fault.kind) {
    case 'delay':
      await sleep(fault.ms, undefined, { signal: run.signal });
      return respond(await run.perform());
    case 'status':
      if (fault.act === true) await run.perform();
      return respond(statusFaultResponse(run.ctx, fault));
    case 'reset-before-read':
      return { kind: 'reset' };
    case 'reset-after-read':
      if (fault.act !== false) await run.perform();
      return { kind: 'reset' };
    case 'malformed': {
      const performed = fault.act === false ? undefined : await run.perform();
      const status = fault.status ?? performed?.status ?? (run.method === 'POST' ? 201 : 200);
      return respond({ status, headers: performed?.headers ?? {}, body: undefined, rawBody: fault.body ?? TRUNCATED_BODY });
    }
    case 'patch':
      return respond(patched(await run.perform(), fault.set, run.store));
  }
}

function statusFaultResponse(ctx: RequestContext, fault: Fault & { kind: 'status' }): GraphResponse {
  const defaults = defaultError(fault.status);
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return errorResponse(ctx, fault.status, fault.code ?? defaults.code, fault.message ?? defaults.message, headers);
}

function patched(response: GraphResponse, set: Record<string, unknown>, store: MemoryStore): GraphResponse {
  if (typeof response.body !== 'object' || response.body === null || Array.isArray(response.body)) return response;
  const body = { ...(response.body as Record<string, unknown>) };
  applySet(body, set, true);
  if (response.entity) store.patch(response.entity, set);
  return { ...response, body };
}
