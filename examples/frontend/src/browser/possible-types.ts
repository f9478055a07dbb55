// Apollo Client's InMemoryCache must know which concrete types an interface or
// union has, or it cannot match `...RegistrationSummary` (a fragment on the
// ManagedAppRegistration interface) when it reads a result back from the cache.
// Written out from schema.graphql; test/browser/possible-types.test.ts fails
// when the schema gains or loses a member.
export const POSSIBLE_TYPES = {
  ManagedAppRegistration: ['AndroidManagedAppRegistration', 'IosManagedAppRegistration', 'WindowsManagedAppRegistration', 'GenericManagedAppRegistration'],
  MobileAppIdentifier: ['AndroidMobileAppIdentifier', 'IosMobileAppIdentifier', 'MacAppIdentifier', 'WindowsAppIdentifier', 'OtherMobileAppIdentifier'],
  ManagedAppRegistrationCreateResult: ['ManagedAppRegistrationCreated', 'CreateFailed'],
  MobileAppInstallStatusCreateResult: ['MobileAppInstallStatusCreated', 'CreateFailed'],
} as const satisfies Record<string, readonly string[]>;
