// Splits a request target into the pieces routing, fault matching and link building need, without decoding anything:
// segments are decoded once, later, by the router, so that 'a%2Fb' stays one segment.

export interface Target {
  /**
   * Path relative to basePath, query excluded, one trailing slash removed, still percent-encoded ('' for the service
   * root); undefined when the request is not under basePath.
   */
  relativePath: string | undefined;
  /** The path fault rules are matched against: relativePath, or the whole path when outside basePath. */
  faultPath: string;
  /** Query string without the '?', still encoded. */
  query: string;
}

/** Parses req.url of a top-level request against the emulator's basePath (compared case-insensitively, like Graph's version segment). */
export function parseTopLevelTarget(rawUrl: string, basePath: string): Target {
  const { path, query } = splitQuery(rawUrl);
  const lowerPath = path.toLowerCase();
  const lowerBase = basePath.toLowerCase();
  if (lowerPath === lowerBase || lowerPath.startsWith(`${lowerBase}/`)) {
    const relativePath = dropTrailingSlash(path.slice(basePath.length));
    return { relativePath, faultPath: relativePath, query };
  }
  return { relativePath: undefined, faultPath: dropTrailingSlash(path), query };
}

/** Parses a $batch item's url, which is already relative to the version segment ('/users/x' or 'users/x'). */
export function parseBatchItemTarget(url: string): Target {
  const { path, query } = splitQuery(url);
  const relativePath = dropTrailingSlash(path.startsWith('/') ? path : `/${path}`);
  return { relativePath, faultPath: relativePath, query };
}

function splitQuery(rawUrl: string): { path: string; query: string } {
  const q = rawUrl.indexOf('?');
  return q < 0 ? { path: rawUrl, query: '' } : { path: rawUrl.slice(0, q), query: rawUrl.slice(q + 1) };
}

// Only one slash goes: '/x//' keeps an empty last segment, which the router rejects like Graph does.
function dropTrailingSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}
