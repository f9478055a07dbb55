// The Entra ID stand-in's public types (createEmulator({ entra }), emulator.entra), apart from its code so that
// the emulator's public types can name them without importing the stand-in (and what it imports).
import type { JwtClaims } from './jwt';

export interface EntraOptions {
  /** Directory id of the stand-in's tenant (default ENTRA_TENANT_ID). */
  tenantId?: string;
  /** Client id of the gateway's registration (default ENTRA_CLIENT_ID). */
  clientId?: string;
  /** Its client secret (default: random for each emulator). */
  clientSecret?: string;
  /** Certificates registered on the app (PEM), whose keys may sign client assertions. */
  certificates?: readonly string[];
}

export type EntraEndpoint = 'openid-configuration' | 'jwks' | 'token' | 'user-token' | 'federated-token';

/** One request the stand-in served, in arrival order. Secrets and assertions are never kept. */
export interface EntraRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  endpoint: EntraEndpoint;
  /** The token endpoint's grant_type. */
  grantType?: string;
  status?: number;
  /** Entra ID's `error` of a refusal. */
  error?: string;
  /** How the token request's client authenticated (or tried to). */
  clientAuth?: 'secret' | 'certificate' | 'federated';
}

/** What a minted user token (an access token for the gateway's API) says beyond the defaults. */
export interface UserTokenOptions {
  /** Whose token: a seeded person's userPrincipalName (default the first, Adele Vance). */
  userPrincipalName?: string;
  /** Claims laid over the defaults; `undefined` removes one (e.g. `{ scp: undefined }`). */
  claims?: JwtClaims;
  /** Header fields laid over the defaults (e.g. `{ kid: 'unknown' }`). */
  header?: JwtClaims;
  /** Signed with a key that was never published, under the current kid: a bad signature. */
  forged?: boolean;
}

/** What a minted federated token (a projected service account token) says beyond the defaults. */
export interface FederatedTokenOptions {
  /** Claims laid over the defaults (iss, sub, aud, exp…); `undefined` removes one. */
  claims?: JwtClaims;
  /** Signed with a key the issuer never published: a bad signature. */
  forged?: boolean;
}

/** A scripted answer to the next valid On-Behalf-Of exchanges (see `answerExchanges`). */
export type ExchangeAnswer =
  /** AADSTS65001 as Entra ID answers an OBO exchange for a user who has not consented: invalid_grant, suberror consent_required. */
  | { kind: 'consent_required' }
  /** A claims challenge (conditional access, MFA): interaction_required with `claims`, by default AADSTS50079. */
  | { kind: 'interaction_required'; claims: string; code?: number }
  /** Any Entra ID error body. */
  | { kind: 'error'; status?: number; error: string; code: number; description: string; suberror?: string; claims?: string }
  /** Waits, then answers as usual (aborted by close()). */
  | { kind: 'delay'; ms: number }
  /** A Graph token with this expires_in. */
  | { kind: 'token'; expiresInS: number };

/** The stand-in as tests see it (`emulator.entra`). */
export interface EntraControl {
  /** `http://host:port` once the emulator listens: what the gateway's AUTHORITY_HOST is set to. */
  readonly authorityHost: string;
  /** `<authorityHost>/<tenantId>/v2.0`, the `iss` of user tokens (a v2.0 issuer, as Entra ID's). */
  readonly issuer: string;
  readonly tenantId: string;
  /** The gateway's registration: the one confidential client the stand-in knows. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request served, in arrival order. */
  readonly requests: EntraRequest[];
  /** The Graph access tokens the token endpoint handed out, in order. */
  readonly issuedGraphTokens: string[];
  /** The issuer of federated tokens the stand-in runs and trusts: `<authorityHost>/_emulator/workload-identity`. */
  readonly federatedIssuer: string;
  /** The subject its federated identity credential trusts (a Kubernetes service account). */
  readonly federatedSubject: string;
  /**
   * A federated token (audience api://AzureADTokenExchange) the app's federated identity credential accepts as a
   * client assertion: what AZURE_FEDERATED_TOKEN_FILE holds; valid for an hour.
   */
  mintFederatedToken(options?: FederatedTokenOptions): string;
  /** The kid new tokens are signed with. */
  readonly currentKid: string;
  /** A v2.0 access token for the gateway's API (`aud` its client id, `scp` access_as_user), valid for an hour. */
  mintUserToken(options?: UserTokenOptions): string;
  /** A new signing key signs from now on (and is published); old keys stay published unless `retireOld`. Returns the new kid. */
  rotateSigningKey(options?: { retireOld?: boolean }): string;
  /** The next `times` (default 1) exchanges that pass every check get this answer instead of the usual token. */
  answerExchanges(answer: ExchangeAnswer, times?: number): void;
  /** Empties `requests`, `issuedGraphTokens` and the scripted answers. */
  clear(): void;
}
