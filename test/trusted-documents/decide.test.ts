// Contract §13 per request, as the pure module decides it: carriers, every mode's answer to ids, text,
// routers and the bypass, with exact codes, messages and outcome labels.
import { readFileSync } from 'node:fs';
import type { TrustedDocumentsMode } from '../../src/config';
import { ERRORS } from '../../src/errors/table';
import {
  apqAllowed,
  CARRIER_MESSAGES,
  carrierFromBody,
  carrierFromSearchParams,
  type Decision,
  decide,
  loadTrustedDocuments,
  type TrustedDocumentList,
  type TrustedRequest,
} from '../../src/trusted-documents';
import { sha256Hex } from '../../src/trusted-documents/ids';
import { APOLLO, CODEGEN, prepareOptions } from './support';

const SECRET = 'a-bypass-secret-16+';
const GET_REGISTRATION = '013a707781999ad30d0f5b3754fe59045c5f73bd6717cfe990f60b9100a3f0e7';
const CREATE_REGISTRATION = '7a3f02f23549079ef1f0b3497d8f4c1fed934885cdcebd3193c9ddcb5c0dd53a';
const UNKNOWN = 'f'.repeat(64);
const TEXT = (JSON.parse(readFileSync(CODEGEN, 'utf8')) as Record<string, string>)[`sha256:${GET_REGISTRATION}`]!;
const OTHER = 'query Info { gatewayInfo { version } }';

const lists = new Map<TrustedDocumentsMode, TrustedDocumentList>();
function list(mode: TrustedDocumentsMode): TrustedDocumentList {
  let l = lists.get(mode);
  if (!l) {
    l = loadTrustedDocuments({ paths: [CODEGEN, APOLLO], mode, bypassSecret: SECRET }, prepareOptions());
    lists.set(mode, l);
  }
  return l;
}

function request(body: Record<string, unknown>, bypassHeader?: string | string[]): TrustedRequest {
  return {
    carrier: carrierFromBody(body),
    query: typeof body.query === 'string' ? body.query : undefined,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    bypassHeader,
  };
}

/** The decision without the prepared document (its id stands for it). */
function summary(decision: Decision): unknown {
  return decision.kind === 'run' ? { kind: 'run', outcome: decision.outcome, id: decision.document.sha256 } : decision;
}

const run = (outcome: 'id' | 'text_in_list', id: string = GET_REGISTRATION) => ({ kind: 'run', outcome, id });
const refused = (code: keyof typeof ERRORS) => ({ kind: 'refuse', outcome: 'refused', code, message: ERRORS[code].message });
const textNotInList = (sha256: string, operationName: string | null = null) => ({ kind: 'continue', outcome: 'text_not_in_list', audit: { operationName, sha256 } });
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

const MODES: TrustedDocumentsMode[] = ['audit', 'enforce', 'ids-only'];

describe('carriers', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['documentId', { documentId: 'abc' }, { kind: 'id', field: 'documentId', id: 'abc' }],
    ['doc_id (Relay)', { doc_id: 'abc' }, { kind: 'id', field: 'doc_id', id: 'abc' }],
    ['extensions.persistedQuery', { extensions: apq(UNKNOWN) }, { kind: 'apq', sha256Hash: UNKNOWN }],
    ['both spellings of one hash', { documentId: `sha256:${UNKNOWN}`, extensions: apq(UNKNOWN) }, { kind: 'id', field: 'documentId', id: `sha256:${UNKNOWN}` }],
    ['nothing', { query: OTHER, extensions: {} }, { kind: 'none' }],
    ['null fields', { documentId: null, doc_id: null, extensions: { persistedQuery: null } }, { kind: 'none' }],
    ['an empty documentId', { documentId: '' }, { kind: 'invalid', message: CARRIER_MESSAGES.documentId }],
    ['a number as doc_id', { doc_id: 7 }, { kind: 'invalid', message: CARRIER_MESSAGES.doc_id }],
    ['a persistedQuery of version 2', { extensions: { persistedQuery: { version: 2, sha256Hash: UNKNOWN } } }, { kind: 'invalid', message: CARRIER_MESSAGES.persistedQuery }],
    ['a persistedQuery without hash', { extensions: { persistedQuery: { version: 1 } } }, { kind: 'invalid', message: CARRIER_MESSAGES.persistedQuery }],
    ['two different ids', { documentId: 'a', doc_id: 'b' }, { kind: 'invalid', message: CARRIER_MESSAGES.several }],
  ])('POST body: %s', (_, body, carrier) => {
    expect(carrierFromBody(body)).toEqual(carrier);
  });

  it.each<[string, string, unknown]>([
    ['documentId', 'documentId=abc&variables=%7B%7D', { kind: 'id', field: 'documentId', id: 'abc' }],
    ['extensions=', `extensions=${encodeURIComponent(JSON.stringify(apq(UNKNOWN)))}`, { kind: 'apq', sha256Hash: UNKNOWN }],
    ['doc_id is a POST field only', 'doc_id=abc', { kind: 'none' }],
    ['query text only', `query=${encodeURIComponent(OTHER)}`, { kind: 'none' }],
    ['an empty documentId', 'documentId=', { kind: 'invalid', message: CARRIER_MESSAGES.documentId }],
    ['extensions that are not JSON', 'extensions=%7B', { kind: 'invalid', message: CARRIER_MESSAGES.extensionsJson }],
    ['extensions that are a JSON array', 'extensions=%5B%5D', { kind: 'invalid', message: CARRIER_MESSAGES.extensionsJson }],
  ])('GET query string: %s', (_, search, carrier) => {
    expect(carrierFromSearchParams(new URLSearchParams(search))).toEqual(carrier);
  });
});

