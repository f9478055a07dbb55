/**
 * The gateway's own credential (contract §12) as msal-node takes it: a
 * client secret; a certificate (msal-node signs a client assertion with the
 * key, naming the certificate by its SHA-256 thumbprint, and sends the chain
 * as `x5c`); or a federated token file, whose content is the client
 * assertion. msal-node calls the assertion callback for every token request,
 * and the callback reads the file each time: the kubelet replaces the token
 * by swapping the `..data` symlink above the file, which a watcher on the
 * file itself would miss, and a read always follows the current link. The
 * file is a few hundred bytes, read once per exchange.
 */
import { readFile } from 'node:fs/promises';
import type { NodeAuthOptions } from '@azure/msal-node';
import type { GatewayCredential } from '../config';
import type { GatewayError } from '../errors/gateway-error';
import { federatedTokenRefusal } from './refusals';

/** The credential could not be produced before reaching Entra ID; carries the caller's refusal. */
export class CredentialUnavailableError extends Error {
  constructor(readonly refusal: GatewayError) {
    super(refusal.message);
    this.name = 'CredentialUnavailableError';
  }
}

/** The federated token file's content, read now; throws CredentialUnavailableError when there is none. */
export async function readFederatedToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : String(error);
    throw new CredentialUnavailableError(federatedTokenRefusal(path, `could not be read (${reason})`));
  }
  const token = text.trim();
  if (token === '') {
    throw new CredentialUnavailableError(federatedTokenRefusal(path, 'is empty: no federated token has been written to it yet'));
  }
  return token;
}

/** msal-node's `auth` fields for the credential (exactly one of them). */
export function msalCredential(credential: GatewayCredential): Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate' | 'clientAssertion'> {
  switch (credential.kind) {
    case 'secret':
      return { clientSecret: credential.secret };
    case 'certificate':
      return { clientCertificate: { thumbprintSha256: credential.thumbprintSha256, privateKey: credential.privateKey, x5c: credential.certificate } };
    case 'federated':
      return { clientAssertion: () => readFederatedToken(credential.path) };
  }
}
