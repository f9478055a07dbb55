import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/**
 * The longest id sent. Graph's ids are GUIDs or a few GUIDs joined (36 to
 * ~120 characters); a longer one cannot fit Graph's URL limits, and would
 * only cost a call (and a log line as long as it).
 */
export const MAX_ID_LENGTH = 1024;

/**
 * One id as one encoded path segment: `/`, `?`, `#` and `%` are escaped by
 * encodeURIComponent. `.` and `..` are refused: URL parsers (WHATWG, proxies)
 * treat them, and their escaped forms `%2E`/`%2E%2E`, as dot segments that
 * change the path, and no Graph id is made of them. An empty id is refused
 * too, and one over MAX_ID_LENGTH. `argument` names the argument in the message.
 */
export function segment(id: string, argument: string): string {
  if (id === '') throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" must not be empty.`);
  if (id.length > MAX_ID_LENGTH) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" is ${id.length} characters long; ids are at most ${MAX_ID_LENGTH}.`);
  }
  if (id === '.' || id === '..') {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argument}" cannot be "${id}": it would change the request path.`);
  }
  return encodeURIComponent(id);
}
