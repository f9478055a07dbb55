import { BadUserInputError } from '../errors/gateway-error';

/**
 * One id as one encoded path segment: `/`, `?`, `#` and `%` are escaped by
 * encodeURIComponent, and a segment of dots only (`.`, `..`), which it leaves
 * alone and URL normalisation would resolve, has its dots escaped too. An
 * empty id is the caller's mistake, named by `argument`.
 */
export function segment(id: string, argument: string): string {
  if (id === '') throw new BadUserInputError(`Argument "${argument}" must not be empty.`);
  const encoded = encodeURIComponent(id);
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}
