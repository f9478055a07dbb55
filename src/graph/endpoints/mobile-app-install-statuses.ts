import type { GraphPath } from '../transport';
import { segment } from '../paths';

/** `/deviceAppManagement/mobileApps/{a}[/userStatuses/{s}]/deviceStatuses`, ids encoded. */
export function deviceStatusesPath(mobileAppId: string, userAppInstallStatusId: string | null | undefined): GraphPath {
  const app = `/deviceAppManagement/mobileApps/${segment(mobileAppId, 'mobileAppId')}`;
  if (userAppInstallStatusId === null || userAppInstallStatusId === undefined) {
    return { path: `${app}/deviceStatuses`, route: '/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses' };
  }
  return {
    path: `${app}/userStatuses/${segment(userAppInstallStatusId, 'userAppInstallStatusId')}/deviceStatuses`,
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses',
  };
}

/** One install status: `/deviceAppManagement/mobileApps/{a}/deviceStatuses/{id}`. */
export function deviceStatusPath(mobileAppId: string, id: string): GraphPath {
  const collection = deviceStatusesPath(mobileAppId, null);
  return { path: `${collection.path}/${segment(id, 'id')}`, route: `${collection.route}/{id}` };
}
