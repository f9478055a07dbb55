/**
 * Where the tenant's Entra ID endpoints are, derived from AUTHORITY_HOST and
 * AZURE_TENANT_ID alone (Entra ID's layout, the same in every cloud), so
 * that neither jose nor msal-node needs a discovery request.
 */
import type { EntraAppRegistration } from '../config';

export interface EntraEndpoints {
  /** The tenant's v2.0 issuer: the `iss` of the access tokens callers send. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  /**
   * The authority msal-node is given. msal-node accepts only https
   * authorities; for an http stand-in on loopback the scheme is https here
   * and nothing dials it, since `authorityMetadata` names every endpoint.
   */
  readonly authority: string;
  /** msal-node's knownAuthorities: the authority's host, so that it makes no instance-discovery request either. */
  readonly knownAuthority: string;
  /** msal-node's authorityMetadata: the OpenID configuration it would otherwise fetch. */
  readonly authorityMetadata: string;
}

/** The endpoints of the registration's tenant. */
export function entraEndpoints(registration: EntraAppRegistration): EntraEndpoints {
  const tenantRoot = `${registration.authorityHost}/${registration.tenantId}`;
  const host = new URL(registration.authorityHost).host;
  const issuer = `${tenantRoot}/v2.0`;
  const jwksUri = `${tenantRoot}/discovery/v2.0/keys`;
  const tokenEndpoint = `${tenantRoot}/oauth2/v2.0/token`;
  return Object.freeze({
    issuer,
    jwksUri,
    tokenEndpoint,
    authority: `https://${host}/${registration.tenantId}`,
    knownAuthority: host,
    authorityMetadata: JSON.stringify({
      issuer,
      jwks_uri: jwksUri,
      token_endpoint: tokenEndpoint,
      authorization_endpoint: `${tenantRoot}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${tenantRoot}/oauth2/v2.0/logout`,
    }),
  });
}
