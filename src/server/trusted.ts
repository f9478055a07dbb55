/**
 * Contract §13 in the request pipeline: before the lean path or Apollo, a
 * request's carrier and text are read once and decided on
 * (src/trusted-documents/decide.ts). A refusal is answered here, with no
 * Graph request; a document run by id goes on as its own text would (the
 * lean path runs the prepared document, Apollo gets the text), so that an id
 * answers exactly what its text answers; the rest goes on unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import {
  type AuditRecord,
  BYPASS_HEADER,
  carrierFromBody,
  carrierFromSearchParams,
  type Decision,
  decide,
  type TrustedDocument,
  type TrustedDocumentList,
} from '../trusted-documents';
import { formattedError } from './format-error';
import { APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, singleResultMediaType } from './lean';

/** Refusals must not be cached: the same request may be allowed after a restart with another manifest. */
export const REFUSAL_CACHE_CONTROL = 'private, no-cache, must-revalidate';

/** What the pipeline does next; `body` and `url` are the request as Apollo and the lean path read it (ids replaced by their text). */
export type TrustedAction =
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string }
  | { readonly kind: 'go-on'; readonly body: unknown; readonly url: URL; readonly document: TrustedDocument | undefined };

export type TrustedStep = (req: IncomingMessage, url: URL, body: unknown) => TrustedAction;

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * `source`'s own fields but `excluded`, in their order: what `{ a, b, ...rest }` makes, with a loop (V8 copies an
 * object rest with named exclusions in its runtime, a visible part of a request by id in a profile).
 */
function fieldsExcept(source: JsonObject, excluded: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (excluded.has(key)) continue;
    // As a rest would: an own field, even one named __proto__ (an assignment would set the prototype).
    if (key === '__proto__') Object.defineProperty(copy, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = source[key];
  }
  return copy;
}

const PERSISTED_QUERY: ReadonlySet<string> = new Set(['persistedQuery']);

/** `extensions` without its persistedQuery (an id already read); undefined when nothing else is left. */
function withoutPersistedQuery(extensions: unknown): unknown {
  if (!isObject(extensions) || !('persistedQuery' in extensions)) return extensions;
  const rest = fieldsExcept(extensions, PERSISTED_QUERY);
  return Object.keys(rest).length === 0 ? undefined : rest;
}

/** What an id's carrier puts in a POST body (the text replaces them). */
const ID_FIELDS: ReadonlySet<string> = new Set(['documentId', 'doc_id', 'extensions']);

/** A POST body naming a document by id, as the same request by text: its other fields in their order, then the text, the operation's name and what is left of `extensions`. */
function bodyAsText(body: JsonObject, document: TrustedDocument): JsonObject {
  const asText = fieldsExcept(body, ID_FIELDS);
  asText.query = document.text;
  asText.operationName = optionalString(asText.operationName) ?? document.operationName;
  const left = withoutPersistedQuery(body.extensions);
  if (left !== undefined) asText.extensions = left;
  return asText;
}

/** A GET naming a document by id, as the same GET by text. */
function urlAsText(url: URL, document: TrustedDocument): URL {
  const text = new URL(url);
  const params = text.searchParams;
  params.delete('documentId');
  const extensions = params.get('extensions');
  if (extensions !== null) {
    let left: unknown;
    try {
      left = withoutPersistedQuery(JSON.parse(extensions));
    } catch {
      left = undefined;
    }
    if (left === undefined) params.delete('extensions');
    else params.set('extensions', JSON.stringify(left));
  }
  params.set('query', document.text);
  if (!params.has('operationName') && document.operationName !== undefined) params.set('operationName', document.operationName);
  return text;
}

/** Counts the decision and writes the audit line (operationName and sha256; never the variables, never the secret). */
function record(decision: Decision, log: Logger, metrics: GatewayMetrics | undefined): void {
  if (decision.outcome !== undefined) metrics?.trustedDocuments.inc({ outcome: decision.outcome });
  const audit: AuditRecord | undefined = decision.kind === 'continue' ? decision.audit : undefined;
  if (audit === undefined) return;
  const why = decision.kind === 'continue' && decision.outcome === 'bypass' ? `with the ${BYPASS_HEADER} header` : 'under TRUSTED_DOCUMENTS_MODE=audit';
  log.info({ trustedDocuments: { operationName: audit.operationName, sha256: audit.sha256 } }, `an operation that is not in the trusted documents ran ${why}`);
}

/** One operation of a POST body (a batch has several). */
function decideBody(list: TrustedDocumentList, body: JsonObject, bypassHeader: string | string[] | undefined): Decision {
  return decide(list, { carrier: carrierFromBody(body), query: optionalString(body.query), operationName: optionalString(body.operationName), bypassHeader });
}

/** The trusted-documents step, or undefined when no list is set (TRUSTED_DOCUMENTS unset: contract §1–§12 unchanged). */
export function trustedStep(list: TrustedDocumentList | undefined, log: Logger, metrics: GatewayMetrics | undefined): TrustedStep | undefined {
  if (list === undefined) return undefined;
  return (req, url, body) => {
    const bypassHeader = req.headers[BYPASS_HEADER];
    if (req.method === 'GET') {
      const params = url.searchParams;
      const decision = decide(list, {
        carrier: carrierFromSearchParams(params),
        query: params.get('query') ?? undefined,
        operationName: params.get('operationName') ?? undefined,
        bypassHeader,
      });
      record(decision, log, metrics);
      if (decision.kind === 'refuse') return decision;
      return decision.kind === 'run' ? { kind: 'go-on', body, url: urlAsText(url, decision.document), document: decision.document } : { kind: 'go-on', body, url, document: undefined };
    }
    if (isObject(body)) {
      const decision = decideBody(list, body, bypassHeader);
      record(decision, log, metrics);
      if (decision.kind === 'refuse') return decision;
      return decision.kind === 'run' ? { kind: 'go-on', body: bodyAsText(body, decision.document), url, document: decision.document } : { kind: 'go-on', body, url, document: undefined };
    }
    if (Array.isArray(body)) {
      // A batch (ALLOW_BATCHED_REQUESTS): every operation is decided; one refusal refuses the batch, ids go to Apollo as text.
      const decisions = body.map((item: unknown) => (isObject(item) ? decideBody(list, item, bypassHeader) : undefined));
      for (const decision of decisions) if (decision) record(decision, log, metrics);
      const refusal = decisions.find((d) => d?.kind === 'refuse');
      if (refusal?.kind === 'refuse') return refusal;
      const items = body.map((item: unknown, i) => {
        const decision = decisions[i];
        return decision?.kind === 'run' && isObject(item) ? bodyAsText(item, decision.document) : item;
      });
      return { kind: 'go-on', body: items, url, document: undefined };
    }
    return { kind: 'go-on', body, url, document: undefined };
  };
}

/**
 * A refusal as a request error of contract §8: 200 under application/json,
 * 400 under application/graphql-response+json, never cached.
 */
export function writeRefusal(req: IncomingMessage, res: ServerResponse, code: string, message: string): void {
  const mediaType = singleResultMediaType(req.headers.accept) ?? APPLICATION_JSON;
  const text = `${JSON.stringify({ errors: [formattedError(code, message)] })}\n`;
  res.writeHead(mediaType === GRAPHQL_RESPONSE_JSON ? 400 : 200, {
    'content-type': mediaType === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON,
    'cache-control': REFUSAL_CACHE_CONTROL,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
