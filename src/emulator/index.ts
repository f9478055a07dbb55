// The Microsoft Graph beta emulator: public entry point. Three parts, composed in emulator.ts: Graph's model (graph/),
// the test harness (harness/) and the Entra ID stand-in (entra/); README.md maps them. Nothing here imports from other
// folders of src/, so the emulator cannot share a bug with the client it tests.
export type {
  AcceptedWrite,
  Emulator,
  EmulatorOptions,
  EmulatorStore,
  Fault,
  FaultControl,
  FaultRule,
  GraphRecord,
  InstallStatusParent,
  RecordedRequest,
  ThrottleBucket,
  ThrottleControl,
  ThrottleLimit,
  ThrottleOptions,
  ThrottleSettings,
} from './types';
export type { EntraControl, EntraEndpoint, EntraOptions, EntraRequest, ExchangeAnswer, FederatedTokenOptions, UserTokenOptions } from './entra';
export { createEmulator } from './emulator';
export { ENTRA_CLIENT_ID, ENTRA_FEDERATED_SUBJECT, ENTRA_FRONTEND_CLIENT_ID, ENTRA_TENANT_ID } from './entra';
export { SEEDED_MOBILE_APPS, SEEDED_PEOPLE } from './graph/seed';
export { installStatusParent } from './graph/store';
export { EMULATOR_LABEL, GRAPH_JSON_CONTENT_TYPE } from './graph/responses';
// Graph's model as the emulator serves it (enum members, entity properties with their defaults, identifier types)
// and its date formats, for a harness that stands in for Graph without the emulator's store (bench/fake-graph.ts).
export {
  APP_IDENTIFIER_TYPES,
  INSTALL_STATUS_TYPE,
  MANAGED_APP_FLAGGED_REASON,
  REGISTRATION_TYPES,
  RESULTANT_APP_STATE,
  type EntityTypeDef,
  type PropertyDef,
} from './graph/entity-model';
export { graphTimestampNow, isDateTimeOffset } from './graph/date-time';
export { EmulatorSettingError, INTUNE_THROTTLE, readThrottleSettings } from './graph/settings';
export { DEFAULT_LOG_LIMIT, readLogLimit } from './harness/request-log';
