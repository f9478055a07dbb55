/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** An Android app identifier. */
export type AndroidMobileAppIdentifierInput = {
  /** The Android package id, e.g. `com.contoso.app`. */
  packageId: string;
};

/** An iOS app identifier. */
export type IosMobileAppIdentifierInput = {
  /** The iOS bundle id, e.g. `com.contoso.app`. */
  bundleId: string;
};

/** A macOS app identifier. */
export type MacAppIdentifierInput = {
  /** The macOS bundle id. */
  bundleId: string;
};

/** Why a managed app registration was flagged (Graph `managedAppFlaggedReason`). */
export type ManagedAppFlaggedReason =
  /** The Android device's bootloader is unlocked (`androidBootloaderUnlocked`). */
  | 'ANDROID_BOOTLOADER_UNLOCKED'
  /** The Android device's factory ROM was modified (`androidFactoryRomModified`). */
  | 'ANDROID_FACTORY_ROM_MODIFIED'
  /** Nothing flagged (`none`). */
  | 'NONE'
  /** The app runs on a rooted or jailbroken device (`rootedDevice`). */
  | 'ROOTED_DEVICE'
  /** A value Graph added after this gateway was built. Output only: sending it is `BAD_USER_INPUT`. */
  | 'UNKNOWN_FUTURE_VALUE';

/**
 * The properties of a new managed app registration. Leave out what you do not
 * want to send. Graph declares `lastSyncDateTime` and `flaggedReasons`
 * non-nullable: leave them out rather than sending `null` (an explicit `null` is
 * `BAD_USER_INPUT`, and nothing is sent).
 */
export type ManagedAppRegistrationInput = {
  /**
   * Which app this is. The kind also picks the registration's Graph type:
   * `android` → `androidManagedAppRegistration`, `ios` →
   * `iosManagedAppRegistration`, `windows` → `windowsManagedAppRegistration`;
   * `mac` or none → the base `managedAppRegistration`.
   */
  appIdentifier?: MobileAppIdentifierInput | null | undefined;
  /** The app's version. */
  applicationVersion?: string | null | undefined;
  /** The Microsoft Entra (Azure AD) device id (beta). */
  azureADDeviceId?: string | null | undefined;
  /** The device manufacturer (beta). */
  deviceManufacturer?: string | null | undefined;
  /** The device model (beta). */
  deviceModel?: string | null | undefined;
  /** The device's name. */
  deviceName?: string | null | undefined;
  /** A tag used to identify the device. */
  deviceTag?: string | null | undefined;
  /** The device type. */
  deviceType?: string | null | undefined;
  /** Why the registration is flagged. `UNKNOWN_FUTURE_VALUE` is not accepted. Not null (leave it out, or send `[]`). */
  flaggedReasons?: Array<ManagedAppFlaggedReason> | null | undefined;
  /** When the app last checked in with Intune. Not null (leave it out instead). */
  lastSyncDateTime?: string | null | undefined;
  /** The Intune managed device id, when the device is managed (beta). */
  managedDeviceId?: string | null | undefined;
  /** The Intune app SDK version the app uses. */
  managementSdkVersion?: string | null | undefined;
  /**
   * The Android security patch version (beta). Only for an Android registration:
   * without `appIdentifier: { android: ... }` it is `BAD_USER_INPUT`.
   */
  patchVersion?: string | null | undefined;
  /** The device's operating system version. */
  platformVersion?: string | null | undefined;
  /** The id of the user the registration belongs to. */
  userId?: string | null | undefined;
  /** Graph's version of the entity. */
  version?: string | null | undefined;
};

/** Identifies an app. Give exactly one kind. */
export type MobileAppIdentifierInput =
  {   /** An Android app, by package id. */
  android: AndroidMobileAppIdentifierInput; ios?: never; mac?: never; windows?: never; }
  |  { android?: never;   /** An iOS app, by bundle id. */
  ios: IosMobileAppIdentifierInput; mac?: never; windows?: never; }
  |  { android?: never; ios?: never;   /** A macOS app, by bundle id. */
  mac: MacAppIdentifierInput; windows?: never; }
  |  { android?: never; ios?: never; mac?: never;   /** A Windows app, by app id. */
  windows: WindowsAppIdentifierInput; };

/**
 * The properties of a new install status. Leave out what you do not want to
 * send. Graph declares `lastSyncDateTime`, `mobileAppInstallStatusValue`,
 * `installState`, `installStateDetail` and `errorCode` non-nullable: leave them
 * out rather than sending `null` (an explicit `null` is `BAD_USER_INPUT`, and
 * nothing is sent).
 */
