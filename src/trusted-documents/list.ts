/**
 * The allow-list (contract §13): every manifest of TRUSTED_DOCUMENTS read,
 * each document prepared once, and indexed by id and by text.
 */
import { createHash } from 'node:crypto';
import type { TrustedDocumentsConfig, TrustedDocumentsMode } from '../config';
import { idKey } from './ids';
import { documentError, type ManifestEntry, readManifest } from './manifest';
import { checkId, type CheckedShapes, prepareDocument, type PrepareOptions, type TrustedDocument } from './prepare';

export interface TrustedDocumentList {
  readonly mode: TrustedDocumentsMode;
  /** By idKey of a manifest id, and by the SHA-256 hex of every text (what an APQ hash is). */
  readonly byId: ReadonlyMap<string, TrustedDocument>;
  /** By the exact text (byte-identical, contract §13's enforce). */
  readonly byText: ReadonlyMap<string, TrustedDocument>;
  /** SHA-256 of TRUSTED_DOCUMENTS_BYPASS_SECRET (compared in constant time); undefined: no bypass. */
  readonly bypassDigest: Buffer | undefined;
  /** MAX_QUERY_TOKENS, for the one parse a text not in the list may need (is it a router's?). */
  readonly maxTokens: number;
}

/** Where an id was first given, to name both files when two manifests disagree. */
interface Claim {
  readonly entry: ManifestEntry;
  readonly document: TrustedDocument;
}

function claim(claims: Map<string, Claim>, key: string, entry: ManifestEntry, document: TrustedDocument): void {
  const earlier = claims.get(key);
  if (earlier === undefined) {
    claims.set(key, { entry, document });
  } else if (earlier.document.text !== document.text) {
    const where = earlier.entry.file === entry.file ? 'earlier in the same file' : `in ${earlier.entry.file}`;
    throw documentError(entry.file, entry.id, `has another text than the document ${JSON.stringify(earlier.entry.id)} ${where}: one id must name one text`);
  }
}

/**
 * Reads every manifest and prepares every document (a text listed several
 * times is prepared once, a shape checked once). Throws a ConfigError of TRUSTED_DOCUMENTS naming
 * the file, the id and what is wrong: the gateway then does not start.
 */
export function loadTrustedDocuments(config: TrustedDocumentsConfig, options: PrepareOptions): TrustedDocumentList {
  const byText = new Map<string, TrustedDocument>();
  const claims = new Map<string, Claim>();
  // One preparation per text and operation to run (an Apollo entry may pick another operation of the same text).
  const prepared = new Map<string, TrustedDocument>();
  // And one check per shape: documents that differ only in their operations' names (prepare.ts's shapeKey).
  const checked: CheckedShapes = new Set();
  for (const file of config.paths) {
    for (const entry of readManifest(file)) {
      const preparedKey = JSON.stringify([entry.operationName, entry.operationType, entry.text]);
      let document = prepared.get(preparedKey);
      if (document === undefined) {
        document = prepareDocument(entry, options, checked);
        prepared.set(preparedKey, document);
      } else {
        checkId(entry, document.sha256);
      }
      if (!byText.has(entry.text)) byText.set(entry.text, document);
      claim(claims, idKey(entry.id), entry, document);
      claim(claims, document.sha256, entry, document);
    }
  }
  const byId = new Map([...claims].map(([key, { document }]) => [key, document]));
  const bypassDigest = config.bypassSecret === undefined ? undefined : createHash('sha256').update(config.bypassSecret, 'utf8').digest();
  return Object.freeze({ mode: config.mode, byId, byText, bypassDigest, maxTokens: options.maxTokens });
}
