// schema.graphql, the emulator's entity model and src/normalize's tables against Microsoft's published metadata
// (the digests in this folder; provenance in each). One allow-list: ALLOWED in check-model.ts.
import { registrationPath, registrationsPath } from '../../src/graph/endpoints/managed-app-registrations';
import { deviceStatusesPath, deviceStatusPath } from '../../src/graph/endpoints/mobile-app-install-statuses';
import {
  INSTALL_STATUS_TYPE,
  APP_IDENTIFIER_TYPES,
  MANAGED_APP_FLAGGED_REASON,
  REGISTRATION_TYPES,
  RESULTANT_APP_STATE,
  RESULTANT_APP_STATE_DETAIL,
} from '../../src/emulator/graph/entity-model';
import { mobileAppEntity, SEEDED_MOBILE_APPS } from '../../src/emulator/graph/seed';
import { ManagedAppFlaggedReason, ResultantAppState, ResultantAppStateDetail } from '../../src/normalize/enums';
import { REGISTRATION_NON_NULLABLE_INPUTS } from '../../src/normalize/managed-app-registration';
import { INSTALL_STATUS_NON_NULLABLE_INPUTS } from '../../src/normalize/mobile-app-install-status';
import { IDENTIFIER_GRAPH_TYPES, REGISTRATION_GRAPH_TYPE_BY_KIND, registrationTypename } from '../../src/normalize/odata-type';
import { buildGatewaySchema } from '../../src/schema/load';
import { readSchemaSdl } from '../helpers/project';
import { NOT_IN_CURRENT_GRAPH_BETA } from '../../src/server/live-graph-notice';
import { ALLOWED, checkModel, type GatewayRoute, type Metadata, type ModelSubject } from './check-model';
import typeMappings from './beta-type-mappings.json';
import csdl from './beta-csdl-2021.json';
import typings from './beta-typings-2025.json';

const METADATA: Metadata = { typeMappings, csdl, typings } as Metadata;

/** Every Graph call the gateway makes, from the endpoint functions themselves (their route templates). */
const ROUTES: GatewayRoute[] = [
  { operation: 'createManagedAppRegistration', method: 'POST', route: registrationsPath({ collection: 'deviceAppManagement' }).route },
  { operation: 'createManagedAppRegistration(collection: ROOT)', method: 'POST', route: registrationsPath({ collection: 'root' }).route },
  { operation: 'createManagedAppRegistration(userId)', method: 'POST', route: registrationsPath({ userId: 'u' }).route },
  { operation: 'managedAppRegistrations', method: 'GET', route: registrationsPath({ collection: 'deviceAppManagement' }).route },
  { operation: 'managedAppRegistrations(userId), User.managedAppRegistrations', method: 'GET', route: registrationsPath({ userId: 'u' }).route },
  { operation: 'managedAppRegistration, ManagedAppRegistration entity references', method: 'GET', route: registrationPath('r').route },
  { operation: 'createMobileAppInstallStatus', method: 'POST', route: deviceStatusesPath('a', null).route },
  { operation: 'createMobileAppInstallStatus(userAppInstallStatusId)', method: 'POST', route: deviceStatusesPath('a', 's').route },
  { operation: 'mobileAppInstallStatuses, MobileApp.deviceStatuses', method: 'GET', route: deviceStatusesPath('a', null).route },
  { operation: 'mobileAppInstallStatuses(userAppInstallStatusId)', method: 'GET', route: deviceStatusesPath('a', 's').route },
  { operation: 'mobileAppInstallStatus, MobileAppInstallStatus entity references', method: 'GET', route: deviceStatusPath('a', 'i').route },
];

function currentSubject(sdl: string = readSchemaSdl()): ModelSubject {
  return {
    schema: buildGatewaySchema(sdl),
    emulator: {
      registrationTypes: REGISTRATION_TYPES,
      installStatusType: INSTALL_STATUS_TYPE,
      appIdentifierTypes: APP_IDENTIFIER_TYPES,
      enums: {
        managedAppFlaggedReason: MANAGED_APP_FLAGGED_REASON,
        resultantAppState: RESULTANT_APP_STATE,
        resultantAppStateDetail: RESULTANT_APP_STATE_DETAIL,
      },
      mobileAppKeys: [...new Set(SEEDED_MOBILE_APPS.flatMap((app) => Object.keys(mobileAppEntity(app))))],
    },
    normalize: {
      enums: {
        managedAppFlaggedReason: ManagedAppFlaggedReason,
        resultantAppState: ResultantAppState,
        resultantAppStateDetail: ResultantAppStateDetail,
      },
      identifierGraphTypes: IDENTIFIER_GRAPH_TYPES,
      registrationTypeByKind: REGISTRATION_GRAPH_TYPE_BY_KIND,
      registrationTypename,
      nonNullableInputs: {
        managedAppRegistration: REGISTRATION_NON_NULLABLE_INPUTS,
        mobileAppInstallStatus: INSTALL_STATUS_NON_NULLABLE_INPUTS,
      },
    },
    routes: ROUTES,
  };
}

describe('the gateway against Microsoft Graph beta metadata', () => {
  it('agrees with it, except for the allow-listed disagreements, each of which still occurs', () => {
    expect(checkModel(currentSubject(), METADATA)).toEqual({ unexpected: [], staleAllowances: [] });
  });

  it('the startup warning names exactly the allow-listed routes that current Graph beta lacks', () => {
    const allowedPaths = [...ALLOWED.keys()].filter((a) => a.startsWith('path: ')).map((a) => a.slice('path: '.length).split(':')[0]);
    const warned = NOT_IN_CURRENT_GRAPH_BETA.map((o) => `${o.method} ${o.route}`);
    expect([...warned].sort()).toEqual([...allowedPaths].sort());
    const operationsOf = (m: string, r: string) => ROUTES.filter((x) => x.method === m && x.route === r).map((x) => x.operation);
    for (const o of NOT_IN_CURRENT_GRAPH_BETA) expect([o.operation]).toEqual(operationsOf(o.method, o.route));
  });
});

