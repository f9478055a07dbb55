import { ErrorCode } from './codes';
import { GatewayError, type GraphErrorInfo } from './gateway-error';

/** A read may be repeated; a create must never be made twice (contract §7). */
export type CallKind = 'read' | 'create';

function label(info: GraphErrorInfo): string {
  return info.code ? `${info.status} ${info.code}` : String(info.status);
}

/**
 * The one place where a Graph HTTP status becomes a contract error code
 * (api-contract.md §6). `retries` is how many retries were spent (for 429).
 */
export function errorFromGraphStatus(info: GraphErrorInfo, kind: CallKind, retries = 0): GatewayError {
  const status = info.status ?? 0;
  switch (status) {
    case 400:
      return new GatewayError(ErrorCode.BAD_USER_INPUT, `Microsoft Graph rejected the request as invalid (${label(info)}).`, info);
    case 401:
      return new GatewayError(ErrorCode.UNAUTHENTICATED, `Microsoft Graph did not accept the bearer token (${label(info)}).`, info);
    case 403:
      return new GatewayError(
        ErrorCode.FORBIDDEN,
        `Microsoft Graph denied the request (${label(info)}): the token needs DeviceManagementApps permissions and the tenant an Intune licence.`,
        info,
      );
    case 404:
      return new GatewayError(ErrorCode.NOT_FOUND, `Microsoft Graph found no such resource (${label(info)}).`, info);
    case 409:
      return new GatewayError(ErrorCode.CONFLICT, `Microsoft Graph reported a conflict (${label(info)}).`, info);
    case 429:
      return new GatewayError(
        ErrorCode.UPSTREAM_THROTTLED,
        `Microsoft Graph throttled the request (${label(info)}) and it was still throttled after ${retries} ${retries === 1 ? 'retry' : 'retries'}. Retry later.`,
        info,
      );
  }
  if (status >= 500 && status <= 599) {
    // Graph certainly did not act on 500 and 503; on 502, 504 and the rest a
    // proxy may have lost the answer of a create that was carried out.
    if (kind === 'create' && status !== 500 && status !== 503) {
      return new GatewayError(
        ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
        `Microsoft Graph answered ${label(info)} to a create: the record may or may not exist. Check before retrying.`,
        info,
      );
    }
    return new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `Microsoft Graph is unavailable (${label(info)}).`, info);
  }
  if (status >= 400 && status <= 499) {
    return new GatewayError(ErrorCode.BAD_USER_INPUT, `Microsoft Graph rejected the request (${label(info)}).`, info);
  }
  return new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `Microsoft Graph answered with an unexpected status (${label(info)}).`, info);
}
