// Serves one request once it is read, whether it came over HTTP or inside a $batch: routes it to its handler and turns
// every failure into a Graph error response. GraphCore is what serving may reach; it knows nothing of Entra ID.
import type { Harness } from '../harness';
import type { Throttle } from './throttle';
import type { MemoryStore } from './store';
import type { Pager } from './odata';
import type { GraphRequest } from './request';
import { badRequest, errorResponse, GraphError, type GraphResponse } from './responses';
import { routeOf } from './route';
import { handleRegistrations } from './registrations';
import { handleInstallStatuses } from './install-statuses';
import { handleMobileApps, handleUserStatuses } from './mobile-apps';

/** Everything a Graph request needs from the running emulator, passed explicitly instead of through a singleton. */
export interface GraphCore {
  /** Normalised: '' or '/x' without a trailing slash. */
  basePath: string;
  shuffleBatch: boolean;
  /** Always there; with every limit at 0 it only keeps the accepted-write timeline. */
  throttle: Throttle;
  store: MemoryStore;
  pager: Pager;
  /** The request log and the fault rules a test steers and reads. */
  harness: Harness;
}

/** Serves a request that is not a $batch; never throws. */
export function dispatch(req: GraphRequest, core: GraphCore): GraphResponse {
  try {
    return route(req, core);
  } catch (error) {
    if (error instanceof GraphError) return errorResponse(req.ctx, error.status, error.code, error.message, error.headers);
    return errorResponse(req.ctx, 500, 'InternalServerError', 'The Microsoft Graph emulator failed to handle this request.');
  }
}

// Resource handlers get the data and the pager, nothing about transport or faults.
function route(req: GraphRequest, { store, pager }: GraphCore): GraphResponse {
  const { relativePath } = req.target;
  if (relativePath === undefined) {
    // What Graph answers when the version segment is missing or wrong (graph-facts §4.3).
    throw new GraphError(404, 'ResourceNotFound', `Invalid version: ${firstSegment(req.target.faultPath)}`);
  }
  const r = routeOf(relativePath);
  switch (r.kind) {
    case 'unknownSegment':
      throw badRequest(`Resource not found for the segment '${r.segment}'.`);
    case 'badEncoding':
      throw badRequest(`The URI segment '${r.segment}' is not correctly percent-encoded.`);
    case 'notImplemented':
      throw new GraphError(
        501,
        'NotImplemented',
        'The Microsoft Graph emulator does not serve this resource; it serves managedAppRegistrations, ' +
          'mobileApps and their userStatuses and deviceStatuses.',
      );
    case 'batch':
      // Only a $batch item can get here: top-level $batch requests are handled before dispatch.
      requireMethod(req, ['POST']);
      throw badRequest('A $batch request cannot be nested inside another $batch request.');
    case 'registrations':
      requireMethod(req, r.id === undefined ? ['GET', 'POST'] : ['GET']);
      return handleRegistrations(req, r, store, pager);
    case 'installStatuses':
      requireMethod(req, r.id === undefined ? ['GET', 'POST'] : ['GET']);
      return handleInstallStatuses(req, r, store, pager);
    case 'mobileApps':
      requireMethod(req, ['GET']);
      return handleMobileApps(req, r, pager);
    case 'userStatuses':
      requireMethod(req, ['GET']);
      return handleUserStatuses(req, r, store, pager);
  }
}

/** Throws a 405 (with Allow) unless the request's method is one of `allowed`. */
export function requireMethod(req: GraphRequest, allowed: readonly string[]): void {
  if (allowed.includes(req.method)) return;
  throw new GraphError(
    405,
    'MethodNotAllowed',
    `The HTTP method '${req.method}' is not allowed for this resource. Allowed: ${allowed.join(', ')}.`,
    { Allow: allowed.join(', ') },
  );
}

function firstSegment(path: string): string {
  const raw = path.split('/')[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
