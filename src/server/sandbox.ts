/**
 * What Apollo Sandbox opens with outside production: example operations and
 * an Authorization header ready to edit (contract: people explore here).
 */
export const SANDBOX_DOCUMENT = `# Example operations. Pick one with the ▶ button's menu.
# The Authorization header is in the Headers tab below.

mutation CreateRegistration {
  createManagedAppRegistration(
    input: {
      deviceName: "Megan's Pixel"
      deviceTag: "sandbox"
      flaggedReasons: [ROOTED_DEVICE]
      appIdentifier: { android: { packageId: "com.contoso.fieldservice" } }
    }
  ) {
    __typename
    id
    createdDateTime
    flaggedReasons
    appIdentifier { ... on AndroidMobileAppIdentifier { packageId } }
  }
}

mutation CreateInstallStatus {
  createMobileAppInstallStatus(
    mobileAppId: "6a3f2b10-1c4d-4e5f-8a9b-0c1d2e3f4a01"
    input: { deviceName: "Laptop-42", mobileAppInstallStatusValue: PENDING_INSTALL }
  ) {
    id
    mobileAppId
    mobileAppInstallStatusValue
  }
}

query Registrations($after: String) {
  managedAppRegistrations(first: 10, after: $after) {
    nodes { __typename id deviceName deviceTag createdDateTime }
    pageInfo { hasNextPage endCursor }
  }
}

query GatewayInfo {
  gatewayInfo { version graphBaseUrl emulator }
}
`;

/** The Authorization header Sandbox starts with: usable as is on the emulator. */
export function sandboxHeaders(emulator: boolean): Record<string, string> {
  return { Authorization: emulator ? 'Bearer emulator-token' : 'Bearer <paste your Microsoft Graph delegated token>' };
}
