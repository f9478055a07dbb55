import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, type ApolloServerPluginLandingPageLocalDefaultOptions } from '@apollo/server/plugin/landingPage/default';
import { prefill, type PrefillSource } from './explorer/prefill';

/**
 * What the explorers open with (contract §14): the README's example
 * operations, a create and a read among them. Sandbox shows them as one
 * document; GraphiQL as one tab each (explorer/page.ts).
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

/** The Authorization header Sandbox starts with: usable as is on the emulator in forward mode. */
export function sandboxHeaders(emulator: boolean): Record<string, string> {
  return { Authorization: emulator ? 'Bearer emulator-token' : 'Bearer <paste your Microsoft Graph delegated token>' };
}

function sandboxOptions(headers: Record<string, string>): ApolloServerPluginLandingPageLocalDefaultOptions {
  return { embed: true, includeCookies: false, document: SANDBOX_DOCUMENT, headers };
}

/**
 * EXPLORER=sandbox: Apollo's own landing page. In obo mode on the emulator, obo
 * refuses Bearer emulator-token, so each page request gets a token minted then by
 * the Entra ID stand-in: Apollo calls a landing page's `html` function per request.
 */
export function sandboxLandingPage<TContext extends object>(source: PrefillSource): ApolloServerPlugin<TContext> {
  if (!source.emulator || source.mintUserToken === undefined) return ApolloServerPluginLandingPageLocalDefault(sandboxOptions(sandboxHeaders(source.emulator)));
  return {
    async serverWillStart(service) {
      return {
        async renderLandingPage() {
          const html = async (): Promise<string> => {
            const page = ApolloServerPluginLandingPageLocalDefault(sandboxOptions({ Authorization: prefill(source).authorization }));
            const rendered = await (await page.serverWillStart?.(service))?.renderLandingPage?.();
            if (rendered === undefined) throw new Error("Apollo's landing page plugin rendered no page");
            return typeof rendered.html === 'string' ? rendered.html : rendered.html();
          };
          return { html };
        },
      };
    },
  };
}
