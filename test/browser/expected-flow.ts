// What examples/frontend's browser page gets and sends for one run of its flow against the emulator, shared by the
// browser tests that run it with operation text (clients.test.ts) and with trusted-document ids (trusted.test.ts).
import type { FlowResult, FlowRun } from '../../examples/frontend/src/browser/flow';
import { demoGraphCalls, demoInstallStatus, demoSummary, SEEDED_MOBILE_APP_ID, SEEDED_REGISTRATIONS, SEEDED_SUMMARIES } from '../helpers/frontend-flow';
import { CSRF_MESSAGE } from '../helpers/expected';
import { AUTHORIZATION, type Stack } from '../helpers/stack';
import type { SeenRequest } from './support';

export const UNAUTHENTICATED_MESSAGE = 'Send your Microsoft Graph delegated token as "Authorization: Bearer <token>".';

export function freshEmulator(stack: Stack): void {
  stack.emulator.store.reset();
  stack.emulator.clearRequests();
  for (const record of SEEDED_REGISTRATIONS) stack.emulator.store.putManagedAppRegistration(record);
}

export function completed(run: FlowRun | undefined): FlowResult {
  if (run === undefined || !run.ok) throw new Error(`the flow did not complete: ${JSON.stringify(run)}`);
  return run.result;
}

/**
 * What the token-less query gets. Apollo Client POSTs it as JSON and gets UNAUTHENTICATED. urql sends it as GET, and a
 * GET without Authorization is what an <img> or a link could send: the CSRF check refuses it (contract §8) before the
 * gateway looks for a token, so urql gets BAD_REQUEST (HTTP 400), not UNAUTHENTICATED.
 */
export const ANONYMOUS_QUERY = {
  apollo: { status: 200, errors: [{ message: UNAUTHENTICATED_MESSAGE, code: 'UNAUTHENTICATED', path: ['managedAppRegistration'] }] },
  urql: { status: 400, errors: [{ message: CSRF_MESSAGE, code: 'BAD_REQUEST', path: null }] },
} as const;

/** Everything the flow received, given the ids and timestamp the gateway made up. Both libraries add __typename everywhere. */
export function expectedFlow(client: 'apollo' | 'urql', created: FlowResult['created'], installStatusId: string): FlowResult {
  const registration = demoSummary(created);
  const installStatus = demoInstallStatus(installStatusId);
  const edge = (node: object) => ({ __typename: 'ManagedAppRegistrationEdge', cursor: expect.any(String), node });
  const synced = { platformVersion: '14', lastSyncDateTime: '2017-01-01T00:02:49.3205976-08:00', userId: null, patchVersion: null } as const;
  return {
    created: { ...registration, ...synced },
    readBack: { ...registration, ...synced, version: null },
    pages: [
      {
        __typename: 'ManagedAppRegistrationConnection',
        edges: SEEDED_SUMMARIES.map(edge),
        pageInfo: { __typename: 'PageInfo', hasNextPage: true, endCursor: expect.any(String) },
      },
      {
        __typename: 'ManagedAppRegistrationConnection',
        edges: [edge(registration)],
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: expect.any(String) },
      },
    ],
    installStatus,
    installStatusReadBack: installStatus,
    unknownApp: {
      ok: false,
      error: { kind: 'graphql', errors: [{ message: 'Microsoft Graph found no such resource (404 ResourceNotFound).', code: 'NOT_FOUND', path: ['createMobileAppInstallStatus'] }] },
    },
    anonymousQuery: { ok: false, error: { kind: 'graphql', errors: ANONYMOUS_QUERY[client].errors } },
    anonymousMutation: {
      ok: false,
      error: { kind: 'graphql', errors: [{ message: UNAUTHENTICATED_MESSAGE, code: 'UNAUTHENTICATED', path: ['createManagedAppRegistration'] }] },
    },
  } as unknown as FlowResult; // the literals above (with jest matchers) stand for the generated types' values
}

/** The operation a request carried, from its JSON body (POST) or its query string (GET). */
export function operationName(request: SeenRequest): string | null {
  if (request.method === 'GET') return new URL(request.path, 'http://x').searchParams.get('operationName');
  const body: unknown = JSON.parse(request.postData ?? 'null');
  return typeof body === 'object' && body !== null && 'operationName' in body && typeof body.operationName === 'string' ? body.operationName : null;
}


/** What reached Graph for one complete flow, in order: the demo's calls, the read-back and the unknown app (nothing for the anonymous calls). */
export function expectedGraphCalls(createdId: string, installStatusId: string) {
  return [
    ...demoGraphCalls(createdId),
    { method: 'GET', rawPath: `/beta/deviceAppManagement/mobileApps/${SEEDED_MOBILE_APP_ID}/deviceStatuses/${installStatusId}`, authorization: AUTHORIZATION },
    { method: 'POST', rawPath: '/beta/deviceAppManagement/mobileApps/no-such-app/deviceStatuses', authorization: AUTHORIZATION },
  ];
}

export function graphCalls(stack: Stack) {
  return stack.emulator.requests.map((r) => ({ method: r.method, rawPath: r.rawPath, authorization: r.headers.authorization }));
}

export const FLOW_OPERATIONS = [
  'CreateManagedAppRegistration',
  'GetManagedAppRegistration',
  'ListManagedAppRegistrations',
  'ListManagedAppRegistrations',
  'CreateMobileAppInstallStatus',
  'GetMobileAppInstallStatus',
  'CreateMobileAppInstallStatus',
  'GetManagedAppRegistration',
  'CreateManagedAppRegistration',
] as const;
/** The last two calls of the flow go without a token. */
export const ANONYMOUS_FROM = 7;
