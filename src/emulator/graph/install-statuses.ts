// mobileAppInstallStatuses under /deviceAppManagement/mobileApps/{appId}/deviceStatuses and
// .../userStatuses/{userStatusId}/deviceStatuses (graph-facts §3.4): the seed's paths, served as written. The handler,
// and the builder that turns a create body into the entity Graph stores.
import { randomUUID } from 'node:crypto';
import type { GraphRecord } from '../types';
import type { MemoryStore } from './store';
import type { Route } from './route';
import { INSTALL_STATUS_TYPE, MOBILE_APP_INSTALL_STATUS } from './entity-model';
import { fillProperties, resolveEntityType, validateProperties } from './property-validation';
import { requireJsonObject, type GraphRequest } from './request';
import { notFound, type GraphResponse } from './responses';
import { contextUrl, entityResponse, keyOf, listResponse, type Pager } from './odata';
import { seededApp } from './seed';

/** Lists or creates (no id) or reads one (id) install status; unknown parents are 404 before anything else. */
export function handleInstallStatuses(
  req: GraphRequest,
  { appId, userStatusId, id }: Route & { kind: 'installStatuses' },
  store: MemoryStore,
  pager: Pager,
): GraphResponse {
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  if (userStatusId !== undefined && !app.userStatusIds.includes(userStatusId)) throw notFound(userStatusId);
  const fragment =
    `deviceAppManagement/mobileApps${keyOf(appId)}` +
    (userStatusId === undefined ? '' : `/userStatuses${keyOf(userStatusId)}`) +
    '/deviceStatuses';

  if (id !== undefined) {
    const stored = store.installStatus(id);
    const visible =
      stored !== undefined &&
      stored.mobileAppId === appId &&
      (userStatusId === undefined || stored.userStatusId === userStatusId);
    if (!visible) throw notFound(id);
    return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), stored.record, {
      collection: 'mobileAppInstallStatuses',
      id,
    });
  }

  if (req.method === 'POST') {
    const record = buildMobileAppInstallStatus(requireJsonObject(req.body));
    const storedId = store.putInstallStatus(appId, record, userStatusId);
    return entityResponse(201, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'mobileAppInstallStatuses',
      id: storedId,
    });
  }

  const all = store.installStatusList(appId, userStatusId).map((s) => s.record);
  const page = pager.page(all, req, JSON.stringify(['deviceStatuses', appId, userStatusId ?? null]));
  return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
}

const TYPES = new Map([[MOBILE_APP_INSTALL_STATUS, INSTALL_STATUS_TYPE]]);

/** Validates `body` and returns the full entity (no @odata.context). */
function buildMobileAppInstallStatus(body: Record<string, unknown>): GraphRecord {
  const def = resolveEntityType(body, TYPES, MOBILE_APP_INSTALL_STATUS);
  validateProperties(body, def, ['id']);
  const properties = fillProperties(body, def);
  // No source documents this; the emulator does it on purpose. The metadata declares installState and
  // mobileAppInstallStatusValue both non-nullable and both resultantAppState, the docs call installState the newer
  // property for the same state (graph-facts §3.1), and the gateway reads either. Left at the default, the other one
  // would contradict what the client sent (e.g. installed and notApplicable at once), which no Graph answer shows.
  const sentValue = 'mobileAppInstallStatusValue' in body;
  const sentState = 'installState' in body;
  if (sentValue && !sentState) properties.installState = properties.mobileAppInstallStatusValue;
  if (sentState && !sentValue) properties.mobileAppInstallStatusValue = properties.installState;
  return { '@odata.type': `#${def.name}`, id: randomUUID(), ...properties };
}
