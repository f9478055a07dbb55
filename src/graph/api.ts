import type { Caller, GraphAuthorization } from '../caller/caller';
import type { GraphClientConfig } from '../config';
import { GatewayError } from '../errors/gateway-error';
import type { RequestScope } from '../observability/request-scope';
import { batchGet } from './batch';
import { bulkCreate, type CreateItem } from './bulk-create';
import type { GraphClient, GraphPath, GraphReply } from './client';
import { registrationsPath, type RegistrationTarget } from './endpoints/managed-app-registrations';
import { deviceStatusesPath } from './endpoints/mobile-app-install-statuses';
import { readPage, type ListPage, type PagingOptions } from './paging';
import { RetryBudget, type RetryLimits } from './policy';

/** How a create is sent: the client-request-id of its first try, when an idempotency record keeps it. */
export interface CreateOptions {
  readonly clientRequestId?: string;
}

/** One registration of a bulk create. */
export interface RegistrationCreate extends CreateOptions {
  readonly target: RegistrationTarget;
  readonly body: Record<string, unknown>;
}

/** One install status of a bulk create. */
export interface InstallStatusCreate extends CreateOptions {
  readonly mobileAppId: string;
  readonly userAppInstallStatusId: string | null | undefined;
  readonly body: Record<string, unknown>;
}

/** Graph calls on behalf of one caller: what resolvers and loaders see as `ctx.graph`. */
export interface GraphApi {
  createManagedAppRegistration(target: RegistrationTarget, body: Record<string, unknown>, options?: CreateOptions): Promise<GraphReply>;
  createMobileAppInstallStatus(
    mobileAppId: string,
    userAppInstallStatusId: string | null | undefined,
    body: Record<string, unknown>,
    options?: CreateOptions,
  ): Promise<GraphReply>;
  /** Creates each registration through $batch (contract §9): a reply or its own error per item, in order. */
  createManagedAppRegistrations(items: readonly RegistrationCreate[]): Promise<Array<GraphReply | GatewayError>>;
  /** Creates each install status through $batch (contract §9): a reply or its own error per item, in order. */
  createMobileAppInstallStatuses(items: readonly InstallStatusCreate[]): Promise<Array<GraphReply | GatewayError>>;
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
  const create = async (path: GraphPath, body: Record<string, unknown>, options: CreateOptions = {}): Promise<GraphReply> => {
    const token = await auth();
    return client.send({ method: 'POST', ...path, body, authorization: token, kind: 'create', writes: 1, clientRequestId: options.clientRequestId }, scope, budget);
  };
  /** Items whose path cannot be built (an empty id) fail alone; the others go through $batch. */
  const createEach = async (items: ReadonlyArray<() => CreateItem>): Promise<Array<GraphReply | GatewayError>> => {
    const token = await auth();
    const outcomes = new Array<GraphReply | GatewayError>(items.length);
    const sent: CreateItem[] = [];
    const at: number[] = [];
    items.forEach((item, index) => {
      try {
        sent.push(item());
        at.push(index);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        outcomes[index] = error;
      }
    });
    if (sent.length > 0) (await bulkCreate(client, token, sent, budget, options.retry, scope)).forEach((outcome, i) => (outcomes[at[i]!] = outcome));
    return outcomes;
  };
  return {
    createManagedAppRegistration: (target, body, createOptions) => create(registrationsPath(target), body, createOptions),
    createMobileAppInstallStatus: (mobileAppId, userAppInstallStatusId, body, createOptions) =>
      create(deviceStatusesPath(mobileAppId, userAppInstallStatusId), body, createOptions),
    createManagedAppRegistrations: (items) =>
      createEach(items.map((item) => () => ({ ...registrationsPath(item.target), body: item.body, clientRequestId: item.clientRequestId }))),
    createMobileAppInstallStatuses: (items) =>
      createEach(
        items.map((item) => () => ({ ...deviceStatusesPath(item.mobileAppId, item.userAppInstallStatusId), body: item.body, clientRequestId: item.clientRequestId })),
      ),
    async getEach(paths) {
      const token = await auth();
      if (paths.length !== 1) return batchGet(client, token, paths, budget, options.retry.retryBaseDelayMs, scope);
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
