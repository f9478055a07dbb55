// The Microsoft Graph beta emulator: public entry point. Nothing here imports from other folders of src/, so the
// emulator cannot share a bug with the client it tests.
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
export { createEmulator } from './emulator';
export { SEEDED_MOBILE_APPS } from './seed';
export { installStatusParent } from './store';
export { EMULATOR_LABEL, GRAPH_JSON_CONTENT_TYPE } from './responses';
export { EmulatorSettingError, INTUNE_THROTTLE, readThrottleSettings } from './settings';
