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
  // No source documents this; the emulator does it on purpose. The metadata declares installState and
  // mobileAppInstallStatusValue both non-nullable and both resultantAppState, the docs call installState the newer
  // property for the same state (graph-facts §3.1), and the gateway reads either. Left at the default, the other one
  // would contradict what the client sent (e.g. installed and notApplicable at once), which no Graph answer shows.
  const sentValue = 'mobileAppInstallStatusValue' in body;
  const sentState = 'installState' in body;
  if (sentValue && !sentState) properties.installState = properties.mobileAppInstallStatusValue;
  if (sentState && !sentValue) properties.mobileAppInstallStatusValue = properties.installState;
  return { '@odata.type': `#${def.name}`, id: randomUUID(), ...properties };
}
