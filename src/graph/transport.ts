import { StringDecoder } from 'node:string_decoder';
import { Pool, type Dispatcher } from 'undici';
import type { GraphClientConfig } from '../config';
import type { GraphAuthorization } from '../caller/caller';
import type { ResponseHeaders } from './envelope';

/** A path below the base URL (ids encoded) with its template (no ids). */
export interface GraphPath {
  readonly path: string;
  readonly route: string;
}

/** One call to Graph, as the endpoints describe it: a read, or a create that says what it costs. */
export type GraphCall = GraphCallParts &
  (
    | { readonly kind: 'read'; readonly writes?: undefined }
    | {
        readonly kind: 'create';
        /**
         * The creates this call makes on Graph (contract §11: each bulk item is one write): 1 for a create, the
         * number of items for a $batch of creates. What the write budget charges (client.ts writesOf).
         */
        readonly writes: number;
      }
  );

/** What every call has, whatever its kind. */
interface GraphCallParts {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL with its ids already encoded (paths.ts), e.g. '/users/u%2F1/managedAppRegistrations'. */
  readonly path: string;
  /** The path's template for metrics and traces, e.g. '/users/{userId}/managedAppRegistrations' (never raw ids). */
  readonly route: string;
  /** Query string without the '?', already encoded. */
  readonly query?: string;
  readonly body?: unknown;
  /** The caller's, read once per request (caller/caller.ts): the Authorization header sent, and the write bucket. */
  readonly authorization: GraphAuthorization;
  /** The first try's client-request-id, when the caller fixed it (an idempotency record keeps it); retries get fresh ones. */
  readonly clientRequestId?: string;
}

/** A 2xx answer with its JSON body parsed. */
export interface GraphReply {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** Parsed JSON; null for an empty body. */
  readonly body: unknown;
  readonly clientRequestId: string;
}

/** One request as it goes on the wire. */
export interface WireRequest {
  readonly method: 'GET' | 'POST';
  /** Below the base URL, query included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** One try's result as the transport reports it. */
export type TryOutcome =
  /** `body`: the answer's bytes read as UTF-8 text (what JSON.parse takes). */
  | { readonly type: 'answer'; readonly status: number; readonly headers: ResponseHeaders; readonly body: string }
  /** No answer. `sent`: the request had started to be written to a socket. */
  | {
      readonly type: 'failure';
      readonly sent: boolean;
      readonly timedOut: boolean;
      /** The answer's status when its body was over the size limit; 0 otherwise. */
      readonly tooLargeStatus: number;
      /** Not even queued: GRAPH_QUEUE_MAX calls were already waiting for a connection. */
      readonly shed: boolean;
      /** Why: undici's or the socket's error, or the gateway's own (a TransportError). */
      readonly error: Error;
    };

/** A failure the transport itself decides on, with a code like undici's. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: 'GATEWAY_DEADLINE' | 'GATEWAY_QUEUE_FULL' | 'GATEWAY_BODY_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The transport cause of a failed try, for the log: the first `code` on the
 * error or its causes (ECONNREFUSED, ENOTFOUND, ECONNRESET, a TLS code such
 * as DEPTH_ZERO_SELF_SIGNED_CERT, undici's UND_ERR_*, the gateway's own
 * GATEWAY_*), and the message it came with. Neither carries request headers,
 * so never a token.
 */
export function transportCause(error: Error): { readonly code: string; readonly message: string } {
  // Duck-typed, not instanceof: errors made by Node itself come from another realm under jest's vm.
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== '') return { code, message: typeof message === 'string' ? message : '' };
    current = cause;
  }
  return { code: error.name, message: error.message };
}

type TransportConfig = Pick<GraphClientConfig, 'baseUrl' | 'connections' | 'maxResponseBytes' | 'queueMax'>;

/**
 * The wire: one bounded keep-alive undici pool to Graph's origin, a deadline
 * on every try, a bound on the answer's size and on the calls waiting for a
 * connection. It knows nothing of retries, errors or telemetry: it says what
 * happened (policy.ts decides what that means).
 */