describe('the check fails on a broken copy', () => {
  const mutate = (change: (m: Metadata) => void): Metadata => {
    const copy = structuredClone(METADATA);
    change(copy);
    return copy;
  };

  it('a property misspelt in schema.graphql', () => {
    // The input's deviceModel is the one followed by deviceManufacturer and then patchVersion's block description.
    const field = 'deviceModel: String\n  "The device manufacturer (beta)."\n  deviceManufacturer: String\n  """';
    const sdl = readSchemaSdl().replace(field, field.replace('deviceModel', 'deviceModle'));
    expect(sdl).not.toBe(readSchemaSdl());
    expect(checkModel(currentSubject(sdl), METADATA).unexpected).toEqual([
      'schema: ManagedAppRegistrationInput lacks managedAppRegistration.deviceModel',
      'schema: ManagedAppRegistrationInput.deviceModle is not in managedAppRegistration or its subtypes',
    ]);
  });

  it('an enum member Graph added that the gateway lacks', () => {
    const broken = mutate((m) => m.typeMappings.enumTypes.resultantAppState!.push('installPending2027'));
    expect(checkModel(currentSubject(), broken).unexpected).toEqual([
      'emulator: enum resultantAppState lacks installPending2027',
      'normalize: enum resultantAppState lacks installPending2027',
      'schema: enum ResultantAppState lacks INSTALL_PENDING2027',
    ]);
  });

  it('a property Graph removed, a nullability Graph changed, a subtype Graph added', () => {
    const broken = mutate((m) => {
      const status = m.typeMappings.entityTypes.mobileAppInstallStatus!;
      status.properties = status.properties!.filter((p) => p !== 'osDescription');
      m.typings.interfaces.mobileAppInstallStatus!.members.find((p) => p.name === 'deviceId')!.nullable = false;
      m.typeMappings.entityTypesNamedLike['*ManagedAppRegistration']!.push('macManagedAppRegistration');
      m.typings.derivedTypes.managedAppRegistration!.push('macManagedAppRegistration');
      m.typeMappings.entityTypes.macManagedAppRegistration = { properties: [], navigationProperties: [] };
    });
    expect(checkModel(currentSubject(), broken).unexpected).toEqual([
      'emulator: microsoft.graph.mobileAppInstallStatus has property osDescription, which is not in mobileAppInstallStatus',
      "emulator: microsoft.graph.mobileAppInstallStatus.deviceId is nullable, Graph's is not",
      'emulator: refuses registrations of microsoft.graph.macManagedAppRegistration',
      'metadata: mobileAppInstallStatus.deviceId is nullable in the 2021 CSDL but not in the 2025 typings',
      'metadata: mobileAppInstallStatus.osDescription is in the 2021 CSDL but not in the current names',
      'normalize: @odata.type #microsoft.graph.macManagedAppRegistration is read as GenericManagedAppRegistration',
      'normalize: sends an explicit null for mobileAppInstallStatus.deviceId, which Graph declares non-nullable',
      'schema: MobileAppInstallStatus.osDescription is not in mobileAppInstallStatus',
      'schema: MobileAppInstallStatusInput.osDescription is not in mobileAppInstallStatus',
      'schema: no type for managedAppRegistration subtype macManagedAppRegistration',
    ]);
  });

  it('a property type Graph changed, and an enum member renamed', () => {
    const broken = mutate((m) => {
      const props = m.csdl.types.mobileAppInstallStatus!.properties as Array<{ name: string; type: string }>;
      props.find((p) => p.name === 'errorCode')!.type = 'Edm.Int64';
      const members = m.typeMappings.enumTypes.managedAppFlaggedReason!;
      members[members.indexOf('rootedDevice')] = 'rootedDevise';
    });
    expect(checkModel(currentSubject(), broken).unexpected).toEqual([
      'emulator: enum managedAppFlaggedReason has rootedDevice, which is not a member',
      'emulator: enum managedAppFlaggedReason lacks rootedDevise',
      'emulator: microsoft.graph.mobileAppInstallStatus.errorCode is Edm.Int32, Graph has Edm.Int64',
      'metadata: enum managedAppFlaggedReason.rootedDevice is in the 2021 CSDL but not in the current names',
      'normalize: enum managedAppFlaggedReason has rootedDevice, which is not a member',
      'normalize: enum managedAppFlaggedReason lacks rootedDevise',
      'schema: enum ManagedAppFlaggedReason has ROOTED_DEVICE, which is not a member',
      'schema: enum ManagedAppFlaggedReason lacks ROOTED_DEVISE',
    ]);
  });

  it('an allowance that no longer matches anything is reported', () => {
    const broken = mutate((m) => m.csdl.entityContainer.entitySets.push({ name: 'managedAppRegistrations', type: 'microsoft.graph.managedAppRegistration' }));
    expect(checkModel(currentSubject(), broken)).toEqual({
      unexpected: [],
      staleAllowances: [
        "path: POST /managedAppRegistrations: 'managedAppRegistrations' is no entity set or singleton",
        'path: POST /users/{userId}/managedAppRegistrations: creates through the non-contained navigation user.managedAppRegistrations, and no entity set holds managedAppRegistration',
      ],
    });
  });
});
