// A minimal, fast stand-in for Microsoft Graph beta, serving only the benchmark's REST calls. It is not the
// project's emulator on purpose: the emulator's validation and store would cost more than the gateway under
// test and be measured instead of it. It takes the emulator's model of Graph (enum members, properties and
// their defaults, identifier types, date formats), so there is one such table. Runs as its own process (on the
// load generator's CPU), stateless apart from request counters the driver reads between rounds.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APP_IDENTIFIER_TYPES,
  GRAPH_JSON_CONTENT_TYPE,
  graphTimestampNow,
  INSTALL_STATUS_TYPE,
  isDateTimeOffset,
  MANAGED_APP_FLAGGED_REASON,
  REGISTRATION_TYPES,
  RESULTANT_APP_STATE,
  type EntityTypeDef,
} from '../src/emulator';
import { readRequest } from './http-request';
import { KNOWN_MOBILE_APP_IDS, MISSING_ID_PREFIX, storedRegistration } from './fixtures';
import { exitWhenOrphaned } from './orphan-guard';

/** Which Graph call a request was, for the per-scenario counts. */
export type RouteName = 'createRegistration' | 'getRegistration' | 'createInstallStatus' | 'batch' | 'other';

/** What the fake Graph received since the last reset. */
export interface FakeGraphStats {
  /** Top-level HTTP requests under the base path (what "upstream calls" means). */
  readonly requests: number;
  readonly byRoute: Readonly<Record<RouteName, number>>;
  /** GET items inside $batch calls. */
  readonly batchItems: number;
  /** $batch sizes seen: size → how many batches had it. */
  readonly batchSizes: Readonly<Record<string, number>>;
  /** Top-level answers that were not 2xx (e.g. a body the fake rejected as Graph would). */
  readonly non2xx: number;
}

export interface FakeGraph {
  readonly server: Server;
  stats(): FakeGraphStats;
  reset(): void;
}

/** Control paths, outside the base path, so they are never counted as Graph calls. */
export const STATS_PATH = '/_bench/stats';
export const RESET_PATH = '/_bench/reset';

const BASE_PATH = '/beta';
/** Graph names its own service root in @odata.context, whatever host the client used; so does the fake. */
const SERVICE_ROOT = 'https://graph.microsoft.com/beta';
/** Graph's own limit (graph-facts §6). */
const BATCH_LIMIT = 20;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DIAGNOSTIC = JSON.stringify({ ServerInfo: { DataCenter: 'Bench', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'bench-fake-graph' } });

const REGISTRATION_ITEM = /^\/deviceAppManagement\/managedAppRegistrations\/([^/?]+)$/;
const INSTALL_STATUSES = /^\/deviceAppManagement\/mobileApps\/([^/?]+)\/deviceStatuses$/;

/** The registration types by their `@odata.type` ('#microsoft.graph.x'), with their property names. */
const REGISTRATION_TYPE_BY_ODATA = new Map([...REGISTRATION_TYPES.values()].map((t) => [`#${t.name}`, { type: t, keys: propertyNames(t) }]));
const INSTALL_STATUS_KEYS = propertyNames(INSTALL_STATUS_TYPE);
const FLAGGED_REASONS = new Set<string>(MANAGED_APP_FLAGGED_REASON);
const APP_STATES = new Set<string>(RESULTANT_APP_STATE);

function propertyNames(type: EntityTypeDef): ReadonlySet<string> {
  return new Set(type.properties.map((p) => p.name));
}

/** What Graph writes for every property a create leaves out. */
function defaults(type: EntityTypeDef): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const p of type.properties) record[p.name] = Array.isArray(p.defaultValue) ? [...(p.defaultValue as unknown[])] : p.defaultValue;
  return record;
}

interface Answer {
  readonly status: number;
  /** JSON text. */
  readonly body: string;
}