export class GraphTransport {
  private readonly pool: Pool;
  private readonly basePath: string;
  /** Tries dispatched that have not reached a socket yet. */
  private waiting = 0;

  constructor(private readonly config: TransportConfig) {
    const url = new URL(config.baseUrl);
    this.pool = new Pool(url.origin, { connections: config.connections, pipelining: 1 });
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  /** One try through the pool's dispatch API (an Attempt, below), or shed at once when too many wait for a connection. */
  send(request: WireRequest, timeoutMs: number): Promise<TryOutcome> {
    if (this.waiting >= this.config.queueMax) {
      // Shed instead of queueing without bound when Graph is slow: nothing was sent.
      const error = new TransportError('GATEWAY_QUEUE_FULL', `${this.config.queueMax} tries already wait for a connection`);
      return Promise.resolve({ type: 'failure', sent: false, timedOut: false, tooLargeStatus: 0, shed: true, error });
    }
    this.waiting++;
    return new Promise<TryOutcome>((resolve) => {
      const attempt = new Attempt(this.config.maxResponseBytes, timeoutMs, () => this.waiting--, resolve);
      try {
        this.pool.dispatch({ path: this.basePath + request.path, method: request.method, headers: request.headers, body: request.body }, attempt);
      } catch (error) {
        attempt.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Closes the pool; tries in flight fail. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * One try on the wire, as undici's dispatch handler: its deadline, whether
 * the request left, the answer's bytes decoded as they arrive within the
 * bound, and the one outcome it settles with. `onRequestStart` runs right
 * before undici writes the request to a socket, so a failure before it
 * proves the request never left (safe to retry, even a create).
 */
class Attempt implements Dispatcher.DispatchHandler {
  private settled = false;
  private sent = false;
  private timedOut = false;
  /** Until the try reaches a socket (or ends), it counts among the transport's waiting tries. */
  private waiting = true;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private responseHeaders: ResponseHeaders = {};
  // Each chunk is decoded as it arrives (a split UTF-8 sequence waits for the next one): the answer ends as
  // one string, with no Buffer.concat copy, and no chunk of socket memory is kept until the end.
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private size = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly maxBytes: number,
    timeoutMs: number,
    private readonly stopWaiting: () => void,
    private readonly resolve: (outcome: TryOutcome) => void,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      const error = new TransportError('GATEWAY_DEADLINE', `deadline of ${timeoutMs} ms passed`);
      if (this.controller) this.controller.abort(error);
      this.fail(error);
    }, timeoutMs);
    this.timer.unref();
  }

  fail(error: Error, tooLargeStatus = 0): void {
    this.settle({ type: 'failure', sent: this.sent, timedOut: this.timedOut, tooLargeStatus, shed: false, error });
  }

  onRequestStart(ctrl: Dispatcher.DispatchController): void {
    this.controller = ctrl;
    this.uncount();
    // The deadline passed while the request waited for a connection: abort before a single byte is written.
    if (this.settled) ctrl.abort(new TransportError('GATEWAY_DEADLINE', 'abandoned before sending'));
    else this.sent = true;
  }

  onResponseStart(ctrl: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.status = statusCode;
    this.responseHeaders = headers as ResponseHeaders;
    // A declared length past the bound is refused before a byte of the body is buffered.
    if (Number(headers['content-length']) > this.maxBytes) this.tooLarge(ctrl);
  }

  onResponseData(ctrl: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.tooLarge(ctrl);
      return;
    }
    this.text += this.decoder.write(chunk);
  }

  onResponseEnd(): void {
    this.settle({ type: 'answer', status: this.status, headers: this.responseHeaders, body: this.text + this.decoder.end() });
  }

  onResponseError(_ctrl: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private tooLarge(ctrl: Dispatcher.DispatchController): void {
    const error = new TransportError('GATEWAY_BODY_TOO_LARGE', 'response body too large');
    this.fail(error, this.status);
    ctrl.abort(error);
  }

  private uncount(): void {
    if (this.waiting) {
      this.waiting = false;
      this.stopWaiting();
    }
  }

  private settle(outcome: TryOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.uncount();
    clearTimeout(this.timer);
    this.resolve(outcome);
  }
}
