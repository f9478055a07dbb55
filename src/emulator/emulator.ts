// One running emulator: its server, its data, its request log, its throttle and (only when asked for) its fault rules.
import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Emulator, EmulatorOptions, EmulatorStore, FaultControl, RecordedRequest, ThrottleControl } from './types';
import { EntraStandIn, type EntraControl } from './entra';
import type { EmulatorCore } from './dispatch';
import { createStoreView, MemoryStore } from './store';
import { FaultRules } from './faults';
import { requestListener } from './http-server';
import { Pager } from './odata';
import { Throttle } from './throttle';
import { resolveThrottleOptions } from './settings';

class GraphEmulator implements Emulator {
  readonly requests: RecordedRequest[] = [];
  readonly store: EmulatorStore;
  private readonly core: EmulatorCore;
  private readonly server: Server;
  private readonly shutdown = new AbortController();
  private baseUrl: string | undefined;

  constructor(options: EmulatorOptions) {
    // Every pending delay fault listens on this signal until it ends; many at once are expected.
    setMaxListeners(0, this.shutdown.signal);
    const store = new MemoryStore();
    this.store = createStoreView(store);
    this.core = {
      basePath: normaliseBasePath(options.basePath ?? '/beta'),
      shuffleBatch: options.shuffleBatch ?? true,
      faults: options.faults === true ? new FaultRules() : undefined,
      throttle: new Throttle(resolveThrottleOptions(options.throttle)),
      store,
      pager: new Pager(options.defaultPageSize ?? 100),
      requests: this.requests,
      signal: this.shutdown.signal,
      entra: options.entra ? new EntraStandIn(options.entra === true ? {} : options.entra, this.shutdown.signal) : undefined,
    };
    this.server = createServer(requestListener(this.core));
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server.listening) return Promise.reject(new Error('The emulator is already listening.'));
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        const actualPort = typeof address === 'object' && address !== null ? address.port : port;
        const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
        this.baseUrl = `http://${shownHost}:${actualPort}${this.core.basePath}`;
        this.core.entra?.listening(`http://${shownHost}:${actualPort}`);
        resolve(this.baseUrl);
      });
    });
  }

  close(): Promise<void> {
    this.shutdown.abort();
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // server.close() alone waits for idle keep-alive connections to time out.
      this.server.closeAllConnections();
    });
  }

  get url(): string {
    if (this.baseUrl === undefined) throw new Error('The emulator is not listening yet: await listen() first.');
    return this.baseUrl;
  }

  clearRequests(): void {
    this.requests.length = 0;
    this.core.throttle.timeline.length = 0;
  }

  get throttle(): ThrottleControl {
    return this.core.throttle;
  }

  get faults(): FaultControl {
    if (!this.core.faults) {
      throw new Error('Fault injection is disabled: create the emulator with createEmulator({ faults: true }).');
    }
    return this.core.faults;
  }

  get entra(): EntraControl {
    if (!this.core.entra) throw new Error('The Entra ID stand-in is off: create the emulator with createEmulator({ entra: true }).');
    return this.core.entra;
  }
}

/** Creates an emulator (not yet listening). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new GraphEmulator(options);
}

function normaliseBasePath(basePath: string): string {
  if (typeof basePath !== 'string' || /[?#\s]/.test(basePath)) {
    throw new Error(`Invalid emulator option basePath: ${JSON.stringify(basePath)}.`);
  }
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
