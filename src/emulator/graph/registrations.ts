// managedAppRegistrations under /deviceAppManagement, the root and /users/{userId} (graph-facts §1.5): the handler,
// and the builder that turns a create body into the entity Graph stores.
import { randomUUID } from 'node:crypto';
import type { GraphRecord } from '../types';
import type { MemoryStore } from './store';
import type { RegistrationScope, Route } from './route';
import { graphTimestampNow } from './date-time';
import { MANAGED_APP_REGISTRATION, REGISTRATION_TYPES } from './entity-model';
import { fillProperties, resolveEntityType, validateProperties } from './property-validation';
import { requireJsonObject, type GraphRequest } from './request';
import { notFound, type GraphResponse } from './responses';
import { contextUrl, entityResponse, keyOf, listResponse, type Pager } from './odata';

/** Lists or creates (no id) or reads one (id) managedAppRegistration; the method was checked by the dispatcher. */
export function handleRegistrations(
  req: GraphRequest,
  { scope, id }: Route & { kind: 'registrations' },
  store: MemoryStore,
  pager: Pager,
): GraphResponse {
  const fragment = collectionFragment(scope);
  const visible = (record: GraphRecord): boolean => scope.kind !== 'user' || record.userId === scope.userId;

  if (id !== undefined) {
    const record = store.registration(id);
    if (!record || !visible(record)) throw notFound(id);
    return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'managedAppRegistrations',
      id,
    });
  }

  if (req.method === 'POST') {
    const body = requireJsonObject(req.body);
    const record = buildManagedAppRegistration(body, scope.kind === 'user' ? scope.userId : undefined);
    const storedId = store.putRegistration(record);
    return entityResponse(201, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'managedAppRegistrations',
      id: storedId,
    });
  }

  const all = store.registrationList().filter(visible);
  const page = pager.page(all, req, JSON.stringify(['managedAppRegistrations', scope]));
  return listResponse(contextUrl(req.ctx.serviceRoot, fragment), page);
}

function collectionFragment(scope: RegistrationScope): string {
  switch (scope.kind) {
    case 'deviceAppManagement':
      return 'deviceAppManagement/managedAppRegistrations';
    case 'root':
      return 'managedAppRegistrations';
    case 'user':
      return `users${keyOf(scope.userId)}/managedAppRegistrations`;
  }
}

/**
 * Validates `body` and returns the full entity (no @odata.context). `userIdFromPath` is the {userId} of a
 * /users/{userId}/managedAppRegistrations create, used when the body names no user.
 */
function buildManagedAppRegistration(body: Record<string, unknown>, userIdFromPath?: string): GraphRecord {
  const def = resolveEntityType(body, REGISTRATION_TYPES, MANAGED_APP_REGISTRATION);
  validateProperties(body, def, ['id', 'createdDateTime']);
  const properties = fillProperties(body, def);
  if (userIdFromPath !== undefined && properties.userId === null) properties.userId = userIdFromPath;
  return {
    '@odata.type': `#${def.name}`,
    id: randomUUID(),
    createdDateTime: graphTimestampNow(),
    ...properties,
  };
}
