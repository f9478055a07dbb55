// The Graph side of one operation without GraphQL, shared by the bare floor (floor.ts) and the tuned plain
// Apollo Server (tuned-apollo.ts): build Graph's body (@odata.type, Graph's enum spelling), call Graph through
// one undici Pool, parse Graph's JSON and project the selected fields back to GraphQL's spelling.
import { Pool } from 'undici';
import { ManagedAppFlaggedReason, ResultantAppState, ResultantAppStateDetail } from '../src/normalize/enums';
import { complexOdataType, entityOdataType, IDENTIFIER_GRAPH_TYPES, REGISTRATION_GRAPH_TYPE_BY_KIND, type IdentifierKind } from '../src/normalize/odata-type';
import { OPERATION } from './operations';

export type Json = Record<string, unknown>;

/** A GraphQL enum value's Graph spelling and back (`ROOTED_DEVICE` ⇄ `rootedDevice`), as lookup tables built once. */
interface EnumSpelling {
  readonly toGraph: ReadonlyMap<string, string>;
  readonly toGraphQL: ReadonlyMap<string, string>;
}

/** The lookup tables of one of the gateway's enums (src/normalize/enums.ts: GraphQL name → Graph spelling, the one table of them). */
function enumSpelling(values: Readonly<Record<string, string>>): EnumSpelling {
  const entries = Object.entries(values);
  return { toGraph: new Map(entries), toGraphQL: new Map(entries.map(([graphQL, graph]) => [graph, graphQL])) };
}

const FLAGGED = enumSpelling(ManagedAppFlaggedReason);
const STATES = enumSpelling(ResultantAppState);
const DETAILS = enumSpelling(ResultantAppStateDetail);
const BATCH_LIMIT = 20;

const REGISTRATION_TYPENAME = new Map([
  ['#microsoft.graph.androidManagedAppRegistration', 'AndroidManagedAppRegistration'],
  ['#microsoft.graph.iosManagedAppRegistration', 'IosManagedAppRegistration'],
  ['#microsoft.graph.windowsManagedAppRegistration', 'WindowsManagedAppRegistration'],
]);
const IDENTIFIER_TYPENAME = new Map([
  ['microsoft.graph.androidMobileAppIdentifier', 'AndroidMobileAppIdentifier'],
  ['microsoft.graph.iosMobileAppIdentifier', 'IosMobileAppIdentifier'],
  ['microsoft.graph.macAppIdentifier', 'MacAppIdentifier'],
  ['microsoft.graph.windowsAppIdentifier', 'WindowsAppIdentifier'],
]);
const REGISTRATION_INPUT_KEYS = [
  'lastSyncDateTime',
  'applicationVersion',
  'managementSdkVersion',
  'platformVersion',
  'deviceType',
  'deviceTag',
  'deviceName',
  'userId',
  'version',
] as const;
const INSTALL_STATUS_INPUT_KEYS = ['deviceName', 'deviceId', 'lastSyncDateTime', 'errorCode', 'osVersion', 'osDescription', 'userName', 'userPrincipalName'] as const;

/** A failure with the GraphQL error code the servers answer it with. */
export class GraphOperationError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const graphQLEnum = (table: ReadonlyMap<string, string>, value: unknown): string | null =>
  typeof value === 'string' ? table.get(value) ?? 'UNKNOWN_FUTURE_VALUE' : null;

function registrationBody(input: Json): Json {
  const identifier = obj(input.appIdentifier);
  const kind = (['android', 'ios', 'mac', 'windows'] as const).find((k) => identifier[k] !== undefined && identifier[k] !== null);
  const body: Json = { '@odata.type': entityOdataType(kind ? REGISTRATION_GRAPH_TYPE_BY_KIND[kind] : 'managedAppRegistration') };
  for (const key of REGISTRATION_INPUT_KEYS) if (input[key] !== undefined) body[key] = input[key];
  if (Array.isArray(input.flaggedReasons)) {
    body.flaggedReasons = input.flaggedReasons.map((reason: unknown) => {
      const graph = typeof reason === 'string' ? FLAGGED.toGraph.get(reason) : undefined;
      if (graph === undefined) throw new GraphOperationError(`Invalid flaggedReasons value ${JSON.stringify(reason)}`, 'BAD_USER_INPUT');
      return graph;
    });
  }
  if (kind) body.appIdentifier = identifierBody(kind, obj(identifier[kind]));
  return body;
}

function identifierBody(kind: IdentifierKind, value: Json): Json {
  return { '@odata.type': `#${complexOdataType(IDENTIFIER_GRAPH_TYPES[kind])}`, ...value };
}

function installStatusBody(input: Json): Json {
  const body: Json = { '@odata.type': '#microsoft.graph.mobileAppInstallStatus' };
  for (const key of INSTALL_STATUS_INPUT_KEYS) if (input[key] !== undefined) body[key] = input[key];
  if (input.mobileAppInstallStatusValue !== undefined) {
    const graph = STATES.toGraph.get(String(input.mobileAppInstallStatusValue));
    if (graph === undefined) throw new GraphOperationError('Invalid mobileAppInstallStatusValue', 'BAD_USER_INPUT');
    body.mobileAppInstallStatusValue = graph;
  }
  return body;
}

