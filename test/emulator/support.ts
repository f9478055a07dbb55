// Test harness: a real emulator on port 0 and an undici Agent talking to it. Paths are sent raw
// (agent.request with origin + path) so that '%2F' and friends reach the server untouched.
import { Agent } from 'undici';
import { createEmulator, SEEDED_MOBILE_APPS, type Emulator, type EmulatorOptions } from '../../src/emulator';

// why any: tests index deep into arbitrary Graph JSON; every value read is then checked by an exact expectation.
export type Json = any;

export const TOKEN = 'test-token-not-a-secret';
export const GRAPH_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const CREATED_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
export const INNER_ERROR_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

export const IOS_APP = SEEDED_MOBILE_APPS[0];
export const ANDROID_APP = SEEDED_MOBILE_APPS[1];

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: Json;
}

export interface CallInit {
  body?: unknown;
  /** Sent verbatim (no JSON encoding, no Content-Type unless given). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** false: no Authorization header; a string: that Authorization value. Default: a bearer token. */
  auth?: boolean | string;
  signal?: AbortSignal;
}

export interface Harness {
  emulator: Emulator;
  agent: Agent;
  /** 'http://127.0.0.1:port' */
  origin: string;
  /** Sends a request; `path` is relative to the base URL ('/users/x/...') or an absolute URL (a nextLink). */
  call(method: string, path: string, init?: CallInit): Promise<Reply>;
  /** Empties the store, the request log, the fault rules (when enabled) and the throttle's windows and timeline. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts an emulator and a client for it; call close() in afterAll/afterEach. */
export async function startHarness(options?: EmulatorOptions): Promise<Harness> {
  const emulator = createEmulator(options);
  const baseUrl = await emulator.listen();
  const { origin, pathname: basePath } = new URL(baseUrl);
  const agent = new Agent();
  const call = async (method: string, path: string, init: CallInit = {}): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (init.auth !== false) headers.authorization = typeof init.auth === 'string' ? init.auth : `Bearer ${TOKEN}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, init.headers);
    const fullPath = path.startsWith('http') ? path.slice(origin.length) : `${basePath === '/' ? '' : basePath}${path}`;
    const res = await agent.request({ origin, path: fullPath, method: method as 'GET', headers, body, signal: init.signal });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let parsed: Json;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: flat, text, body: parsed };
  };
  return {
    emulator,
    agent,
    origin,
    call,
    reset: () => {
      emulator.store.reset();
      emulator.clearRequests();
      if (options?.faults === true) emulator.faults.clear();
      emulator.throttle.reset();
    },
    close: async () => {
      await agent.close();
      await emulator.close();
    },
  };
}

/** The exact error body Graph sends, tied to the reply's own request ids. */
export function errorBody(reply: Reply, code: string, message: string): Json {
  return {
    error: {
      code,
      message,
      innerError: {
        date: expect.stringMatching(INNER_ERROR_DATE),
        'request-id': reply.headers['request-id'],
        'client-request-id': reply.headers['client-request-id'],
      },
    },
  };
}

/** Asserts the headers every emulator answer carries. */
export function expectGraphHeaders(reply: Reply, clientRequestId?: string): void {
  expect(reply.headers['content-type']).toBe(GRAPH_CONTENT_TYPE);
  expect(reply.headers['request-id']).toMatch(GUID);
  expect(reply.headers['client-request-id']).toBe(clientRequestId ?? reply.headers['request-id']);
  expect(new Date(reply.headers.date).toUTCString()).toBe(reply.headers.date);
  expect(JSON.parse(reply.headers['x-ms-ags-diagnostic'])).toEqual({
    ServerInfo: expect.objectContaining({ DataCenter: 'Emulator' }),
  });
  expect(reply.headers['x-emulator']).toBe('intune-graph-emulator');
}

/** Every managedAppRegistration property, null or Graph's default, overlaid with `sent` (its @odata.type left out). */
export function registrationProperties(sent: Record<string, unknown> = {}): Record<string, unknown> {
  const { '@odata.type': _type, ...props } = sent;
  return {
    appIdentifier: null,
    applicationVersion: null,
    azureADDeviceId: null,
    deviceManufacturer: null,
    deviceModel: null,
    deviceName: null,
    deviceTag: null,
    deviceType: null,
    flaggedReasons: [],
    lastSyncDateTime: '0001-01-01T00:00:00Z',
    managedDeviceId: null,
    managementSdkVersion: null,
    platformVersion: null,
    userId: null,
    version: null,
    ...props,
  };
}

/** Every mobileAppInstallStatus property, null or Graph's default, overlaid with `sent` (its @odata.type left out). */
export function installStatusProperties(sent: Record<string, unknown> = {}): Record<string, unknown> {
  const { '@odata.type': _type, ...props } = sent;
  return {
    deviceId: null,
    deviceName: null,
    displayVersion: null,
    errorCode: 0,
    installState: 'notApplicable',
    installStateDetail: 'noAdditionalDetails',
    lastSyncDateTime: '0001-01-01T00:00:00Z',
    mobileAppInstallStatusValue: 'notApplicable',
    osDescription: null,
    osVersion: null,
    userName: null,
    userPrincipalName: null,
    ...props,
  };
}

/** Waits until `check` is true (polling), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * `Bearer <an unsigned JWT carrying these claims>`: the emulator decodes tokens without verifying them, so no key is
 * needed (and none is in the fixtures).
 */
export function bearerJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
