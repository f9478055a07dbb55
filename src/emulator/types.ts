// The emulator's public contract. The gateway's tests code against these names, so they change only together with them.
import type { EntraControl, EntraOptions } from './entra/types';

export interface EmulatorOptions {
  /** Enables the in-process fault-injection API (`emulator.faults`). Off unless a test turns it on. */
  faults?: boolean;
  /** URL path prefix that plays the role of Graph's version segment. Default '/beta'. */
  basePath?: string;
  /** Page size used for lists when the request has no $top. Default 100. Max accepted $top: 999. */
  defaultPageSize?: number;
  /** Shuffle $batch responses (Graph returns them in any order). Default true. */
  shuffleBatch?: boolean;
  /** Also stand in for Entra ID (OpenID configuration, JWKS, token endpoint with the OBO grant; see entra/stand-in.ts). Off by default. */
  entra?: boolean | EntraOptions;
  /** Intune-like throttling (see ThrottleOptions). Off unless given: every limit defaults to 0 here. */
  throttle?: ThrottleOptions;
  /**
   * Most entries `requests` and `throttle.timeline` keep, each; past it the oldest is dropped. Default Infinity (a
   * test sees everything it caused); `npm start` and `npm run emulator` pass EMULATOR_LOG_LIMIT (default 1000).
   */
  requestLogLimit?: number;
  /**
   * Test machinery: the clock the throttle's windows, Retry-After and the timeline's `at` read, in whole milliseconds,
   * never going back. Default: the monotonic clock (whole ms since the epoch). A test passes one it moves by hand so
   * every window edge and Retry-After is exact however slowly the machine runs.
   */
  clock?: () => number;
}

/**
 * Intune's request limits (graph-facts §5): each limit is a sliding window, counted per (tenant, app) bucket or per
 * tenant; 0 turns that limit off. Only requests the throttle lets through count.
 */
export interface ThrottleOptions {
  /** Writes (POST, PUT, PATCH, DELETE) per bucket per writeWindowMs. Intune: 100. */
  writeLimit?: number;
  /** Writes per tenant, all its apps together, per writeWindowMs. Intune: 200. */
  tenantWriteLimit?: number;
  /** Default 20000 (Intune's 20 s). */
  writeWindowMs?: number;
  /** Requests of any method, reads and writes alike (Intune's "any request" row), per bucket per readWindowMs. Intune: 1000. */
  readLimit?: number;
  /** Requests of any method per tenant per readWindowMs. Intune: 2000. */
  tenantReadLimit?: number;
  /** Default 20000 (Intune's 20 s). */
  readWindowMs?: number;
  /** false: throttled answers carry no Retry-After (Intune is reported to omit it sometimes). Default true. */
  retryAfter?: boolean;
}

/** The throttle settings in force, every one given. */
export type ThrottleSettings = Readonly<Required<ThrottleOptions>>;

/** The limit names, as in ThrottleOptions. */
export type ThrottleLimit = 'writeLimit' | 'tenantWriteLimit' | 'readLimit' | 'tenantReadLimit';

/**
 * Whose budget a request spends: the bearer token's `tid` and `appid` (else `azp`) claims, read without verifying.
 * A token that is not a JWT has null for both (all such tokens share one bucket); a JWT without a claim has null for it.
 */
export interface ThrottleBucket {
  tenantId: string | null;
  appId: string | null;
}

/** A write the throttle let through. */
export interface AcceptedWrite {
  /** When it was let through: whole milliseconds since the epoch, from the monotonic clock the windows run on. */
  at: number;
  bucket: ThrottleBucket;
  /** Upper-cased. */
  method: string;
  /** Relative to basePath, query excluded, trailing slash removed, still percent-encoded (as FaultRule.path). */
  path: string;
  /** The status the operation produced (before any fault changed the answer); undefined until it has one. */
  status: number | undefined;
}

export interface ThrottleControl {
  readonly settings: ThrottleSettings;
  /** Every write let through (the last `requestLogLimit`), in order, whether or not a limit is on. Emptied by reset() and by clearRequests(). */
  readonly timeline: readonly AcceptedWrite[];
  /** Empties every window (each bucket starts afresh) and the timeline. */
  reset(): void;
}

export interface Emulator {
  /** Starts listening (default host 127.0.0.1, port 0) and resolves with the base URL, e.g. 'http://127.0.0.1:41234/beta'. */
  listen(port?: number, host?: string): Promise<string>;
  /** Closes the server and every open connection (keep-alive ones too). */
  close(): Promise<void>;
  /** The base URL once listening (throws before). */
  readonly url: string;
  /** Every request the emulator received (the last `requestLogLimit`), in arrival order, including $batch sub-requests (see RecordedRequest). */
  readonly requests: RecordedRequest[];
  /** Empties `requests` in place (a reference held by a test sees it empty too). */
  clearRequests(): void;
  readonly store: EmulatorStore;
  /** Fault injection; throws an Error if the emulator was created without `faults: true`. */
  readonly faults: FaultControl;
  /** The Entra ID stand-in; throws an Error if the emulator was created without `entra`. */
  readonly entra: EntraControl;
  /** The throttle: its settings, the accepted-write timeline, reset(). */
  readonly throttle: ThrottleControl;
}