export type MobileAppInstallStatusInput = {
  /** The device's id. */
  deviceId?: string | null | undefined;
  /** The device's name. */
  deviceName?: string | null | undefined;
  /** A human-readable version of the app (beta). */
  displayVersion?: string | null | undefined;
  /** The install or uninstall error code (a 32-bit integer). Not null (leave it out instead). */
  errorCode?: number | null | undefined;
  /**
   * The app's install state as Graph's newer `installState` property (beta).
   * `UNKNOWN_FUTURE_VALUE` is not accepted. Not null (leave it out instead).
   */
  installState?: ResultantAppState | null | undefined;
  /** More detail about the install state (beta). `UNKNOWN_FUTURE_VALUE` is not accepted. Not null (leave it out instead). */
  installStateDetail?: ResultantAppStateDetail | null | undefined;
  /** When the device last checked in. Not null (leave it out instead). */
  lastSyncDateTime?: string | null | undefined;
  /** The app's install state. `UNKNOWN_FUTURE_VALUE` is not accepted. Not null (leave it out instead). */
  mobileAppInstallStatusValue?: ResultantAppState | null | undefined;
  /** The device's OS description. */
  osDescription?: string | null | undefined;
  /** The device's OS version. */
  osVersion?: string | null | undefined;
  /** The device user's name. */
  userName?: string | null | undefined;
  /** The device user's principal name. */
  userPrincipalName?: string | null | undefined;
};

/** An app's resulting install state on a device (Graph `resultantAppState`). */
export type ResultantAppState =
  /** The install failed (`failed`). */
  | 'FAILED'
  /** Installed (`installed`). */
  | 'INSTALLED'
  /** Not applicable (`notApplicable`). */
  | 'NOT_APPLICABLE'
  /** Not installed (`notInstalled`). */
  | 'NOT_INSTALLED'
  /** The install is pending (`pendingInstall`). */
  | 'PENDING_INSTALL'
  /** The uninstall failed (`uninstallFailed`). */
  | 'UNINSTALL_FAILED'
  /** Unknown (`unknown`). */
  | 'UNKNOWN'
  /** A value Graph added after this gateway was built. Output only: sending it is `BAD_USER_INPUT`. */
  | 'UNKNOWN_FUTURE_VALUE';

