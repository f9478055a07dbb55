// src/normalize/odata-type.ts as tables: Graph's @odata.type, in every form Graph writes it (graph-facts §2, §10.5),
// to GraphQL type names and models, and the identifier kinds of the input to Graph's types.
import {
  complexOdataType,
  entityOdataType,
  graphTypeName,
  identifierModel,
  IDENTIFIER_GRAPH_TYPES,
  REGISTRATION_GRAPH_TYPE_BY_KIND,
  registrationTypename,
} from '../../src/normalize/odata-type';

describe('graphTypeName', () => {
  test.each<[unknown, string | null]>([
    ['#microsoft.graph.androidManagedAppRegistration', 'androidManagedAppRegistration'],
    ['microsoft.graph.iosMobileAppIdentifier', 'iosMobileAppIdentifier'],
    ['#iosManagedAppRegistration', 'iosManagedAppRegistration'],
    ['windowsAppIdentifier', 'windowsAppIdentifier'],
    ['#microsoft.graph.', ''],
    ['#', ''],
    // Only Graph's own namespace is taken off, and only exactly as Graph spells it.
    ['#Microsoft.Graph.androidManagedAppRegistration', 'Microsoft.Graph.androidManagedAppRegistration'],
    ['#contoso.ns.thing', 'contoso.ns.thing'],
    ['##microsoft.graph.x', '#microsoft.graph.x'],
    ['', null],
    [null, null],
    [undefined, null],
    [42, null],
    [{ name: 'x' }, null],
  ])('%j → %j', (odataType, name) => {
    expect(graphTypeName(odataType)).toBe(name);
  });
});

describe('registrationTypename', () => {
  test.each<[unknown, string]>([
    ['#microsoft.graph.androidManagedAppRegistration', 'AndroidManagedAppRegistration'],
    ['microsoft.graph.androidManagedAppRegistration', 'AndroidManagedAppRegistration'],
    ['#microsoft.graph.iosManagedAppRegistration', 'IosManagedAppRegistration'],
    ['#microsoft.graph.windowsManagedAppRegistration', 'WindowsManagedAppRegistration'],
    // The abstract base the seed posts, a later subtype, and no type at all resolve to the fallback, never an error.
    ['#microsoft.graph.managedAppRegistration', 'GenericManagedAppRegistration'],
    ['#microsoft.graph.macManagedAppRegistration', 'GenericManagedAppRegistration'],
    ['#microsoft.graph.AndroidManagedAppRegistration', 'GenericManagedAppRegistration'],
    [undefined, 'GenericManagedAppRegistration'],
    ['', 'GenericManagedAppRegistration'],
    [7, 'GenericManagedAppRegistration'],
    // Names of Object.prototype are not subtypes.
    ['#microsoft.graph.constructor', 'GenericManagedAppRegistration'],
    ['#microsoft.graph.toString', 'GenericManagedAppRegistration'],
    ['#microsoft.graph.__proto__', 'GenericManagedAppRegistration'],
  ])('%j → %s', (odataType, typename) => {
    expect(registrationTypename(odataType)).toBe(typename);
  });
});

describe('identifierModel', () => {
  const props: Record<string, string> = { packageId: 'com.contoso.android', bundleId: 'com.contoso.ios', windowsAppId: 'Contoso.App_8wekyb3d8bbwe' };
  const pick = (key: string): string | null => props[key] ?? null;

  test.each<[string | null, unknown]>([
    ['androidMobileAppIdentifier', { __typename: 'AndroidMobileAppIdentifier', packageId: 'com.contoso.android' }],
    ['iosMobileAppIdentifier', { __typename: 'IosMobileAppIdentifier', bundleId: 'com.contoso.ios' }],
    ['macAppIdentifier', { __typename: 'MacAppIdentifier', bundleId: 'com.contoso.ios' }],
    ['windowsAppIdentifier', { __typename: 'WindowsAppIdentifier', windowsAppId: 'Contoso.App_8wekyb3d8bbwe' }],
    // The abstract base the seed posts, a kind Graph adds later, and no type keep what Graph said in graphType.
    ['mobileAppIdentifier', { __typename: 'OtherMobileAppIdentifier', graphType: 'mobileAppIdentifier' }],
    ['linuxAppIdentifier', { __typename: 'OtherMobileAppIdentifier', graphType: 'linuxAppIdentifier' }],
    ['macMobileAppIdentifier', { __typename: 'OtherMobileAppIdentifier', graphType: 'macMobileAppIdentifier' }],
    [null, { __typename: 'OtherMobileAppIdentifier', graphType: null }],
  ])('%j → %j', (name, model) => {
    expect(identifierModel(name, pick)).toEqual(model);
  });

  test('a missing id property is null, and only the kind\'s own property is read', () => {
    const asked: string[] = [];
    const model = identifierModel('windowsAppIdentifier', (key) => {
      asked.push(key);
      return null;
    });
    expect([model, asked]).toEqual([{ __typename: 'WindowsAppIdentifier', windowsAppId: null }, ['windowsAppId']]);
  });
});

describe('writing @odata.type', () => {
  test.each<[string, string, string]>([
    ['androidManagedAppRegistration', '#microsoft.graph.androidManagedAppRegistration', 'microsoft.graph.androidManagedAppRegistration'],
    ['iosMobileAppIdentifier', '#microsoft.graph.iosMobileAppIdentifier', 'microsoft.graph.iosMobileAppIdentifier'],
  ])('%s: entity form %s, nested form %s, and both read back', (name, entity, complex) => {
    expect([entityOdataType(name), complexOdataType(name)]).toEqual([entity, complex]);
    expect([graphTypeName(entity), graphTypeName(complex)]).toEqual([name, name]);
  });

  test('each identifier kind of the input has its Graph type and implies its registration subtype', () => {
    expect(Object.entries(IDENTIFIER_GRAPH_TYPES).map(([kind, type]) => [kind, type, REGISTRATION_GRAPH_TYPE_BY_KIND[kind as keyof typeof IDENTIFIER_GRAPH_TYPES]])).toEqual([
      ['android', 'androidMobileAppIdentifier', 'androidManagedAppRegistration'],
      ['ios', 'iosMobileAppIdentifier', 'iosManagedAppRegistration'],
      // Graph has no mac registration subtype (graph-facts §1.3): the base type.
      ['mac', 'macAppIdentifier', 'managedAppRegistration'],
      ['windows', 'windowsAppIdentifier', 'windowsManagedAppRegistration'],
    ]);
    expect(Object.keys(REGISTRATION_GRAPH_TYPE_BY_KIND)).toEqual(Object.keys(IDENTIFIER_GRAPH_TYPES));
  });
});
