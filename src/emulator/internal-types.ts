// Shapes shared inside the emulator. A request is routed the same way whether it came over HTTP or inside a $batch,
// so both entry points reduce it to a GraphRequest and get back a GraphResponse.
import type { Target } from './target';

/** What a request carried as its body, before any handler looked at it. */
export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; text: string }
  | { kind: 'too-large' };

/** Per-request values that end up in headers, error bodies and absolute links. */
export interface RequestContext {
  requestId: string;
  clientRequestId: string;
  /** Scheme, Host header and basePath of the (outer) request, e.g. 'http://127.0.0.1:4100/beta'. */
  serviceRoot: string;
}

export interface GraphRequest {
  /** Upper-cased. */
  method: string;
  target: Target;
  /** Names lower-cased. */
  headers: Record<string, string>;
  body: RequestBody;
  ctx: RequestContext;
}

/** The stored entity a response is about, so that a 'patch' fault can change it too. */
export interface EntityRef {
  collection: 'managedAppRegistrations' | 'mobileAppInstallStatuses';
  id: string;
}

export interface GraphResponse {
  status: number;
  /** Headers beyond the ones every answer gets (Retry-After, Allow, WWW-Authenticate…). */
  headers: Record<string, string>;
  /** A JSON value, serialised on the way out. */
  body: unknown;
  /** When set, sent verbatim instead of `body` (a 'malformed' fault). */
  rawBody?: string;
  entity?: EntityRef;
}
