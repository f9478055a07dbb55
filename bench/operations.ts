// The GraphQL operations the load generator sends. A production client sends the same operation text every
// time and puts the values in variables, so the gateway's parse/validate caches see what they would in use.
// The floor receives the very same HTTP bodies and dispatches on operationName without parsing the query.
// The same texts are the trusted documents of the by-id scenarios: the bench writes them as a manifest at start.
import { createHash } from 'node:crypto';

/** Operation names, which are also how the floor tells the scenarios apart. */
export const OPERATION = {
  createManagedAppRegistration: 'BenchCreateManagedAppRegistration',
  createMobileAppInstallStatus: 'BenchCreateMobileAppInstallStatus',
  managedAppRegistration: 'BenchManagedAppRegistration',
  entities: 'BenchEntities',
} as const;

/** One selection for every registration the scenarios read, so each server projects the same fields. */
const REGISTRATION_FRAGMENT = `fragment BenchRegistration on ManagedAppRegistration {
  __typename
  id
  createdDateTime
  lastSyncDateTime
  applicationVersion
  platformVersion
  deviceTag
  deviceName
  flaggedReasons
  userId
  appIdentifier {
    __typename
    ... on AndroidMobileAppIdentifier { packageId }
    ... on IosMobileAppIdentifier { bundleId }
    ... on MacAppIdentifier { bundleId }
    ... on WindowsAppIdentifier { windowsAppId }
  }
}`;

export const QUERY = {
  createManagedAppRegistration: `mutation ${OPERATION.createManagedAppRegistration}($input: ManagedAppRegistrationInput!) {
  createManagedAppRegistration(input: $input) { ...BenchRegistration }
}
${REGISTRATION_FRAGMENT}`,
  createMobileAppInstallStatus: `mutation ${OPERATION.createMobileAppInstallStatus}($mobileAppId: ID!, $input: MobileAppInstallStatusInput!) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, input: $input) {
    id
    mobileAppId
    deviceName
    deviceId
    lastSyncDateTime
    mobileAppInstallStatusValue
    installState
    installStateDetail
    errorCode
    osVersion
    userPrincipalName
  }
}`,
  managedAppRegistration: `query ${OPERATION.managedAppRegistration}($id: ID!) {
  managedAppRegistration(id: $id) { ...BenchRegistration }
}
${REGISTRATION_FRAGMENT}`,
  entities: `query ${OPERATION.entities}($representations: [_Any!]!) {
  _entities(representations: $representations) { ...BenchRegistration }
}
${REGISTRATION_FRAGMENT}`,
} as const;

/** SHA-256 of an operation's exact text, as lowercase hex: APQ's `sha256Hash`, and a manifest id after `sha256:`. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The trusted documents the gateway of the by-id scenarios is started with (contract §13), in graphql-codegen's
 * client-preset format (`{ "sha256:<hex>": "<text>" }`): every operation text above, keyed by its hash.
 */
export function trustedManifest(): Record<string, string> {
  return Object.fromEntries(Object.values(QUERY).map((text) => [`sha256:${documentHash(text)}`, text]));
}
