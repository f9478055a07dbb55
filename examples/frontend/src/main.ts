// The frontend flow end to end: create, read back, page, record an install
// status. Every result below is typed by its operation in ../operations.
//
//   npm start                                   # the gateway on its emulator
//   npx tsc -p examples/frontend/tsconfig.json
//   node examples/frontend/dist/src/main.js
import { createClient, GatewayRequestError, type GatewayClient } from './client';
import {
  CreateManagedAppRegistrationDocument,
  CreateMobileAppInstallStatusDocument,
  GetManagedAppRegistrationDocument,
  ListManagedAppRegistrationsDocument,
  type CreateManagedAppRegistrationMutation,
  type CreateMobileAppInstallStatusMutation,
  type GetManagedAppRegistrationQuery,
  type ListManagedAppRegistrationsQuery,
  type RegistrationSummaryFragment,
} from './gql/graphql';
import { DEMO_INSTALL_STATUS, DEMO_REGISTRATION, PAGE_SIZE, SEEDED_MOBILE_APP_ID } from './demo-data';

// Re-exported: the Node demo's callers (and its test) import them from here.
export { DEMO_INSTALL_STATUS, DEMO_REGISTRATION, PAGE_SIZE, SEEDED_MOBILE_APP_ID };

// Stops a gateway that keeps answering hasNextPage: true from looping forever.
const MAX_PAGES = 50;

export type CreatedRegistration = CreateManagedAppRegistrationMutation['createManagedAppRegistration'];
export type Registration = NonNullable<GetManagedAppRegistrationQuery['managedAppRegistration']>;
export type RegistrationPage = ListManagedAppRegistrationsQuery['managedAppRegistrations'];
export type InstallStatus = CreateMobileAppInstallStatusMutation['createMobileAppInstallStatus'];
export type AppIdentifier = NonNullable<RegistrationSummaryFragment['appIdentifier']>;

export interface DemoResult {
  readonly created: CreatedRegistration;
  readonly readBack: Registration;
  /** Every page, in order, as the gateway returned it. */
  readonly pages: readonly RegistrationPage[];
  readonly installStatus: InstallStatus;
}

/** Fails to compile when the schema gains a member a switch below does not handle. */
function unreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}

export function describeAppIdentifier(identifier: AppIdentifier | null): string {
  if (identifier === null) return 'no app identifier';
  switch (identifier.__typename) {
    case 'AndroidMobileAppIdentifier':
      return `Android ${identifier.packageId ?? '?'}`;
    case 'IosMobileAppIdentifier':
      return `iOS ${identifier.bundleId ?? '?'}`;
    case 'MacAppIdentifier':
      return `macOS ${identifier.bundleId ?? '?'}`;
    case 'WindowsAppIdentifier':
      return `Windows ${identifier.windowsAppId ?? '?'}`;
    case 'OtherMobileAppIdentifier':
      return `other (${identifier.graphType ?? 'no Graph type'})`;
    default:
      return unreachable(identifier);
  }
}

export function describeRegistration(registration: RegistrationSummaryFragment): string {
  const platform = ((): string => {
    switch (registration.__typename) {
      case 'AndroidManagedAppRegistration':
        return 'Android';
      case 'IosManagedAppRegistration':
        return 'iOS';
      case 'WindowsManagedAppRegistration':
        return 'Windows';
      case 'GenericManagedAppRegistration':
        return 'generic';
      default:
        return unreachable(registration);
    }
  })();
  const flagged = registration.flaggedReasons.length > 0 ? ` flagged ${registration.flaggedReasons.join(', ')}` : '';
  return `${registration.id} [${platform}] ${registration.deviceName ?? '(no device name)'}, ${describeAppIdentifier(registration.appIdentifier)}${flagged}`;
}

async function allRegistrationPages(client: GatewayClient): Promise<RegistrationPage[]> {
  const pages: RegistrationPage[] = [];
  let after: string | null = null;
  do {
    const result: ListManagedAppRegistrationsQuery = await client.request(ListManagedAppRegistrationsDocument, { first: PAGE_SIZE, after });
    const page = result.managedAppRegistrations;
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null && pages.length < MAX_PAGES);
  return pages;
}

/** Runs the whole flow against a gateway and returns what each step got back; `log` gets one line per step. */
export async function runDemo(client: GatewayClient, log: (line: string) => void = console.log): Promise<DemoResult> {
  const { createManagedAppRegistration: created } = await client.request(CreateManagedAppRegistrationDocument, { input: DEMO_REGISTRATION });
  log(`created ${describeRegistration(created)} at ${created.createdDateTime ?? '?'}`);

  const { managedAppRegistration: readBack } = await client.request(GetManagedAppRegistrationDocument, { id: created.id });
  // null is the gateway's answer for an id Graph does not have (404), not an error.
  if (readBack === null) throw new Error(`Registration ${created.id} was created but cannot be read back`);
  const patch = readBack.__typename === 'AndroidManagedAppRegistration' ? `, patch ${readBack.patchVersion ?? 'unknown'}` : '';
  log(`read back ${readBack.__typename} ${readBack.id}, last sync ${readBack.lastSyncDateTime ?? 'never'}${patch}`);

  const pages = await allRegistrationPages(client);
  pages.forEach((page, index) => {
    log(`page ${index + 1}: ${page.edges.length} registration(s)${page.pageInfo.hasNextPage ? ', more follow' : ', last page'}`);
    for (const edge of page.edges) log(`  ${describeRegistration(edge.node)}`);
  });

  const { createMobileAppInstallStatus: installStatus } = await client.request(CreateMobileAppInstallStatusDocument, {
    mobileAppId: SEEDED_MOBILE_APP_ID,
    input: DEMO_INSTALL_STATUS,
  });
  log(`install status ${installStatus.id} for app ${installStatus.mobileAppId}: ${installStatus.mobileAppInstallStatusValue ?? 'no state'} (${installStatus.installStateDetail ?? 'no detail'})`);

  return { created, readBack, pages, installStatus };
}

if (require.main === module) {
  const client = createClient({
    // `||`, not `??`: an exported but empty variable means "use the default" too.
    url: process.env.GATEWAY_URL || 'http://localhost:4000/graphql',
    token: process.env.GATEWAY_TOKEN || 'emulator-token',
  });
  runDemo(client).catch((error: unknown) => {
    if (error instanceof GatewayRequestError) {
      console.error(`${error.code ?? 'NO_CODE'}: ${error.message}`);
      if (error.graph) console.error(`Graph ${error.graph.status ?? 'no answer'}, request-id ${error.graph.requestId ?? '-'}, client-request-id ${error.graph.clientRequestId ?? '-'}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  });
}
