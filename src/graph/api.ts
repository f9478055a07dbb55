import { UnauthenticatedError } from '../errors/gateway-error';
import type { GraphClient, GraphReply } from './client';
import { createManagedAppRegistration, type RegistrationTarget } from './endpoints/managed-app-registrations';
import { createMobileAppInstallStatus } from './endpoints/mobile-app-install-statuses';

/** Graph calls on behalf of one caller: what resolvers see as `ctx.graph`. */
export interface GraphApi {
  createManagedAppRegistration(target: RegistrationTarget, body: Record<string, unknown>): Promise<GraphReply>;
  createMobileAppInstallStatus(
    mobileAppId: string,
    userAppInstallStatusId: string | null | undefined,
    body: Record<string, unknown>,
  ): Promise<GraphReply>;
}

const BEARER = /^Bearer\s+\S/i;

/** The Authorization header if it carries a bearer token, else null. */
export function bearerAuthorization(header: string | undefined): string | null {
  return header !== undefined && BEARER.test(header) ? header : null;
}

/**
 * Binds the client to the caller's Authorization header, forwarded unchanged.
 * Without a bearer token every call fails with UNAUTHENTICATED before anything
 * is sent (contract §1).
 */
export function graphApiFor(client: GraphClient, authorization: string | null): GraphApi {
  const auth = (): string => {
    if (authorization === null) {
      throw new UnauthenticatedError('Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".');
    }
    return authorization;
  };
  return {
    createManagedAppRegistration: async (target, body) => createManagedAppRegistration(client, auth(), target, body),
    createMobileAppInstallStatus: async (mobileAppId, userAppInstallStatusId, body) =>
      createMobileAppInstallStatus(client, auth(), mobileAppId, userAppInstallStatusId, body),
  };
}
