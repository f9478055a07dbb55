// Contract §5: the gateway is an Apollo Federation 2 subgraph. Its SDL, as served by `_service { sdl }`, must compose
// into a supergraph, alone and together with another team's subgraph that owns the entities it extends.
//
// Note: the composed supergraph (and so the API schema a router serves) drops `@oneOf`. A router in front of this
// subgraph accepts `appIdentifier: { android: …, ios: … }`; only the subgraph enforces "exactly one".
import { composeServices, type CompositionResult } from '@apollo/composition';
import { Kind, parse, print, type DefinitionNode, type DocumentNode } from 'graphql';
import { startStack, type Stack } from '../helpers/stack';
import { DIRECTORY_SDL, fetchSubgraphSdl } from './support';

let stack: Stack;
let subgraphSdl: string;

beforeAll(async () => {
  stack = await startStack();
  subgraphSdl = await fetchSubgraphSdl(stack);
});
afterAll(async () => {
  await stack.close();
});

const INTUNE = { name: 'intune', url: 'http://intune.invalid/graphql' };
const DIRECTORY = { name: 'directory', url: 'http://directory.invalid/graphql' };

/** The supergraph SDL, parsed; fails the test with the composition errors when there are any. */
function supergraphOf(result: CompositionResult): DocumentNode {
  expect(result.errors?.map((error) => error.message)).toBeUndefined();
  if (result.supergraphSdl === undefined) throw new Error('composition failed');
  return parse(result.supergraphSdl);
}

type NamedDefinition = Extract<DefinitionNode, { name: { value: string } }>;

function definitionOf(doc: DocumentNode, name: string): NamedDefinition {
  const found = doc.definitions.find((d): d is NamedDefinition => 'name' in d && d.name?.value === name);
  if (found === undefined) throw new Error(`no definition of ${name}`);
  return found;
}

/** A type's directives, each printed (e.g. `@key(fields: "id")`), in SDL order. */
function typeDirectives(doc: DocumentNode, typeName: string): string[] {
  return (definitionOf(doc, typeName).directives ?? []).map((directive) => print(directive));
}

/** A type's fields as `name: directives…` (`id`, `displayName @join__field(graph: DIRECTORY)`), in SDL order. */
function fields(doc: DocumentNode, typeName: string): string[] {
  const definition = definitionOf(doc, typeName);
  if (
    definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
    definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
    definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
  ) {
    throw new Error(`${typeName} has no fields`);
  }
  return (definition.fields ?? []).map((field) =>
    [field.name.value, ...(field.directives ?? []).map((directive) => print(directive))].join(' '),
  );
}

/** Names of the schema's `@link`ed specs, from the schema definition and extensions. */
function links(doc: DocumentNode): string[] {
  return doc.definitions
    .filter((d) => d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION)
    .flatMap((d) => d.directives ?? [])
    .filter((directive) => directive.name.value === 'link')
    .map((directive) => print(directive));
}

describe('the subgraph SDL from _service', () => {
  it('links Federation 2 and declares the keys of contract §5', () => {
    const doc = parse(subgraphSdl);
    expect(links(doc)).toEqual([
      '@link(url: "https://specs.apollo.dev/link/v1.0")',
      '@link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])',
    ]);
    expect(typeDirectives(doc, 'ManagedAppRegistration')).toEqual(['@key(fields: "id")']);
    for (const platform of ['Android', 'Ios', 'Windows', 'Generic']) {
      expect(typeDirectives(doc, `${platform}ManagedAppRegistration`)).toEqual(['@key(fields: "id")']);
    }
    expect(typeDirectives(doc, 'MobileAppInstallStatus')).toEqual(['@key(fields: "mobileAppId id")']);
    expect(typeDirectives(doc, 'User')).toEqual(['@key(fields: "id")']);
    expect(fields(doc, 'User')).toEqual(['id', 'managedAppRegistrations']);
    expect(typeDirectives(doc, 'MobileApp')).toEqual(['@key(fields: "id")']);
    expect(fields(doc, 'MobileApp')).toEqual(['id', 'deviceStatuses']);
    // The subgraph itself declares and enforces @oneOf (contract §2).
    expect(typeDirectives(doc, 'MobileAppIdentifierInput')).toEqual(['@oneOf']);
  });
});

