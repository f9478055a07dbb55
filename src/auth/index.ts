/**
 * The auth modes (api-contract.md §12) as one object a request's caller asks
 * (caller/caller.ts, once per request) for the Authorization its Graph calls
 * carry:
 * - forward: the caller's header, unchanged (contract §1);
 * - obo: on the first Graph call of a request, the caller's token is checked
 *   (token-validator.ts), then exchanged On-Behalf-Of (obo-exchange.ts); a
 *   refusal fails that call, and every other one of the request, before
 *   anything is sent to Graph.
 */
import type { AuthConfig } from '../config';
import { BearerCredential, type Caller, type GraphAuthorization, type GraphAuthorizer } from '../caller/caller';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { Logger } from '../observability/logger';
import { entraEndpoints } from './entra-endpoints';
import type { OboExchange } from './obo-exchange';
import { noToken, type RefusalContext } from './refusals';
import type { AccessTokenValidator } from './token-validator';

export interface CallerAuth extends GraphAuthorizer {
  /** What a request's Graph calls are authorized with; rejects with the refusal. The caller keeps it for the request. */
  forRequest(caller: Caller): Promise<GraphAuthorization>;
  /** Closes the connections to Entra ID. */
  close(): Promise<void>;
}

/** AUTH_MODE=forward: the caller's own bearer credential, unchanged (contract §1); without one, UNAUTHENTICATED. */
async function forwarded({ bearer }: Caller): Promise<GraphAuthorization> {
  if (bearer === null) throw new GatewayError(ErrorCode.UNAUTHENTICATED);
  return bearer;
}

/** Builds the auth of the configured mode. */
export function createCallerAuth(config: AuthConfig, log: Logger): CallerAuth {
  if (config.mode === 'forward') return { forRequest: forwarded, close: async () => undefined };
  const { registration } = config;
  if (registration === undefined) {
    throw new Error('AUTH_MODE=obo has no app registration: with the embedded emulator, main.ts sets the emulator\'s once it listens.');
  }
  const endpoints = entraEndpoints(registration);
  const primaryAudience = config.audience ?? `api://${registration.clientId}`;
  const ctx: RefusalContext = {
    scopeUri: `${primaryAudience}/${config.requiredScope}`,
    requiredScope: config.requiredScope,
    issuer: endpoints.issuer,
    // Entra ID's v2.0 tokens carry the bare client id as `aud`; v1.0 tokens the Application ID URI.
    audiences: config.audience === undefined ? [primaryAudience, registration.clientId] : [config.audience],
    jwksUri: endpoints.jwksUri,
    timeoutMs: config.timeoutMs,
    credentialVariable: registration.credential.variable,
  };
  // Loaded in obo mode only: a forwarding gateway never loads jose or msal-node.
  const { AccessTokenValidator: Validator } = require('./token-validator') as { AccessTokenValidator: typeof AccessTokenValidator };
  const { OboExchange: Exchange } = require('./obo-exchange') as { OboExchange: typeof OboExchange };
  const validator = new Validator(config, ctx);
  const exchange = new Exchange({ registration, endpoints, cacheMax: config.oboCacheMax, timeoutMs: config.timeoutMs, ctx, log });

  return {
    async forRequest({ bearer }) {
      if (bearer === null) throw noToken(ctx);
      await validator.check(bearer.token);
      return new BearerCredential(`Bearer ${await exchange.graphToken(bearer.token)}`);
    },
    async close() {
      validator.close();
      await exchange.close();
    },
  };
}
