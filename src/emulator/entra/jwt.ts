// The Entra ID stand-in's tokens: RS256 JSON Web Tokens signed and checked with node:crypto alone (the gateway checks
// them with jose, so the two sides share no code), and the signing keys, published as a JWKS and rotated on request.
import { constants, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

/** One RSA signing key and its key id. */
interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A key as a JWKS lists it (Entra ID's shape: kty, use, kid, x5t, n, e). */
export interface PublishedKey {
  kty: string;
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Entra ID's key ids look like base64url SHA-1 thumbprints: 27 characters.
  return { kid: randomBytes(20).toString('base64url'), privateKey, publicKey };
}

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function signWith(key: KeyObject, header: JwtClaims, payload: JwtClaims): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** Why a token was not accepted, or what it said. */
export type CheckedJwt =
  | { kind: 'malformed' }
  | { kind: 'bad-signature'; header: JwtClaims; payload: JwtClaims }
  | { kind: 'valid'; header: JwtClaims; payload: JwtClaims };

function decodePart(part: string | undefined): JwtClaims | undefined {
  if (part === undefined || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** A compact JWS, decoded but not verified; undefined when it is not one. */
export interface DecodedJwt {
  readonly header: JwtClaims;
  readonly payload: JwtClaims;
  readonly signingInput: string;
  readonly signature: Buffer;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodePart(parts[0]);
  const payload = decodePart(parts[1]);
  if (header === undefined || payload === undefined || !/^[A-Za-z0-9_-]*$/.test(parts[2]!)) return undefined;
  return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
}

/** Checks an RS256 or PS256 signature (msal-node signs certificate assertions with PS256) with `publicKey`. */
export function verifyRsa(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature);
  if (jwt.header.alg === 'PS256') {
    return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jwt.signature);
  }
  return false;
}

/** The stand-in's signing keys: the newest signs, every published one verifies. */
export class SigningKeys {
  private readonly keys: SigningKey[] = [newKey()];

  /** The key id new tokens carry. */
  get currentKid(): string {
    return this.keys[this.keys.length - 1]!.kid;
  }

  /** A new key signs from now on; the old ones stay published (as Entra ID overlaps keys) unless `retireOld`. */
  rotate(retireOld: boolean): string {
    const key = newKey();
    if (retireOld) this.keys.length = 0;
    this.keys.push(key);
    return key.kid;
  }

  /** The JWKS document's `keys`. */
  published(): PublishedKey[] {
    return this.keys.map(({ kid, publicKey }) => {
      const jwk = publicKey.export({ format: 'jwk' });
      return { kty: String(jwk.kty), use: 'sig', kid, x5t: kid, n: String(jwk.n), e: String(jwk.e) };
    });
  }

  /** Signs with the current key; `header` fields (kid, alg…) go over the defaults. */
  sign(payload: JwtClaims, header: JwtClaims = {}): string {
    const key = this.keys[this.keys.length - 1]!;
    return signWith(key.privateKey, { typ: 'JWT', alg: 'RS256', kid: key.kid, ...header }, payload);
  }

  /** Signs with a key nobody published, under the current kid: a forged token. */
  forge(payload: JwtClaims, header: JwtClaims = {}): string {
    return signWith(newKey().privateKey, { typ: 'JWT', alg: 'RS256', kid: this.currentKid, ...header }, payload);
  }

  /** Decodes a compact JWS and checks its RS256 signature against the published key with its kid. */
  check(token: string): CheckedJwt {
    const jwt = decodeJwt(token);
    if (jwt === undefined) return { kind: 'malformed' };
    const { header, payload } = jwt;
    const key = this.keys.find((k) => k.kid === header.kid);
    const ok = header.alg === 'RS256' && key !== undefined && verifyRsa(jwt, key.publicKey);
    return { kind: ok ? 'valid' : 'bad-signature', header, payload };
  }
}
