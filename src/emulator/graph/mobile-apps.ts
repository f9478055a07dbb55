// The seeded mobileApps and their userStatuses: read-only parents for the install statuses.
import type { GraphRequest } from './request';
import type { MemoryStore } from './store';
import type { Route } from './route';
import type { GraphRecord } from '../types';
import { notFound, type GraphResponse } from './responses';
import { contextUrl, entityResponse, keyOf, listResponse, type Pager } from './odata';
import { mobileAppEntity, SEEDED_MOBILE_APPS, seededApp, seededPerson, type SeededMobileApp } from './seed';

/** GET /deviceAppManagement/mobileApps and /deviceAppManagement/mobileApps/{appId}. */
export function handleMobileApps(
  req: GraphRequest,
  { appId }: Route & { kind: 'mobileApps' },
  pager: Pager,
): GraphResponse {
  const fragment = 'deviceAppManagement/mobileApps';
  if (appId === undefined) {
    const page = pager.page(SEEDED_MOBILE_APPS.map(mobileAppEntity), req, 'mobileApps');
    return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
  }
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), mobileAppEntity(app));
}

/** GET .../mobileApps/{appId}/userStatuses and .../userStatuses/{userStatusId}, with device counts from the store. */
export function handleUserStatuses(
  req: GraphRequest,
  { appId, userStatusId }: Route & { kind: 'userStatuses' },
  store: MemoryStore,
  pager: Pager,
): GraphResponse {
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  const fragment = `deviceAppManagement/mobileApps${keyOf(appId)}/userStatuses`;
  if (userStatusId === undefined) {
    const all = app.userStatusIds.map((id) => userStatusEntity(app, id, store));
    const page = pager.page(all, req, JSON.stringify(['userStatuses', appId]));
    return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
  }
  if (!app.userStatusIds.includes(userStatusId)) throw notFound(userStatusId);
  const entity = userStatusEntity(app, userStatusId, store);
  return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), entity);
}

function userStatusEntity(app: SeededMobileApp, userStatusId: string, store: MemoryStore): GraphRecord {
  const states = store
    .installStatusList(app.id, userStatusId)
    .map((s) => s.record.installState ?? s.record.mobileAppInstallStatusValue);
  const count = (state: string): number => states.filter((s) => s === state).length;
  const person = seededPerson(app, userStatusId);
  return {
    '@odata.type': '#microsoft.graph.userAppInstallStatus',
    id: userStatusId,
    userName: person?.userName ?? null,
    userPrincipalName: person?.userPrincipalName ?? null,
    installedDeviceCount: count('installed'),
    failedDeviceCount: count('failed'),
    notInstalledDeviceCount: count('notInstalled'),
  };
}
