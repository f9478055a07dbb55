// Opaque $skiptoken values. Graph's tokens are opaque to clients (graph-facts §7); these are signed with a per-emulator
// secret so that a forged, edited or foreign token is refused instead of silently paging from somewhere else.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues and checks $skiptoken values for one emulator. */
export class SkipTokens {
  private readonly secret = randomBytes(32);

  /** A token that resumes `collectionKey` at `offset`. */
  encode(collectionKey: string, offset: number): string {
    const payload = Buffer.from(JSON.stringify({ c: collectionKey, o: offset })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The offset a token resumes at, or undefined when it is not one this emulator issued for `collectionKey`. */
  decode(collectionKey: string, token: string): number | undefined {
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [payload, signature] = parts;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const { c, o } = (decoded ?? {}) as { c?: unknown; o?: unknown };
    if (c !== collectionKey || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return undefined;
    return o;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
