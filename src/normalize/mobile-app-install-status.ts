import type { MobileAppInstallStatusInput } from '../__generated__/resolvers-types';
import { ResultantAppState, ResultantAppStateDetail } from './enums';
import type { MobileAppInstallStatusModel } from './models';
import { entityOdataType } from './odata-type';
import { refuseExplicitNulls, refuseUnknownFutureValue } from './input-rules';
import { GraphObjectReader, knownValues, type UnknownValueHandler } from './reader';

export type GraphMobileAppInstallStatusBody = Record<string, unknown>;

/** Input fields copied as given (same names in GraphQL and Graph; enums already in Graph's spelling). */
export const INSTALL_STATUS_INPUT_KEYS = [
  'deviceName',
  'deviceId',
  'lastSyncDateTime',
  'mobileAppInstallStatusValue',
  'installState',
  'installStateDetail',
  'errorCode',
  'osVersion',
  'osDescription',
  'userName',
  'userPrincipalName',
  'displayVersion',
] as const;

/** The input fields Graph declares Nullable="false" on mobileAppInstallStatus (graph-facts §3.1, §11). */
export const INSTALL_STATUS_NON_NULLABLE_INPUTS = [
  'lastSyncDateTime',
  'mobileAppInstallStatusValue',
  'installState',
  'installStateDetail',
  'errorCode',
] as const;

const STATES = knownValues(ResultantAppState);
const DETAILS = knownValues(ResultantAppStateDetail);

/**
 * The create body: `@odata.type`, Graph's enum spelling, and only what the
 * caller gave. An explicit null for a non-nullable property, or
 * UNKNOWN_FUTURE_VALUE, is BAD_USER_INPUT.
 */
export function toGraphMobileAppInstallStatus(input: MobileAppInstallStatusInput): GraphMobileAppInstallStatusBody {
  refuseExplicitNulls(input, INSTALL_STATUS_NON_NULLABLE_INPUTS, 'mobileAppInstallStatus');
  refuseUnknownFutureValue('mobileAppInstallStatusValue', input.mobileAppInstallStatusValue, ResultantAppState.UNKNOWN_FUTURE_VALUE);
  refuseUnknownFutureValue('installState', input.installState, ResultantAppState.UNKNOWN_FUTURE_VALUE);
  refuseUnknownFutureValue('installStateDetail', input.installStateDetail, ResultantAppStateDetail.UNKNOWN_FUTURE_VALUE);
  const body: GraphMobileAppInstallStatusBody = { '@odata.type': entityOdataType('mobileAppInstallStatus') };
  for (const key of INSTALL_STATUS_INPUT_KEYS) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  return body;
}

/**
 * Normalizes one install status from Graph. `mobileAppId` comes from the
 * request path; Graph's newer `installState` fills `mobileAppInstallStatusValue`
 * when that is missing. Throws UnreadableBodyError.
 */
export function fromGraphMobileAppInstallStatus(body: unknown, mobileAppId: string, onUnknown: UnknownValueHandler): MobileAppInstallStatusModel {
  const r = GraphObjectReader.of(body, onUnknown, 'mobileAppInstallStatus');
  const installState = r.enumValue<ResultantAppState>('installState', STATES, 'resultantAppState');
  return {
    id: r.requiredString('id'),
    mobileAppId,
    deviceName: r.string('deviceName'),
    deviceId: r.string('deviceId'),
    lastSyncDateTime: r.string('lastSyncDateTime'),
    mobileAppInstallStatusValue: r.enumValue<ResultantAppState>('mobileAppInstallStatusValue', STATES, 'resultantAppState') ?? installState,
    installState,
    installStateDetail: r.enumValue<ResultantAppStateDetail>('installStateDetail', DETAILS, 'resultantAppStateDetail'),
    errorCode: r.int32('errorCode'),
    osVersion: r.string('osVersion'),
    osDescription: r.string('osDescription'),
    userName: r.string('userName'),
    userPrincipalName: r.string('userPrincipalName'),
    displayVersion: r.string('displayVersion'),
  };
}
