import type { ManagedAppRegistrationInput, MobileAppIdentifierInput } from '../__generated__/resolvers-types';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { ManagedAppFlaggedReason } from './enums';
import type { ManagedAppRegistrationModel, MobileAppIdentifierModel } from './models';
import {
  complexOdataType,
  entityOdataType,
  graphTypeName,
  IDENTIFIER_GRAPH_TYPES,
  identifierModel,
  type IdentifierKind,
  REGISTRATION_GRAPH_TYPE_BY_KIND,
  registrationTypename,
} from './odata-type';
import { refuseExplicitNulls } from './input-rules';
import { GraphObjectReader, knownValues, type UnknownValueHandler } from './reader';

/** The JSON body of a create, as Graph wants it. */
export type GraphManagedAppRegistrationBody = Record<string, unknown>;

/** Plain input fields copied as given (same names in GraphQL and Graph). */
export const REGISTRATION_PLAIN_INPUT_KEYS = [
  'lastSyncDateTime',
  'applicationVersion',
  'managementSdkVersion',
  'platformVersion',
  'deviceType',
  'deviceTag',
  'deviceName',
  'userId',
  'version',
  'managedDeviceId',
  'azureADDeviceId',
  'deviceModel',
  'deviceManufacturer',
] as const;

/** The input fields Graph declares Nullable="false" on managedAppRegistration (graph-facts §1.1, §11). */
export const REGISTRATION_NON_NULLABLE_INPUTS = ['lastSyncDateTime', 'flaggedReasons'] as const;

const FLAGGED_REASONS = knownValues(ManagedAppFlaggedReason);

function identifierKind(identifier: MobileAppIdentifierInput): IdentifierKind {
  if (identifier.android) return 'android';
  if (identifier.ios) return 'ios';
  if (identifier.mac) return 'mac';
  return 'windows';
}

function toGraphIdentifier(identifier: MobileAppIdentifierInput): Record<string, unknown> {
  const kind = identifierKind(identifier);
  const value = identifier[kind] as Readonly<Record<string, unknown>>;
  return { '@odata.type': complexOdataType(IDENTIFIER_GRAPH_TYPES[kind]), ...value };
}

/**
 * The create body: `@odata.type` of the subtype the identifier implies (the
 * base type without one), Graph's enum spellings, and only the properties
 * the caller gave (an explicit null is sent as null where Graph allows it;
 * for a non-nullable property it is BAD_USER_INPUT). `patchVersion` exists
 * only on androidManagedAppRegistration, so it needs an Android identifier.
 */
export function toGraphManagedAppRegistration(input: ManagedAppRegistrationInput): GraphManagedAppRegistrationBody {
  refuseExplicitNulls(input, REGISTRATION_NON_NULLABLE_INPUTS, 'managedAppRegistration');
  const identifier = input.appIdentifier;
  const kind = identifier ? identifierKind(identifier) : undefined;
  if (input.patchVersion !== undefined && kind !== 'android') {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      'Argument "input.patchVersion" needs an Android identifier ("input.appIdentifier.android"): ' +
        'Graph has patchVersion on androidManagedAppRegistration only.',
    );
  }
  const typeName = kind ? REGISTRATION_GRAPH_TYPE_BY_KIND[kind] : 'managedAppRegistration';
  const body: GraphManagedAppRegistrationBody = { '@odata.type': entityOdataType(typeName) };
  for (const key of REGISTRATION_PLAIN_INPUT_KEYS) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  if (input.patchVersion !== undefined) body.patchVersion = input.patchVersion;
  if (input.flaggedReasons !== undefined) {
    if (input.flaggedReasons?.includes(ManagedAppFlaggedReason.UNKNOWN_FUTURE_VALUE)) {
      throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'Argument "input.flaggedReasons" cannot contain UNKNOWN_FUTURE_VALUE: it only stands for values Graph adds later.');
    }
    body.flaggedReasons = input.flaggedReasons;
  }
  if (identifier !== undefined) body.appIdentifier = identifier === null ? null : toGraphIdentifier(identifier);
  return body;
}

function fromGraphIdentifier(reader: GraphObjectReader | null): MobileAppIdentifierModel | null {
  if (reader === null) return null;
  return identifierModel(graphTypeName(reader.raw('@odata.type')), (key) => reader.string(key));
}

/** Normalizes one registration from Graph (a create's answer or a read); throws UnreadableBodyError. */
export function fromGraphManagedAppRegistration(body: unknown, onUnknown: UnknownValueHandler): ManagedAppRegistrationModel {
  const r = GraphObjectReader.of(body, onUnknown, 'managedAppRegistration');
  const typename = registrationTypename(r.raw('@odata.type'));
  const userId = r.string('userId');
  return {
    __typename: typename,
    id: r.requiredString('id'),
    createdDateTime: r.string('createdDateTime'),
    lastSyncDateTime: r.string('lastSyncDateTime'),
    applicationVersion: r.string('applicationVersion'),
    managementSdkVersion: r.string('managementSdkVersion'),
    platformVersion: r.string('platformVersion'),
    deviceType: r.string('deviceType'),
    deviceTag: r.string('deviceTag'),
    deviceName: r.string('deviceName'),
    managedDeviceId: r.string('managedDeviceId'),
    azureADDeviceId: r.string('azureADDeviceId'),
    deviceModel: r.string('deviceModel'),
    deviceManufacturer: r.string('deviceManufacturer'),
    flaggedReasons: r.enumList<ManagedAppFlaggedReason>('flaggedReasons', FLAGGED_REASONS, 'managedAppFlaggedReason'),
    userId,
    user: userId === null ? null : { id: userId },
    appIdentifier: fromGraphIdentifier(r.object_('appIdentifier')),
    version: r.string('version'),
    patchVersion: typename === 'AndroidManagedAppRegistration' ? r.string('patchVersion') : null,
  };
}
