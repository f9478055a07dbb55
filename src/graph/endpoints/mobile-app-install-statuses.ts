import type { GraphClient, GraphReply } from '../client';
import { segment } from '../paths';

/** `/deviceAppManagement/mobileApps/{a}[/userStatuses/{s}]/deviceStatuses`, ids encoded. */
export function deviceStatusesPath(mobileAppId: string, userAppInstallStatusId: string | null | undefined): string {
  const app = `/deviceAppManagement/mobileApps/${segment(mobileAppId, 'mobileAppId')}`;
  if (userAppInstallStatusId === null || userAppInstallStatusId === undefined) return `${app}/deviceStatuses`;
  return `${app}/userStatuses/${segment(userAppInstallStatusId, 'userAppInstallStatusId')}/deviceStatuses`;
}

/** POST a new install status under the app (and user status, when given). */
export function createMobileAppInstallStatus(
  client: GraphClient,
  authorization: string,
  mobileAppId: string,
  userAppInstallStatusId: string | null | undefined,
  body: Record<string, unknown>,
): Promise<GraphReply> {
  return client.send({
    method: 'POST',
    path: deviceStatusesPath(mobileAppId, userAppInstallStatusId),
    body,
    authorization,
    kind: 'create',
  });
}

/** `/deviceAppManagement/mobileApps/{a}/deviceStatuses/{id}`, ids encoded. */
export function deviceStatusPath(mobileAppId: string, id: string): string {
  return `${deviceStatusesPath(mobileAppId, null)}/${segment(id, 'id')}`;
}
