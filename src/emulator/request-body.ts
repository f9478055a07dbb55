// Turns a create request's body into the JSON object a handler works on, with Graph's answers for the other cases.
import type { RequestBody } from './internal-types';
import { badRequest, GraphError } from './graph-error';

/** Largest body the emulator reads; Graph's own request limit is 4 MB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The body as a JSON object, or a GraphError (400, or 413 when it was too large). */
export function requireJsonObject(body: RequestBody): Record<string, unknown> {
  switch (body.kind) {
    case 'none':
      throw badRequest('Empty Payload. JSON content expected.');
    case 'invalid':
      throw badRequest(
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    case 'too-large':
      throw new GraphError(413, 'RequestEntityTooLarge', `The request body exceeds the limit of ${MAX_BODY_BYTES} bytes.`);
    case 'json':
      if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
        throw badRequest('The request body must be a JSON object.');
      }
      return body.value as Record<string, unknown>;
  }
}

/** Classifies raw body text: empty is 'none', then JSON or not. */
export function classifyBody(text: string): RequestBody {
  if (text.length === 0) return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'invalid', text };
  }
}