describe.each(MODES)('TRUSTED_DOCUMENTS_MODE=%s', (mode) => {
  const decideFor = (body: Record<string, unknown>, bypass?: string | string[]) => summary(decide(list(mode), request(body, bypass)));

  it.each<[string, Record<string, unknown>]>([
    ['documentId, sha256: spelling', { documentId: `sha256:${GET_REGISTRATION}` }],
    ['documentId, bare hex', { documentId: GET_REGISTRATION }],
    ['doc_id', { doc_id: GET_REGISTRATION }],
    ['an APQ hash', { extensions: apq(GET_REGISTRATION) }],
    ['an id with exactly its text', { documentId: GET_REGISTRATION, query: TEXT }],
    ['an APQ hash with exactly its text', { extensions: apq(GET_REGISTRATION), query: TEXT }],
  ])('runs a known id: %s', (_, body) => {
    expect(decideFor(body)).toEqual(run('id'));
  });

  it('runs the operation an Apollo manifest names, a mutation by id included', () => {
    const decision = decide(list(mode), request({ documentId: CREATE_REGISTRATION }));
    expect(decision.kind === 'run' && [decision.document.operationName, decision.document.operation.operation]).toEqual(['CreateManagedAppRegistration', 'mutation']);
  });

  it.each<[string, Record<string, unknown>]>([
    ['documentId', { documentId: UNKNOWN }],
    ['documentId with a text', { documentId: UNKNOWN, query: OTHER }],
    ['doc_id', { doc_id: 'NotListed_1' }],
    ['an id in upper case', { documentId: GET_REGISTRATION.toUpperCase() }],
    ['an id as SHA256:', { documentId: `SHA256:${GET_REGISTRATION}` }],
  ])('refuses an id not in the list: %s', (_, body) => {
    expect(decideFor(body)).toEqual(refused('PERSISTED_QUERY_NOT_IN_LIST'));
  });

  it.each<[string, Record<string, unknown>]>([
    ['documentId', { documentId: GET_REGISTRATION, query: OTHER }],
    ['an APQ hash', { extensions: apq(GET_REGISTRATION), query: OTHER }],
    ['a text that differs by one space', { documentId: GET_REGISTRATION, query: `${TEXT} ` }],
  ])('refuses a known id with a text that is not its document: %s', (_, body) => {
    expect(decideFor(body, SECRET)).toEqual(refused('CANNOT_SEND_PQ_ID_AND_BODY'));
  });

  it('refuses a carrier it cannot read as BAD_REQUEST', () => {
    expect(decideFor({ documentId: 42 })).toEqual({ kind: 'refuse', outcome: 'refused', code: 'BAD_REQUEST', message: CARRIER_MESSAGES.documentId });
  });

  it('leaves a request with neither id nor text to the pipeline, uncounted', () => {
    expect(decideFor({})).toEqual({ kind: 'continue', outcome: undefined, audit: undefined });
  });

  it.each<[string, string]>([
    ['_entities', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id deviceTag } } }'],
    ['_service', 'query __ApolloGetServiceDefinition__ { _service { sdl } }'],
    ['__typename beside them, through a fragment', 'query { ...R } fragment R on Query { __typename _service { sdl } }'],
  ])('never refuses a router operation (%s); counted as text, not logged', (_, query) => {
    expect(decideFor({ query })).toEqual({ kind: 'continue', outcome: 'text_not_in_list', audit: undefined });
  });

  it('takes a query that selects anything else beside _entities as client text', () => {
    const query = '{ _service { sdl } gatewayInfo { version } }';
    expect(decideFor({ query })).toEqual(
      mode === 'audit' ? textNotInList(sha256Hex(query)) : refused(mode === 'enforce' ? 'QUERY_NOT_IN_SAFELIST' : 'PERSISTED_QUERY_ID_REQUIRED'),
    );
  });

  it('lets any text through with the bypass secret, counted and logged like audit text', () => {
    expect(decideFor({ query: OTHER, operationName: 'Info' }, SECRET)).toEqual({ kind: 'continue', outcome: 'bypass', audit: { operationName: 'Info', sha256: sha256Hex(OTHER) } });
  });

  it.each<[string, string | string[] | undefined]>([
    ['a wrong secret', 'a-bypass-secret-16-'],
    ['the secret and more', `${SECRET}x`],
    ['the header twice', [SECRET, SECRET]],
    ['an empty header', ''],
    ['no header', undefined],
  ])('grants no bypass for %s', (_, header) => {
    expect(decideFor({ query: OTHER }, header)).not.toMatchObject({ outcome: 'bypass' });
  });
});

