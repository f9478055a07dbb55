// Graph's model: what the emulator serves as Microsoft Graph beta. The routes and their handlers (managedAppRegistrations,
// the seeded mobileApps and their install statuses), the entity model and Graph's OData validation of create bodies,
// the in-memory store, lists and paging, $batch, Graph's answers and errors, and Intune's throttling (a documented
// Graph behaviour: its 429s are what a real client meets, so it is modelled here, not in the harness). It serves over
// HTTP through http-server.ts, recording into the harness's request log and asking its fault rules (harness/), and
// knows nothing of the Entra ID stand-in (entra/): any non-empty bearer token passes.
export { serveGraph } from './http-server';
export type { GraphCore } from './dispatch';
export { createStoreView, MemoryStore } from './store';
export { Pager } from './odata';
export { Throttle } from './throttle';
export { resolveThrottleOptions } from './settings';