/** More detail about an install state (Graph `resultantAppStateDetail`). */
export type ResultantAppStateDetail =
  /** The app was removed by supersedence (`appRemovedBySupersedence`). */
  | 'APP_REMOVED_BY_SUPERSEDENCE'
  /** Auto-install is disabled (`autoInstallDisabled`). */
  | 'AUTO_INSTALL_DISABLED'
  /** The content was downloaded (`contentDownloaded`). */
  | 'CONTENT_DOWNLOADED'
  /** A dependency failed to install (`dependencyFailedToInstall`). */
  | 'DEPENDENCY_FAILED_TO_INSTALL'
  /** A dependency waits for a reboot (`dependencyPendingReboot`). */
  | 'DEPENDENCY_PENDING_REBOOT'
  /** A dependency has auto-install disabled (`dependencyWithAutoInstallDisabled`). */
  | 'DEPENDENCY_WITH_AUTO_INSTALL_DISABLED'
  /** A dependency's requirements are not met (`dependencyWithRequirementsNotMet`). */
  | 'DEPENDENCY_WITH_REQUIREMENTS_NOT_MET'
  /** A file system requirement is not met (`fileSystemRequirementNotMet`). */
  | 'FILE_SYSTEM_REQUIREMENT_NOT_MET'
  /** Dependencies are being installed (`installingDependencies`). */
  | 'INSTALLING_DEPENDENCIES'
  /** An iOS App Store update failed to install (`iosAppStoreUpdateFailedToInstall`). */
  | 'IOS_APP_STORE_UPDATE_FAILED_TO_INSTALL'
  /** The managed app is no longer present (`managedAppNoLongerPresent`). */
  | 'MANAGED_APP_NO_LONGER_PRESENT'
  /** The minimum CPU speed is not met (`minimumCpuSpeedNotMet`). */
  | 'MINIMUM_CPU_SPEED_NOT_MET'
  /** The minimum disk space is not met (`minimumDiskSpaceNotMet`). */
  | 'MINIMUM_DISK_SPACE_NOT_MET'
  /** The minimum logical processor count is not met (`minimumLogicalProcessorCountNotMet`). */
  | 'MINIMUM_LOGICAL_PROCESSOR_COUNT_NOT_MET'
  /** The minimum OS version is not met (`minimumOsVersionNotMet`). */
  | 'MINIMUM_OS_VERSION_NOT_MET'
  /** The minimum physical memory is not met (`minimumPhysicalMemoryNotMet`). */
  | 'MINIMUM_PHYSICAL_MEMORY_NOT_MET'
  /** No more detail (`noAdditionalDetails`). */
  | 'NO_ADDITIONAL_DETAILS'
  /** A reboot is pending (`pendingReboot`). */
  | 'PENDING_REBOOT'
  /** The platform is not applicable (`platformNotApplicable`). */
  | 'PLATFORM_NOT_APPLICABLE'
  /** A PowerShell script requirement is not met (`powerShellScriptRequirementNotMet`). */
  | 'POWER_SHELL_SCRIPT_REQUIREMENT_NOT_MET'
  /** The processor architecture is not applicable (`processorArchitectureNotApplicable`). */
  | 'PROCESSOR_ARCHITECTURE_NOT_APPLICABLE'
  /** A registry requirement is not met (`registryRequirementNotMet`). */
  | 'REGISTRY_REQUIREMENT_NOT_MET'
  /** Superseded apps are being removed (`removingSupersededApps`). */
  | 'REMOVING_SUPERSEDED_APPS'
  /** See the install error code (`seeInstallErrorCode`). */
  | 'SEE_INSTALL_ERROR_CODE'
  /** See the uninstall error code (`seeUninstallErrorCode`). */
  | 'SEE_UNINSTALL_ERROR_CODE'
  /** Superseded apps were detected (`supersededAppsDetected`). */
  | 'SUPERSEDED_APPS_DETECTED'
  /** A superseded app failed to uninstall (`supersededAppUninstallFailed`). */
  | 'SUPERSEDED_APP_UNINSTALL_FAILED'
  /** A superseded app's uninstall waits for a reboot (`supersededAppUninstallPendingReboot`). */
  | 'SUPERSEDED_APP_UNINSTALL_PENDING_REBOOT'
  /** Superseding apps were detected (`supersedingAppsDetected`). */
  | 'SUPERSEDING_APPS_DETECTED'
  /** Superseding apps are not applicable (`supersedingAppsNotApplicable`). */
  | 'SUPERSEDING_APPS_NOT_APPLICABLE'
  /** The uninstall waits for a reboot (`uninstallPendingReboot`). */
  | 'UNINSTALL_PENDING_REBOOT'
  /** A value Graph added after this gateway was built. */
  | 'UNKNOWN_FUTURE_VALUE'
  /** Untargeted superseding apps were detected (`untargetedSupersedingAppsDetected`). */
  | 'UNTARGETED_SUPERSEDING_APPS_DETECTED'
  /** The user is not signed in to the app store (`userIsNotLoggedIntoAppStore`). */
  | 'USER_IS_NOT_LOGGED_INTO_APP_STORE'
  /** The user rejected the install (`userRejectedInstall`). */
  | 'USER_REJECTED_INSTALL'
  /** The user rejected the update (`userRejectedUpdate`). */
  | 'USER_REJECTED_UPDATE'
  /** A VPP app has an update available (`vppAppHasUpdateAvailable`). */
  | 'VPP_APP_HAS_UPDATE_AVAILABLE';

/** A Windows app identifier. */
export type WindowsAppIdentifierInput = {
  /** The Windows app id. */
  windowsAppId: string;
};

export type CreateManagedAppRegistrationMutationVariables = Exact<{
  input: ManagedAppRegistrationInput;
  userId?: string | null | undefined;
}>;


