// Maps a relative path to the resource it names. Literal segments compare case-insensitively (Graph's navigation
// names do); key segments are percent-decoded exactly once and kept whole.

export type RegistrationScope =
  | { kind: 'deviceAppManagement' }
  | { kind: 'root' }
  | { kind: 'user'; userId: string };

export type Route =
  | { kind: 'batch' }
  | { kind: 'registrations'; scope: RegistrationScope; id?: string }
  | { kind: 'mobileApps'; appId?: string }
  | { kind: 'userStatuses'; appId: string; userStatusId?: string }
  | { kind: 'installStatuses'; appId: string; userStatusId?: string; id?: string }
  /** A real Graph resource the emulator does not model (the service root, /users/{id}, /me…). */
  | { kind: 'notImplemented' }
  | { kind: 'unknownSegment'; segment: string }
  | { kind: 'badEncoding'; segment: string };

/** Resolves a relative path (see Target.relativePath) to a Route. */
export function routeOf(relativePath: string): Route {
  if (relativePath === '') return { kind: 'notImplemented' };
  const segments: string[] = [];
  for (const raw of relativePath.slice(1).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return { kind: 'badEncoding', segment: raw };
    }
    // An empty key would silently address the collection instead; Graph refuses it.
    if (decoded === '') return { kind: 'unknownSegment', segment: '' };
    segments.push(decoded);
  }
  return walk(segments);
}

function walk(s: readonly string[]): Route {
  const unknown = (i: number): Route => ({ kind: 'unknownSegment', segment: s[i] });
  if (is(s[0], '$batch')) return s.length === 1 ? { kind: 'batch' } : unknown(1);
  if (is(s[0], 'managedAppRegistrations')) return registrations({ kind: 'root' }, s, 1);
  if (is(s[0], 'me')) return { kind: 'notImplemented' };
  if (is(s[0], 'users')) {
    if (s.length <= 2) return { kind: 'notImplemented' };
    if (is(s[2], 'managedAppRegistrations')) return registrations({ kind: 'user', userId: s[1] }, s, 3);
    return unknown(2);
  }
  if (is(s[0], 'deviceAppManagement')) {
    if (s.length === 1) return { kind: 'notImplemented' };
    if (is(s[1], 'managedAppRegistrations')) return registrations({ kind: 'deviceAppManagement' }, s, 2);
    if (is(s[1], 'mobileApps')) return mobileApps(s);
    return unknown(1);
  }
  return unknown(0);
}

function registrations(scope: RegistrationScope, s: readonly string[], at: number): Route {
  if (s.length === at) return { kind: 'registrations', scope };
  if (s.length === at + 1) return { kind: 'registrations', scope, id: s[at] };
  return { kind: 'unknownSegment', segment: s[at + 1] };
}

// s = ['deviceAppManagement', 'mobileApps', appId?, ...]
function mobileApps(s: readonly string[]): Route {
  if (s.length === 2) return { kind: 'mobileApps' };
  const appId = s[2];
  if (s.length === 3) return { kind: 'mobileApps', appId };
  if (is(s[3], 'deviceStatuses')) return installStatuses(appId, undefined, s, 4);
  if (!is(s[3], 'userStatuses')) return { kind: 'unknownSegment', segment: s[3] };
  if (s.length === 4) return { kind: 'userStatuses', appId };
  const userStatusId = s[4];
  if (s.length === 5) return { kind: 'userStatuses', appId, userStatusId };
  if (is(s[5], 'deviceStatuses')) return installStatuses(appId, userStatusId, s, 6);
  return { kind: 'unknownSegment', segment: s[5] };
}

function installStatuses(appId: string, userStatusId: string | undefined, s: readonly string[], at: number): Route {
  if (s.length === at) return { kind: 'installStatuses', appId, userStatusId };
  if (s.length === at + 1) return { kind: 'installStatuses', appId, userStatusId, id: s[at] };
  return { kind: 'unknownSegment', segment: s[at + 1] };
}

function is(segment: string, literal: string): boolean {
  return segment.toLowerCase() === literal.toLowerCase();
}
