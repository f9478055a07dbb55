import type { MobileAppInstallStatusInput } from '../__generated__/resolvers-types';
import { BadUserInputError } from '../errors/gateway-error';
import type { ReplyMeta } from '../graph/envelope';
import type { Logger } from '../server/logger';
import { ResultantAppState, ResultantAppStateDetail } from './enums';
import type { MobileAppInstallStatusModel } from './models';
import { entityOdataType } from './odata-type';
import { GraphObjectReader, knownValues } from './reader';

export type GraphMobileAppInstallStatusBody = Record<string, unknown>;

const PLAIN_INPUT_KEYS = [
  'deviceName',
  'deviceId',
  'lastSyncDateTime',
  'mobileAppInstallStatusValue',
  'errorCode',
  'osVersion',
  'osDescription',
  'userName',
  'userPrincipalName',
] as const;

const STATES = knownValues(ResultantAppState);
const DETAILS = knownValues(ResultantAppStateDetail);

/** The create body: `@odata.type`, Graph's enum spelling, and only what the caller gave. */
export function toGraphMobileAppInstallStatus(input: MobileAppInstallStatusInput): GraphMobileAppInstallStatusBody {
  if (input.mobileAppInstallStatusValue === ResultantAppState.UNKNOWN_FUTURE_VALUE) {
    throw new BadUserInputError(
      'Argument "input.mobileAppInstallStatusValue" cannot be UNKNOWN_FUTURE_VALUE: it only stands for values Graph adds later.',
    );
  }
  const body: GraphMobileAppInstallStatusBody = { '@odata.type': entityOdataType('mobileAppInstallStatus') };
  for (const key of PLAIN_INPUT_KEYS) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  return body;
}

/**
 * Normalizes one install status from Graph. `mobileAppId` comes from the
 * request path; Graph's newer `installState` fills `mobileAppInstallStatusValue`
 * when that is missing.
 */
export function fromGraphMobileAppInstallStatus(
  body: unknown,
  mobileAppId: string,
  meta: ReplyMeta,
  kind: 'read' | 'create',
  log: Logger,
): MobileAppInstallStatusModel {
  const r = GraphObjectReader.of(body, meta, kind, log, 'mobileAppInstallStatus');
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
