import type { GraphClientConfig } from '../config';
import { GatewayError, UnauthenticatedError } from '../errors/gateway-error';
import { batchGet } from './batch';
import type { GraphClient, GraphReply } from './client';
import { createManagedAppRegistration, registrationsPath, type RegistrationTarget } from './endpoints/managed-app-registrations';
import { createMobileAppInstallStatus, deviceStatusesPath } from './endpoints/mobile-app-install-statuses';
import { readPage, type ListPage, type PagingOptions } from './paging';

/** Graph calls on behalf of one caller: what resolvers and loaders see as `ctx.graph`. */
export interface GraphApi {
  createManagedAppRegistration(target: RegistrationTarget, body: Record<string, unknown>): Promise<GraphReply>;
  createMobileAppInstallStatus(
    mobileAppId: string,
    userAppInstallStatusId: string | null | undefined,
    body: Record<string, unknown>,
  ): Promise<GraphReply>;
  /** Reads each path: one plain GET for one path, $batch for more. Each gets a reply or its own error. */
  getEach(paths: readonly string[]): Promise<Array<GraphReply | GatewayError>>;
  /** A page of all registrations, or of one user's. */
  listManagedAppRegistrations(userId: string | null | undefined, first: number, after: string | null): Promise<ListPage>;
  /** A page of an app's install statuses, or of those under one user install status. */
  listMobileAppInstallStatuses(
    mobileAppId: string,
    userAppInstallStatusId: string | null | undefined,
    first: number,
    after: string | null,
  ): Promise<ListPage>;
}

/** What the API needs besides the client. */
export interface GraphApiOptions extends PagingOptions {
  readonly retry: Pick<GraphClientConfig, 'retryMax' | 'retryBudgetMs' | 'retryBaseDelayMs'>;
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
export function graphApiFor(client: GraphClient, authorization: string | null, options: GraphApiOptions): GraphApi {
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
    async getEach(paths) {
      const token = auth();
      if (paths.length !== 1) return batchGet(client, token, paths, options.retry);
      try {
        return [await client.send({ method: 'GET', path: paths[0]!, authorization: token, kind: 'read' })];
      } catch (error) {
        if (error instanceof GatewayError) return [error];
        throw error;
      }
    },
    async listManagedAppRegistrations(userId, first, after) {
      const token = auth();
      const target: RegistrationTarget = userId === null || userId === undefined ? { collection: 'deviceAppManagement' } : { userId };
      return readPage(client, token, options, registrationsPath(target), first, after);
    },
    async listMobileAppInstallStatuses(mobileAppId, userAppInstallStatusId, first, after) {
      const token = auth();
      return readPage(client, token, options, deviceStatusesPath(mobileAppId, userAppInstallStatusId), first, after);
    },
  };
}
