// The bare floor: what the scenarios cost without GraphQL. It does the same honest work the gateway must do
// per operation and nothing else: read and parse the request JSON, build Graph's body (@odata.type, Graph's
// enum spelling), call Graph through an undici Pool, parse Graph's JSON, project the selected fields back to
// GraphQL's spelling, and write a JSON reply shaped like the gateway's (so one checker validates both).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import {
  enumSpelling,
  IDENTIFIER_GRAPH,
  MANAGED_APP_FLAGGED_REASONS,
  REGISTRATION_GRAPH_TYPE,
  RESULTANT_APP_STATE_DETAILS,
  RESULTANT_APP_STATES,
  type IdentifierKind,
} from './graph-model';
import { OPERATION } from './operations';
import { exitWhenOrphaned } from './orphan-guard';

type Json = Record<string, unknown>;

const FLAGGED = enumSpelling(MANAGED_APP_FLAGGED_REASONS);
const STATES = enumSpelling(RESULTANT_APP_STATES);
const DETAILS = enumSpelling(RESULTANT_APP_STATE_DETAILS);
const BATCH_LIMIT = 20;
const MAX_BODY_BYTES = 1024 * 1024;

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

class FloorError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const graphQLEnum = (table: ReadonlyMap<string, string>, value: unknown): string | null =>
  typeof value === 'string' ? table.get(value) ?? 'UNKNOWN_FUTURE_VALUE' : null;

function registrationBody(input: Json): Json {
  const identifier = obj(input.appIdentifier);
  const kind = (['android', 'ios', 'mac', 'windows'] as const).find((k) => identifier[k] !== undefined && identifier[k] !== null);
  const body: Json = { '@odata.type': `#microsoft.graph.${kind ? REGISTRATION_GRAPH_TYPE[kind] : 'managedAppRegistration'}` };
  for (const key of REGISTRATION_INPUT_KEYS) if (input[key] !== undefined) body[key] = input[key];
  if (Array.isArray(input.flaggedReasons)) {
    body.flaggedReasons = input.flaggedReasons.map((reason: unknown) => {
      const graph = typeof reason === 'string' ? FLAGGED.toGraph.get(reason) : undefined;
      if (graph === undefined) throw new FloorError(`Invalid flaggedReasons value ${JSON.stringify(reason)}`, 'BAD_USER_INPUT');
      return graph;
    });
  }
  if (kind) body.appIdentifier = identifierBody(kind, obj(identifier[kind]));
  return body;
}

function identifierBody(kind: IdentifierKind, value: Json): Json {
  return { '@odata.type': `#microsoft.graph.${IDENTIFIER_GRAPH[kind].type}`, ...value };
}

function installStatusBody(input: Json): Json {
  const body: Json = { '@odata.type': '#microsoft.graph.mobileAppInstallStatus' };
  for (const key of INSTALL_STATUS_INPUT_KEYS) if (input[key] !== undefined) body[key] = input[key];
  if (input.mobileAppInstallStatusValue !== undefined) {
    const graph = STATES.toGraph.get(String(input.mobileAppInstallStatusValue));
    if (graph === undefined) throw new FloorError('Invalid mobileAppInstallStatusValue', 'BAD_USER_INPUT');
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

/** Builds the floor's request handler around one keep-alive Pool to Graph, sized like the gateway's default. */
export function createFloorHandler(graphBaseUrl: string): { handle: (req: IncomingMessage, res: ServerResponse) => void; close: () => Promise<void> } {
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
    if (reply.status < 200 || reply.status > 299) throw new FloorError(`Graph answered ${reply.status}`, `GRAPH_${reply.status}`);
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
            else throw new FloorError(`Graph answered ${status} for a batch item`, `GRAPH_${status}`);
          }
        }),
      );
      return { _entities: representations.map((r) => byId.get(String(r.id)) ?? null) };
    },
  };

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/readyz' || req.url === '/healthz') return reply(res, 200, { status: 'ready' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { error: 'The floor serves POST /graphql only.' });
      if (size > MAX_BODY_BYTES) return reply(res, 413, { errors: [{ message: 'Body too large', extensions: { code: 'BAD_REQUEST' } }] });
      const authorization = req.headers.authorization;
      if (authorization === undefined || !/^Bearer\s+\S/i.test(authorization)) {
        return reply(res, 200, { errors: [{ message: 'No bearer token', extensions: { code: 'UNAUTHENTICATED' } }], data: null });
      }
      let request: Json;
      try {
        request = obj(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        return reply(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const operation = operations[String(request.operationName)];
      if (operation === undefined) return reply(res, 400, { errors: [{ message: 'Unknown operationName', extensions: { code: 'BAD_REQUEST' } }] });
      operation(obj(request.variables), authorization).then(
        (data) => reply(res, 200, { data }),
        (error: unknown) => {
          const code = error instanceof FloorError ? error.code : 'INTERNAL_SERVER_ERROR';
          reply(res, 200, { errors: [{ message: error instanceof Error ? error.message : String(error), extensions: { code } }], data: null });
        },
      );
    });
  };

  return { handle, close: () => pool.close() };
}

/** `node floor.js`: GRAPH_BASE_URL and PORT as for the gateway; listens on 127.0.0.1. */
function main(): void {
  const graphBaseUrl = process.env.GRAPH_BASE_URL;
  if (graphBaseUrl === undefined) {
    process.stderr.write('floor: GRAPH_BASE_URL is required\n');
    process.exit(1);
  }
  const floor = createFloorHandler(graphBaseUrl);
  // Same keep-alive timeout as the gateway's server, so both treat the load generator's connections alike.
  const server = createServer({ keepAliveTimeout: 5000 }, floor.handle);
  server.listen(Number(process.env.PORT ?? '0'), '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => void floor.close().finally(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWhenOrphaned();
}

if (require.main === module) main();
