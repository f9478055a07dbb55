/**
 * The gateway's own credential for the On-Behalf-Of exchange
 * (api-contract.md §12): exactly one of a client secret, a certificate (a PEM
 * file with the private key and its certificate) or a workload identity
 * federation token file. Checked once at start; each refusal names its variables and never
 * shows a secret or a key.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ConfigError, secret, type Env } from './env';

export const CREDENTIAL_VARIABLES = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_FEDERATED_TOKEN_FILE'] as const;
export type CredentialVariable = (typeof CREDENTIAL_VARIABLES)[number];

/** A client secret of the app registration. */
export interface SecretCredential {
  readonly kind: 'secret';
  readonly variable: 'AZURE_CLIENT_SECRET';
  readonly secret: string;
}

/** A certificate registered on the app; msal-node signs a client assertion with its key (PS256, `x5t#S256`). */
export interface CertificateCredential {
  readonly kind: 'certificate';
  readonly variable: 'AZURE_CLIENT_CERTIFICATE_PATH';
  readonly path: string;
  /** Hex SHA-256 thumbprint of the certificate's DER (msal-node's `thumbprintSha256`). */
  readonly thumbprintSha256: string;
  /** The private key, PKCS#8 PEM (-----BEGIN PRIVATE KEY-----). */
  readonly privateKey: string;
  /** The certificate (and any chain after it), PEM: sent as `x5c`, and what a stand-in trusts. */
  readonly certificate: string;
}

/** Workload identity federation: the file's content is the client assertion, read again for every exchange. */
export interface FederatedCredential {
  readonly kind: 'federated';
  readonly variable: 'AZURE_FEDERATED_TOKEN_FILE';
  readonly path: string;
}

export type GatewayCredential = SecretCredential | CertificateCredential | FederatedCredential;

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** "A", "A and B", "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function readable(variable: CredentialVariable, path: string): Buffer {
  try {
    if (!statSync(path).isFile()) throw new ConfigError(variable, `must name a file, got ${JSON.stringify(path)} (not a file)`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new ConfigError(variable, `cannot be read (${typeof code === 'string' ? code : String(error)}), got ${JSON.stringify(path)}`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_PRIVATE_KEY = /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/;

/** The certificate in AZURE_CLIENT_CERTIFICATE_PATH: its RSA private key and the certificate that key belongs to. */
function certificateCredential(path: string): CertificateCredential {
  const variable = 'AZURE_CLIENT_CERTIFICATE_PATH';
  const text = readable(variable, path).toString('utf8');
  const refuse = (why: string): never => {
    throw new ConfigError(variable, `must be a PEM file holding the private key (-----BEGIN PRIVATE KEY-----) and its certificate (-----BEGIN CERTIFICATE-----); ${JSON.stringify(path)} ${why}`);
  };
  const keyPem = PEM_PRIVATE_KEY.exec(text);
  if (keyPem === null) return refuse('has no private key');
  if (keyPem[1] === 'ENCRYPTED ') return refuse('has an encrypted private key (export it without a passphrase: openssl pkcs8 -topk8 -nocrypt)');
  const certificates = text.match(PEM_CERTIFICATE) ?? refuse('has no certificate');
  let key: KeyObject;
  let certificate: X509Certificate;
  try {
    key = createPrivateKey(keyPem[0]);
  } catch {
    return refuse('has a private key that cannot be read');
  }
  try {
    certificate = new X509Certificate(certificates[0]!);
  } catch {
    return refuse('has a certificate that cannot be read');
  }
  // msal-node signs the client assertion with PS256, an RSA algorithm.
  if (key.asymmetricKeyType !== 'rsa') return refuse(`has a ${String(key.asymmetricKeyType)} key; Entra ID's client assertions need an RSA key`);
  if (!certificate.checkPrivateKey(key)) return refuse('has a private key that is not the key of its (first) certificate');
  return Object.freeze({
    kind: 'certificate',
    variable,
    path,
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex'),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate: certificates.join('\n'),
  });
}

/**
 * The one credential the environment names, or undefined when none is set
 * (`required`: a real tenant, where none is refused). Several are refused.
 */
export function gatewayCredential(env: Env, required: boolean, where: string): GatewayCredential | undefined {
  const set = CREDENTIAL_VARIABLES.filter((name) => raw(env, name) !== undefined);
  if (set.length > 1) {
    throw new ConfigError(listed(set), `are ${set.length === 2 ? 'both' : 'all'} set, but the gateway authenticates to Entra ID with exactly one credential: keep one of ${listed(set)}`);
  }
  const [variable] = set;
  if (variable === undefined) {
    if (!required) return undefined;
    throw new ConfigError(
      listed(CREDENTIAL_VARIABLES).replace(' and ', ' or '),
      `one is required with AUTH_MODE=obo ${where}: a client secret, a PEM file with the private key and its certificate, or a workload identity federation token file`,
    );
  }
  switch (variable) {
    case 'AZURE_CLIENT_SECRET':
      return Object.freeze({ kind: 'secret', variable, secret: secret(env, variable, 1)! });
    case 'AZURE_CLIENT_CERTIFICATE_PATH':
      return certificateCredential(raw(env, variable)!);
    case 'AZURE_FEDERATED_TOKEN_FILE': {
      const path = raw(env, variable)!;
      // It must exist at start; it may still be empty (the kubelet writes the token after the container starts).
      readable(variable, path);
      return Object.freeze({ kind: 'federated', variable, path });
    }
  }
}
