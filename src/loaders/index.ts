import DataLoader from 'dataloader';
import { eachAlone } from '../errors/each-alone';
import { GatewayError } from '../errors/gateway-error';
import type { GraphApi } from '../graph/api';
import type { GraphPath, GraphReply } from '../graph/client';
import { registrationPath } from '../graph/endpoints/managed-app-registrations';
import { deviceStatusPath } from '../graph/endpoints/mobile-app-install-statuses';
import type { ManagedAppRegistrationModel, MobileAppInstallStatusModel } from '../normalize/models';
import type { Logger } from '../observability/logger';
import { readInstallStatus, readRegistration } from '../replies/read-reply';
import type { InstallStatusKey, Loaders } from './types';

export type { InstallStatusKey, Loaders } from './types';

/** 404 means "no such entity": null, not an error (contract §4). */
function isNotFound<V>(outcome: V | GatewayError): boolean {
  return outcome instanceof GatewayError && outcome.graph?.status === 404;
}

/**
 * One batch function for any entity: paths for the keys, one getEach call, then per key: normalized
 * entity, null for 404, or that key's error (a key whose path cannot be built, such as an empty id, or
 * whose reply cannot be read, fails alone).
 */
function entityBatch<K, V>(
  graph: GraphApi,
  pathOf: (key: K) => GraphPath,
  normalize: (reply: GraphReply, key: K) => V,
): (keys: readonly K[]) => Promise<Array<V | null | Error>> {
  return async (keys) => (await eachAlone(keys, pathOf, (paths) => graph.getEach(paths), normalize)).map((outcome) => (isNotFound(outcome) ? null : outcome));
}

/** Fresh loaders bound to this request's Graph API. */
export function createLoaders(graph: GraphApi, log: Logger): Loaders {
  return {
    managedAppRegistration: new DataLoader(
      entityBatch<string, ManagedAppRegistrationModel>(graph, registrationPath, (reply) =>
        readRegistration(reply.body, reply, 'read', log),
      ),
    ),
    mobileAppInstallStatus: new DataLoader(
      entityBatch<InstallStatusKey, MobileAppInstallStatusModel>(
        graph,
        (key) => deviceStatusPath(key.mobileAppId, key.id),
        (reply, key) => readInstallStatus(reply.body, key.mobileAppId, reply, 'read', log),
      ),
      { cacheKeyFn: (key) => JSON.stringify([key.mobileAppId, key.id]) },
    ),
  };
}
