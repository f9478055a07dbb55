// AUTH_MODE=obo stacks: the emulator with its Entra ID stand-in, and the gateway configured as that tenant's
// registration (AUTHORITY_HOST on the stand-in), each on port 0 over real sockets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../src/emulator';
import { startStack, type GraphQLResponse, type Stack } from '../helpers/stack';

/** The gateway's settings for the emulator's tenant; `env` adds or overrides. */
export function oboEnv(emulator: Emulator, env: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH_MODE: 'obo',
    AZURE_TENANT_ID: emulator.entra.tenantId,
    AZURE_CLIENT_ID: emulator.entra.clientId,
    AZURE_CLIENT_SECRET: emulator.entra.clientSecret,
    AUTHORITY_HOST: emulator.entra.authorityHost,
    ...env,
  };
}

/** A stack in obo mode. */
export function startOboStack(env: Record<string, string> = {}): Promise<Stack> {
  return startStack({ emulator: { entra: true }, env: (emulator) => oboEnv(emulator, env) });
}

export const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "obo" }) { deviceTag } }';
/** Where CREATE's one field is, for exact error expectations. */
export const CREATE_FIELD = { locations: [{ line: 1, column: 12 }], path: ['createManagedAppRegistration'] };

/** CREATE with this bearer token (none: no Authorization header). */
export function create(stack: Stack, token: string | undefined, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  return stack.gql(CREATE, undefined, { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers });
}

/** The stand-in's requests as `METHOD path status`, with the tenant id shown as <tenant>. */
export function entraCalls(emulator: Emulator): string[] {
  return emulator.entra.requests.map((r) => `${r.method} ${r.path.replace(emulator.entra.tenantId, '<tenant>')} ${r.status}`);
}

export const JWKS_CALL = 'GET /<tenant>/discovery/v2.0/keys 200';
export const TOKEN_CALL = 'POST /<tenant>/oauth2/v2.0/token 200';

/** A certificate made for one test run (never committed): the PEM file for AZURE_CLIENT_CERTIFICATE_PATH and its certificate. */
export interface TestCertificate {
  /** The private key and the certificate, in one PEM file. */
  readonly path: string;
  /** The certificate alone (PEM), what the stand-in's registration trusts. */
  readonly certificate: string;
}

/**
 * A self-signed RSA certificate with its key, made by openssl (node:crypto cannot make X.509 certificates) in a
 * temporary directory, as the README's set-up makes one.
 */
export function makeCertificate(dir: string, name: string): TestCertificate {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const certificate = readFileSync(cert, 'utf8');
  const combined = path.join(dir, `${name}.pem`);
  writeFileSync(combined, `${readFileSync(key, 'utf8')}${certificate}`, { mode: 0o600 });
  return { path: combined, certificate };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'obo-credentials-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
