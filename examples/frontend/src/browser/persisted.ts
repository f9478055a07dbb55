// Trusted documents from the browser: codegen's client preset (`persistedDocuments` in codegen.ts) writes
// src/gql/persisted-documents.json, the manifest the gateway loads as TRUSTED_DOCUMENTS, and gives every generated
// document its id as `__meta__.hash` ("sha256:<64 hex>", the SHA-256 of the text in the manifest). The clients send
// that id instead of the text: Apollo Client through its PersistedQueryLink, urql through @urql/exchange-persisted,
// both as `extensions.persistedQuery { version: 1, sha256Hash }`. The id is read, never computed: the text a client
// would print differs from the manifest's, so a hash of it would name no manifest document.
import { parse, print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

const SHA256_ID = /^sha256:([0-9a-f]{64})$/;

/** The manifest id codegen put on a generated document, as APQ's `sha256Hash` (64 hex digits, no `sha256:`). */
export function persistedQueryHash(document: DocumentNode): string {
  const meta: unknown = (document as { __meta__?: unknown }).__meta__;
  const hash = typeof meta === 'object' && meta !== null && 'hash' in meta ? meta.hash : undefined;
  const match = typeof hash === 'string' ? SHA256_ID.exec(hash) : null;
  // A document without an id was not built by codegen with persistedDocuments on: sending its text would be refused
  // by a gateway in enforce anyway, so fail here, where the bug is.
  if (match === null) throw new Error('This document has no persisted-document id (__meta__.hash): regenerate src/gql with persistedDocuments on');
  return match[1] as string;
}

/**
 * A query that is not in the manifest, as a newer build of the page could send before its manifest is deployed: it
 * carries an id the way codegen's documents do (the SHA-256 of its own text), and the gateway refuses it.
 */
export async function notInManifestDocument(): Promise<TypedDocumentNode<{ managedAppRegistrations: unknown }, { first: number }>> {
  const document = parse('query NotInManifest($first: Int!) { managedAppRegistrations(first: $first) { __typename pageInfo { __typename hasNextPage } } }');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(print(document)));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return { ...document, __meta__: { hash: `sha256:${hex}` } } as TypedDocumentNode<{ managedAppRegistrations: unknown }, { first: number }>;
}