describe('text by mode', () => {
  it.each<[TrustedDocumentsMode, unknown]>([
    ['audit', run('text_in_list')],
    ['enforce', run('text_in_list')],
    ['ids-only', refused('PERSISTED_QUERY_ID_REQUIRED')],
  ])('%s: a text byte-identical to a manifest document', (mode, decision) => {
    expect(summary(decide(list(mode), request({ query: TEXT })))).toEqual(decision);
  });

  it.each<[TrustedDocumentsMode, unknown]>([
    ['audit', textNotInList(sha256Hex(OTHER), 'Info')],
    ['enforce', refused('QUERY_NOT_IN_SAFELIST')],
    ['ids-only', refused('PERSISTED_QUERY_ID_REQUIRED')],
  ])('%s: a text not in the list', (mode, decision) => {
    expect(summary(decide(list(mode), request({ query: OTHER, operationName: 'Info' })))).toEqual(decision);
  });

  it.each<[TrustedDocumentsMode, unknown]>([
    ['audit', textNotInList(sha256Hex(`${TEXT}\n`))],
    ['enforce', refused('QUERY_NOT_IN_SAFELIST')],
  ])('%s: a listed text with one more byte is not in the list', (mode, decision) => {
    expect(summary(decide(list(mode), request({ query: `${TEXT}\n` })))).toEqual(decision);
  });

  it('ids-only: a router operation in the list is still never refused', () => {
    const query = 'query { _service { sdl } }';
    expect(decide(list('ids-only'), request({ query }))).toEqual({ kind: 'continue', outcome: 'text_not_in_list', audit: undefined });
  });
});

describe("an APQ hash not in the list (Apollo's APQ)", () => {
  it.each<[string, Record<string, unknown>]>([
    ['alone', { extensions: apq(UNKNOWN) }],
    ['registering a text', { extensions: apq(sha256Hex(OTHER)), query: OTHER, operationName: 'Info' }],
  ])('audit: goes on to APQ, counted and logged as text not in the list (%s)', (_, body) => {
    const hash = (body.extensions as ReturnType<typeof apq>).persistedQuery.sha256Hash;
    expect(decide(list('audit'), request(body))).toEqual(textNotInList(hash, (body.operationName as string | undefined) ?? null));
  });

  it.each<TrustedDocumentsMode>(['enforce', 'ids-only'])('%s: refused, with or without a text', (mode) => {
    expect(decide(list(mode), request({ extensions: apq(UNKNOWN) }))).toEqual(refused('PERSISTED_QUERY_NOT_IN_LIST'));
    expect(decide(list(mode), request({ extensions: apq(sha256Hex(OTHER)), query: OTHER }))).toEqual(refused('PERSISTED_QUERY_NOT_IN_LIST'));
  });

  it('APQ stays on only in audit (and without a list)', () => {
    expect([undefined, ...MODES].map((mode) => apqAllowed(mode === undefined ? undefined : list(mode)))).toEqual([true, true, false, false]);
  });
});

describe('the refusal messages (errors/table.ts)', () => {
  it('say what to send instead, and are never Apollo\'s PersistedQueryNotFound', () => {
    const codes = ['PERSISTED_QUERY_NOT_IN_LIST', 'QUERY_NOT_IN_SAFELIST', 'PERSISTED_QUERY_ID_REQUIRED', 'CANNOT_SEND_PQ_ID_AND_BODY'] as const;
    expect(Object.fromEntries(codes.map((code) => [code, ERRORS[code]]))).toEqual({
      PERSISTED_QUERY_NOT_IN_LIST: {
        raisedBy: ['apollo'],
        message: "This document id is not in the gateway's trusted documents. Send an id from the manifest the gateway was started with (TRUSTED_DOCUMENTS), or add the document there and restart the gateway.",
        requestError: true,
      },
      QUERY_NOT_IN_SAFELIST: {
        raisedBy: ['apollo'],
        message: "This query text is not one of the gateway's trusted documents. Send the document's id (documentId), or its text exactly as in the manifest (TRUSTED_DOCUMENTS).",
        requestError: true,
      },
      PERSISTED_QUERY_ID_REQUIRED: {
        raisedBy: ['apollo'],
        message: "This gateway runs trusted documents by id only (TRUSTED_DOCUMENTS_MODE=ids-only). Send the document's id (documentId, doc_id or extensions.persistedQuery) instead of its text.",
        requestError: true,
      },
      CANNOT_SEND_PQ_ID_AND_BODY: {
        raisedBy: ['apollo'],
        message: "The query text sent with this document id is not the id's document. Send the id alone, or with exactly its text from the manifest.",
        requestError: true,
      },
    });
  });
});
