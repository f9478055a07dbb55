import type { GraphClient, GraphReply } from '../client';
import { segment } from '../paths';

/** Where a registration is created (contract §2). */
export type RegistrationTarget =
  | { readonly collection: 'deviceAppManagement' }
  | { readonly collection: 'root' }
  | { readonly userId: string };

/** The collection path of a target, ids encoded. */
export function registrationsPath(target: RegistrationTarget): string {
  if ('userId' in target) return `/users/${segment(target.userId, 'userId')}/managedAppRegistrations`;
  return target.collection === 'root' ? '/managedAppRegistrations' : '/deviceAppManagement/managedAppRegistrations';
}

/** POST a new registration to the target's collection. */
export function createManagedAppRegistration(
  client: GraphClient,
  authorization: string,
  target: RegistrationTarget,
  body: Record<string, unknown>,
): Promise<GraphReply> {
  return client.send({ method: 'POST', path: registrationsPath(target), body, authorization, kind: 'create' });
}

/** `/deviceAppManagement/managedAppRegistrations/{id}`, the id encoded. */
export function registrationPath(id: string): string {
  return `/deviceAppManagement/managedAppRegistrations/${segment(id, 'id')}`;
}
