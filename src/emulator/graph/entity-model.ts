// The slice of the Graph beta model the emulator serves: graph-facts §1.1–1.4, §2, §3.1–3.3. Property order is the
// order the emulator writes them in (the type-mapping lists, which are alphabetical). test/metadata/metadata.test.ts
// holds every name, type, nullability and enum member here against Microsoft's metadata.

export type EdmType =
  | { kind: 'string' }
  | { kind: 'int32' }
  | { kind: 'dateTimeOffset' }
  | { kind: 'enum'; name: string; members: readonly string[] }
  | { kind: 'enumCollection'; name: string; members: readonly string[] }
  | { kind: 'mobileAppIdentifier' };

export interface PropertyDef {
  name: string;
  type: EdmType;
  nullable: boolean;
  /** What Graph writes when a create leaves the property out; null for nullable properties. Copied before use. */
  defaultValue: unknown;
}

export interface EntityTypeDef {
  /** Without '#', e.g. 'microsoft.graph.androidManagedAppRegistration'. */
  name: string;
  properties: readonly PropertyDef[];
  /** Navigation properties: known to Graph, but not writable inline by a create. */
  navigation: readonly string[];
}

/** managedAppFlaggedReason members (graph-facts §1.4). */
export const MANAGED_APP_FLAGGED_REASON = [
  'none',
  'rootedDevice',
  'androidBootloaderUnlocked',
  'androidFactoryRomModified',
] as const;

/** resultantAppState members, the type of both installState and mobileAppInstallStatusValue (graph-facts §3.2). */
export const RESULTANT_APP_STATE = [
  'notApplicable',
  'installed',
  'failed',
  'notInstalled',
  'uninstallFailed',
  'pendingInstall',
  'unknown',
] as const;

/** resultantAppStateDetail members (graph-facts §3.3). */
export const RESULTANT_APP_STATE_DETAIL = [
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

// Defaults for non-nullable properties a create leaves out. The metadata declares them Nullable="false", so Graph's
// answer carries a value, but no source says which; these are what a .NET service writes for an unset field
// (DateTimeOffset.MinValue, 0, an empty collection) and, for the two enums, the member meaning "nothing to report"
// (resultantAppState has no member with the value 0; notApplicable is -1). test/metadata checks that every
// non-nullable property has one and every nullable one defaults to null.

/** Graph's value for a DateTimeOffset that was never set (DateTimeOffset.MinValue). */
export const MIN_DATE_TIME_OFFSET = '0001-01-01T00:00:00Z';

const STRING: EdmType = { kind: 'string' };
const text = (name: string): PropertyDef => ({ name, type: STRING, nullable: true, defaultValue: null });
const flaggedReason: EdmType = {
  kind: 'enumCollection',
  name: 'microsoft.graph.managedAppFlaggedReason',
  members: MANAGED_APP_FLAGGED_REASON,
};
const resultantAppState: EdmType = { kind: 'enum', name: 'microsoft.graph.resultantAppState', members: RESULTANT_APP_STATE };

/** The (abstract in v1.0, accepted here as the seed posts it) base type of registrations. */
export const MANAGED_APP_REGISTRATION = 'microsoft.graph.managedAppRegistration';
/** The one registration subtype with an extra property (patchVersion). */
export const ANDROID_MANAGED_APP_REGISTRATION = 'microsoft.graph.androidManagedAppRegistration';

/** Writable properties of managedAppRegistration (id and createdDateTime are service-set and handled apart). */
const REGISTRATION_PROPERTIES: readonly PropertyDef[] = [
  { name: 'appIdentifier', type: { kind: 'mobileAppIdentifier' }, nullable: true, defaultValue: null },
  text('applicationVersion'),
  text('azureADDeviceId'),
  text('deviceManufacturer'),
  text('deviceModel'),
  text('deviceName'),
  text('deviceTag'),
  text('deviceType'),
  { name: 'flaggedReasons', type: flaggedReason, nullable: false, defaultValue: [] },
  { name: 'lastSyncDateTime', type: { kind: 'dateTimeOffset' }, nullable: false, defaultValue: MIN_DATE_TIME_OFFSET },
  text('managedDeviceId'),
  text('managementSdkVersion'),
  text('platformVersion'),
  text('userId'),
  text('version'),
];

const REGISTRATION_NAVIGATION = ['appliedPolicies', 'intendedPolicies', 'managedAppLogCollectionRequests', 'operations'];

/** managedAppRegistration and its beta subtypes (graph-facts §1.3), keyed by name without '#'. */
export const REGISTRATION_TYPES: ReadonlyMap<string, EntityTypeDef> = new Map(
  [
    { name: MANAGED_APP_REGISTRATION, properties: REGISTRATION_PROPERTIES, navigation: REGISTRATION_NAVIGATION },
    {
      name: ANDROID_MANAGED_APP_REGISTRATION,
      properties: [...REGISTRATION_PROPERTIES, text('patchVersion')],
      navigation: REGISTRATION_NAVIGATION,
    },
    {
      name: 'microsoft.graph.iosManagedAppRegistration',
      properties: REGISTRATION_PROPERTIES,
      navigation: REGISTRATION_NAVIGATION,
    },
    {
      name: 'microsoft.graph.windowsManagedAppRegistration',
      properties: REGISTRATION_PROPERTIES,
      navigation: REGISTRATION_NAVIGATION,
    },
  ].map((t) => [t.name, t]),
);

/** The install status type name. */
export const MOBILE_APP_INSTALL_STATUS = 'microsoft.graph.mobileAppInstallStatus';

/** mobileAppInstallStatus (graph-facts §3.1); it has no subtypes. */
export const INSTALL_STATUS_TYPE: EntityTypeDef = {
  name: MOBILE_APP_INSTALL_STATUS,
  properties: [
    text('deviceId'),
    text('deviceName'),
    text('displayVersion'),
    { name: 'errorCode', type: { kind: 'int32' }, nullable: false, defaultValue: 0 },
    { name: 'installState', type: resultantAppState, nullable: false, defaultValue: 'notApplicable' },
    {
      name: 'installStateDetail',
      type: { kind: 'enum', name: 'microsoft.graph.resultantAppStateDetail', members: RESULTANT_APP_STATE_DETAIL },
      nullable: false,
      defaultValue: 'noAdditionalDetails',
    },
    { name: 'lastSyncDateTime', type: { kind: 'dateTimeOffset' }, nullable: false, defaultValue: MIN_DATE_TIME_OFFSET },
    { name: 'mobileAppInstallStatusValue', type: resultantAppState, nullable: false, defaultValue: 'notApplicable' },
    text('osDescription'),
    text('osVersion'),
    text('userName'),
    text('userPrincipalName'),
  ],
  navigation: ['app'],
};

/** The mobileAppIdentifier family (graph-facts §2): type name without '#' → its one property (none for the abstract base). */
export const APP_IDENTIFIER_TYPES: ReadonlyMap<string, string | undefined> = new Map([
  ['microsoft.graph.mobileAppIdentifier', undefined],
  ['microsoft.graph.androidMobileAppIdentifier', 'packageId'],
  ['microsoft.graph.iosMobileAppIdentifier', 'bundleId'],
  ['microsoft.graph.macAppIdentifier', 'bundleId'],
  ['microsoft.graph.windowsAppIdentifier', 'windowsAppId'],
]);
