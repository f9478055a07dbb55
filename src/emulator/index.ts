// The Microsoft Graph beta emulator: public entry point. Nothing here imports from other folders of src/, so the
// emulator cannot share a bug with the client it tests.
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStore,
  Fault,
  FaultControl,
  FaultRule,
  GraphRecord,
  InstallStatusParent,
  RecordedRequest,
} from './types';
export type { EntraControl, EntraEndpoint, EntraOptions, EntraRequest, ExchangeAnswer, UserTokenOptions } from './entra';
export { createEmulator } from './emulator';
export { ENTRA_CLIENT_ID, ENTRA_FRONTEND_CLIENT_ID, ENTRA_TENANT_ID } from './entra';
export { SEEDED_MOBILE_APPS, SEEDED_PEOPLE } from './seed';
export { installStatusParent } from './store';
export { EMULATOR_LABEL, GRAPH_JSON_CONTENT_TYPE } from './responses';
