import type { ManagedAppFlaggedReason, ResultantAppState, ResultantAppStateDetail } from './enums';

/**
 * The normalized shapes resolvers return (codegen `mappers`): GraphQL field
 * names, Graph's enum spellings (graphql-js maps them to GraphQL names), null
 * for what Graph left out, and `__typename` chosen from `@odata.type`.
 */
export type MobileAppIdentifierModel =
  | { readonly __typename: 'AndroidMobileAppIdentifier'; readonly packageId: string | null }
  | { readonly __typename: 'IosMobileAppIdentifier'; readonly bundleId: string | null }
  | { readonly __typename: 'MacAppIdentifier'; readonly bundleId: string | null }
  | { readonly __typename: 'WindowsAppIdentifier'; readonly windowsAppId: string | null }
  | { readonly __typename: 'OtherMobileAppIdentifier'; readonly graphType: string | null };

export type ManagedAppRegistrationTypename =
  | 'AndroidManagedAppRegistration'
  | 'IosManagedAppRegistration'
  | 'WindowsManagedAppRegistration'
  | 'GenericManagedAppRegistration';

export interface ManagedAppRegistrationModel {
  readonly __typename: ManagedAppRegistrationTypename;
  readonly id: string;
  readonly createdDateTime: string | null;
  readonly lastSyncDateTime: string | null;
  readonly applicationVersion: string | null;
  readonly managementSdkVersion: string | null;
  readonly platformVersion: string | null;
  readonly deviceType: string | null;
  readonly deviceTag: string | null;
  readonly deviceName: string | null;
  readonly managedDeviceId: string | null;
  readonly azureADDeviceId: string | null;
  readonly deviceModel: string | null;
  readonly deviceManufacturer: string | null;
  readonly flaggedReasons: readonly ManagedAppFlaggedReason[];
  readonly userId: string | null;
  /** The federation User reference for userId. */
  readonly user: UserModel | null;
  readonly appIdentifier: MobileAppIdentifierModel | null;
  readonly version: string | null;
  /** Android only; null on the other types. */
  readonly patchVersion: string | null;
}

export interface MobileAppInstallStatusModel {
  readonly id: string;
  readonly mobileAppId: string;
  readonly deviceName: string | null;
  readonly deviceId: string | null;
  readonly lastSyncDateTime: string | null;
  readonly mobileAppInstallStatusValue: ResultantAppState | null;
  readonly installState: ResultantAppState | null;
  readonly installStateDetail: ResultantAppStateDetail | null;
  readonly errorCode: number | null;
  readonly osVersion: string | null;
  readonly osDescription: string | null;
  readonly userName: string | null;
  readonly userPrincipalName: string | null;
  readonly displayVersion: string | null;
}

/** A Relay edge. */
export interface EdgeModel<T> {
  readonly cursor: string;
  readonly node: T;
}

/** A Relay connection page: `nodes` is derived from `edges` by its resolver. */
export interface ConnectionModel<T> {
  readonly edges: readonly EdgeModel<T>[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

/** A federation User reference: this subgraph knows only its id. */
export interface UserModel {
  readonly id: string;
}

/** A federation MobileApp reference. */
export interface MobileAppModel {
  readonly id: string;
}
