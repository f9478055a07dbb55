// GRAPH_MAX_RESPONSE_BYTES (contract §6, §7): a Graph answer whose body is past the bound is not read on and is
// UPSTREAM_BAD_RESPONSE, for a read and for a create alike; a create's says Graph acted, since its 2xx status came.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '../helpers/stack';
import { fileStack } from '../helpers/file-stack';

const REG_PATH = '/deviceAppManagement/managedAppRegistrations';
const CREATE = 'mutation { createManagedAppRegistration(input: { deviceTag: "t" }) { id deviceTag } }';
const READ = 'query($id: ID!) { managedAppRegistration(id: $id) { id deviceTag } }';
/** Pads Graph's answer well past the 1024-byte bound the stack runs with. */
const PADDING = { padding: 'x'.repeat(4096) };

let stack: Stack;
fileStack({ env: { GRAPH_MAX_RESPONSE_BYTES: '1024', GRAPH_RETRY_MAX: '3' } }, (started) => (stack = started));

/** The error of a body past the bound (no Graph error body was read: its fields are null but the status). */
function tooLarge(status: number, path: string, column: number, clientRequestId: string, created: string) {
  return {
    errors: [
      {
        message: `Microsoft Graph answered ${status} with a body over 1024 bytes.${created}`,
        locations: [{ line: 1, column }],
        path: [path],
        extensions: {
          code: 'UPSTREAM_BAD_RESPONSE',
          graph: { status, code: null, message: null, requestId: null, clientRequestId, date: null },
        },
      },
    ],
  };
}

describe('a Graph body over GRAPH_MAX_RESPONSE_BYTES', () => {
  it('on a read is UPSTREAM_BAD_RESPONSE, and not sent again', async () => {
    const id = stack.emulator.store.putManagedAppRegistration({ deviceTag: 'r' });
    stack.emulator.faults.add({ method: 'GET', path: `${REG_PATH}/${id}`, fault: { kind: 'patch', set: PADDING } });
    const res = await stack.gql(READ, { id });
    expect(stack.emulator.requests.map((r) => [r.method, r.status])).toEqual([['GET', 200]]);
    // The field is nullable: null beside the error.
    expect(res.body).toEqual({ data: { managedAppRegistration: null }, ...tooLarge(200, 'managedAppRegistration', 19, stack.emulator.requests[0]!.headers['client-request-id']!, '') });
  });

  it('on a create is UPSTREAM_BAD_RESPONSE saying the record exists, sent once', async () => {
    stack.emulator.faults.add({ method: 'POST', path: REG_PATH, fault: { kind: 'patch', set: PADDING } });
    const res = await stack.gql(CREATE);
    expect(stack.emulator.requests.map((r) => [r.method, r.status])).toEqual([['POST', 201]]);
    expect(res.body).toEqual({
      data: null,
      ...tooLarge(201, 'createManagedAppRegistration', 12, stack.emulator.requests[0]!.headers['client-request-id']!, ' Graph accepted the create, so the record exists.'),
    });
    expect(stack.emulator.store.managedAppRegistrations().map((r) => r.deviceTag)).toEqual(['t']);
  });

  it('without a Content-Length (chunked) is cut off at the bound just the same', async () => {
    // The emulator always sends Content-Length; this Graph streams a body of unknown length.
    let served = 0;
    const chunked: Server = createServer((_req, res) => {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"id":"c","deviceTag":"${'x'.repeat(800)}`);
      res.end(`${'y'.repeat(800)}"}`);
    });
    await new Promise<void>((resolve) => chunked.listen(0, '127.0.0.1', resolve));
    const local = await startStack({ graphBaseUrl: `http://127.0.0.1:${(chunked.address() as AddressInfo).port}/beta`, env: { GRAPH_MAX_RESPONSE_BYTES: '1024' } });
    try {
      const res = await local.gql(READ, { id: 'c' });
      expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['UPSTREAM_BAD_RESPONSE', 'Microsoft Graph answered 200 with a body over 1024 bytes.']]);
      expect(served).toBe(1);
    } finally {
      await local.close();
      await new Promise<void>((resolve) => chunked.close(() => resolve()));
    }
  });
});
