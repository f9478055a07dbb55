// src/normalize/enums.ts is the one mapping between GraphQL enum names and Graph's spellings; the schema uses its
// values as the enums' internal values, so graphql-js converts both ways. These tables run the real schema's enums.
// (Which members Graph has is test/metadata's job.)
import { GraphQLEnumType, Kind } from 'graphql';
import { ManagedAppFlaggedReason, ManagedAppRegistrationCollection, ResultantAppState, ResultantAppStateDetail } from '../../src/normalize/enums';
import { buildGatewaySchema } from '../../src/schema/load';
import { readSchemaSdl } from '../helpers/project';

const schema = buildGatewaySchema(readSchemaSdl());

function enumType(name: string): GraphQLEnumType {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum of the schema`);
  return type;
}

/** What a conversion gives: the value, or graphql-js's message. */
function outcome(convert: () => unknown): unknown {
  try {
    return { value: convert() };
  } catch (error) {
    return { message: (error as Error).message };
  }
}

/** rootedDevice → ROOTED_DEVICE: the rule every name follows. */
function screamingSnake(graphSpelling: string): string {
  return graphSpelling.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

const TABLES = {
  ManagedAppFlaggedReason,
  ResultantAppState,
  ResultantAppStateDetail,
  ManagedAppRegistrationCollection,
} as const;

describe('each GraphQL name is its Graph spelling in SCREAMING_SNAKE_CASE, and the schema has exactly these', () => {
  test.each(Object.entries(TABLES).map(([name, table]) => [name, Object.keys(table).length, table] as const))('%s (%i members)', (name, _count, table) => {
    for (const [graphqlName, graphSpelling] of Object.entries(table)) expect([graphqlName, screamingSnake(graphSpelling)]).toEqual([graphqlName, graphqlName]);
    expect(enumType(name).getValues().map((v) => [v.name, v.value])).toEqual(Object.entries(table));
  });

  test('the tables have the sizes of graph-facts §1.4, §3.2 and §3.3, each with the sentinel, and the two collections', () => {
    expect(Object.fromEntries(Object.entries(TABLES).map(([name, table]) => [name, Object.keys(table).length]))).toEqual({
      ManagedAppFlaggedReason: 5,
      ResultantAppState: 8,
      ResultantAppStateDetail: 37,
      ManagedAppRegistrationCollection: 2,
    });
  });
});

describe('conversions through the schema', () => {
  test.each<[string, string, string]>([
    ['ManagedAppFlaggedReason', 'NONE', 'none'],
    ['ManagedAppFlaggedReason', 'ROOTED_DEVICE', 'rootedDevice'],
    ['ManagedAppFlaggedReason', 'ANDROID_FACTORY_ROM_MODIFIED', 'androidFactoryRomModified'],
    ['ManagedAppFlaggedReason', 'UNKNOWN_FUTURE_VALUE', 'unknownFutureValue'],
    ['ResultantAppState', 'NOT_APPLICABLE', 'notApplicable'],
    ['ResultantAppState', 'PENDING_INSTALL', 'pendingInstall'],
    ['ResultantAppState', 'UNKNOWN', 'unknown'],
    ['ResultantAppStateDetail', 'IOS_APP_STORE_UPDATE_FAILED_TO_INSTALL', 'iosAppStoreUpdateFailedToInstall'],
    ['ResultantAppStateDetail', 'VPP_APP_HAS_UPDATE_AVAILABLE', 'vppAppHasUpdateAvailable'],
    ['ResultantAppStateDetail', 'POWER_SHELL_SCRIPT_REQUIREMENT_NOT_MET', 'powerShellScriptRequirementNotMet'],
    ['ResultantAppStateDetail', 'USER_IS_NOT_LOGGED_INTO_APP_STORE', 'userIsNotLoggedIntoAppStore'],
    ['ManagedAppRegistrationCollection', 'DEVICE_APP_MANAGEMENT', 'deviceAppManagement'],
    ['ManagedAppRegistrationCollection', 'ROOT', 'root'],
  ])('%s: %s ↔ %s', (name, graphqlName, graphSpelling) => {
    const type = enumType(name);
    expect([
      outcome(() => type.serialize(graphSpelling)),
      outcome(() => type.parseValue(graphqlName)),
      outcome(() => type.parseLiteral({ kind: Kind.ENUM, value: graphqlName }, undefined)),
    ]).toEqual([{ value: graphqlName }, { value: graphSpelling }, { value: graphSpelling }]);
  });

  const flagged = enumType('ManagedAppFlaggedReason');
  test.each<[string, () => unknown, string]>([
    ['an output value Graph never defined', () => flagged.serialize('jailbroken'), 'Enum "ManagedAppFlaggedReason" cannot represent value: "jailbroken"'],
    ['the GraphQL name as an output value', () => flagged.serialize('ROOTED_DEVICE'), 'Enum "ManagedAppFlaggedReason" cannot represent value: "ROOTED_DEVICE"'],
    ['a number as an output value', () => flagged.serialize(1), 'Enum "ManagedAppFlaggedReason" cannot represent value: 1'],
    [
      'Graph\'s spelling as an input',
      () => flagged.parseValue('rootedDevice'),
      'Value "rootedDevice" does not exist in "ManagedAppFlaggedReason" enum. Did you mean the enum value "ROOTED_DEVICE"?',
    ],
    ['an unknown input', () => flagged.parseValue('JAILBROKEN'), 'Value "JAILBROKEN" does not exist in "ManagedAppFlaggedReason" enum.'],
    ['a number as an input', () => flagged.parseValue(1), 'Enum "ManagedAppFlaggedReason" cannot represent non-string value: 1.'],
    ['a string literal', () => flagged.parseLiteral({ kind: Kind.STRING, value: 'ROOTED_DEVICE' }, undefined), 'Enum "ManagedAppFlaggedReason" cannot represent non-enum value: "ROOTED_DEVICE". Did you mean the enum value "ROOTED_DEVICE"?'],
  ])('refuses %s', (_what, convert, message) => {
    expect(outcome(convert)).toEqual({ message });
  });
});
