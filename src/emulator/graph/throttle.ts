// Intune-like throttling (graph-facts §5, §11). Intune documents its limits as counts per 20 s — writes: 100 per
// (tenant, app) and 200 per tenant; requests of any method: 1000 and 2000 — and publishes no window boundaries. Each
// limit here is a sliding-window log: a request is let through only when fewer than `limit` requests were let
// through in the last `windowMs`, in every limit that applies to it. That is the strictest reading of "N per 20 s"
// (a fixed window would let 2N through across a boundary), so a client that stays under it stays under any windowing
// Intune may use; and the time until a slot frees is exact, so Retry-After tells the truth. A refused request takes no
// slot: only requests let through count, and they are the accepted-write timeline tests read.
import type {
  AcceptedWrite,
  RecordedRequest,
  ThrottleBucket,
  ThrottleControl,
  ThrottleLimit,
  ThrottleSettings,
} from '../types';
import { bearerToken, type GraphRequest } from './request';
import { errorResponse, type GraphResponse } from './responses';

/** The methods Intune's write limits count (its table's "POST, PUT, DELETE, PATCH"). */
const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The bucket of an Authorization header value (ThrottleBucket); decoded, never verified, never kept. */
export function bucketOf(authorization: string | undefined): ThrottleBucket {
  const claims = jwtClaims(bearerToken(authorization));
  const claim = (name: string): string | undefined => {
    const value = claims?.[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return { tenantId: claim('tid') ?? null, appId: claim('appid') ?? claim('azp') ?? null };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

// A JWS compact serialisation: three base64url parts, the middle one a JSON object. Anything else is not a JWT.
function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  const parts = token?.split('.');
  if (parts?.length !== 3 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Whole milliseconds since the epoch, never going back (the monotonic clock, anchored once at process start). */
export function monotonicNow(): number {
  return Math.floor(performance.timeOrigin + performance.now());
}

/** One limit's sliding-window log: per key, the times of the requests let through in the last `windowMs`. */
export class SlidingWindowLog {
  private readonly logs = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` has a free slot, as seen at `now`; 0 when it has one. */
  waitMs(key: string, now: number): number {
    const log = this.current(key, now);
    if (log === undefined || log.length < this.limit) return 0;
    // A slot frees when the oldest request that keeps the log full leaves the window.
    return log[log.length - this.limit] + this.windowMs - now;
  }

  add(key: string, now: number): void {
    const log = this.logs.get(key);
    if (log) log.push(now);
    else this.logs.set(key, [now]);
  }

  clear(): void {
    this.logs.clear();
  }

  // Drops the times that have left the window (a time t counts until t + windowMs), and keys left empty.
  private current(key: string, now: number): number[] | undefined {
    const log = this.logs.get(key);
    if (log === undefined) return undefined;
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < log.length && log[expired] <= cutoff) expired += 1;
    if (expired === log.length) {
      this.logs.delete(key);
      return undefined;
    }
    if (expired > 0) log.splice(0, expired);
    return log;
  }
}

interface Limit {
  name: ThrottleLimit;
  log: SlidingWindowLog;
  writesOnly: boolean;
  /** Which requests share a count: one bucket, or one tenant. */
  key: (bucket: ThrottleBucket) => string;
}

const perBucket = (bucket: ThrottleBucket): string => JSON.stringify([bucket.tenantId, bucket.appId]);
const perTenant = (bucket: ThrottleBucket): string => JSON.stringify([bucket.tenantId]);

/** The verdict on one request. */
export type Admission =
  | { kind: 'accepted'; write: AcceptedWrite | undefined }
  | { kind: 'refused'; limits: ThrottleLimit[]; waitMs: number };

/** The throttle of one emulator (behind `emulator.throttle`). */
export class Throttle implements ThrottleControl {
  readonly timeline: AcceptedWrite[] = [];
  private readonly limits: readonly Limit[];

  /** `timelineLimit`: the timeline keeps the last this many writes (createEmulator's requestLogLimit), else all. */
  constructor(
    readonly settings: ThrottleSettings,
    private readonly now: () => number = monotonicNow,
    private readonly timelineLimit = Infinity,
  ) {
    const all: Limit[] = [
      { name: 'writeLimit', log: new SlidingWindowLog(settings.writeLimit, settings.writeWindowMs), writesOnly: true, key: perBucket },
      { name: 'tenantWriteLimit', log: new SlidingWindowLog(settings.tenantWriteLimit, settings.writeWindowMs), writesOnly: true, key: perTenant },
      { name: 'readLimit', log: new SlidingWindowLog(settings.readLimit, settings.readWindowMs), writesOnly: false, key: perBucket },
      { name: 'tenantReadLimit', log: new SlidingWindowLog(settings.tenantReadLimit, settings.readWindowMs), writesOnly: false, key: perTenant },
    ];
    this.limits = all.filter((l) => l.log.limit > 0);
  }

  reset(): void {
    for (const l of this.limits) l.log.clear();
    this.timeline.length = 0;
  }

  /** Lets the request through (taking a slot in every limit that applies) or refuses it, all at one instant. */
  admit(method: string, path: string, bucket: ThrottleBucket): Admission {
    const now = this.now();
    const write = WRITE_METHODS.has(method);
    const applying = this.limits.filter((l) => write || !l.writesOnly);
    const spent = applying
      .map((l) => ({ name: l.name, waitMs: l.log.waitMs(l.key(bucket), now) }))
      .filter((l) => l.waitMs > 0);
    if (spent.length > 0) {
      // Every spent limit must free a slot before the request can pass: the longest wait is the one to tell.
      return { kind: 'refused', limits: spent.map((l) => l.name), waitMs: Math.max(...spent.map((l) => l.waitMs)) };
    }
    for (const l of applying) l.log.add(l.key(bucket), now);
    if (!write) return { kind: 'accepted', write: undefined };
    const accepted: AcceptedWrite = { at: now, bucket: { ...bucket }, method, path, status: undefined };
    this.timeline.push(accepted);
    // Bounded like the request log: a long-running emulator would otherwise keep every write it let through.
    if (this.timeline.length > this.timelineLimit) this.timeline.shift();
    return { kind: 'accepted', write: accepted };
  }
}

/**
 * Serves one request (top-level or $batch item, token already checked) through the throttle: a 429 when a limit is
 * spent, else `serve()`, with its write on the timeline and its status there once known.
 */
export async function serveThrottled(
  throttle: Throttle,
  req: GraphRequest,
  bucket: ThrottleBucket,
  record: RecordedRequest,
  serve: () => GraphResponse | Promise<GraphResponse>,
): Promise<GraphResponse> {
  const admission = throttle.admit(req.method, req.target.faultPath, bucket);
  if (admission.kind === 'refused') {
    record.throttled = admission.limits;
    // Graph's throttling answer (graph-facts §5), in the envelope of every other emulator error; Retry-After is the
    // wait until a slot frees, in whole seconds rounded up, so a client that honours it is let through.
    const headers: Record<string, string> = throttle.settings.retryAfter
      ? { 'Retry-After': String(Math.ceil(admission.waitMs / 1000)) }
      : {};
    return errorResponse(req.ctx, 429, 'TooManyRequests', 'Please retry again later.', headers);
  }
  const response = await serve();
  if (admission.write) admission.write.status = response.status;
  return response;
}
