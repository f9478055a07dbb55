// Headers every Graph answer carries (graph-facts §4.4), plus the emulator's own label.
import type { RequestContext } from './internal-types';

/** Graph's Content-Type for JSON bodies. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The value of the `x-emulator` header on every answer. */
export const EMULATOR_LABEL = 'intune-graph-emulator';

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: EMULATOR_LABEL },
});

/** Headers of a top-level HTTP answer. */
export function topLevelHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
    Date: new Date().toUTCString(),
    'OData-Version': '4.0',
    'x-ms-ags-diagnostic': DIAGNOSTIC,
    'x-emulator': EMULATOR_LABEL,
  };
}

/** Headers of a $batch item answer (Graph puts only the item's own headers there). */
export function batchItemHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
  };
}

/** `base` with `extra` laid over it, header names compared case-insensitively (the later spelling wins). */
export function mergeHeaders(base: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    }
    merged[name] = value;
  }
  return merged;
}
