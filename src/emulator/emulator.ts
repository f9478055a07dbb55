// One running emulator, composed here and only here: Graph's model (graph/), the test harness (harness/: request log,
// faults) and, when asked for, the Entra ID stand-in (entra/), behind one node:http server that hands the stand-in the
// paths it owns and Graph everything else.
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Emulator, EmulatorOptions, EmulatorStore, FaultControl, RecordedRequest, ThrottleControl } from './types';
import { EntraStandIn, type EntraControl } from './entra';
import { createHarness, type Harness } from './harness';
import { createStoreView, MemoryStore, Pager, resolveThrottleOptions, serveGraph, Throttle, type GraphCore } from './graph';

class GraphEmulator implements Emulator {
  readonly requests: RecordedRequest[];
  readonly store: EmulatorStore;
  private readonly harness: Harness;
  private readonly core: GraphCore;
  private readonly entraStandIn: EntraStandIn | undefined;
  private readonly server: Server;
  private readonly shutdown = new AbortController();
  private baseUrl: string | undefined;

  constructor(options: EmulatorOptions) {
    // Every pending delay fault listens on this signal until it ends; many at once are expected.
    setMaxListeners(0, this.shutdown.signal);
    const store = new MemoryStore();
    this.store = createStoreView(store);
    const requestLogLimit = options.requestLogLimit ?? Infinity;
    this.harness = createHarness({ faults: options.faults === true, signal: this.shutdown.signal, requestLogLimit });
    this.requests = this.harness.log.entries;
    this.core = {
      basePath: normaliseBasePath(options.basePath ?? '/beta'),
      shuffleBatch: options.shuffleBatch ?? true,
      throttle: new Throttle(resolveThrottleOptions(options.throttle), options.clock, requestLogLimit),
      store,
      pager: new Pager(options.defaultPageSize ?? 100),
      harness: this.harness,
    };
    this.entraStandIn = options.entra
      ? new EntraStandIn(options.entra === true ? {} : options.entra, this.shutdown.signal)
      : undefined;
    this.server = createServer((req, res) => this.serve(req, res));
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
        this.entraStandIn?.listening(`http://${shownHost}:${actualPort}`);
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
    this.harness.log.clear();
    this.core.throttle.timeline.length = 0;
  }

  get throttle(): ThrottleControl {
    return this.core.throttle;
  }

  get faults(): FaultControl {
    if (!this.harness.faults) {
      throw new Error('Fault injection is disabled: create the emulator with createEmulator({ faults: true }).');
    }
    return this.harness.faults;
  }

  get entra(): EntraControl {
    if (!this.entraStandIn) throw new Error('The Entra ID stand-in is off: create the emulator with createEmulator({ entra: true }).');
    return this.entraStandIn;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    // The Entra ID stand-in's routes are outside basePath and never reach Graph's pipeline (nor its request log).
    const entra = this.entraStandIn;
    const served = entra?.owns(req.url ?? '/') ? entra.serve(req, res) : serveGraph(this.core, req, res);
    served.catch(() => {
      // Only an abort by close() (or a client that vanished mid-write) gets here; nobody is left to answer.
      req.socket.destroy();
    });
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
