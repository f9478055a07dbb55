import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import type { GatewayMetrics } from '../observability/metrics';

export type GatewayState = 'starting' | 'ready' | 'draining' | 'stopped';

/** Where the gateway listens, as a client would name it. */
export interface ListeningUrls {
  readonly graphql: string;
  /** The metrics path on the metrics server (METRICS_PORT), or on the main one. */
  readonly metrics: string;
}

/** Listens on `port`, rejecting with the server's error (EADDRINUSE and the like). */
function listenOn(server: Server, port: number | undefined, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The host of an address as a URL shows it: a wildcard address as localhost, IPv6 in brackets. */
function shownHost(address: AddressInfo): string {
  if (address.family === 'IPv6') return address.address === '::' ? 'localhost' : `[${address.address}]`;
  return address.address === '0.0.0.0' ? 'localhost' : address.address;
}

/**
 * The gateway's state and its requests in flight: what /readyz answers, what
 * a shutdown waits for. A state, not loose booleans (as Apollo Server's
 * ServerState).
 */
export class Lifecycle {
  state: GatewayState = 'starting';
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(private readonly metrics: GatewayMetrics | undefined) {}

  /** Counts a request until its response closes; while draining, tells keep-alive clients to reconnect elsewhere. */
  track(res: ServerResponse): void {
    this.inFlight++;
    this.metrics?.inFlight.inc();
    res.on('close', () => {
      this.inFlight--;
      this.metrics?.inFlight.dec();
      if (this.inFlight === 0) this.drained?.();
    });
    if (this.state === 'draining') res.shouldKeepAlive = false;
  }

  /** Listens (the metrics server too, when there is one) and becomes ready. */
  async listen(server: Server, metricsServer: Server | undefined, port: number, host: string | undefined, metricsPort: number | undefined, metricsPath: string): Promise<ListeningUrls> {
    await listenOn(server, port, host);
    if (metricsServer) await listenOn(metricsServer, metricsPort, host);
    this.state = 'ready';
    const address = server.address() as AddressInfo;
    const metricsAddress = metricsServer ? (metricsServer.address() as AddressInfo) : address;
    return { graphql: `http://${shownHost(address)}:${address.port}/graphql`, metrics: `http://${shownHost(address)}:${metricsAddress.port}${metricsPath}` };
  }

  /**
   * Drains: stops accepting, lets the requests in flight finish within
   * `graceMs`, then closes every connection. Resolves with how many requests
   * were still unanswered when the grace period ran out.
   */
  async drain(server: Server, metricsServer: Server | undefined, graceMs: number): Promise<number> {
    this.state = 'draining';
    // net.Server's close stops accepting (new connections are refused) but,
    // unlike http.Server's, leaves open keep-alive connections alone: they
    // get 503 from /readyz and `connection: close` until the drain ends.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const allDone = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.drained = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([allDone, timedOut]);
    clearTimeout(timer);
    const abandoned = outcome === 'timeout' ? this.inFlight : 0;
    server.closeAllConnections();
    await closed;
    if (metricsServer) {
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    }
    return abandoned;
  }
}
