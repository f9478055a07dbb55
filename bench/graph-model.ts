// The slice of the Graph beta model the benchmark's scenarios touch (graph-facts §1, §2, §3). Kept apart from
// src/ on purpose: the bench treats the gateway as a black box, so it must not borrow the gateway's own mapping.

/** managedAppFlaggedReason members (graph-facts §1.4). */
export const MANAGED_APP_FLAGGED_REASONS = ['none', 'rootedDevice', 'androidBootloaderUnlocked', 'androidFactoryRomModified'] as const;

/** resultantAppState members (graph-facts §3.2). */
export const RESULTANT_APP_STATES = [
  'notApplicable',
  'installed',
  'failed',
  'notInstalled',
  'uninstallFailed',
  'pendingInstall',
  'unknown',
] as const;

/** resultantAppStateDetail members (graph-facts §3.3). */
export const RESULTANT_APP_STATE_DETAILS = [
  'noAdditionalDetails',
  'dependencyFailedToInstall',
  'dependencyWithRequirementsNotMet',
  'dependencyPendingReboot',
  'dependencyWithAutoInstallDisabled',
  'supersededAppUninstallFailed',
  'supersededAppUninstallPendingReboot',
  'removingSupersededApps',
  'iosAppStoreUpdateFailedToInstall',
  'vppAppHasUpdateAvailable',
  'userRejectedUpdate',
  'uninstallPendingReboot',
  'supersedingAppsDetected',
  'supersededAppsDetected',
  'seeInstallErrorCode',
  'autoInstallDisabled',
  'managedAppNoLongerPresent',
  'userRejectedInstall',
  'userIsNotLoggedIntoAppStore',
  'untargetedSupersedingAppsDetected',
  'appRemovedBySupersedence',
  'seeUninstallErrorCode',
  'pendingReboot',
  'installingDependencies',
  'contentDownloaded',
  'supersedingAppsNotApplicable',
  'powerShellScriptRequirementNotMet',
  'registryRequirementNotMet',
  'fileSystemRequirementNotMet',
  'platformNotApplicable',
  'minimumCpuSpeedNotMet',
  'minimumLogicalProcessorCountNotMet',
  'minimumPhysicalMemoryNotMet',
  'minimumOsVersionNotMet',
  'minimumDiskSpaceNotMet',
  'processorArchitectureNotApplicable',
] as const;

/** The identifier kinds of the GraphQL `MobileAppIdentifierInput` (`@oneOf`). */
export type IdentifierKind = 'android' | 'ios' | 'mac' | 'windows';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['android', 'ios', 'windows', 'mac'];

/** Graph type and property of each identifier kind (graph-facts §2). */
export const IDENTIFIER_GRAPH: Readonly<Record<IdentifierKind, { readonly type: string; readonly key: string }>> = {
  android: { type: 'androidMobileAppIdentifier', key: 'packageId' },
  ios: { type: 'iosMobileAppIdentifier', key: 'bundleId' },
  mac: { type: 'macAppIdentifier', key: 'bundleId' },
  windows: { type: 'windowsAppIdentifier', key: 'windowsAppId' },
};

/** The registration type an identifier kind implies (README "What each mutation calls"): mac has no subtype. */
export const REGISTRATION_GRAPH_TYPE: Readonly<Record<IdentifierKind, string>> = {
  android: 'androidManagedAppRegistration',
  ios: 'iosManagedAppRegistration',
  windows: 'windowsManagedAppRegistration',
  mac: 'managedAppRegistration',
};

/** Properties of managedAppRegistration besides id and createdDateTime (graph-facts §1.1), in Graph's order. */
export const REGISTRATION_PROPERTIES = [
  'appIdentifier',
  'applicationVersion',
  'azureADDeviceId',
  'deviceManufacturer',
  'deviceModel',
  'deviceName',
  'deviceTag',
  'deviceType',
  'flaggedReasons',
  'lastSyncDateTime',
  'managedDeviceId',
  'managementSdkVersion',
  'platformVersion',
  'userId',
  'version',
] as const;

/** Properties of mobileAppInstallStatus besides id (graph-facts §3.1). */
export const INSTALL_STATUS_PROPERTIES = [
  'deviceId',
  'deviceName',
  'displayVersion',
  'errorCode',
  'installState',
  'installStateDetail',
  'lastSyncDateTime',
  'mobileAppInstallStatusValue',
  'osDescription',
  'osVersion',
  'userName',
  'userPrincipalName',
] as const;

/** Graph's value for a DateTimeOffset never set (DateTimeOffset.MinValue). */
export const MIN_DATE_TIME_OFFSET = '0001-01-01T00:00:00Z';

/** Graph's pattern for Edm.DateTimeOffset (graph-facts §8). */
export const DATE_TIME_OFFSET = /^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|[+-]\d{2}:\d{2})$/;

/** A GraphQL enum value's Graph spelling and back (`ROOTED_DEVICE` ⇄ `rootedDevice`), as lookup tables built once. */
export interface EnumSpelling {
  readonly toGraph: ReadonlyMap<string, string>;
  readonly toGraphQL: ReadonlyMap<string, string>;
}

export function enumSpelling(members: readonly string[]): EnumSpelling {
  const toGraph = new Map<string, string>();
  const toGraphQL = new Map<string, string>();
  for (const member of members) {
    const graphQL = member.replace(/([A-Z])/g, '_$1').toUpperCase();
    toGraph.set(graphQL, member);
    toGraphQL.set(member, graphQL);
  }
  return { toGraph, toGraphQL };
}

/** Graph's Content-Type for JSON bodies (graph-facts §4.4). */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
