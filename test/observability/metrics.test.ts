import { request } from 'undici';
import { SEEDED_MOBILE_APPS } from '../../src/emulator';
import { startStack, type Stack } from '../helpers/stack';

const APP = SEEDED_MOBILE_APPS[0]!.id;

async function scrape(url: string): Promise<string> {
  const res = await request(url);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.body.text();
}

/** The value of one sample line, e.g. sample(text, 'graphql_operations_total{operation="A",type="query",outcome="ok"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics after known traffic', () => {
  let stack: Stack;
  let metricsUrl: string;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_RETRY_MAX: '2' } });
    metricsUrl = stack.gateway.metricsUrl!;
    expect(metricsUrl).toBe(`${new URL(stack.url).origin}/metrics`);

    await stack.gql('mutation Create { createManagedAppRegistration(input: { deviceTag: "a" }) { id } }');
    await stack.gql('mutation Create { createManagedAppRegistration(input: { deviceTag: "b" }) { id } }');
    stack.emulator.faults.add({ method: 'POST', fault: { kind: 'status', status: 429, retryAfter: '0' } });
    await stack.gql('mutation Create { createManagedAppRegistration(input: { deviceTag: "c" }) { id } }');
    await stack.gql(`mutation Status { createMobileAppInstallStatus(mobileAppId: "no-such-app", input: {}) { id } }`);
    await stack.gql('query Bad { managedAppRegistrations(first: 0) { nodes { id } } }');
    const ids = stack.emulator.store.managedAppRegistrations().map((r) => r.id);
    await stack.gql('query Many($r: [_Any!]!) { _entities(representations: $r) { ... on ManagedAppRegistration { id } } }', {
      r: ids.map((id) => ({ __typename: 'ManagedAppRegistration', id })),
    });
    await stack.gql(`query Page { mobileAppInstallStatuses(mobileAppId: "${APP}", first: 5) { nodes { id } } }`);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('counts operations by name, type and outcome', async () => {
    const text = await scrape(metricsUrl);
    expect(sample(text, 'graphql_operations_total{operation="Create",type="mutation",outcome="ok"}')).toBe(3);
    expect(sample(text, 'graphql_operations_total{operation="Status",type="mutation",outcome="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{operation="Bad",type="query",outcome="BAD_USER_INPUT"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{operation="Many",type="query",outcome="ok"}')).toBe(1);
    expect(sample(text, 'graphql_operation_duration_seconds_count{operation="Create",type="mutation",outcome="ok"}')).toBe(3);
  });

  it('counts Graph calls by route template, status and code, never raw ids', async () => {
    const text = await scrape(metricsUrl);
    const route = '/deviceAppManagement/managedAppRegistrations';
    expect(sample(text, `graph_upstream_requests_total{method="POST",route="${route}",status="201",code="ok"}`)).toBe(3);
    expect(sample(text, `graph_upstream_requests_total{method="POST",route="${route}",status="429",code="UPSTREAM_THROTTLED"}`)).toBe(1);
    expect(sample(text, 'graph_upstream_requests_total{method="POST",route="/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses",status="404",code="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'graph_upstream_requests_total{method="GET",route="/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses",status="200",code="ok"}')).toBe(1);
    expect(sample(text, 'graph_upstream_requests_total{method="GET",route="/deviceAppManagement/managedAppRegistrations/{id}",status="200",code="ok"}')).toBeUndefined();
    expect(sample(text, 'graph_upstream_requests_total{method="POST",route="/$batch",status="200",code="ok"}')).toBe(1);
    expect(sample(text, 'graph_batch_requests_count')).toBe(1);
    expect(sample(text, 'graph_batch_requests_sum')).toBe(3);
    expect(text).not.toContain(APP);
    expect(text).not.toContain('no-such-app');
    expect(sample(text, `graph_upstream_request_duration_seconds_count{method="POST",route="${route}"}`)).toBe(4);
  });

  it('counts retries by reason', async () => {
    const text = await scrape(metricsUrl);
    expect(sample(text, 'graph_upstream_retries_total{reason="throttled"}')).toBe(1);
  });

  it('has the default process metrics and the in-flight gauge', async () => {
    const text = await scrape(metricsUrl);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    // The scrape itself is in flight while the metrics are rendered.
    expect(sample(text, 'http_requests_in_flight')).toBe(1);
  });
});

describe('metrics settings', () => {
  it('METRICS_PORT serves them on a port of their own, METRICS_PATH moves them', async () => {
    const stack = await startStack({ env: { METRICS_PORT: '0', METRICS_PATH: '/internal/metrics' } });
    try {
      const metricsUrl = stack.gateway.metricsUrl!;
      expect(new URL(metricsUrl).port).not.toBe(new URL(stack.url).port);
      expect(new URL(metricsUrl).pathname).toBe('/internal/metrics');
      expect(await scrape(metricsUrl)).toContain('# TYPE graphql_operations_total counter');
      const onMain = await request(`${new URL(stack.url).origin}/internal/metrics`);
      expect(onMain.statusCode).toBe(404);
      await onMain.body.text();
    } finally {
      await stack.close();
    }
  });

  it('METRICS_ENABLED=false serves none', async () => {
    const stack = await startStack({ env: { METRICS_ENABLED: 'false' } });
    try {
      expect(stack.gateway.metricsUrl).toBeUndefined();
      const res = await request(`${new URL(stack.url).origin}/metrics`);
      expect(res.statusCode).toBe(404);
      await res.body.text();
      expect((await stack.gql('{ gatewayInfo { emulator } }')).body.errors).toBeUndefined();
    } finally {
      await stack.close();
    }
  });
});
