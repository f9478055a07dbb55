/**
 * The trusted-documents settings (api-contract.md §13): which manifest files
 * hold the allow-list, what happens to text that is not in it, and the
 * bypass secret. Parsed once by loadConfig; each refusal names its variable.
 * The files themselves are read by src/trusted-documents/ (config reads no files).
 */
import { ConfigError, oneOf, secret, type Env } from './env';

export const TRUSTED_DOCUMENTS_MODES = ['audit', 'enforce', 'ids-only'] as const;
export type TrustedDocumentsMode = (typeof TRUSTED_DOCUMENTS_MODES)[number];

/** Shortest bypass secret accepted: it lets a caller run any text, so it must not be guessable. */
export const BYPASS_SECRET_MIN_LENGTH = 16;

export interface TrustedDocumentsConfig {
  /** TRUSTED_DOCUMENTS: the manifest files, in the order given, each once. */
  readonly paths: readonly string[];
  /** TRUSTED_DOCUMENTS_MODE (default audit). */
  readonly mode: TrustedDocumentsMode;
  /** TRUSTED_DOCUMENTS_BYPASS_SECRET; undefined: no bypass. Never log it. */
  readonly bypassSecret: string | undefined;
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function paths(value: string): readonly string[] {
  const list: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (entry === '') {
      throw new ConfigError('TRUSTED_DOCUMENTS', `must be comma-separated paths of manifest files such as persisted-documents.json,apq-manifest.json; an entry is empty in ${JSON.stringify(value)}`);
    }
    if (!list.includes(entry)) list.push(entry);
  }
  return Object.freeze(list);
}

/**
 * TRUSTED_DOCUMENTS and its companions; undefined when no list is set (contract §1–§12 unchanged).
 * A mode or a bypass secret without a list is refused: it would protect (or open) nothing.
 */
export function trustedDocumentsConfig(env: Env): TrustedDocumentsConfig | undefined {
  const mode = oneOf(env, 'TRUSTED_DOCUMENTS_MODE', TRUSTED_DOCUMENTS_MODES, 'audit');
  const bypassSecret = secret(env, 'TRUSTED_DOCUMENTS_BYPASS_SECRET', BYPASS_SECRET_MIN_LENGTH);
  const list = raw(env, 'TRUSTED_DOCUMENTS');
  if (list === undefined) {
    const orphan = raw(env, 'TRUSTED_DOCUMENTS_MODE') !== undefined ? 'TRUSTED_DOCUMENTS_MODE' : bypassSecret !== undefined ? 'TRUSTED_DOCUMENTS_BYPASS_SECRET' : undefined;
    if (orphan !== undefined) throw new ConfigError(orphan, `is set but TRUSTED_DOCUMENTS is not: set TRUSTED_DOCUMENTS to the manifest files, or unset ${orphan}`);
    return undefined;
  }
  return Object.freeze({ paths: paths(list), mode, bypassSecret });
}
