/**
 * What an explorer opens with (api-contract.md §14, "pre-filled"): an
 * Authorization header that works where the gateway runs, and the lines that
 * say what to paste when the gateway cannot know. One home for Sandbox and GraphiQL.
 */
import type { Config } from '../../config';
import { BYPASS_HEADER } from '../../trusted-documents';

/** Mints a user token from the embedded emulator's Entra ID stand-in (AUTH_MODE=obo on the emulator); never logged. */
export type MintUserToken = () => string;

/** How long a token minted for an explorer page lives: long enough to explore, short enough not to matter once the tab is closed. */
export const EXPLORER_TOKEN_LIFETIME_S = 15 * 60;

/** Where the gateway runs, as far as the pre-filled header is concerned. */
export interface PrefillSource {
  readonly config: Config;
  /** True when Graph is the embedded emulator. */
  readonly emulator: boolean;
  /** Set when the emulator also stands in for Entra ID (AUTH_MODE=obo, AUTHORITY_HOST unset). */
  readonly mintUserToken: MintUserToken | undefined;
}

export interface Prefill {
  /** The Authorization header's value; '' when the user has to paste one. */
  readonly authorization: string;
  /** Lines for the user, plain text. */
  readonly notes: readonly string[];
}

/** The token a user pastes, per auth mode (contract §12). */
function tokenToPaste(config: Config): string {
  return config.auth.mode === 'obo'
    ? "paste \"Bearer <token>\": a user's token for this gateway's API (audience api://<AZURE_CLIENT_ID>, scope access_as_user), which the gateway exchanges On-Behalf-Of"
    : 'paste "Bearer <token>": a Microsoft Graph delegated token (DeviceManagementApps.ReadWrite.All), which the gateway forwards to Graph';
}

/** Contract §13: under enforce and ids-only, text runs only with the bypass header. */
function trustedDocumentsNote(config: Config): string | undefined {
  const trusted = config.trustedDocuments;
  if (trusted === undefined || trusted.mode === 'audit') return undefined;
  return trusted.bypassSecret === undefined
    ? `TRUSTED_DOCUMENTS_MODE=${trusted.mode}: operations typed here (the schema's introspection too) are refused; the operator can set TRUSTED_DOCUMENTS_BYPASS_SECRET to let an explorer run them.`
    : `TRUSTED_DOCUMENTS_MODE=${trusted.mode}: to run operations typed here (the schema's introspection too), add the header "${BYPASS_HEADER}" with the value of TRUSTED_DOCUMENTS_BYPASS_SECRET (ask the operator).`;
}

/** The header and notes for one page, worked out when the page is requested (a minted token is fresh each time). */
export function prefill(source: PrefillSource): Prefill {
  const { config, emulator, mintUserToken } = source;
  const notes: string[] = [];
  let authorization = '';
  if (emulator && config.auth.mode === 'forward') {
    authorization = 'Bearer emulator-token';
    notes.push('Graph is the built-in emulator (emulated data, no tenant): it takes any bearer token, so "Bearer emulator-token" is filled in.');
  } else if (emulator && mintUserToken !== undefined) {
    authorization = `Bearer ${mintUserToken()}`;
    notes.push(`AUTH_MODE=obo on the built-in emulator: the Authorization header holds a user token its Entra ID stand-in minted for this page (valid ${EXPLORER_TOKEN_LIFETIME_S / 60} minutes; reload the page for a new one).`);
  } else {
    notes.push(`Authorization is empty: ${tokenToPaste(config)}.`);
  }
  const trusted = trustedDocumentsNote(config);
  if (trusted !== undefined) notes.push(trusted);
  return { authorization, notes };
}
