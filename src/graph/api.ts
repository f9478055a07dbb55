import type { Caller, GraphAuthorization } from '../caller/caller';
import type { GraphClientConfig } from '../config';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import { sendBatch } from './batch';
import type { GraphClient, GraphPath, GraphReply } from './client';
import { registrationsPath, type RegistrationTarget } from './endpoints/managed-app-registrations';
import { deviceStatusesPath } from './endpoints/mobile-app-install-statuses';
import { readPage, type ListPage, type PagingOptions } from './paging';
import { RetryBudget, type RetryLimits } from './policy';

/** How a create is sent: the client-request-id of its first try, when an idempotency record keeps it. */
export interface CreateOptions {
  readonly clientRequestId?: string;
}

/** One create of a bulk create: where it goes (paths from graph/endpoints), what it sends, how. */
export interface CreateItem extends GraphPath, CreateOptions {
  readonly body: Record<string, unknown>;
}

/** Graph calls on behalf of one caller: what resolvers, loaders and creates see as `ctx.graph`. */
export interface GraphApi {
  /** POSTs `body` to the collection at `path`: one create (contract §7: never made twice). */
  create(path: GraphPath, body: Record<string, unknown>, options?: CreateOptions): Promise<GraphReply>;
  /** Creates each item through $batch (contract §9): a reply or its own error per item, in order. */
  createEach(items: readonly CreateItem[]): Promise<Array<GraphReply | GatewayError>>;
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
  readonly retry: RetryLimits & Pick<GraphClientConfig, 'retryBaseDelayMs' | 'batchConcurrency'>;
}

/**
 * Binds the client to the request's caller (caller/caller.ts: the
 * Authorization its calls carry, asked for on the first call), to the
 * request's scope (trace context, call count) and to one RetryBudget, which
 * every call of the operation shares (contract §7). Without a bearer token
 * every call fails with UNAUTHENTICATED before anything is sent
 * (contract §1); so does an empty id, before the caller is even asked. In obo
 * mode the refusals are the exchange's (contract §12).
 */
export function graphApiFor(client: GraphClient, caller: Caller, options: GraphApiOptions, scope?: RequestScope): GraphApi {
  const budget = new RetryBudget(options.retry);
  const auth = (): Promise<GraphAuthorization> => caller.graphAuthorization();
  return {
    async create(path, body, createOptions) {
      const token = await auth();
      return client.send({ method: 'POST', ...path, body, authorization: token, kind: 'create', writes: 1, clientRequestId: createOptions?.clientRequestId }, scope, budget);
    },
    async createEach(items) {
      const token = await auth();
      return sendBatch(client, token, 'create', items, budget, options.retry, scope);
    },
    async getEach(paths) {
      // Nothing to read needs no token (an id that is no path fails on its own, before the token is looked at).
      if (paths.length === 0) return [];
      const token = await auth();
      if (paths.length !== 1) return sendBatch(client, token, 'read', paths, budget, options.retry, scope);
      try {
        return [await client.send({ method: 'GET', ...paths[0]!, authorization: token, kind: 'read' }, scope, budget)];
      } catch (error) {
        if (error instanceof GatewayError) return [error];
        throw error;
      }
    },
    async listManagedAppRegistrations(userId, first, after) {
      const token = await auth();
      const target: RegistrationTarget = userId === null || userId === undefined ? { collection: 'deviceAppManagement' } : { userId };
      return readPage(client, token, options, registrationsPath(target), first, after, budget, scope);
    },
    async listMobileAppInstallStatuses(mobileAppId, userAppInstallStatusId, first, after) {
      const token = await auth();
      return readPage(client, token, options, deviceStatusesPath(mobileAppId, userAppInstallStatusId), first, after, budget, scope);
    },
  };
}
