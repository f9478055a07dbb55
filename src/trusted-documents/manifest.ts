/**
 * Reading the manifest files of TRUSTED_DOCUMENTS (contract §13), once at
 * start. Two formats: graphql-codegen client-preset's
 * `persisted-documents.json` (`{ "<id>": "<text>" }`) and Apollo's persisted
 * query manifest. Every refusal is a ConfigError of TRUSTED_DOCUMENTS naming
 * the file (and the id, when one entry is wrong).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';

/** One document as a manifest lists it. */
export interface ManifestEntry {
  readonly file: string;
  readonly id: string;
  /** The document text exactly as in the manifest (its hash is over these characters). */
  readonly text: string;
  /** Apollo's `name`: which operation of the text runs. Undefined in persisted-documents.json. */
  readonly operationName: string | undefined;
  /** Apollo's `type` (query, mutation, subscription). */
  readonly operationType: string | undefined;
}

const APOLLO_FORMAT = 'apollo-persisted-query-manifest';
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);

/** A refusal about the whole file. */
export function fileError(file: string, what: string): ConfigError {
  return new ConfigError('TRUSTED_DOCUMENTS', `${file}: ${what}`);
}

/** A refusal about one document of the file. */
export function documentError(file: string, id: string, what: string): ConfigError {
  return fileError(file, `document ${JSON.stringify(id)} ${what}`);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function apolloEntries(file: string, manifest: Readonly<Record<string, unknown>>): ManifestEntry[] {
  if (manifest.version !== 1) throw fileError(file, `is an Apollo persisted query manifest of version ${JSON.stringify(manifest.version)}; only version 1 is read`);
  if (!Array.isArray(manifest.operations)) throw fileError(file, 'is an Apollo persisted query manifest without an "operations" array');
  return manifest.operations.map((operation: unknown, index): ManifestEntry => {
    const where = `operations[${index}]`;
    if (!isObject(operation)) throw fileError(file, `${where} is not an object`);
    const { id, name, type, body } = operation;
    if (typeof id !== 'string' || id === '') throw fileError(file, `${where} has no "id" (a non-empty string)`);
    if (typeof body !== 'string') throw documentError(file, id, 'has no "body" (the document text, a string)');
    if (typeof name !== 'string' || name === '') throw documentError(file, id, 'has no "name" (the operation to run, a non-empty string)');
    if (typeof type !== 'string' || !OPERATION_TYPES.has(type)) throw documentError(file, id, `has "type" ${JSON.stringify(type)}; it must be query, mutation or subscription`);
    return { file, id, text: body, operationName: name, operationType: type };
  });
}

function codegenEntries(file: string, manifest: Readonly<Record<string, unknown>>): ManifestEntry[] {
  return Object.entries(manifest).map(([id, text]): ManifestEntry => {
    if (id === '') throw fileError(file, 'has an empty id');
    if (typeof text !== 'string') throw documentError(file, id, 'is not a string (persisted-documents.json maps each id to its document text)');
    return { file, id, text, operationName: undefined, operationType: undefined };
  });
}

/** The documents of one manifest file, in file order. */
export function readManifest(file: string): ManifestEntry[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(source);
  } catch (error) {
    throw fileError(file, `is not JSON (${(error as Error).message})`);
  }
  if (!isObject(manifest)) {
    throw fileError(file, `is neither a persisted-documents.json object ({ "<id>": "<document text>" }) nor an Apollo persisted query manifest`);
  }
  if ('format' in manifest) {
    if (manifest.format !== APOLLO_FORMAT) throw fileError(file, `has "format" ${JSON.stringify(manifest.format)}; the only format read is ${JSON.stringify(APOLLO_FORMAT)}`);
    return apolloEntries(file, manifest);
  }
  return codegenEntries(file, manifest);
}