/** The fields of operations.ts's BenchRegistration fragment, in GraphQL's spelling. */
function projectRegistration(graph: Json): Json {
  const identifier = graph.appIdentifier;
  let appIdentifier: Json | null = null;
  if (typeof identifier === 'object' && identifier !== null) {
    const raw = obj(identifier);
    const typename = IDENTIFIER_TYPENAME.get(String(raw['@odata.type']).replace(/^#/, '')) ?? 'OtherMobileAppIdentifier';
    appIdentifier = { __typename: typename };
    if (typename === 'AndroidMobileAppIdentifier') appIdentifier.packageId = str(raw.packageId);
    else if (typename === 'WindowsAppIdentifier') appIdentifier.windowsAppId = str(raw.windowsAppId);
    else if (typename !== 'OtherMobileAppIdentifier') appIdentifier.bundleId = str(raw.bundleId);
  }
  const reasons = Array.isArray(graph.flaggedReasons) ? graph.flaggedReasons : [];
  return {
    __typename: REGISTRATION_TYPENAME.get(String(graph['@odata.type'])) ?? 'GenericManagedAppRegistration',
    id: str(graph.id),
    createdDateTime: str(graph.createdDateTime),
    lastSyncDateTime: str(graph.lastSyncDateTime),
    applicationVersion: str(graph.applicationVersion),
    platformVersion: str(graph.platformVersion),
    deviceTag: str(graph.deviceTag),
    deviceName: str(graph.deviceName),
    flaggedReasons: reasons.map((reason: unknown) => graphQLEnum(FLAGGED.toGraphQL, reason)),
    userId: str(graph.userId),
    appIdentifier,
  };
}

function projectInstallStatus(graph: Json, mobileAppId: string): Json {
  return {
    id: str(graph.id),
    mobileAppId,
    deviceName: str(graph.deviceName),
    deviceId: str(graph.deviceId),
    lastSyncDateTime: str(graph.lastSyncDateTime),
    mobileAppInstallStatusValue: graphQLEnum(STATES.toGraphQL, graph.mobileAppInstallStatusValue ?? graph.installState),
    installState: graphQLEnum(STATES.toGraphQL, graph.installState),
    installStateDetail: graphQLEnum(DETAILS.toGraphQL, graph.installStateDetail),
    errorCode: typeof graph.errorCode === 'number' ? graph.errorCode : null,
    osVersion: str(graph.osVersion),
    userPrincipalName: str(graph.userPrincipalName),
  };
}

/** Each operation by its name: variables and the caller's Authorization in, the `data` object out. */
export type GraphOperations = Readonly<Record<string, (variables: Json, authorization: string) => Promise<Json>>>;

/** The operations around one keep-alive Pool to Graph, sized like the gateway's default (64 connections). */
export function createGraphOperations(graphBaseUrl: string): { operations: GraphOperations; close: () => Promise<void> } {
  const base = new URL(graphBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, { connections: 64, pipelining: 1 });

  const call = async (method: 'GET' | 'POST', path: string, authorization: string, body?: Json): Promise<{ status: number; json: Json }> => {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await pool.request({
      path: basePath + path,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, json: obj(await response.body.json()) };
  };

  const expect2xx = (reply: { status: number; json: Json }): Json => {
    if (reply.status < 200 || reply.status > 299) throw new GraphOperationError(`Graph answered ${reply.status}`, `GRAPH_${reply.status}`);
    return reply.json;
  };

  const operations: Record<string, (variables: Json, authorization: string) => Promise<Json>> = {
    async [OPERATION.createManagedAppRegistration](variables, authorization) {
      const reply = await call('POST', '/deviceAppManagement/managedAppRegistrations', authorization, registrationBody(obj(variables.input)));
      return { createManagedAppRegistration: projectRegistration(expect2xx(reply)) };
    },
    async [OPERATION.createMobileAppInstallStatus](variables, authorization) {
      const mobileAppId = String(variables.mobileAppId);
      const path = `/deviceAppManagement/mobileApps/${encodeURIComponent(mobileAppId)}/deviceStatuses`;
      const reply = await call('POST', path, authorization, installStatusBody(obj(variables.input)));
      return { createMobileAppInstallStatus: projectInstallStatus(expect2xx(reply), mobileAppId) };
    },
    async [OPERATION.managedAppRegistration](variables, authorization) {
      const reply = await call('GET', `/deviceAppManagement/managedAppRegistrations/${encodeURIComponent(String(variables.id))}`, authorization);
      return { managedAppRegistration: reply.status === 404 ? null : projectRegistration(expect2xx(reply)) };
    },
    async [OPERATION.entities](variables, authorization) {
      const representations = Array.isArray(variables.representations) ? variables.representations.map(obj) : [];
      // Each id once, as the gateway's DataLoader does, then chunks of Graph's batch limit sent together.
      const ids = [...new Set(representations.map((r) => String(r.id)))];
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) chunks.push(ids.slice(i, i + BATCH_LIMIT));
      const byId = new Map<string, Json | null>();
      await Promise.all(
        chunks.map(async (chunk, c) => {
          const requests = chunk.map((id, i) => ({
            id: String(c * BATCH_LIMIT + i),
            method: 'GET',
            url: `/deviceAppManagement/managedAppRegistrations/${encodeURIComponent(id)}`,
          }));
          const reply = expect2xx(await call('POST', '/$batch', authorization, { requests }));
          const responses = Array.isArray(reply.responses) ? reply.responses.map(obj) : [];
          for (const item of responses) {
            const id = chunk[Number(item.id) - c * BATCH_LIMIT];
            if (id === undefined) continue;
            const status = Number(item.status);
            if (status === 404) byId.set(id, null);
            else if (status >= 200 && status <= 299) byId.set(id, projectRegistration(obj(item.body)));
            else throw new GraphOperationError(`Graph answered ${status} for a batch item`, `GRAPH_${status}`);
          }
        }),
      );
      return { _entities: representations.map((r) => byId.get(String(r.id)) ?? null) };
    },
  };

  return { operations, close: () => pool.close() };
}
