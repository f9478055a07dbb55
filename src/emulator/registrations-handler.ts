// managedAppRegistrations under /deviceAppManagement, the root and /users/{userId} (graph-facts §1.5).
import type { RegistrationScope } from './route';
import type { HandlerDeps } from './handler-deps';
import type { GraphRecord } from './types';
import { notFound, type GraphResponse } from './responses';
import { requireJsonObject, type GraphRequest } from './request';
import { buildManagedAppRegistration } from './registration-builder';
import { contextUrl, entityResponse, keyOf, listResponse } from './odata';

/** Lists or creates (no id) or reads one (id) managedAppRegistration; the method was checked by the dispatcher. */
export function handleRegistrations(
  req: GraphRequest,
  scope: RegistrationScope,
  id: string | undefined,
  deps: HandlerDeps,
): GraphResponse {
  const fragment = collectionFragment(scope);
  const visible = (record: GraphRecord): boolean => scope.kind !== 'user' || record.userId === scope.userId;

  if (id !== undefined) {
    const record = deps.store.registration(id);
    if (!record || !visible(record)) throw notFound(id);
    return entityResponse(200, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'managedAppRegistrations',
      id,
    });
  }

  if (req.method === 'POST') {
    const body = requireJsonObject(req.body);
    const record = buildManagedAppRegistration(body, scope.kind === 'user' ? scope.userId : undefined);
    const storedId = deps.store.putRegistration(record);
    return entityResponse(201, contextUrl(req.ctx.serviceRoot, `${fragment}/$entity`), record, {
      collection: 'managedAppRegistrations',
      id: storedId,
    });
  }

  const all = deps.store.registrationList().filter(visible);
  const page = deps.pager.page(all, req, JSON.stringify(['managedAppRegistrations', scope]));
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
