// Graph refuses any request without a bearer token before routing it. The emulator accepts every non-empty token
// (it has no tenant to validate against) and never logs or echoes one.
import type { GraphRequest } from './request';
import { errorResponse, type GraphResponse } from './responses';

// What Graph sends with its 401s, so that clients that read the challenge see a familiar one.
const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000"';

/** The 401 answer when the request has no usable `Authorization: Bearer <token>`, else undefined. */
export function authorizationFailure(req: GraphRequest): GraphResponse | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '');
  if (match && match[1].trim() !== '') return undefined;
  return errorResponse(req.ctx, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
    'WWW-Authenticate': CHALLENGE,
  });
}
