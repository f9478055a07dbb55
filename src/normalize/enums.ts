/**
 * Graph's enum spellings, keyed by the GraphQL names. These are the single
 * source of the mapping: codegen types resolvers with them (codegen.yml
 * `enumValues`) and the schema uses them as the enums' internal values, so
 * graphql-js turns `ROOTED_DEVICE` into `rootedDevice` on input and back on
 * output. `UNKNOWN_FUTURE_VALUE` stands for any value Graph adds later.
 */
export enum ManagedAppFlaggedReason {
  NONE = 'none',
  ROOTED_DEVICE = 'rootedDevice',
  ANDROID_BOOTLOADER_UNLOCKED = 'androidBootloaderUnlocked',
  ANDROID_FACTORY_ROM_MODIFIED = 'androidFactoryRomModified',
  UNKNOWN_FUTURE_VALUE = 'unknownFutureValue',
}

/** Graph `resultantAppState` (graph-facts §3.2). */
export enum ResultantAppState {
  NOT_APPLICABLE = 'notApplicable',
  INSTALLED = 'installed',
  FAILED = 'failed',
  NOT_INSTALLED = 'notInstalled',
  UNINSTALL_FAILED = 'uninstallFailed',
  PENDING_INSTALL = 'pendingInstall',
  UNKNOWN = 'unknown',
  UNKNOWN_FUTURE_VALUE = 'unknownFutureValue',
}

/** Graph `resultantAppStateDetail` (graph-facts §3.3). */
export enum ResultantAppStateDetail {
  NO_ADDITIONAL_DETAILS = 'noAdditionalDetails',
  DEPENDENCY_FAILED_TO_INSTALL = 'dependencyFailedToInstall',
  DEPENDENCY_WITH_REQUIREMENTS_NOT_MET = 'dependencyWithRequirementsNotMet',
  DEPENDENCY_PENDING_REBOOT = 'dependencyPendingReboot',
  DEPENDENCY_WITH_AUTO_INSTALL_DISABLED = 'dependencyWithAutoInstallDisabled',
  SUPERSEDED_APP_UNINSTALL_FAILED = 'supersededAppUninstallFailed',
  SUPERSEDED_APP_UNINSTALL_PENDING_REBOOT = 'supersededAppUninstallPendingReboot',
  REMOVING_SUPERSEDED_APPS = 'removingSupersededApps',
  IOS_APP_STORE_UPDATE_FAILED_TO_INSTALL = 'iosAppStoreUpdateFailedToInstall',
  VPP_APP_HAS_UPDATE_AVAILABLE = 'vppAppHasUpdateAvailable',
  USER_REJECTED_UPDATE = 'userRejectedUpdate',
  UNINSTALL_PENDING_REBOOT = 'uninstallPendingReboot',
  SUPERSEDING_APPS_DETECTED = 'supersedingAppsDetected',
  SUPERSEDED_APPS_DETECTED = 'supersededAppsDetected',
  SEE_INSTALL_ERROR_CODE = 'seeInstallErrorCode',
  AUTO_INSTALL_DISABLED = 'autoInstallDisabled',
  MANAGED_APP_NO_LONGER_PRESENT = 'managedAppNoLongerPresent',
  USER_REJECTED_INSTALL = 'userRejectedInstall',
  USER_IS_NOT_LOGGED_INTO_APP_STORE = 'userIsNotLoggedIntoAppStore',
  UNTARGETED_SUPERSEDING_APPS_DETECTED = 'untargetedSupersedingAppsDetected',
  APP_REMOVED_BY_SUPERSEDENCE = 'appRemovedBySupersedence',
  SEE_UNINSTALL_ERROR_CODE = 'seeUninstallErrorCode',
  PENDING_REBOOT = 'pendingReboot',
  INSTALLING_DEPENDENCIES = 'installingDependencies',
  CONTENT_DOWNLOADED = 'contentDownloaded',
  SUPERSEDING_APPS_NOT_APPLICABLE = 'supersedingAppsNotApplicable',
  POWER_SHELL_SCRIPT_REQUIREMENT_NOT_MET = 'powerShellScriptRequirementNotMet',
  REGISTRY_REQUIREMENT_NOT_MET = 'registryRequirementNotMet',
  FILE_SYSTEM_REQUIREMENT_NOT_MET = 'fileSystemRequirementNotMet',
  PLATFORM_NOT_APPLICABLE = 'platformNotApplicable',
  MINIMUM_CPU_SPEED_NOT_MET = 'minimumCpuSpeedNotMet',
  MINIMUM_LOGICAL_PROCESSOR_COUNT_NOT_MET = 'minimumLogicalProcessorCountNotMet',
  MINIMUM_PHYSICAL_MEMORY_NOT_MET = 'minimumPhysicalMemoryNotMet',
  MINIMUM_OS_VERSION_NOT_MET = 'minimumOsVersionNotMet',
  MINIMUM_DISK_SPACE_NOT_MET = 'minimumDiskSpaceNotMet',
  PROCESSOR_ARCHITECTURE_NOT_APPLICABLE = 'processorArchitectureNotApplicable',
  UNKNOWN_FUTURE_VALUE = 'unknownFutureValue',
}

/** Where a registration is created when no user is given (contract §2). */
export enum ManagedAppRegistrationCollection {
  DEVICE_APP_MANAGEMENT = 'deviceAppManagement',
  ROOT = 'root',
}
