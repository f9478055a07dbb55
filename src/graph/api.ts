import type { GraphClientConfig } from '../config';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import { batchGet } from './batch';
import type { GraphClient, GraphPath, GraphReply } from './client';
import { registrationsPath, type RegistrationTarget } from './endpoints/managed-app-registrations';
import { deviceStatusesPath } from './endpoints/mobile-app-install-statuses';
import { readPage, type ListPage, type PagingOptions } from './paging';
import { RetryBudget, type RetryLimits } from './policy';

/** Graph calls on behalf of one caller: what resolvers and loaders see as `ctx.graph`. */
export interface GraphApi {
  createManagedAppRegistration(target: RegistrationTarget, body: Record<string, unknown>): Promise<GraphReply>;
  createMobileAppInstallStatus(
    mobileAppId: string,
    userAppInstallStatusId: string | null | undefined,
    body: Record<string, unknown>,
  ): Promise<GraphReply>;
  /** Reads each path: one plain GET for one path, $batch for more. Each gets a reply or its own error. */
  getEach(paths: readonly GraphPath[]): Promise<Array<GraphReply | GatewayError>>;
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
  readonly retry: RetryLimits & Pick<GraphClientConfig, 'retryBaseDelayMs'>;
}

const BEARER = /^Bearer\s+\S/i;

/** The Authorization header if it carries a bearer token, else null. */
export function bearerAuthorization(header: string | undefined): string | null {
  return header !== undefined && BEARER.test(header) ? header : null;
}

/**
 * Binds the client to the caller's Authorization header, forwarded unchanged,
 * to the request's scope (trace context, call count) and to one RetryBudget,
 * which every call of the operation shares (contract §7). Without a bearer
 * token every call fails with UNAUTHENTICATED before anything is sent
 * (contract §1); so does an empty id, before the token is even looked at.
 */
export function graphApiFor(client: GraphClient, authorization: string | null, options: GraphApiOptions, scope?: RequestScope): GraphApi {
  const budget = new RetryBudget(options.retry);
  const auth = (): string => {
    if (authorization === null) {
      throw new GatewayError(ErrorCode.UNAUTHENTICATED);
    }
    return authorization;
  };
  return {
    async createManagedAppRegistration(target, body) {
      const token = auth();
      return client.send({ method: 'POST', ...registrationsPath(target), body, authorization: token, kind: 'create', writes: 1 }, scope, budget);
    },
    async createMobileAppInstallStatus(mobileAppId, userAppInstallStatusId, body) {
      const token = auth();
      return client.send({ method: 'POST', ...deviceStatusesPath(mobileAppId, userAppInstallStatusId), body, authorization: token, kind: 'create', writes: 1 }, scope, budget);
    },
    async getEach(paths) {
      const token = auth();
      if (paths.length !== 1) return batchGet(client, token, paths, budget, options.retry.retryBaseDelayMs, scope);
      try {
        return [await client.send({ method: 'GET', ...paths[0]!, authorization: token, kind: 'read' }, scope, budget)];
      } catch (error) {
        if (error instanceof GatewayError) return [error];
        throw error;
      }
    },
    async listManagedAppRegistrations(userId, first, after) {
      const token = auth();
      const target: RegistrationTarget = userId === null || userId === undefined ? { collection: 'deviceAppManagement' } : { userId };
      return readPage(client, token, options, registrationsPath(target), first, after, budget, scope);
    },
    async listMobileAppInstallStatuses(mobileAppId, userAppInstallStatusId, first, after) {
      const token = auth();
      return readPage(client, token, options, deviceStatusesPath(mobileAppId, userAppInstallStatusId), first, after, budget, scope);
    },
  };
}
