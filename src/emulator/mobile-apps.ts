// The seeded mobileApps and their userStatuses: read-only parents for the install statuses.
import type { GraphRequest } from './request';
import type { HandlerDeps } from './handler-deps';
import type { GraphRecord } from './types';
import { notFound, type GraphResponse } from './responses';
import { contextUrl, entityResponse, keyOf, listResponse } from './odata';
import { mobileAppEntity, SEEDED_MOBILE_APPS, seededApp, seededPerson, type SeededMobileApp } from './seed';

/** GET /deviceAppManagement/mobileApps and /deviceAppManagement/mobileApps/{appId}. */
export function handleMobileApps(req: GraphRequest, appId: string | undefined, deps: HandlerDeps): GraphResponse {
  const fragment = 'deviceAppManagement/mobileApps';
  if (appId === undefined) {
    const page = deps.pager.page(SEEDED_MOBILE_APPS.map(mobileAppEntity), req, 'mobileApps');
    return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
  }
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), mobileAppEntity(app));
}

/** GET .../mobileApps/{appId}/userStatuses and .../userStatuses/{userStatusId}, with device counts from the store. */
export function handleUserStatuses(
  req: GraphRequest,
  appId: string,
  userStatusId: string | undefined,
  deps: HandlerDeps,
): GraphResponse {
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  const fragment = `deviceAppManagement/mobileApps${keyOf(appId)}/userStatuses`;
  if (userStatusId === undefined) {
    const all = app.userStatusIds.map((id) => userStatusEntity(app, id, deps));
    const page = deps.pager.page(all, req, JSON.stringify(['userStatuses', appId]));
    return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
  }
  if (!app.userStatusIds.includes(userStatusId)) throw notFound(userStatusId);
  const entity = userStatusEntity(app, userStatusId, deps);
  return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), entity);
}

function userStatusEntity(app: SeededMobileApp, userStatusId: string, deps: HandlerDeps): GraphRecord {
  const states = deps.store
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
