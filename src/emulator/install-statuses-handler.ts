// mobileAppInstallStatuses under /deviceAppManagement/mobileApps/{appId}/deviceStatuses and
// .../userStatuses/{userStatusId}/deviceStatuses (graph-facts §3.4): the seed's paths, served as written.
import type { HandlerDeps } from './handler-deps';
import { requireJsonObject, type GraphRequest } from './request';
import { notFound, type GraphResponse } from './responses';
import { buildMobileAppInstallStatus } from './install-status-builder';
import { contextUrl, entityResponse, keyOf, listResponse } from './odata';
import { seededApp } from './seed';

/** Lists or creates (no id) or reads one (id) install status; unknown parents are 404 before anything else. */
export function handleInstallStatuses(
  req: GraphRequest,
  appId: string,
  userStatusId: string | undefined,
  id: string | undefined,
  deps: HandlerDeps,
): GraphResponse {
  const app = seededApp(appId);
  if (!app) throw notFound(appId);
  if (userStatusId !== undefined && !app.userStatusIds.includes(userStatusId)) throw notFound(userStatusId);
  const fragment =
    `deviceAppManagement/mobileApps${keyOf(appId)}` +
    (userStatusId === undefined ? '' : `/userStatuses${keyOf(userStatusId)}`) +
    '/deviceStatuses';

  if (id !== undefined) {
    const stored = deps.store.installStatus(id);
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
    const storedId = deps.store.putInstallStatus(appId, record, userStatusId);
    return entityResponse(201, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'mobileAppInstallStatuses',
      id: storedId,
    });
  }

  const all = deps.store.installStatusList(appId, userStatusId).map((s) => s.record);
  const page = deps.pager.page(all, req, JSON.stringify(['deviceStatuses', appId, userStatusId ?? null]));
  return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
}
