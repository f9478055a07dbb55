/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CreateManagedAppRegistration($input: ManagedAppRegistrationInput!, $userId: ID) {\n  createManagedAppRegistration(input: $input, userId: $userId) {\n    ...RegistrationSummary\n    platformVersion\n    lastSyncDateTime\n    userId\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n  }\n}": typeof types.CreateManagedAppRegistrationDocument,
    "mutation CreateMobileAppInstallStatus($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {\n  createMobileAppInstallStatus(\n    mobileAppId: $mobileAppId\n    userAppInstallStatusId: $userAppInstallStatusId\n    input: $input\n  ) {\n    ...InstallStatusSummary\n  }\n}": typeof types.CreateMobileAppInstallStatusDocument,
    "fragment RegistrationSummary on ManagedAppRegistration {\n  __typename\n  id\n  deviceName\n  deviceTag\n  createdDateTime\n  flaggedReasons\n  appIdentifier {\n    __typename\n    ... on AndroidMobileAppIdentifier {\n      packageId\n    }\n    ... on IosMobileAppIdentifier {\n      bundleId\n    }\n    ... on MacAppIdentifier {\n      bundleId\n    }\n    ... on WindowsAppIdentifier {\n      windowsAppId\n    }\n    ... on OtherMobileAppIdentifier {\n      graphType\n    }\n  }\n}\n\nfragment InstallStatusSummary on MobileAppInstallStatus {\n  __typename\n  id\n  mobileAppId\n  deviceName\n  mobileAppInstallStatusValue\n  installState\n  installStateDetail\n  errorCode\n  lastSyncDateTime\n}": typeof types.RegistrationSummaryFragmentDoc,
    "query GetManagedAppRegistration($id: ID!) {\n  managedAppRegistration(id: $id) {\n    __typename\n    id\n    createdDateTime\n    lastSyncDateTime\n    deviceName\n    deviceTag\n    platformVersion\n    flaggedReasons\n    userId\n    version\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n    appIdentifier {\n      __typename\n      ... on AndroidMobileAppIdentifier {\n        packageId\n      }\n      ... on IosMobileAppIdentifier {\n        bundleId\n      }\n      ... on MacAppIdentifier {\n        bundleId\n      }\n      ... on WindowsAppIdentifier {\n        windowsAppId\n      }\n      ... on OtherMobileAppIdentifier {\n        graphType\n      }\n    }\n  }\n}": typeof types.GetManagedAppRegistrationDocument,
    "query GetMobileAppInstallStatus($mobileAppId: ID!, $id: ID!) {\n  mobileAppInstallStatus(mobileAppId: $mobileAppId, id: $id) {\n    ...InstallStatusSummary\n  }\n}": typeof types.GetMobileAppInstallStatusDocument,
    "query ListManagedAppRegistrations($first: Int!, $after: String) {\n  managedAppRegistrations(first: $first, after: $after) {\n    __typename\n    edges {\n      __typename\n      cursor\n      node {\n        ...RegistrationSummary\n      }\n    }\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListManagedAppRegistrationsDocument,
};
const documents: Documents = {
    "mutation CreateManagedAppRegistration($input: ManagedAppRegistrationInput!, $userId: ID) {\n  createManagedAppRegistration(input: $input, userId: $userId) {\n    ...RegistrationSummary\n    platformVersion\n    lastSyncDateTime\n    userId\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n  }\n}": types.CreateManagedAppRegistrationDocument,
    "mutation CreateMobileAppInstallStatus($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {\n  createMobileAppInstallStatus(\n    mobileAppId: $mobileAppId\n    userAppInstallStatusId: $userAppInstallStatusId\n    input: $input\n  ) {\n    ...InstallStatusSummary\n  }\n}": types.CreateMobileAppInstallStatusDocument,
    "fragment RegistrationSummary on ManagedAppRegistration {\n  __typename\n  id\n  deviceName\n  deviceTag\n  createdDateTime\n  flaggedReasons\n  appIdentifier {\n    __typename\n    ... on AndroidMobileAppIdentifier {\n      packageId\n    }\n    ... on IosMobileAppIdentifier {\n      bundleId\n    }\n    ... on MacAppIdentifier {\n      bundleId\n    }\n    ... on WindowsAppIdentifier {\n      windowsAppId\n    }\n    ... on OtherMobileAppIdentifier {\n      graphType\n    }\n  }\n}\n\nfragment InstallStatusSummary on MobileAppInstallStatus {\n  __typename\n  id\n  mobileAppId\n  deviceName\n  mobileAppInstallStatusValue\n  installState\n  installStateDetail\n  errorCode\n  lastSyncDateTime\n}": types.RegistrationSummaryFragmentDoc,
    "query GetManagedAppRegistration($id: ID!) {\n  managedAppRegistration(id: $id) {\n    __typename\n    id\n    createdDateTime\n    lastSyncDateTime\n    deviceName\n    deviceTag\n    platformVersion\n    flaggedReasons\n    userId\n    version\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n    appIdentifier {\n      __typename\n      ... on AndroidMobileAppIdentifier {\n        packageId\n      }\n      ... on IosMobileAppIdentifier {\n        bundleId\n      }\n      ... on MacAppIdentifier {\n        bundleId\n      }\n      ... on WindowsAppIdentifier {\n        windowsAppId\n      }\n      ... on OtherMobileAppIdentifier {\n        graphType\n      }\n    }\n  }\n}": types.GetManagedAppRegistrationDocument,
    "query GetMobileAppInstallStatus($mobileAppId: ID!, $id: ID!) {\n  mobileAppInstallStatus(mobileAppId: $mobileAppId, id: $id) {\n    ...InstallStatusSummary\n  }\n}": types.GetMobileAppInstallStatusDocument,
    "query ListManagedAppRegistrations($first: Int!, $after: String) {\n  managedAppRegistrations(first: $first, after: $after) {\n    __typename\n    edges {\n      __typename\n      cursor\n      node {\n        ...RegistrationSummary\n      }\n    }\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListManagedAppRegistrationsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateManagedAppRegistration($input: ManagedAppRegistrationInput!, $userId: ID) {\n  createManagedAppRegistration(input: $input, userId: $userId) {\n    ...RegistrationSummary\n    platformVersion\n    lastSyncDateTime\n    userId\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n  }\n}"): (typeof documents)["mutation CreateManagedAppRegistration($input: ManagedAppRegistrationInput!, $userId: ID) {\n  createManagedAppRegistration(input: $input, userId: $userId) {\n    ...RegistrationSummary\n    platformVersion\n    lastSyncDateTime\n    userId\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateMobileAppInstallStatus($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {\n  createMobileAppInstallStatus(\n    mobileAppId: $mobileAppId\n    userAppInstallStatusId: $userAppInstallStatusId\n    input: $input\n  ) {\n    ...InstallStatusSummary\n  }\n}"): (typeof documents)["mutation CreateMobileAppInstallStatus($mobileAppId: ID!, $userAppInstallStatusId: ID, $input: MobileAppInstallStatusInput!) {\n  createMobileAppInstallStatus(\n    mobileAppId: $mobileAppId\n    userAppInstallStatusId: $userAppInstallStatusId\n    input: $input\n  ) {\n    ...InstallStatusSummary\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RegistrationSummary on ManagedAppRegistration {\n  __typename\n  id\n  deviceName\n  deviceTag\n  createdDateTime\n  flaggedReasons\n  appIdentifier {\n    __typename\n    ... on AndroidMobileAppIdentifier {\n      packageId\n    }\n    ... on IosMobileAppIdentifier {\n      bundleId\n    }\n    ... on MacAppIdentifier {\n      bundleId\n    }\n    ... on WindowsAppIdentifier {\n      windowsAppId\n    }\n    ... on OtherMobileAppIdentifier {\n      graphType\n    }\n  }\n}\n\nfragment InstallStatusSummary on MobileAppInstallStatus {\n  __typename\n  id\n  mobileAppId\n  deviceName\n  mobileAppInstallStatusValue\n  installState\n  installStateDetail\n  errorCode\n  lastSyncDateTime\n}"): (typeof documents)["fragment RegistrationSummary on ManagedAppRegistration {\n  __typename\n  id\n  deviceName\n  deviceTag\n  createdDateTime\n  flaggedReasons\n  appIdentifier {\n    __typename\n    ... on AndroidMobileAppIdentifier {\n      packageId\n    }\n    ... on IosMobileAppIdentifier {\n      bundleId\n    }\n    ... on MacAppIdentifier {\n      bundleId\n    }\n    ... on WindowsAppIdentifier {\n      windowsAppId\n    }\n    ... on OtherMobileAppIdentifier {\n      graphType\n    }\n  }\n}\n\nfragment InstallStatusSummary on MobileAppInstallStatus {\n  __typename\n  id\n  mobileAppId\n  deviceName\n  mobileAppInstallStatusValue\n  installState\n  installStateDetail\n  errorCode\n  lastSyncDateTime\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetManagedAppRegistration($id: ID!) {\n  managedAppRegistration(id: $id) {\n    __typename\n    id\n    createdDateTime\n    lastSyncDateTime\n    deviceName\n    deviceTag\n    platformVersion\n    flaggedReasons\n    userId\n    version\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n    appIdentifier {\n      __typename\n      ... on AndroidMobileAppIdentifier {\n        packageId\n      }\n      ... on IosMobileAppIdentifier {\n        bundleId\n      }\n      ... on MacAppIdentifier {\n        bundleId\n      }\n      ... on WindowsAppIdentifier {\n        windowsAppId\n      }\n      ... on OtherMobileAppIdentifier {\n        graphType\n      }\n    }\n  }\n}"): (typeof documents)["query GetManagedAppRegistration($id: ID!) {\n  managedAppRegistration(id: $id) {\n    __typename\n    id\n    createdDateTime\n    lastSyncDateTime\n    deviceName\n    deviceTag\n    platformVersion\n    flaggedReasons\n    userId\n    version\n    ... on AndroidManagedAppRegistration {\n      patchVersion\n    }\n    appIdentifier {\n      __typename\n      ... on AndroidMobileAppIdentifier {\n        packageId\n      }\n      ... on IosMobileAppIdentifier {\n        bundleId\n      }\n      ... on MacAppIdentifier {\n        bundleId\n      }\n      ... on WindowsAppIdentifier {\n        windowsAppId\n      }\n      ... on OtherMobileAppIdentifier {\n        graphType\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetMobileAppInstallStatus($mobileAppId: ID!, $id: ID!) {\n  mobileAppInstallStatus(mobileAppId: $mobileAppId, id: $id) {\n    ...InstallStatusSummary\n  }\n}"): (typeof documents)["query GetMobileAppInstallStatus($mobileAppId: ID!, $id: ID!) {\n  mobileAppInstallStatus(mobileAppId: $mobileAppId, id: $id) {\n    ...InstallStatusSummary\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListManagedAppRegistrations($first: Int!, $after: String) {\n  managedAppRegistrations(first: $first, after: $after) {\n    __typename\n    edges {\n      __typename\n      cursor\n      node {\n        ...RegistrationSummary\n      }\n    }\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ListManagedAppRegistrations($first: Int!, $after: String) {\n  managedAppRegistrations(first: $first, after: $after) {\n    __typename\n    edges {\n      __typename\n      cursor\n      node {\n        ...RegistrationSummary\n      }\n    }\n    pageInfo {\n      __typename\n      hasNextPage\n      endCursor\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;