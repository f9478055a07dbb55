import type { CallKind } from '../errors/from-graph';
import { badResponseError, type ReplyMeta } from '../graph/envelope';
import type { Logger } from '../observability/logger';
import { fromGraphManagedAppRegistration } from '../normalize/managed-app-registration';
import { fromGraphMobileAppInstallStatus } from '../normalize/mobile-app-install-status';
import type { ManagedAppRegistrationModel, MobileAppInstallStatusModel } from '../normalize/models';
import { UnreadableBodyError, type UnknownValueHandler } from '../normalize/reader';

/** Enum values already reported as unknown, so each is logged once per process. */
const reportedUnknown = new Set<string>();

/** Each logger's handler, made once: not a closure per entity read (45 of them for one `_entities`). */
const handlers = new WeakMap<Logger, UnknownValueHandler>();

function logUnknownOnce(log: Logger): UnknownValueHandler {
  let handler = handlers.get(log);
  if (handler === undefined) {
    handler = (enumName, value) => {
      const id = `${enumName}:${value}`;
      if (reportedUnknown.has(id)) return;
      reportedUnknown.add(id);
      log.warn({ enum: enumName, value }, 'Graph sent an enum value this gateway does not know; it is returned as UNKNOWN_FUTURE_VALUE');
    };
    handlers.set(log, handler);
  }
  return handler;
}

/**
 * Runs a normalize converter over a body of the reply `meta` describes: a
 * body normalize cannot read becomes UPSTREAM_BAD_RESPONSE with the reply's
 * details (for a create, saying that Graph did act), unknown enum values are
 * logged once.
 */
function readReply<T>(meta: ReplyMeta, kind: CallKind, log: Logger, convert: (onUnknown: UnknownValueHandler) => T): T {
  try {
    return convert(logUnknownOnce(log));
  } catch (error) {
    if (error instanceof UnreadableBodyError) throw badResponseError(meta, meta.clientRequestId, kind, error.what);
    throw error;
  }
}

/** One registration from a body of the reply `meta` (a create's answer, a read, a list item). */
export function readRegistration(body: unknown, meta: ReplyMeta, kind: CallKind, log: Logger): ManagedAppRegistrationModel {
  return readReply(meta, kind, log, (onUnknown) => fromGraphManagedAppRegistration(body, onUnknown));
}

/** One install status of `mobileAppId` from a body of the reply `meta`. */
export function readInstallStatus(body: unknown, mobileAppId: string, meta: ReplyMeta, kind: CallKind, log: Logger): MobileAppInstallStatusModel {
  return readReply(meta, kind, log, (onUnknown) => fromGraphMobileAppInstallStatus(body, mobileAppId, onUnknown));
}