/** Graph's error body (graph-facts §4.1). */
class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function errorAnswer(error: GraphError, requestId: string, clientRequestId: string): Answer {
  const innerError = { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId };
  return { status: error.status, body: JSON.stringify({ error: { code: error.code, message: error.message, innerError } }) };
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GraphError(400, 'BadRequest', 'The request payload must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function rejectUnknownProperties(body: Record<string, unknown>, known: ReadonlySet<string>, typeName: string): void {
  for (const key of Object.keys(body)) {
    if (key === '@odata.type' || known.has(key)) continue;
    throw new GraphError(400, 'BadRequest', `The property '${key}' does not exist on type '${typeName}'.`);
  }
}

function checkDateTime(body: Record<string, unknown>, key: string): void {
  const value = body[key];
  if (value !== undefined && (typeof value !== 'string' || !isDateTimeOffset(value))) {
    throw new GraphError(400, 'BadRequest', `Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset'.`);
  }
}

/** The create body Graph would accept for a registration; answers 400 where Graph would (wrong enum spelling, unknown type). */
function newRegistration(body: Record<string, unknown>): Record<string, unknown> {
  const odataType = body['@odata.type'];
  const registration = typeof odataType === 'string' ? REGISTRATION_TYPE_BY_ODATA.get(odataType) : undefined;
  if (registration === undefined) {
    throw new GraphError(400, 'BadRequest', `Unknown or missing @odata.type '${String(odataType)}' for managedAppRegistration.`);
  }
  rejectUnknownProperties(body, registration.keys, registration.type.name);
  const reasons = body.flaggedReasons;
  if (reasons !== undefined && (!Array.isArray(reasons) || !reasons.every((r) => typeof r === 'string' && FLAGGED_REASONS.has(r)))) {
    throw new GraphError(400, 'BadRequest', `Invalid value for 'flaggedReasons': ${JSON.stringify(reasons)}.`);
  }
  checkDateTime(body, 'lastSyncDateTime');
  const identifier = body.appIdentifier;
  if (identifier !== undefined && identifier !== null) {
    const raw = typeof identifier === 'object' ? (identifier as Record<string, unknown>)['@odata.type'] : undefined;
    const key = typeof raw === 'string' ? APP_IDENTIFIER_TYPES.get(raw.replace(/^#/, '')) : undefined;
    if (key === undefined || typeof (identifier as Record<string, unknown>)[key] !== 'string') {
      throw new GraphError(400, 'BadRequest', `Invalid appIdentifier: ${JSON.stringify(identifier)}.`);
    }
  }
  const record: Record<string, unknown> = { '@odata.type': odataType, id: randomUUID(), createdDateTime: graphTimestampNow(), ...defaults(registration.type) };
  for (const [key, value] of Object.entries(body)) if (key !== '@odata.type') record[key] = value;
  return record;
}

function newInstallStatus(body: Record<string, unknown>): Record<string, unknown> {
  const type = body['@odata.type'];
  if (type !== undefined && type !== '#microsoft.graph.mobileAppInstallStatus') {
    throw new GraphError(400, 'BadRequest', `Unknown @odata.type '${String(type)}' for mobileAppInstallStatus.`);
  }
  rejectUnknownProperties(body, INSTALL_STATUS_KEYS, 'microsoft.graph.mobileAppInstallStatus');
  for (const key of ['mobileAppInstallStatusValue', 'installState'] as const) {
    const value = body[key];
    if (value !== undefined && (typeof value !== 'string' || !APP_STATES.has(value))) {
      throw new GraphError(400, 'BadRequest', `Requested value '${String(value)}' was not found in enum 'resultantAppState'.`);
    }
  }
  const errorCode = body.errorCode;
  if (errorCode !== undefined && (!Number.isInteger(errorCode) || Math.abs(errorCode as number) > 2 ** 31)) {
    throw new GraphError(400, 'BadRequest', `Cannot convert '${String(errorCode)}' to 'Edm.Int32'.`);
  }
  checkDateTime(body, 'lastSyncDateTime');
  const record: Record<string, unknown> = { '@odata.type': '#microsoft.graph.mobileAppInstallStatus', id: randomUUID(), ...defaults(INSTALL_STATUS_TYPE) };
  record.installState = body.mobileAppInstallStatusValue ?? record.installState;
  for (const [key, value] of Object.entries(body)) if (key !== '@odata.type') record[key] = value;
  return record;
}

/** Builds the fake Graph; `listen` is the caller's. */
export function createFakeGraph(): FakeGraph {
  let requests = 0;
  let batchItems = 0;
  let non2xx = 0;
  let byRoute: Record<RouteName, number> = { createRegistration: 0, getRegistration: 0, createInstallStatus: 0, batch: 0, other: 0 };
  let batchSizes: Record<string, number> = {};
  // Stored registrations never change, so their JSON is made once per id; bounded so a long run cannot grow it.
  const entityJson = new Map<string, string>();

  const withContext = (fragment: string, json: string): string =>
    `{"@odata.context":${JSON.stringify(`${SERVICE_ROOT}/$metadata#${fragment}`)},${json.slice(1)}`;

  const getRegistration = (rawId: string): Answer => {
    const id = decodeURIComponent(rawId);
    if (id.startsWith(MISSING_ID_PREFIX)) {
      throw new GraphError(404, 'ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    }
    let json = entityJson.get(id);
    if (json === undefined) {
      if (entityJson.size >= 10_000) entityJson.clear();
      json = JSON.stringify(storedRegistration(id));
      entityJson.set(id, json);
    }
    return { status: 200, body: withContext('deviceAppManagement/managedAppRegistrations/$entity', json) };
  };

  /** A GET, top-level or as a $batch item. */
  const read = (path: string): Answer => {
    const match = REGISTRATION_ITEM.exec(path);
    if (!match) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
    return getRegistration(match[1]!);
  };

  const batch = (text: string, requestId: string, clientRequestId: string): Answer => {
    const payload = parseJsonObject(text);
    const items = payload.requests;
    if (!Array.isArray(items) || items.length === 0) throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (items.length > BATCH_LIMIT) throw new GraphError(400, 'BadRequest', `The number of batch requests exceeds the limit of ${BATCH_LIMIT}.`);
    batchItems += items.length;
    batchSizes[items.length] = (batchSizes[items.length] ?? 0) + 1;
    const parts: string[] = [];
    for (const item of items as Array<Record<string, unknown>>) {
      const id = typeof item.id === 'string' ? item.id : '';
      const url = typeof item.url === 'string' ? item.url : '';
      let answer: Answer;
      try {
        if (item.method !== 'GET') throw new GraphError(400, 'BadRequest', 'The bench fake Graph serves only GET items.');
        answer = read(url.startsWith('/') ? url : `/${url}`);
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        answer = errorAnswer(error, requestId, clientRequestId);
      }
      parts.push(
        `{"id":${JSON.stringify(id)},"status":${answer.status},"headers":{"Content-Type":${JSON.stringify(GRAPH_JSON_CONTENT_TYPE)}},"body":${answer.body}}`,
      );
    }
    return { status: 200, body: `{"responses":[${parts.join(',')}]}` };
  };

  const route = (method: string, path: string, text: string, requestId: string, clientRequestId: string): Answer => {
    if (method === 'POST' && path === '/$batch') {
      byRoute.batch++;
      return batch(text, requestId, clientRequestId);
    }
    if (method === 'POST' && path === '/deviceAppManagement/managedAppRegistrations') {
      byRoute.createRegistration++;
      const record = newRegistration(parseJsonObject(text));
      return { status: 201, body: withContext('deviceAppManagement/managedAppRegistrations/$entity', JSON.stringify(record)) };
    }
    const statuses = method === 'POST' ? INSTALL_STATUSES.exec(path) : null;
    if (statuses) {
      byRoute.createInstallStatus++;
      const appId = decodeURIComponent(statuses[1]!);
      if (!KNOWN_MOBILE_APP_IDS.has(appId)) throw new GraphError(404, 'ResourceNotFound', `Resource '${appId}' does not exist.`);
      const record = newInstallStatus(parseJsonObject(text));
      return { status: 201, body: withContext(`deviceAppManagement/mobileApps('${appId}')/deviceStatuses/$entity`, JSON.stringify(record)) };
    }
    if (method === 'GET' && REGISTRATION_ITEM.test(path)) {
      byRoute.getRegistration++;
      return read(path);
    }
    byRoute.other++;
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
  };

  const respond = (res: ServerResponse, status: number, body: string, headers: Record<string, string>): void => {
    res.writeHead(status, { ...headers, 'content-type': GRAPH_JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const stats = (): FakeGraphStats => ({ requests, byRoute: { ...byRoute }, batchItems, batchSizes: { ...batchSizes }, non2xx });
  const reset = (): void => {
    requests = 0;
    batchItems = 0;
    non2xx = 0;
    byRoute = { createRegistration: 0, getRegistration: 0, createInstallStatus: 0, batch: 0, other: 0 };
    batchSizes = {};
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    readRequest(req, MAX_BODY_BYTES, ({ pathname, body, tooLarge }) => {
      if (pathname === STATS_PATH) return respond(res, 200, JSON.stringify(stats()), {});
      if (pathname === RESET_PATH) {
        reset();
        return respond(res, 200, '{}', {});
      }
      requests++;
      const requestId = randomUUID();
      const header = req.headers['client-request-id'];
      const clientRequestId = typeof header === 'string' ? header : randomUUID();
      const headers = {
        'request-id': requestId,
        'client-request-id': clientRequestId,
        'OData-Version': '4.0',
        'Cache-Control': 'no-cache',
        'x-ms-ags-diagnostic': DIAGNOSTIC,
        'Strict-Transport-Security': 'max-age=31536000',
      };
      let answer: Answer;
      try {
        if (!pathname.startsWith(`${BASE_PATH}/`)) throw new GraphError(400, 'BadRequest', 'Invalid version.');
        if (tooLarge) throw new GraphError(413, 'RequestEntityTooLarge', 'The request body is too large.');
        if (!/^Bearer\s+\S/i.test(req.headers.authorization ?? '')) {
          throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
        }
        const text = body.toString('utf8');
        answer = route(req.method ?? 'GET', pathname.slice(BASE_PATH.length), text, requestId, clientRequestId);
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        answer = errorAnswer(error, requestId, clientRequestId);
      }
      if (answer.status < 200 || answer.status > 299) non2xx++;
      respond(res, answer.status, answer.body, headers);
    });
  };

  // Graph's front ends keep connections open far longer than node's 5 s default; so does the fake, so that
  // pauses between rounds do not turn into reconnects inside the measured process.
  const server = createServer({ keepAliveTimeout: 60_000 }, onRequest);
  return { server, stats, reset };
}

/** `node fake-graph.js`: listens on 127.0.0.1:$PORT and says so on stdout. */
function main(): void {
  const port = Number(process.env.PORT ?? '0');
  const fake = createFakeGraph();
  fake.server.listen(port, '127.0.0.1', () => {
    const address = fake.server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ ready: true, port: address.port })}\n`);
  });
  const stop = (): void => {
    fake.server.closeAllConnections();
    fake.server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWhenOrphaned();
}

if (require.main === module) main();
