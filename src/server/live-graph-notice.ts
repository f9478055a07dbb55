import { isMicrosoftGraphHost } from '../config/graph-hosts';
import type { Logger } from '../observability/logger';

export { isMicrosoftGraphHost, MICROSOFT_GRAPH_HOSTS } from '../config/graph-hosts';

/** A gateway operation whose Graph call current Graph beta's metadata no longer has. */
export interface UndocumentedOperation {
  /** The GraphQL operation, and the arguments that pick this call. */
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  /** The Graph route, as the endpoints in src/graph/endpoints write it. */
  readonly route: string;
  /** What current Graph beta lacks (graph-facts §11; docs/schema.md "What current Graph beta serves"). */
  readonly why: string;
}

const NO_DEVICE_STATUSES = 'mobileApp has no deviceStatuses navigation in current beta metadata (removed in June 2023)';
const NO_USER_STATUSES = 'mobileApp has no userStatuses navigation in current beta metadata (removed in June 2023)';

/**
 * The seeds' calls that current Graph beta no longer documents. The gateway
 * keeps them (the seeds define the product) and its emulator serves them;
 * test/metadata checks this list against Microsoft's metadata.
 */
export const NOT_IN_CURRENT_GRAPH_BETA: readonly UndocumentedOperation[] = [
  {
    operation: 'createManagedAppRegistration(collection: ROOT)',
    method: 'POST',
    route: '/managedAppRegistrations',
    why: 'the beta metadata has no managedAppRegistrations entity set at the root',
  },
  {
    operation: 'createManagedAppRegistration(userId)',
    method: 'POST',
    route: '/users/{userId}/managedAppRegistrations',
    why: 'user.managedAppRegistrations is a non-contained navigation, readable only; no entity set of managedAppRegistration exists to create into',
  },
  {
    operation: 'createMobileAppInstallStatus',
    method: 'POST',
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses',
    why: NO_DEVICE_STATUSES,
  },
  {
    operation: 'createMobileAppInstallStatus(userAppInstallStatusId)',
    method: 'POST',
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses',
    why: NO_USER_STATUSES,
  },
  {
    operation: 'mobileAppInstallStatuses, MobileApp.deviceStatuses',
    method: 'GET',
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses',
    why: NO_DEVICE_STATUSES,
  },
  {
    operation: 'mobileAppInstallStatuses(userAppInstallStatusId)',
    method: 'GET',
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses',
    why: NO_USER_STATUSES,
  },
  {
    operation: 'mobileAppInstallStatus, MobileAppInstallStatus entity references',
    method: 'GET',
    route: '/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses/{id}',
    why: NO_DEVICE_STATUSES,
  },
];


/**
 * At start: one warning line when the gateway calls Microsoft Graph itself,
 * naming the operations current Graph beta no longer documents, so that a
 * user learns it before trying them. Returns whether it warned.
 */
export function warnAboutUndocumentedOperations(graphBaseUrl: string, log: Logger): boolean {
  if (!isMicrosoftGraphHost(graphBaseUrl)) return false;
  const operations = NOT_IN_CURRENT_GRAPH_BETA.map((o) => `${o.operation} (${o.method} ${o.route})`);
  log.warn(
    { graphBaseUrl, notInCurrentGraphBeta: operations },
    `GRAPH_BASE_URL is Microsoft Graph: current Graph beta no longer documents ${operations.join('; ')}. ` +
      'The gateway still sends them as the seed operations define them; expect Graph to refuse them (docs/schema.md: "What current Graph beta serves").',
  );
  return true;
}
