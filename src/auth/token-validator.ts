/**
 * Checks a caller's access token before anything else (contract §12): an
 * RS256 signature by one of the tenant's keys (JWKS fetched once and cached;
 * an unknown `kid` refetches it, at most once per AUTH_JWKS_COOLDOWN_MS),
 * `iss`, `aud`, `exp`/`nbf` with AUTH_CLOCK_SKEW_S of leeway, then the
 * delegated scope. jose does the cryptography and the claim checks.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OboAuthConfig } from '../config';
import { scopeRefusal, tokenRefusal, type RefusalContext } from './refusals';

export class AccessTokenValidator {
  private readonly agent: HttpAgent;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: Pick<OboAuthConfig, 'clockSkewS' | 'jwksCooldownMs' | 'timeoutMs'>,
    private readonly ctx: RefusalContext,
  ) {
    const url = new URL(ctx.jwksUri);
    // An agent of its own, so that shutdown can close its keep-alive sockets.
    this.agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.jwks = createRemoteJWKSet(url, { agent: this.agent, timeoutDuration: settings.timeoutMs, cooldownDuration: settings.jwksCooldownMs });
  }

  /** The token's claims when it is an access token for the gateway's API with the required scope; else throws the refusal. */
  async check(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['RS256'],
        issuer: this.ctx.issuer,
        audience: [...this.ctx.audiences],
        clockTolerance: this.settings.clockSkewS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw tokenRefusal(error, token, this.ctx);
    }
    const refused = scopeRefusal(payload, this.ctx);
    if (refused) throw refused;
    return payload;
  }

  close(): void {
    this.agent.destroy();
  }
}
