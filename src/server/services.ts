import { createCallerAuth, type CallerAuth } from '../auth';
import type { Config } from '../config';
import { GraphClient } from '../graph/client';
import { WriteBudget } from '../graph/write-budget';
import { createIdempotencyStore, type IdempotencyStore } from '../idempotency';
import type { Logger } from '../observability/logger';
import { GatewayMetrics } from '../observability/metrics';

/** How long listen() waits for the idempotency store before serving anyway. */
const STORE_READY_WAIT_MS = 5000;

/** What the gateway talks to behind its requests, built once and closed at shutdown. */
export interface Services {
  /** Undefined when METRICS_ENABLED=false. */
  readonly metrics: GatewayMetrics | undefined;
  readonly graph: GraphClient;
  readonly auth: CallerAuth;
  readonly idempotencyStore: IdempotencyStore;
  /** Undefined when GRAPH_WRITE_LIMIT=0. */
  readonly writeBudget: WriteBudget | undefined;
}

/** Logs the store's connection errors (Redis down): the first at once, then at most one every 10 s while they go on. */
function storeErrorLogger(log: Logger): (error: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < 10_000) {
      suppressed++;
      return;
    }
    log.warn({ err: { message: error.message }, suppressed }, 'the idempotency store cannot be reached: creates with an idempotencyKey are refused until it is back');
    lastAt = now;
    suppressed = 0;
  };
}

export function createServices(config: Config, log: Logger, graphBaseUrl: string): Services {
  const metrics = config.metricsEnabled ? new GatewayMetrics() : undefined;
  // GRAPH_WRITE_LIMIT=0 turns shaping off (contract §11): writes then go out as they come.
  const writeBudget = config.writeBudget.limit > 0 ? new WriteBudget({ settings: config.writeBudget, redis: config.redis, log, metrics }) : undefined;
  return {
    metrics,
    writeBudget,
    graph: new GraphClient({ ...config.graph, baseUrl: graphBaseUrl }, log, metrics, writeBudget),
    auth: createCallerAuth(config.auth, log),
    idempotencyStore: createIdempotencyStore(config, storeErrorLogger(log)),
  };
}

/** Waits a bounded time for the Redis-backed services; past it the gateway serves anyway, and says what is degraded. */
export async function waitForServices(services: Services, config: Config, log: Logger): Promise<void> {
  // Keyed creates are refused until the store answers; the others never wait for it.
  if (!(await services.idempotencyStore.waitUntilReady(STORE_READY_WAIT_MS))) {
    log.warn({ waitedMs: STORE_READY_WAIT_MS }, 'the idempotency store (REDIS_URL) is not reachable yet: creates with an idempotencyKey are refused until it is');
  }
  const { writeBudget } = services;
  if (writeBudget !== undefined && config.redis !== undefined && !(await writeBudget.waitUntilReady(Math.max(config.redis.commandTimeoutMs, 1000)))) {
    log.warn('write budget: Redis not reachable yet, each replica counts its own writes until it is');
  }
}

/** Closes every service (after the HTTP servers: nothing in flight needs them any more). */
export async function closeServices(services: Services): Promise<void> {
  await services.graph.close();
  await services.auth.close();
  await services.idempotencyStore.close();
  await services.writeBudget?.close();
}