describe('composition', () => {
  it('composes the subgraph alone', () => {
    const doc = supergraphOf(composeServices([{ ...INTUNE, typeDefs: parse(subgraphSdl) }]));
    // One subgraph owns every root field, so the supergraph needs no @join__field on them.
    expect(fields(doc, 'Query')).toEqual([
      'gatewayInfo',
      'managedAppRegistration',
      'managedAppRegistrations',
      'mobileAppInstallStatus',
      'mobileAppInstallStatuses',
    ]);
    expect(fields(doc, 'Mutation')).toEqual(['createManagedAppRegistration', 'createMobileAppInstallStatus', 'createManagedAppRegistrations', 'createMobileAppInstallStatuses']);
    expect(typeDirectives(doc, 'User')).toEqual(['@join__type(graph: INTUNE, key: "id")']);
    expect(typeDirectives(doc, 'MobileApp')).toEqual(['@join__type(graph: INTUNE, key: "id")']);
    expect(typeDirectives(doc, 'MobileAppInstallStatus')).toEqual(['@join__type(graph: INTUNE, key: "mobileAppId id")']);
    expect(typeDirectives(doc, 'ManagedAppRegistration')).toEqual(['@join__type(graph: INTUNE, key: "id")']);
    expect(typeDirectives(doc, 'AndroidManagedAppRegistration')).toEqual([
      '@join__implements(graph: INTUNE, interface: "ManagedAppRegistration")',
      '@join__type(graph: INTUNE, key: "id")',
    ]);
  });

  it('composes with a directory subgraph that owns User and MobileApp', () => {
    const doc = supergraphOf(
      composeServices([
        { ...INTUNE, typeDefs: parse(subgraphSdl) },
        { ...DIRECTORY, typeDefs: parse(DIRECTORY_SDL) },
      ]),
    );
    expect(print(definitionOf(doc, 'join__Graph'))).toEqual(
      [
        'enum join__Graph {',
        '  DIRECTORY @join__graph(name: "directory", url: "http://directory.invalid/graphql")',
        '  INTUNE @join__graph(name: "intune", url: "http://intune.invalid/graphql")',
        '}',
      ].join('\n'),
    );
    expect(fields(doc, 'Query').sort()).toEqual([
      'gatewayInfo @join__field(graph: INTUNE)',
      'managedAppRegistration @join__field(graph: INTUNE)',
      'managedAppRegistrations @join__field(graph: INTUNE)',
      'mobileAppInstallStatus @join__field(graph: INTUNE)',
      'mobileAppInstallStatuses @join__field(graph: INTUNE)',
      'mobileApps @join__field(graph: DIRECTORY)',
      'pinnedRegistrations @join__field(graph: DIRECTORY)',
      'users @join__field(graph: DIRECTORY)',
      'watchedInstallStatuses @join__field(graph: DIRECTORY)',
    ]);
    // Joined entities: one type, fields from both subgraphs, a resolvable key in each.
    expect(typeDirectives(doc, 'User')).toEqual(['@join__type(graph: DIRECTORY, key: "id")', '@join__type(graph: INTUNE, key: "id")']);
    expect(fields(doc, 'User')).toEqual([
      'id',
      'displayName @join__field(graph: DIRECTORY)',
      'managedAppRegistrations @join__field(graph: INTUNE)',
    ]);
    expect(typeDirectives(doc, 'MobileApp')).toEqual(['@join__type(graph: DIRECTORY, key: "id")', '@join__type(graph: INTUNE, key: "id")']);
    expect(fields(doc, 'MobileApp')).toEqual(['id', 'displayName @join__field(graph: DIRECTORY)', 'deviceStatuses @join__field(graph: INTUNE)']);
    // The compound key: known to both, resolvable only by this subgraph.
    expect(typeDirectives(doc, 'MobileAppInstallStatus')).toEqual([
      '@join__type(graph: DIRECTORY, key: "mobileAppId id", resolvable: false)',
      '@join__type(graph: INTUNE, key: "mobileAppId id")',
    ]);
    // The entity interface, which the directory sees as an @interfaceObject.
    expect(typeDirectives(doc, 'ManagedAppRegistration')).toEqual([
      '@join__type(graph: DIRECTORY, key: "id", isInterfaceObject: true)',
      '@join__type(graph: INTUNE, key: "id")',
    ]);
    expect(fields(doc, 'ManagedAppRegistration')).toContain('user @join__field(graph: INTUNE)');
  });

  it('drops @oneOf from the supergraph, so only the subgraph enforces it', () => {
    const result = composeServices([{ ...INTUNE, typeDefs: parse(subgraphSdl) }]);
    const doc = supergraphOf(result);
    expect(typeDirectives(doc, 'MobileAppIdentifierInput')).toEqual(['@join__type(graph: INTUNE)']);
    expect(fields(doc, 'MobileAppIdentifierInput')).toEqual(['android', 'ios', 'mac', 'windows']);
    expect(result.supergraphSdl).not.toContain('@oneOf');
  });
});
