// The Entra ID stand-in, only with `createEmulator({ entra })`: one tenant holding the gateway's app registration and
// the seeded people, serving the OpenID configuration, the JWKS, the On-Behalf-Of token endpoint (with Entra ID's
// error bodies and test-scripted answers) and the emulator-only user-token endpoint that `npm run token` (token.ts)
// calls. Its tokens are signed and checked with node:crypto alone (jwt.ts). Its routes are outside Graph's basePath
// and never reach Graph's pipeline or its request log; Graph's model (graph/) knows nothing of it, and the emulator's
// server (emulator.ts) hands it the paths it owns.
export { EntraStandIn, ENTRA_CLIENT_ID, ENTRA_FEDERATED_SUBJECT, ENTRA_FRONTEND_CLIENT_ID, ENTRA_TENANT_ID } from './stand-in';
export type { EntraControl, EntraEndpoint, EntraOptions, EntraRequest, ExchangeAnswer, FederatedTokenOptions, UserTokenOptions } from './types';