export interface RecordedRequest {
  method: string;
  /** For a top-level request, req.url exactly as received (raw path + query, e.g. '/beta/users/a%2Fb/managedAppRegistrations'). For a $batch item, the item's url exactly as given in the batch. */
  rawPath: string;
  /** Request headers, names lower-cased (for a batch item: the item's headers plus the outer authorization). */
  headers: Record<string, string>;
  /** Parsed JSON body if it parsed, the raw text if it did not, undefined if none or not read. */
  body: unknown;
  /** Set for $batch sub-requests: the item's id and the index of the outer $batch request in `requests` (since the last clear, counting dropped entries: see requestLogLimit). */
  batch?: { id: string; outerIndex: number };
  /** The injected fault's kind, when one applied. */
  fault?: Fault['kind'];
  /** The limits that were spent, when the throttle answered 429 (in ThrottleLimit order). */
  throttled?: ThrottleLimit[];
  /** Status the emulator answered (undefined when it reset the connection). */
  status?: number;
}

export type GraphRecord = Record<string, unknown>;

export interface EmulatorStore {
  /** All managedAppRegistrations as Graph would return them (no @odata.context), in creation order. */
  managedAppRegistrations(): GraphRecord[];
  /**
   * mobileAppInstallStatuses of one app (all apps when omitted), in creation order. Each returned record also has two
   * non-enumerable properties, `mobileAppId` and `userAppInstallStatusId` (null when created without one); they stay out
   * of JSON.stringify and toEqual. `installStatusParent(record)` reads them with types.
   */
  mobileAppInstallStatuses(mobileAppId?: string): GraphRecord[];
  /** Puts a record as-is (for tests that need odd stored data, e.g. unknown enum values); returns its id (generated when absent). */
  putManagedAppRegistration(record: GraphRecord): string;
  /** Puts an install status as-is under a seeded app (and optionally one of its user statuses); returns its id (generated when absent). */
  putMobileAppInstallStatus(mobileAppId: string, record: GraphRecord, userAppInstallStatusId?: string): string;
  /** Empties both collections (the seeded mobile apps stay). */
  reset(): void;
}

/** Where a stored mobileAppInstallStatus lives. */
export interface InstallStatusParent {
  mobileAppId: string;
  /** null when the status was created under `/mobileApps/{id}/deviceStatuses` directly. */
  userAppInstallStatusId: string | null;
}

export interface FaultRule {
  /** Match on method, or one of several (case-insensitive); any when omitted. */
  method?: string | readonly string[];
  /** Match on the path relative to basePath, query excluded, trailing slash removed, still percent-encoded (e.g. '/deviceAppManagement/managedAppRegistrations'); a string must equal it, a RegExp must match it. Any when omitted. */
  path?: string | RegExp;
  /**
   * Match on the bearer token's throttle bucket: each field given must be equal (null = the claim is absent). A $batch
   * item has its batch's token; the $batch envelope itself spends no bucket's budget, so it never matches a bucket.
   */
  bucket?: Partial<ThrottleBucket>;
  /** 'top' = only top-level HTTP requests, 'batch-item' = only $batch sub-requests, default both. */
  scope?: 'top' | 'batch-item';
  /** How many matching requests it applies to (default 1; Infinity allowed). Rules are checked in the order added; a used-up rule is dropped. */
  times?: number;
  fault: Fault;
}

export type Fault =
  /** Answer with a Graph error body and this status. act: perform the operation first (default false). */
  | {
      kind: 'status';
      status: number;
      code?: string;
      message?: string;
      retryAfter?: string | number;
      headers?: Record<string, string>;
      act?: boolean;
    }
  /** Wait ms, then serve normally. The operation is still performed after the wait even if the client went away (like Graph: it acts, the answer is lost). */
  | { kind: 'delay'; ms: number }
  /** Destroy the connection (TCP RST via socket.resetAndDestroy()) without reading the body or acting. Top-level only. */
  | { kind: 'reset-before-read' }
  /** Read the body, perform the operation (unless act: false), then reset the connection without answering. Top-level only. */
  | { kind: 'reset-after-read'; act?: boolean }
  /** Perform the operation (unless act: false), then answer with this status (default: the normal success status) and a body that is not valid JSON (default '{"id": "trunc'). */
  | { kind: 'malformed'; status?: number; body?: string; act?: boolean }
  /** Perform normally, then change the response body's top-level properties: each key in `set` is assigned, a value of undefined deletes the key. The stored record is changed the same way. Used for unknown enum values / @odata.type, or a response with installState but no mobileAppInstallStatusValue. */
  | { kind: 'patch'; set: Record<string, unknown> };

export interface FaultControl {
  /** Adds a rule after the existing ones; throws on a malformed rule. */
  add(rule: FaultRule): void;
  /** Drops every rule. */
  clear(): void;
  /** Rules not yet used up. */
  pending(): number;
}
