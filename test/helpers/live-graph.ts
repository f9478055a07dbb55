/** The warning, exactly (docs/schema.md "What current Graph beta serves" lists the same operations). */
export const LIVE_GRAPH_OPERATIONS = [
  'createManagedAppRegistration(collection: ROOT) (POST /managedAppRegistrations)',
  'createManagedAppRegistration(userId) (POST /users/{userId}/managedAppRegistrations)',
  'createMobileAppInstallStatus (POST /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses)',
  'createMobileAppInstallStatus(userAppInstallStatusId) (POST /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses)',
  'mobileAppInstallStatuses, MobileApp.deviceStatuses (GET /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses)',
  'mobileAppInstallStatuses(userAppInstallStatusId) (GET /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses)',
  'mobileAppInstallStatus, MobileAppInstallStatus entity references (GET /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses/{id})',
];
export const LIVE_GRAPH_WARNING =
  `GRAPH_BASE_URL is Microsoft Graph: current Graph beta no longer documents ${LIVE_GRAPH_OPERATIONS.join('; ')}. ` +
  'The gateway still sends them as the seed operations define them; expect Graph to refuse them (docs/schema.md: "What current Graph beta serves").';
