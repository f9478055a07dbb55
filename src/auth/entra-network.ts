/**
 * msal-node's HTTP client (its `system.networkClient`), on undici: each
 * call has a deadline (AUTH_TIMEOUT_MS; msal-node's own client has none for
 * POSTs), runs on a pool the gateway closes at shutdown, and leaves a record
 * of what went wrong on the wire, keyed by msal-node's correlation id. That
 * record is how a refusal learns Entra ID's whole answer (`error_codes`,
 * `claims`, `suberror`), which msal-node's errors only partly keep.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Agent, request } from 'undici';

/** The fields of Entra ID's error body that the gateway uses. */
export interface EntraErrorBody {
  readonly error: string;
  readonly errorCodes: readonly number[];
  readonly suberror: string | null;
  /** The claims request as Entra ID sent it (JSON text). */
  readonly claims: string | null;
  readonly correlationId: string | null;
  readonly traceId: string | null;
}

/** What went wrong with one call to Entra ID. */
export type EntraFailure =
  | { readonly kind: 'refused'; readonly status: number; readonly body: EntraErrorBody }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly status: number };

/** Entra ID's answers are a few KiB; anything far larger is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function errorBody(body: Record<string, unknown>): EntraErrorBody {
  const codes = Array.isArray(body.error_codes) ? body.error_codes.map(Number).filter((n) => Number.isInteger(n)) : [];
  return {
    error: String(body.error),
    errorCodes: codes,
    suberror: text(body.suberror),
    claims: text(body.claims),
    correlationId: text(body.correlation_id),
    traceId: text(body.trace_id),
  };
}

export class EntraNetwork implements INetworkModule {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  private readonly failures = new Map<string, EntraFailure>();

  constructor(private readonly timeoutMs: number) {}

  /** What went wrong with the call of this correlation id, if anything (and forgets it). */
  takeFailure(correlationId: string): EntraFailure | undefined {
    const failure = this.failures.get(correlationId);
    this.failures.delete(correlationId);
    return failure;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
    const fail = (failure: EntraFailure): void => {
      if (options?.correlationId !== undefined) this.failures.set(options.correlationId, failure);
    };
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let headers: Record<string, string>;
    const chunks: Buffer[] = [];
    try {
      const res = await request(url, { method, headers: options?.headers, body: method === 'POST' ? (options?.body ?? '') : undefined, dispatcher: this.agent, signal });
      status = res.statusCode;
      headers = {};
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) break;
        chunks.push(chunk);
      }
      if (size > MAX_ANSWER_BYTES) {
        res.body.destroy();
        fail({ kind: 'unreadable', status });
        throw new Error(`Entra ID's answer is larger than ${MAX_ANSWER_BYTES} bytes.`);
      }
    } catch (error) {
      if (signal.aborted) fail({ kind: 'timeout' });
      else if (options?.correlationId !== undefined && !this.failures.has(options.correlationId)) {
        fail({ kind: 'unreachable', reason: (error as { code?: unknown }).code?.toString() ?? (error instanceof Error ? error.message : String(error)) });
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      fail({ kind: 'unreadable', status });
      throw new Error(`Entra ID answered HTTP ${status} with a body that is not JSON.`);
    }
    const record = body as Record<string, unknown>;
    if (typeof record.error === 'string') fail({ kind: 'refused', status, body: errorBody(record) });
    else if (status !== 200) fail({ kind: 'unreadable', status });
    return { status, headers, body: body as T };
  }
}
