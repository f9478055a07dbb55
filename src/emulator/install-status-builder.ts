// Builds the mobileAppInstallStatus Graph stores for a create (POST) body.
import { randomUUID } from 'node:crypto';
import type { GraphRecord } from './types';
import { INSTALL_STATUS_TYPE, MOBILE_APP_INSTALL_STATUS } from './entity-model';
import { fillProperties, resolveEntityType, validateProperties } from './property-validation';

const TYPES = new Map([[MOBILE_APP_INSTALL_STATUS, INSTALL_STATUS_TYPE]]);

/** Validates `body` and returns the full entity (no @odata.context). */
export function buildMobileAppInstallStatus(body: Record<string, unknown>): GraphRecord {
  const def = resolveEntityType(body, TYPES, MOBILE_APP_INSTALL_STATUS);
  validateProperties(body, def, ['id']);
  const properties = fillProperties(body, def);
  // installState is the newer name of mobileAppInstallStatusValue (graph-facts §3.1): Graph keeps them equal
  // when a client sets only one.
  const sentValue = 'mobileAppInstallStatusValue' in body;
  const sentState = 'installState' in body;
  if (sentValue && !sentState) properties.installState = properties.mobileAppInstallStatusValue;
  if (sentState && !sentValue) properties.mobileAppInstallStatusValue = properties.installState;
  return { '@odata.type': `#${def.name}`, id: randomUUID(), ...properties };
}
