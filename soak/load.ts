// The soak's steady load: every autocannon connection loops over one mixed
// sequence of creates and reads, reading back the registration it created.
import autocannon from 'autocannon';
import { SEEDED_MOBILE_APPS } from '../src/emulator';

export interface LoadCounters {
  /** GraphQL responses checked. */
  responses: number;
  /** Responses with a non-200 status, an unreadable body, or any GraphQL error. */
  errors: number;
  /** `managedAppRegistration(id)` answered null: the emulator's store was reset since the create (expected, not an error). */
  nullReads: number;
  readonly byOperation: Record<string, number>;
  /** First few distinct error descriptions. */
  readonly errorSamples: string[];
}

const AUTHORIZATION = 'Bearer soak-token';

const CREATE_REGISTRATION = `mutation SoakCreateRegistration($input: ManagedAppRegistrationInput!) {
  createManagedAppRegistration(input: $input) { id deviceTag createdDateTime }
}`;
const CREATE_INSTALL_STATUS = `mutation SoakCreateInstallStatus($mobileAppId: ID!, $input: MobileAppInstallStatusInput!) {
  createMobileAppInstallStatus(mobileAppId: $mobileAppId, input: $input) { id mobileAppId deviceName }
}`;
const READ_REGISTRATION = `query SoakReadRegistration($id: ID!) {
  managedAppRegistration(id: $id) { __typename id deviceTag flaggedReasons appIdentifier { __typename } }
}`;
const LIST_REGISTRATIONS = `query SoakListRegistrations {
  managedAppRegistrations(first: 10) { edges { cursor node { __typename id deviceTag } } pageInfo { hasNextPage endCursor } }
}`;

export function newCounters(): LoadCounters {
  return { responses: 0, errors: 0, nullReads: 0, byOperation: {}, errorSamples: [] };
}

/**
 * Creates are 2 of 8 requests: enough to exercise the write path and its
 * normalisation, few enough that reads dominate as they do in real use.
 */
export function startLoad(url: string, seconds: number, connections: number, counters: LoadCounters): autocannon.Instance {
  let sequence = 0;
  const graphql = (name: string, query: string, variables: (context: Record<string, unknown>) => Record<string, unknown>, after?: (data: Record<string, unknown>, context: Record<string, unknown>) => void): autocannon.Request => ({
    method: 'POST',
    path: new URL(url).pathname,
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    setupRequest: (req, context) => ({ ...req, body: JSON.stringify({ query, variables: variables(context) }) }),
    onResponse: (status, body, context) => {
      counters.responses++;
      counters.byOperation[name] = (counters.byOperation[name] ?? 0) + 1;
      const problem = check(status, body);
      if (typeof problem === 'string') {
        counters.errors++;
        const sample = `${name}: ${problem}`;
        if (counters.errorSamples.length < 5 && !counters.errorSamples.includes(sample)) counters.errorSamples.push(sample);
        return;
      }
      after?.(problem, context);
    },
  });

  const createRegistration = graphql(
    'createManagedAppRegistration',
    CREATE_REGISTRATION,
    () => ({ input: { deviceTag: `soak-${++sequence}`, platformVersion: '14', appIdentifier: { android: { packageId: 'com.contoso.soak' } }, flaggedReasons: ['ROOTED_DEVICE'] } }),
    (data, context) => {
      const created = data.createManagedAppRegistration as { id?: unknown } | null;
      if (typeof created?.id === 'string') context.registrationId = created.id;
    },
  );
  const createInstallStatus = graphql('createMobileAppInstallStatus', CREATE_INSTALL_STATUS, () => ({
    mobileAppId: SEEDED_MOBILE_APPS[sequence % SEEDED_MOBILE_APPS.length]!.id,
    input: { deviceName: `soak-${++sequence}`, mobileAppInstallStatusValue: 'INSTALLED', errorCode: 0 },
  }));
  // Before the first create of a connection answers there is no id yet: an id Graph does not have reads as null.
  const readRegistration = graphql(
    'managedAppRegistration',
    READ_REGISTRATION,
    (context) => ({ id: typeof context.registrationId === 'string' ? context.registrationId : 'soak-not-created' }),
    (data) => {
      if (data.managedAppRegistration === null) counters.nullReads++;
    },
  );
  const listRegistrations = graphql('managedAppRegistrations', LIST_REGISTRATIONS, () => ({}));

  return autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [createRegistration, readRegistration, listRegistrations, readRegistration, createInstallStatus, listRegistrations, readRegistration, listRegistrations],
  });
}

/** The response's data when it is a clean GraphQL success, else what is wrong with it. */
function check(status: number, body: string): Record<string, unknown> | string {
  let parsed: { data?: Record<string, unknown> | null; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return `HTTP ${status}, body not JSON: ${body.slice(0, 120)}`;
  }
  const error = parsed.errors?.[0];
  if (error) return `HTTP ${status}, ${error.extensions?.code ?? '(no code)'}: ${error.message ?? ''}`;
  if (status !== 200) return `HTTP ${status}`;
  if (!parsed.data) return `HTTP ${status}, no data`;
  return parsed.data;
}