export type CreateManagedAppRegistrationMutation = { createManagedAppRegistration:
    | { __typename: 'AndroidManagedAppRegistration', patchVersion: string | null, platformVersion: string | null, lastSyncDateTime: string | null, userId: string | null, id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'GenericManagedAppRegistration', platformVersion: string | null, lastSyncDateTime: string | null, userId: string | null, id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'IosManagedAppRegistration', platformVersion: string | null, lastSyncDateTime: string | null, userId: string | null, id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'WindowsManagedAppRegistration', platformVersion: string | null, lastSyncDateTime: string | null, userId: string | null, id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
   };

export type CreateMobileAppInstallStatusMutationVariables = Exact<{
  mobileAppId: string;
  userAppInstallStatusId?: string | null | undefined;
  input: MobileAppInstallStatusInput;
}>;


export type CreateMobileAppInstallStatusMutation = { createMobileAppInstallStatus: { __typename: 'MobileAppInstallStatus', id: string, mobileAppId: string, deviceName: string | null, mobileAppInstallStatusValue: ResultantAppState | null, installState: ResultantAppState | null, installStateDetail: ResultantAppStateDetail | null, errorCode: number | null, lastSyncDateTime: string | null } };

type RegistrationSummary_AndroidManagedAppRegistration_Fragment = { __typename: 'AndroidManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
    | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
    | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
    | { __typename: 'MacAppIdentifier', bundleId: string | null }
    | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
    | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
   | null };

type RegistrationSummary_GenericManagedAppRegistration_Fragment = { __typename: 'GenericManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
    | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
    | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
    | { __typename: 'MacAppIdentifier', bundleId: string | null }
    | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
    | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
   | null };

type RegistrationSummary_IosManagedAppRegistration_Fragment = { __typename: 'IosManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
    | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
    | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
    | { __typename: 'MacAppIdentifier', bundleId: string | null }
    | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
    | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
   | null };

type RegistrationSummary_WindowsManagedAppRegistration_Fragment = { __typename: 'WindowsManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
    | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
    | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
    | { __typename: 'MacAppIdentifier', bundleId: string | null }
    | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
    | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
   | null };

export type RegistrationSummaryFragment =
  | RegistrationSummary_AndroidManagedAppRegistration_Fragment
  | RegistrationSummary_GenericManagedAppRegistration_Fragment
  | RegistrationSummary_IosManagedAppRegistration_Fragment
  | RegistrationSummary_WindowsManagedAppRegistration_Fragment
;

export type InstallStatusSummaryFragment = { __typename: 'MobileAppInstallStatus', id: string, mobileAppId: string, deviceName: string | null, mobileAppInstallStatusValue: ResultantAppState | null, installState: ResultantAppState | null, installStateDetail: ResultantAppStateDetail | null, errorCode: number | null, lastSyncDateTime: string | null };

export type GetManagedAppRegistrationQueryVariables = Exact<{
  id: string;
}>;


export type GetManagedAppRegistrationQuery = { managedAppRegistration:
    | { __typename: 'AndroidManagedAppRegistration', patchVersion: string | null, id: string, createdDateTime: string | null, lastSyncDateTime: string | null, deviceName: string | null, deviceTag: string | null, platformVersion: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, userId: string | null, version: string | null, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'GenericManagedAppRegistration', id: string, createdDateTime: string | null, lastSyncDateTime: string | null, deviceName: string | null, deviceTag: string | null, platformVersion: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, userId: string | null, version: string | null, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'IosManagedAppRegistration', id: string, createdDateTime: string | null, lastSyncDateTime: string | null, deviceName: string | null, deviceTag: string | null, platformVersion: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, userId: string | null, version: string | null, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
    | { __typename: 'WindowsManagedAppRegistration', id: string, createdDateTime: string | null, lastSyncDateTime: string | null, deviceName: string | null, deviceTag: string | null, platformVersion: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, userId: string | null, version: string | null, appIdentifier:
        | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
        | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
        | { __typename: 'MacAppIdentifier', bundleId: string | null }
        | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
        | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
       | null }
   | null };

export type GetMobileAppInstallStatusQueryVariables = Exact<{
  mobileAppId: string;
  id: string;
}>;


export type GetMobileAppInstallStatusQuery = { mobileAppInstallStatus: { __typename: 'MobileAppInstallStatus', id: string, mobileAppId: string, deviceName: string | null, mobileAppInstallStatusValue: ResultantAppState | null, installState: ResultantAppState | null, installStateDetail: ResultantAppStateDetail | null, errorCode: number | null, lastSyncDateTime: string | null } | null };

export type ListManagedAppRegistrationsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ListManagedAppRegistrationsQuery = { managedAppRegistrations: { __typename: 'ManagedAppRegistrationConnection', edges: Array<{ __typename: 'ManagedAppRegistrationEdge', cursor: string, node:
        | { __typename: 'AndroidManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
            | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
            | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
            | { __typename: 'MacAppIdentifier', bundleId: string | null }
            | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
            | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
           | null }
        | { __typename: 'GenericManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
            | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
            | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
            | { __typename: 'MacAppIdentifier', bundleId: string | null }
            | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
            | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
           | null }
        | { __typename: 'IosManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
            | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
            | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
            | { __typename: 'MacAppIdentifier', bundleId: string | null }
            | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
            | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
           | null }
        | { __typename: 'WindowsManagedAppRegistration', id: string, deviceName: string | null, deviceTag: string | null, createdDateTime: string | null, flaggedReasons: Array<ManagedAppFlaggedReason>, appIdentifier:
            | { __typename: 'AndroidMobileAppIdentifier', packageId: string | null }
            | { __typename: 'IosMobileAppIdentifier', bundleId: string | null }
            | { __typename: 'MacAppIdentifier', bundleId: string | null }
            | { __typename: 'OtherMobileAppIdentifier', graphType: string | null }
            | { __typename: 'WindowsAppIdentifier', windowsAppId: string | null }
           | null }
       }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null } } };

export const RegistrationSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegistrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ManagedAppRegistration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"deviceTag"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"flaggedReasons"}},{"kind":"Field","name":{"kind":"Name","value":"appIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IosMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MacAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WindowsAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowsAppId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"graphType"}}]}}]}}]}}]} as unknown as DocumentNode<RegistrationSummaryFragment, unknown>;
export const InstallStatusSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InstallStatusSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MobileAppInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppInstallStatusValue"}},{"kind":"Field","name":{"kind":"Name","value":"installState"}},{"kind":"Field","name":{"kind":"Name","value":"installStateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncDateTime"}}]}}]} as unknown as DocumentNode<InstallStatusSummaryFragment, unknown>;
export const CreateManagedAppRegistrationDocument = {"__meta__":{"hash":"sha256:412d62d3d998f93a56ea7d2216febcb77fb12782e60636c1813eefebdb728174"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateManagedAppRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ManagedAppRegistrationInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createManagedAppRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegistrationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"platformVersion"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidManagedAppRegistration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patchVersion"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegistrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ManagedAppRegistration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"deviceTag"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"flaggedReasons"}},{"kind":"Field","name":{"kind":"Name","value":"appIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IosMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MacAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WindowsAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowsAppId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"graphType"}}]}}]}}]}}]} as unknown as DocumentNode<CreateManagedAppRegistrationMutation, CreateManagedAppRegistrationMutationVariables>;
export const CreateMobileAppInstallStatusDocument = {"__meta__":{"hash":"sha256:8f55c19c40ec78169b1548ad218cc42f9606995674547540dcdae0434a3a04b3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateMobileAppInstallStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mobileAppId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userAppInstallStatusId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MobileAppInstallStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMobileAppInstallStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"mobileAppId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mobileAppId"}}},{"kind":"Argument","name":{"kind":"Name","value":"userAppInstallStatusId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userAppInstallStatusId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InstallStatusSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InstallStatusSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MobileAppInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppInstallStatusValue"}},{"kind":"Field","name":{"kind":"Name","value":"installState"}},{"kind":"Field","name":{"kind":"Name","value":"installStateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncDateTime"}}]}}]} as unknown as DocumentNode<CreateMobileAppInstallStatusMutation, CreateMobileAppInstallStatusMutationVariables>;
export const GetManagedAppRegistrationDocument = {"__meta__":{"hash":"sha256:769ca075920fe5449a770d851de6e156c6c0a1fe9ac81e77fd2067b349863c11"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetManagedAppRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"managedAppRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"deviceTag"}},{"kind":"Field","name":{"kind":"Name","value":"platformVersion"}},{"kind":"Field","name":{"kind":"Name","value":"flaggedReasons"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidManagedAppRegistration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patchVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"appIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IosMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MacAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WindowsAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowsAppId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"graphType"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GetManagedAppRegistrationQuery, GetManagedAppRegistrationQueryVariables>;
export const GetMobileAppInstallStatusDocument = {"__meta__":{"hash":"sha256:6cc780b9c423a0d07d1b32546dc7d527393931cbf7c932b9b1255dc39d336abc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetMobileAppInstallStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mobileAppId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mobileAppInstallStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"mobileAppId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mobileAppId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InstallStatusSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InstallStatusSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MobileAppInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"mobileAppInstallStatusValue"}},{"kind":"Field","name":{"kind":"Name","value":"installState"}},{"kind":"Field","name":{"kind":"Name","value":"installStateDetail"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncDateTime"}}]}}]} as unknown as DocumentNode<GetMobileAppInstallStatusQuery, GetMobileAppInstallStatusQueryVariables>;
export const ListManagedAppRegistrationsDocument = {"__meta__":{"hash":"sha256:0a52ffc8317c74eaf4fd6db2da19f4b1234499e5139bc2091973d0d26ab520ba"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListManagedAppRegistrations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"managedAppRegistrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegistrationSummary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegistrationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ManagedAppRegistration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deviceName"}},{"kind":"Field","name":{"kind":"Name","value":"deviceTag"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"flaggedReasons"}},{"kind":"Field","name":{"kind":"Name","value":"appIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AndroidMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"packageId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IosMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MacAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bundleId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WindowsAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowsAppId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMobileAppIdentifier"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"graphType"}}]}}]}}]}}]} as unknown as DocumentNode<ListManagedAppRegistrationsQuery, ListManagedAppRegistrationsQueryVariables>;