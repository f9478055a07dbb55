// Builds the managedAppRegistration Graph stores for a create (POST) body.
import { randomUUID } from 'node:crypto';
import type { GraphRecord } from './types';
import { graphTimestampNow } from './date-time';
import { MANAGED_APP_REGISTRATION, REGISTRATION_TYPES } from './entity-model';
import { fillProperties, resolveEntityType, validateProperties } from './property-validation';

/**
 * Validates `body` and returns the full entity (no @odata.context). `userIdFromPath` is the {userId} of a
 * /users/{userId}/managedAppRegistrations create, used when the body names no user.
 */
export function buildManagedAppRegistration(body: Record<string, unknown>, userIdFromPath?: string): GraphRecord {
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
