// The soak's steady load: every autocannon connection loops over one mixed
// sequence of creates (single and bulk), reads (by id, lists, federation's
// _entities) and bad input, reading back the registration it created.
import autocannon from 'autocannon';
import { SEEDED_MOBILE_APPS } from '../src/emulator';

export interface LoadCounters {
  /** GraphQL responses checked. */
  responses: number;
  /** Responses with a non-200 status, an unreadable body, or any GraphQL error. */
  errors: number;
  /** `managedAppRegistration(id)` answered null: the emulator's store was reset since the create (expected, not an error). */
  nullReads: number;
  /** Bad input refused as it should be (a 400 or a GraphQL error with a client-error code): not an error. */
  refused: number;
  /** Of those, the ones answered with a non-2xx status (autocannon counts them as non-2xx). */
  refusedNon2xx: number;
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
const ENTITIES = `query SoakEntities($reps: [_Any!]!) {
  _entities(representations: $reps) { __typename ... on ManagedAppRegistration { id deviceTag } }
}`;
const BULK_CREATE = `mutation SoakBulkCreate($items: [ManagedAppRegistrationCreateItem!]!) {
  createManagedAppRegistrations(items: $items) { __typename ... on ManagedAppRegistrationCreated { index registration { id } } ... on CreateFailed { index code message } }
}`;
/** Items of one bulk create: enough to take one $batch. */
const BULK_ITEMS = 5;

/** Bad input, in turn: a document that does not parse, a variable that is not an enum member, a body that is not JSON. */
const BAD_BODIES = [
  JSON.stringify({ query: '{ managedAppRegistration(id: ) { id } }' }),
  JSON.stringify({ query: CREATE_REGISTRATION, variables: { input: { deviceTag: 'bad', flaggedReasons: ['NOT_A_REASON'] } } }),
  '{"query": "{ gatewayInfo',
];
/** What refusing bad input may answer: anything else (a 500, a success) is an error. */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST']);

export function newCounters(): LoadCounters {
  return { responses: 0, errors: 0, nullReads: 0, refused: 0, refusedNon2xx: 0, byOperation: {}, errorSamples: [] };
}

/**
 * Per loop of 10 requests: 3 creates (one a bulk of 5 items), 6 reads (3 by
 * id, 2 lists, 1 _entities) and 1 bad input. Enough writes to exercise the
 * write path and its normalisation, few enough that reads dominate as they do
 * in real use.
 */
export function startLoad(url: string, seconds: number, connections: number, counters: LoadCounters): autocannon.Instance {
  let sequence = 0;
  const graphql = (name: string, query: string, variables: (context: Record<string, unknown>) => Record<string, unknown>, after?: (data: Record<string, unknown>, context: Record<string, unknown>) => void): autocannon.Request => ({
    method: 'POST',
    path: new URL(url).pathname,
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    setupRequest: (req, context) => ({ ...req, body: JSON.stringify({ query, variables: variables(context) }) }),
    onResponse: (status, body, context) => {
      const problem = count(name, status, body);
      if (typeof problem !== 'string') after?.(problem, context);
    },
  });
  const count = (name: string, status: number, body: string): Record<string, unknown> | string => {
    counters.responses++;
    counters.byOperation[name] = (counters.byOperation[name] ?? 0) + 1;
    const problem = check(status, body);
    if (typeof problem === 'string') noteError(counters, `${name}: ${problem}`);
    return problem;
  };

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
  const entities = graphql('_entities', ENTITIES, (context) => ({
    reps: [{ __typename: 'ManagedAppRegistration', id: typeof context.registrationId === 'string' ? context.registrationId : 'soak-not-created' }],
  }));
  const bulkCreate = graphql('createManagedAppRegistrations', BULK_CREATE, () => ({
    items: Array.from({ length: BULK_ITEMS }, () => ({ input: { deviceTag: `soak-${++sequence}`, platformVersion: '14', appIdentifier: { android: { packageId: 'com.contoso.soak' } } } })),
  }), (data) => {
    const results = data.createManagedAppRegistrations as Array<{ __typename?: string; code?: string; message?: string }>;
    const failed = results.find((r) => r.__typename !== 'ManagedAppRegistrationCreated');
    // A bulk item failing under a steady load is an error like any other.
    if (failed) noteError(counters, `createManagedAppRegistrations: item ${failed.code ?? ''}: ${failed.message ?? ''}`);
  });
  let bad = 0;
  const badInput: autocannon.Request = {
    method: 'POST',
    path: new URL(url).pathname,
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    setupRequest: (req) => ({ ...req, body: BAD_BODIES[bad++ % BAD_BODIES.length] }),
    onResponse: (status, body) => {
      counters.responses++;
      counters.byOperation['bad input'] = (counters.byOperation['bad input'] ?? 0) + 1;
      const refusal = refusalCode(status, body);
      if (refusal !== undefined) {
        counters.refused++;
        if (status < 200 || status > 299) counters.refusedNon2xx++;
        return;
      }
      noteError(counters, `bad input: not refused as bad input: HTTP ${status}, ${body.slice(0, 160)}`);
    },
  };

  return autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [createRegistration, readRegistration, listRegistrations, entities, createInstallStatus, readRegistration, bulkCreate, listRegistrations, badInput, readRegistration],
  });
}

/** Counts an error, keeping its description among the first few distinct ones. */
function noteError(counters: LoadCounters, sample: string): void {
  counters.errors++;
  if (counters.errorSamples.length < 5 && !counters.errorSamples.includes(sample)) counters.errorSamples.push(sample);
}

/** The code a refusal of bad input answered with (a 400, or a client-error code), else undefined. */
function refusalCode(status: number, body: string): string | undefined {
  let code: unknown;
  try {
    code = (JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors?.[0]?.extensions?.code;
  } catch {
    code = undefined;
  }
  if (typeof code === 'string' && REFUSAL_CODES.has(code)) return code;
  return status === 400 ? 'HTTP 400' : undefined;
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
