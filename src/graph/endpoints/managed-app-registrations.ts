import type { GraphPath } from '../transport';
import { segment } from '../paths';

/** Where a registration is created (contract §2). */
export type RegistrationTarget =
  | { readonly collection: 'deviceAppManagement' }
  | { readonly collection: 'root' }
  | { readonly userId: string };

/** The collection of a target, ids encoded. */
export function registrationsPath(target: RegistrationTarget): GraphPath {
  if ('userId' in target) {
    return { path: `/users/${segment(target.userId, 'userId')}/managedAppRegistrations`, route: '/users/{userId}/managedAppRegistrations' };
  }
  const path = target.collection === 'root' ? '/managedAppRegistrations' : '/deviceAppManagement/managedAppRegistrations';
  return { path, route: path };
}

/** One registration: `/deviceAppManagement/managedAppRegistrations/{id}`. */
export function registrationPath(id: string): GraphPath {
  return { path: `/deviceAppManagement/managedAppRegistrations/${segment(id, 'id')}`, route: '/deviceAppManagement/managedAppRegistrations/{id}' };
}
