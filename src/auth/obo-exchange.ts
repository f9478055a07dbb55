/**
 * The On-Behalf-Of exchange (contract §12): a validated caller token is
 * traded at Entra ID's token endpoint, by msal-node's
 * ConfidentialClientApplication.acquireTokenOnBehalfOf, for a Graph token
 * with https://graph.microsoft.com/.default. The gateway's OboCache is the
 * only cache: msal-node's own is skipped and emptied after each exchange,
 * since it would keep one entry per caller token for ever. Concurrent
 * requests with the same token share one exchange.
 */
import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { EntraAppRegistration } from '../config';
import type { Logger } from '../observability/logger';
import type { EntraEndpoints } from './entra-endpoints';
import { CredentialUnavailableError, msalCredential } from './credential';
import { EntraNetwork } from './entra-network';
import { OboCache, tokenKey } from './obo-cache';
import { exchangeRefusal, type RefusalContext } from './refusals';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface OboExchangeOptions {
  readonly registration: EntraAppRegistration;
  readonly endpoints: EntraEndpoints;
  readonly cacheMax: number;
  readonly timeoutMs: number;
  readonly ctx: RefusalContext;
  readonly log: Logger;
}

export class OboExchange {
  private readonly network: EntraNetwork;
  private readonly app: ConfidentialClientApplication;
  private readonly cache: OboCache;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly options: OboExchangeOptions) {
    const { registration, endpoints } = options;
    this.network = new EntraNetwork(options.timeoutMs);
    this.cache = new OboCache(options.cacheMax);
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: registration.clientId,
        // Exactly one of clientSecret, clientCertificate or clientAssertion (contract §12).
        ...msalCredential(registration.credential),
        // Every endpoint is given, so msal-node makes no discovery request (and accepts a local http stand-in).
        authority: endpoints.authority,
        knownAuthorities: [endpoints.knownAuthority],
        authorityMetadata: endpoints.authorityMetadata,
      },
      system: {
        networkClient: this.network,
        // msal-node's lines would add nothing the refusals do not say; none of them ever reaches the log.
        loggerOptions: { loggerCallback: () => undefined, piiLoggingEnabled: false, logLevel: LogLevel.Error },
      },
    });
  }

  /** The Graph access token for a caller token that passed AccessTokenValidator; throws the refusal. */
  graphToken(token: string): Promise<string> {
    const key = tokenKey(token);
    const cached = this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const exchanged = this.exchange(token, key).finally(() => this.pending.delete(key));
    this.pending.set(key, exchanged);
    return exchanged;
  }

  close(): Promise<void> {
    return this.network.close();
  }

  private async exchange(token: string, key: string): Promise<string> {
    const correlationId = randomUUID();
    const { log } = this.options;
    try {
      const result = await this.app.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: [GRAPH_DEFAULT_SCOPE], skipCache: true, correlationId });
      if (result === null || result.accessToken === '') throw new Error('msal-node returned no access token');
      this.cache.set(key, result.accessToken, result.expiresOn?.getTime() ?? 0);
      log.debug({ correlationId, expiresOn: result.expiresOn?.toISOString() }, 'exchanged the caller token On-Behalf-Of for a Microsoft Graph token');
      return result.accessToken;
    } catch (error) {
      const failure = this.network.takeFailure(correlationId);
      const refusal = error instanceof CredentialUnavailableError ? error.refusal : exchangeRefusal(failure, this.options.ctx);
      const entra = failure?.kind === 'refused' ? { error: failure.body.error, errorCodes: failure.body.errorCodes, traceId: failure.body.traceId } : {};
      log.warn({ correlationId, failure: failure?.kind ?? 'before-sending', credential: this.options.registration.credential.variable, ...entra, msal: (error as { errorCode?: unknown }).errorCode, code: refusal.code }, 'On-Behalf-Of exchange failed');
      throw refusal;
    } finally {
      this.network.takeFailure(correlationId);
      this.app.clearCache();
    }
  }
}
