import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { startStack, type Stack } from '../helpers/stack';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';

describe('tracing with an SDK registered (in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let stack: Stack;

  beforeAll(async () => {
    provider.register();
    stack = await startStack({ env: { GRAPH_RETRY_MAX: '2' } });
  });
  afterAll(async () => {
    await stack.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => {
    exporter.reset();
    stack.emulator.clearRequests();
  });

  it('continues the incoming traceparent: an operation span with a child span per Graph try', async () => {
    stack.emulator.faults.add({ method: 'POST', fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const res = await stack.gql('mutation Create { createManagedAppRegistration(input: { deviceTag: "t" }) { id } }', undefined, {
      authorization: 'Bearer t',
      traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
    });
    expect(res.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'graphql.mutation Create')!;
    expect(operation).toBeDefined();
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext?.spanId).toBe(PARENT_SPAN);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'Create',
      'graphql.operation.type': 'mutation',
      'graphql.outcome': 'ok',
      'graph.upstream_calls': 2,
    });

    const tries = spans.filter((s) => s.name === 'POST /deviceAppManagement/managedAppRegistrations');
    expect(tries).toHaveLength(2);
    const sent = stack.emulator.requests;
    tries.forEach((span, i) => {
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'POST',
        'url.template': '/deviceAppManagement/managedAppRegistrations',
        'http.response.status_code': i === 0 ? 429 : 201,
        'graph.client_request_id': sent[i]!.headers['client-request-id'],
        'http.request.resend_count': i,
      });
      // The trace continues upstream too.
      expect(sent[i]!.headers.traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
    });
    expect(tries[0]!.status.code).toBe(2);
    expect(tries[0]!.attributes['graph.error_code']).toBe('UPSTREAM_THROTTLED');
  });

  it('starts a new trace without a traceparent, and marks failed operations', async () => {
    const res = await stack.gql('query Bad { managedAppRegistration(id: "") { id } }');
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const [operation] = exporter.getFinishedSpans().filter((s) => s.name === 'graphql.query Bad');
    expect(operation!.parentSpanContext).toBeUndefined();
    expect(operation!.status).toEqual({ code: 2, message: 'BAD_USER_INPUT' });
    expect(operation!.attributes['graph.upstream_calls']).toBe(0);
  });

  it('exports one operation span when the lean path hands the request to Apollo Server (variables that do not coerce)', async () => {
    const res = await stack.gql('query Coerce($id: ID!) { managedAppRegistration(id: $id) { id } }', { id: { not: 'an id' } });
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['graphql.query Coerce']);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('without an SDK', () => {
  it('sends no traceparent upstream', async () => {
    const stack = await startStack();
    try {
      await stack.gql('mutation { createManagedAppRegistration(input: {}) { id } }', undefined, {
        authorization: 'Bearer t',
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
      });
      expect(stack.emulator.requests[0]!.headers.traceparent).toBeUndefined();
    } finally {
      await stack.close();
    }
  });
});
