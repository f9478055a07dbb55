import { BadUserInputError } from '../errors/gateway-error';

/**
 * One id as one encoded path segment: `/`, `?`, `#` and `%` are escaped by
 * encodeURIComponent. `.` and `..` are refused: URL parsers (WHATWG, proxies)
 * treat them, and their escaped forms `%2E`/`%2E%2E`, as dot segments that
 * change the path, and no Graph id is made of them. An empty id is refused
 * too. `argument` names the argument in the message.
 */
export function segment(id: string, argument: string): string {
  if (id === '') throw new BadUserInputError(`Argument "${argument}" must not be empty.`);
  if (id === '.' || id === '..') {
    throw new BadUserInputError(`Argument "${argument}" cannot be "${id}": it would change the request path.`);
  }
  return encodeURIComponent(id);
}
