// Holds the gateway's three models of Graph — schema.graphql, the emulator's entity model and src/normalize's tables —
// and its Graph routes against the metadata digests next to this file (provenance in each file). Returns every
// disagreement as one line; ALLOWED below is the one list of disagreements the gateway means.
import {
  getNullableType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import type { EdmType, EntityTypeDef } from '../../src/emulator/graph/entity-model';
import { edmTypeName } from '../../src/emulator/graph/property-validation';

/** beta-type-mappings.json: current names. */
export interface TypeMappings {
  entityTypes: Record<string, { properties?: string[]; navigationProperties: string[] }>;
  entityTypesNamedLike: Record<string, string[]>;
  complexTypes: Record<string, { properties: string[]; navigationProperties: string[] }>;
  complexTypesNamedLike: Record<string, string[]>;
  enumTypes: Record<string, string[]>;
}

interface CsdlProperty {
  name: string;
  type: string;
  nullable: boolean;
}
interface CsdlNavigation {
  name: string;
  type: string;
  containsTarget: boolean;
}
/** beta-csdl-2021.json: types, nullability, abstractness, enum values. */
export interface Csdl {
  types: Record<string, { baseType: string | null; abstract: boolean; properties: CsdlProperty[] | string; navigationProperties: CsdlNavigation[] }>;
  enumTypes: Record<string, { members: Array<{ name: string; value: number }> }>;
  entityContainer: { entitySets: Array<{ name: string; type: string }>; singletons: Array<{ name: string; type: string }> };
}

/** beta-typings-2025.json: derived types and nullability, a newer witness. */
export interface Typings {
  derivedTypes: Record<string, string[]>;
  interfaces: Record<string, { extends: string; members: Array<{ name: string; nullable: boolean }> }>;
}

export interface Metadata {
  typeMappings: TypeMappings;
  csdl: Csdl;
  typings: Typings;
}

/** A Graph call the gateway makes, and the GraphQL operation that makes it. */
export interface GatewayRoute {
  operation: string;
  method: 'GET' | 'POST';
  route: string;
}

/** What is checked: each model of Graph the gateway has. */
export interface ModelSubject {
  schema: GraphQLSchema;
  emulator: {
    registrationTypes: ReadonlyMap<string, EntityTypeDef>;
    installStatusType: EntityTypeDef;
    appIdentifierTypes: ReadonlyMap<string, string | undefined>;
    /** Graph enum name → the members the emulator accepts. */
    enums: Record<string, readonly string[]>;
    /** The property names of the mobileApp entities it serves. */
    mobileAppKeys: readonly string[];
  };
  normalize: {
    /** Graph enum name → the normalize enum (GraphQL name → Graph spelling). */
    enums: Record<string, Readonly<Record<string, string>>>;
    /** Input kind (MobileAppIdentifierInput field) → Graph identifier type, and → registration type it implies. */
    identifierGraphTypes: Readonly<Record<string, string>>;
    registrationTypeByKind: Readonly<Record<string, string>>;
    /** '@odata.type' → GraphQL typename, as normalize reads registrations. */
    registrationTypename: (odataType: string) => string;
    /** Graph type → the input fields refused as explicit null. */
    nonNullableInputs: Record<string, readonly string[]>;
  };
  routes: readonly GatewayRoute[];
}

/**
 * THE allow-list: every disagreement the gateway means, each with its reason. The check fails on any disagreement
 * not listed here, and on any entry here that no longer matches a disagreement (so the list cannot go stale).
 */
export const ALLOWED: ReadonlyMap<string, string> = new Map([
  // The gateway's own additions to Graph's shapes.
  ['schema: ManagedAppRegistration.user is not in managedAppRegistration', 'federation User reference made from userId (contract §5)'],
  ['schema: MobileAppInstallStatus.mobileAppId is not in mobileAppInstallStatus', 'known from the request path; half of the federation key (contract §3, §5)'],
  ['schema: GenericManagedAppRegistration is no subtype of managedAppRegistration', 'fallback for the abstract base, no @odata.type or a later subtype (contract §3)'],
  ['schema: OtherMobileAppIdentifier is no subtype of mobileAppIdentifier', 'fallback for the abstract base, no @odata.type or a later kind (contract §3)'],
  ...['ManagedAppFlaggedReason', 'ResultantAppState', 'ResultantAppStateDetail'].map(
    (e): [string, string] => [`schema: enum ${e} has UNKNOWN_FUTURE_VALUE, which is not a member`, 'stands for members Graph adds later (contract §3); Graph has no unknownFutureValue here'],
  ),
  ...['managedAppFlaggedReason', 'resultantAppState', 'resultantAppStateDetail'].map(
    (e): [string, string] => [`normalize: enum ${e} has unknownFutureValue, which is not a member`, 'the internal value of UNKNOWN_FUTURE_VALUE; refused on input'],
  ),
  // Graph's properties the gateway deliberately does not take or show.
  ['schema: ManagedAppRegistrationInput lacks managedAppRegistration.createdDateTime', 'set by Graph, not an input (contract §2)'],
  ...['appliedPolicies', 'intendedPolicies', 'managedAppLogCollectionRequests', 'operations'].map(
    (n): [string, string] => [`schema: ManagedAppRegistration does not expose navigation managedAppRegistration.${n}`, 'outside the seeds: the gateway serves registrations, not their policies or operations'],
  ),
  ['schema: MobileAppInstallStatus does not expose navigation mobileAppInstallStatus.app', 'the app is known from the path (mobileAppId) and is a federation entity of its own'],
  // The seeds post abstract types; a faithful mock of them must accept what they post (graph-facts §10.4).
  ['emulator: accepts a create of the abstract microsoft.graph.managedAppRegistration', 'seed 000 posts "#microsoft.graph.managedAppRegistration"'],
  ['emulator: accepts the abstract microsoft.graph.mobileAppIdentifier as an appIdentifier', 'seed 000 posts {"@odata.type": "microsoft.graph.mobileAppIdentifier"}'],
  ['normalize: identifier kind mac posts the abstract managedAppRegistration', 'Graph has no mac registration subtype; the base is what the seed posts'],
  // What Graph removed since 2021: the evidence behind the removed paths below.
  ...['deviceStatuses', 'installSummary', 'userStatuses'].map(
    (n): [string, string] => [`metadata: mobileApp.${n} is in the 2021 CSDL but not in the current names`, 'removed from beta between 2023-06-12 and 2023-06-27 (typings history, graph-facts §11)'],
  ),
  // The seeds' paths that current Graph beta no longer has (src/server/live-graph-notice.ts warns about each).
  [
    "path: POST /managedAppRegistrations: 'managedAppRegistrations' is no entity set or singleton",
    'seed 000 path; kept as the seed defines it (README: "What current Graph beta serves")',
  ],
  [
    'path: POST /users/{userId}/managedAppRegistrations: creates through the non-contained navigation user.managedAppRegistrations, and no entity set holds managedAppRegistration',
    'seed 000 path; the navigation is readable, the create most likely refused',
  ],
  ...[
    'POST /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses',
    'GET /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses',
    'GET /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses/{id}',
  ].map((p): [string, string] => [`path: ${p}: mobileApp has no navigation deviceStatuses`, 'seed 004 path; removed from beta in June 2023']),
  ...[
    'POST /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses',
    'GET /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userAppInstallStatusId}/deviceStatuses',
  ].map((p): [string, string] => [`path: ${p}: mobileApp has no navigation userStatuses`, 'seed 004 path; removed from beta in June 2023']),
]);

const NS = 'microsoft.graph.';
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** Graph's camelCase member → GraphQL's SCREAMING_SNAKE name ('powerShellScriptRequirementNotMet' → 'POWER_SHELL_SCRIPT_REQUIREMENT_NOT_MET'). */
export const screamingSnake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Reports what is in `actual` but not `expected` and the reverse, with the caller's wording. */
function compareSets(out: string[], actual: Iterable<string>, expected: Iterable<string>, extra: (n: string) => string, missing: (n: string) => string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  for (const n of a) if (!e.has(n)) out.push(extra(n));
  for (const n of e) if (!a.has(n)) out.push(missing(n));
}

class Model {
  constructor(private readonly m: Metadata) {}

  entity(name: string): { properties: string[]; navigationProperties: string[] } {
    const t = this.m.typeMappings.entityTypes[name];
    if (!t) throw new Error(`metadata digest has no entity type ${name}`);
    return { properties: t.properties ?? [], navigationProperties: t.navigationProperties };
  }

  /** Own and inherited property names (type mappings list only own names; base types from the CSDL or typings). */
  properties(name: string): string[] {
    const base = this.baseOf(name);
    const own = this.m.typeMappings.entityTypes[name]?.properties ?? this.m.typeMappings.complexTypes[name]?.properties ?? [];
    return [...(base ? this.properties(base) : []), ...own];
  }

  navigations(name: string): string[] {
    const base = this.baseOf(name);
    const own = this.m.typeMappings.entityTypes[name]?.navigationProperties ?? [];
    return [...(base ? this.navigations(base) : []), ...own];
  }

  baseOf(name: string): string | null {
    const csdl = this.m.csdl.types[name]?.baseType;
    if (csdl) return csdl.replace(/^graph\./, '');
    const typed = this.m.typings.interfaces[name]?.extends;
    if (typed) return typed;
    return name === 'entity' || this.m.typeMappings.complexTypes[name] ? null : 'entity';
  }

  /** Derived types by name (type mappings) — cross-checked with the typings' "extends". */
  derived(base: string, like: string, out: string[]): string[] {
    const named = (this.m.typeMappings.entityTypesNamedLike[like] ?? this.m.typeMappings.complexTypesNamedLike[like] ?? []).filter((n) => n !== base);
    compareSets(
      out,
      this.m.typings.derivedTypes[base] ?? [],
      named,
      (n) => `metadata: typings derive ${n} from ${base}, the type mappings have no such type`,
      (n) => `metadata: type mappings have ${n}, the typings do not derive it from ${base}`,
    );
    return named;
  }

  abstract(name: string): boolean {
    return this.m.csdl.types[name]?.abstract ?? false;
  }

  csdlProperty(type: string, property: string): CsdlProperty | undefined {
    for (let t: string | null = type; t; t = this.baseOf(t)) {
      const props = this.m.csdl.types[t]?.properties;
      const found = Array.isArray(props) ? props.find((p) => p.name === property) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** Nullability: the typings (2025) where they have the member, else the 2021 CSDL; they must agree where both have it. */
  nullable(type: string, property: string, out: string[]): boolean | undefined {
    const csdl = this.csdlProperty(type, property)?.nullable;
    let typed: boolean | undefined;
    for (let t: string | null = type; t && typed === undefined; t = this.baseOf(t)) {
      typed = this.m.typings.interfaces[t]?.members.find((p) => p.name === property)?.nullable;
    }
    if (csdl !== undefined && typed !== undefined && csdl !== typed) {
      out.push(`metadata: ${type}.${property} is ${csdl ? '' : 'not '}nullable in the 2021 CSDL but ${typed ? '' : 'not '}in the 2025 typings`);
    }
    return typed ?? csdl;
  }

  enumMembers(name: string): string[] {
    const members = this.m.typeMappings.enumTypes[name];
    if (!members) throw new Error(`metadata digest has no enum ${name}`);
    return members;
  }

  get csdlData(): Csdl {
    return this.m.csdl;
  }
}

function fieldNames(schema: GraphQLSchema, typeName: string): string[] {
  const type = schema.getType(typeName);
  if (!(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return [];
  return Object.keys(type.getFields());
}

function checkOutputType(out: string[], model: Model, schema: GraphQLSchema, typeName: string, graphName: string): void {
  compareSets(
    out,
    fieldNames(schema, typeName),
    model.properties(graphName),
    (f) => `schema: ${typeName}.${f} is not in ${graphName}`,
    (p) => `schema: ${typeName} lacks ${graphName}.${p}`,
  );
  for (const n of model.navigations(graphName)) {
    if (!fieldNames(schema, typeName).includes(n)) out.push(`schema: ${typeName} does not expose navigation ${graphName}.${n}`);
  }
}

function checkSchema(out: string[], model: Model, s: ModelSubject): void {
  const { schema } = s;
  const base = 'managedAppRegistration';
  const iface = schema.getType(upperFirst(base));
  if (!isInterfaceType(iface)) {
    out.push(`schema: ${base} is ${model.abstract(base) ? 'abstract' : 'a base type'} but ManagedAppRegistration is not an interface`);
    return;
  }
  checkOutputType(out, model, schema, iface.name, base);
  const subtypes = model.derived(base, '*ManagedAppRegistration', out);
  const implementations = schema.getPossibleTypes(iface).map((t) => t.name);
  // An implementation has the interface's fields (GraphQL sees to that) plus exactly its subtype's own properties.
  for (const impl of implementations) {
    const graphName = lowerFirst(impl);
    const isSubtype = subtypes.includes(graphName);
    if (!isSubtype) out.push(`schema: ${impl} is no subtype of ${base}`);
    compareSets(
      out,
      fieldNames(schema, impl).filter((f) => !fieldNames(schema, iface.name).includes(f)),
      isSubtype ? model.entity(graphName).properties : [],
      (f) => `schema: ${impl}.${f} is neither a field of ${iface.name} nor a property of ${isSubtype ? graphName : 'a subtype'}`,
      (p) => `schema: ${impl} lacks ${graphName}.${p}`,
    );
  }
  for (const sub of subtypes) if (!implementations.includes(upperFirst(sub))) out.push(`schema: no type for ${base} subtype ${sub}`);

  const idBase = 'mobileAppIdentifier';
  const union = schema.getType('MobileAppIdentifier');
  if (!isUnionType(union)) {
    out.push(`schema: ${idBase} is abstract but MobileAppIdentifier is not a union`);
  } else {
    const kinds = model.derived(idBase, '*AppIdentifier', out);
    const members = union.getTypes().map((t) => t.name);
    for (const member of members) {
      if (kinds.includes(lowerFirst(member))) checkOutputType(out, model, schema, member, lowerFirst(member));
      else out.push(`schema: ${member} is no subtype of ${idBase}`);
    }
    for (const kind of kinds) if (!members.includes(upperFirst(kind))) out.push(`schema: no type for ${idBase} subtype ${kind}`);
  }

  checkOutputType(out, model, schema, 'MobileAppInstallStatus', 'mobileAppInstallStatus');

  for (const graphEnum of Object.keys(s.normalize.enums)) {
    const type = schema.getType(upperFirst(graphEnum));
    if (!isEnumType(type)) {
      out.push(`schema: no enum ${upperFirst(graphEnum)} for ${graphEnum}`);
      continue;
    }
    const members = model.enumMembers(graphEnum);
    compareSets(
      out,
      type.getValues().map((v) => v.name),
      members.map(screamingSnake),
      (v) => `schema: enum ${type.name} has ${v}, which is not a member`,
      (v) => `schema: enum ${type.name} lacks ${v}`,
    );
    for (const v of type.getValues()) {
      const member = members.find((m) => screamingSnake(m) === v.name);
      if (member !== undefined && v.value !== member) out.push(`schema: enum ${type.name}.${v.name} means ${JSON.stringify(v.value)}, Graph spells it ${member}`);
    }
  }
  checkInputs(out, model, s);
}

function checkInputs(out: string[], model: Model, s: ModelSubject): void {
  const { schema } = s;
  const registrationInputs = [...model.properties('managedAppRegistration'), ...model.entity('androidManagedAppRegistration').properties].filter((p) => p !== 'id');
  compareSets(
    out,
    fieldNames(schema, 'ManagedAppRegistrationInput'),
    registrationInputs,
    (f) => `schema: ManagedAppRegistrationInput.${f} is not in managedAppRegistration or its subtypes`,
    (p) => `schema: ManagedAppRegistrationInput lacks managedAppRegistration.${p}`,
  );
  compareSets(
    out,
    fieldNames(schema, 'MobileAppInstallStatusInput'),
    model.properties('mobileAppInstallStatus').filter((p) => p !== 'id'),
    (f) => `schema: MobileAppInstallStatusInput.${f} is not in mobileAppInstallStatus`,
    (p) => `schema: MobileAppInstallStatusInput lacks mobileAppInstallStatus.${p}`,
  );
  // The oneOf identifier: one member per concrete kind, each with that kind's properties, non-null as Graph has them.
  const oneOf = schema.getType('MobileAppIdentifierInput');
  if (!isInputObjectType(oneOf)) return;
  const concrete = model.derived('mobileAppIdentifier', '*AppIdentifier', []);
  compareSets(
    out,
    Object.keys(oneOf.getFields()).map((kind) => s.normalize.identifierGraphTypes[kind] ?? `(no Graph type for kind ${kind})`),
    concrete,
    (t) => `normalize: identifier kind maps to ${t}, which is no subtype of mobileAppIdentifier`,
    (t) => `schema: MobileAppIdentifierInput has no kind for ${t}`,
  );
  for (const [kind, field] of Object.entries(oneOf.getFields())) {
    const graphType = s.normalize.identifierGraphTypes[kind];
    const inputType = getNullableType(field.type);
    if (!graphType || !isInputObjectType(inputType)) continue;
    compareSets(
      out,
      Object.keys(inputType.getFields()),
      model.properties(graphType),
      (f) => `schema: ${inputType.name}.${f} is not in ${graphType}`,
      (p) => `schema: ${inputType.name} lacks ${graphType}.${p}`,
    );
    for (const f of Object.values(inputType.getFields())) {
      const nullable = model.nullable(graphType, f.name, out);
      if (nullable !== undefined && nullable === isNonNullType(f.type)) {
        out.push(`schema: ${inputType.name}.${f.name} is ${isNonNullType(f.type) ? 'non-null' : 'nullable'}, Graph's ${graphType}.${f.name} is ${nullable ? 'nullable' : 'not'}`);
      }
    }
  }
}

function checkNormalize(out: string[], model: Model, s: ModelSubject): void {
  for (const [graphEnum, table] of Object.entries(s.normalize.enums)) {
    const members = model.enumMembers(graphEnum);
    compareSets(
      out,
      Object.values(table),
      members,
      (v) => `normalize: enum ${graphEnum} has ${v}, which is not a member`,
      (v) => `normalize: enum ${graphEnum} lacks ${v}`,
    );
    for (const [key, value] of Object.entries(table)) {
      if (members.includes(value) && key !== screamingSnake(value)) out.push(`normalize: enum ${graphEnum} names ${value} ${key}, expected ${screamingSnake(value)}`);
    }
  }
  const subtypes = model.derived('managedAppRegistration', '*ManagedAppRegistration', []);
  for (const [kind, type] of Object.entries(s.normalize.registrationTypeByKind)) {
    if (model.abstract(type)) out.push(`normalize: identifier kind ${kind} posts the abstract ${type}`);
    else if (!subtypes.includes(type)) out.push(`normalize: identifier kind ${kind} posts ${type}, which is no subtype of managedAppRegistration`);
  }
  for (const sub of subtypes) {
    const typename = s.normalize.registrationTypename(`#${NS}${sub}`);
    if (typename !== upperFirst(sub)) out.push(`normalize: @odata.type #${NS}${sub} is read as ${typename}`);
  }
  for (const [type, inputs] of Object.entries(s.normalize.nonNullableInputs)) {
    const inputFields = fieldNames(s.schema, `${upperFirst(type)}Input`);
    const expected = inputFields.filter((f) => model.nullable(type, f, out) === false);
    compareSets(
      out,
      inputs,
      expected,
      (f) => `normalize: refuses null for ${type}.${f}, which Graph declares nullable`,
      (f) => `normalize: sends an explicit null for ${type}.${f}, which Graph declares non-nullable`,
    );
  }
}

/** The CSDL spelling of an emulator EdmType ('graph.x' where the emulator writes 'microsoft.graph.x'). */
function csdlTypeOf(type: EdmType): string {
  return edmTypeName(type).replace(/microsoft\.graph\./g, 'graph.');
}

function checkEmulatorType(out: string[], model: Model, def: EntityTypeDef, graphName: string, serviceSet: readonly string[]): void {
  const label = `emulator: ${def.name}`;
  compareSets(
    out,
    def.properties.map((p) => p.name),
    model.properties(graphName).filter((p) => p !== 'id' && !serviceSet.includes(p)),
    (p) => `${label} has property ${p}, which is not in ${graphName}`,
    (p) => `${label} lacks property ${graphName}.${p}`,
  );
  compareSets(
    out,
    def.navigation,
    model.navigations(graphName),
    (n) => `${label} has navigation ${n}, which is not in ${graphName}`,
    (n) => `${label} lacks navigation ${graphName}.${n}`,
  );
  for (const p of def.properties) {
    const csdl = model.csdlProperty(graphName, p.name);
    if (csdl && csdl.type !== csdlTypeOf(p.type)) out.push(`${label}.${p.name} is ${csdlTypeOf(p.type)}, Graph has ${csdl.type}`);
    const nullable = model.nullable(graphName, p.name, out);
    if (nullable !== undefined && nullable !== p.nullable) out.push(`${label}.${p.name} is ${p.nullable ? 'nullable' : 'non-nullable'}, Graph's is ${nullable ? 'nullable' : 'not'}`);
    // A non-nullable property left out of a create still has a value in Graph's answer; a nullable one is null.
    if (p.nullable !== (p.defaultValue === null)) out.push(`${label}.${p.name} defaults to ${JSON.stringify(p.defaultValue)} though it is ${p.nullable ? '' : 'non-'}nullable`);
    if ((p.type.kind === 'enum' && !p.type.members.includes(p.defaultValue as string)) || (p.type.kind === 'enumCollection' && !Array.isArray(p.defaultValue))) {
      out.push(`${label}.${p.name} defaults to ${JSON.stringify(p.defaultValue)}, not a value of its type`);
    }
  }
}

function checkEmulator(out: string[], model: Model, s: ModelSubject): void {
  const e = s.emulator;
  const base = 'managedAppRegistration';
  const subtypes = model.derived(base, '*ManagedAppRegistration', []);
  compareSets(
    out,
    [...e.registrationTypes.keys()],
    [base, ...subtypes].map((t) => NS + t),
    (t) => `emulator: accepts registrations of ${t}, which is no type of the family`,
    (t) => `emulator: refuses registrations of ${t}`,
  );
  if (model.abstract(base) && e.registrationTypes.has(NS + base)) out.push(`emulator: accepts a create of the abstract ${NS}${base}`);
  // createdDateTime is service-set: the builder ignores a sent value and writes the create's time, so the model of
  // what a create may carry leaves it out (like id).
  for (const [name, def] of e.registrationTypes) {
    const graphName = name.replace(NS, '');
    if (graphName === base || subtypes.includes(graphName)) checkEmulatorType(out, model, def, graphName, ['createdDateTime']);
  }
  checkEmulatorType(out, model, e.installStatusType, 'mobileAppInstallStatus', []);

  const idBase = 'mobileAppIdentifier';
  const kinds = model.derived(idBase, '*AppIdentifier', []);
  compareSets(
    out,
    [...e.appIdentifierTypes.keys()],
    [idBase, ...kinds].map((t) => NS + t),
    (t) => `emulator: accepts appIdentifier ${t}, which is no type of the family`,
    (t) => `emulator: refuses appIdentifier ${t}`,
  );
  if (model.abstract(idBase) && e.appIdentifierTypes.has(NS + idBase)) out.push(`emulator: accepts the abstract ${NS}${idBase} as an appIdentifier`);
  for (const [name, property] of e.appIdentifierTypes) {
    const graphName = name.replace(NS, '');
    if (!kinds.includes(graphName) && graphName !== idBase) continue;
    compareSets(
      out,
      property === undefined ? [] : [property],
      model.properties(graphName),
      (p) => `emulator: ${name} has property ${p}, which is not in ${graphName}`,
      (p) => `emulator: ${name} lacks property ${graphName}.${p}`,
    );
  }
  for (const [graphEnum, members] of Object.entries(e.enums)) {
    compareSets(
      out,
      members,
      model.enumMembers(graphEnum),
      (m) => `emulator: enum ${graphEnum} has ${m}, which is not a member`,
      (m) => `emulator: enum ${graphEnum} lacks ${m}`,
    );
  }
  const mobileApp = model.properties('mobileApp');
  for (const key of e.mobileAppKeys) if (key !== '@odata.type' && !mobileApp.includes(key)) out.push(`emulator: its mobileApp entities have ${key}, which is not in mobileApp`);
}

/** Walks a route from the entity container through navigation properties (current names; types and containment from the CSDL). */
function checkRoute(out: string[], model: Model, r: GatewayRoute): void {
  const label = `path: ${r.method} ${r.route}`;
  const segments = r.route.split('/').filter((x) => x !== '');
  const csdl = model.csdlData;
  const first = segments[0]!;
  const root = csdl.entityContainer.entitySets.find((x) => x.name === first) ?? csdl.entityContainer.singletons.find((x) => x.name === first);
  if (!root) {
    out.push(`${label}: '${first}' is no entity set or singleton`);
    return;
  }
  let type = root.type.replace(NS, '');
  let collection = csdl.entityContainer.entitySets.includes(root as { name: string; type: string });
  let lastNavigation: { owner: string; nav: CsdlNavigation } | null = null;
  for (const segment of segments.slice(1)) {
    if (/^\{.+\}$/.test(segment)) {
      if (!collection) {
        out.push(`${label}: a key after the single-valued ${type}`);
        return;
      }
      collection = false;
      continue;
    }
    if (!model.navigations(type).includes(segment)) {
      out.push(`${label}: ${type} has no navigation ${segment}`);
      return;
    }
    const nav = csdl.types[type]?.navigationProperties.find((n) => n.name === segment);
    if (!nav) throw new Error(`metadata digest: no CSDL type for navigation ${type}.${segment}`);
    lastNavigation = { owner: type, nav };
    collection = nav.type.startsWith('Collection(');
    type = nav.type.replace(/^Collection\((.*)\)$/, '$1').replace(/^graph\./, '');
  }
  if (r.method === 'POST' && lastNavigation && !lastNavigation.nav.containsTarget) {
    const holder = csdl.entityContainer.entitySets.some((x) => x.type === NS + type);
    if (!holder) {
      out.push(`${label}: creates through the non-contained navigation ${lastNavigation.owner}.${lastNavigation.nav.name}, and no entity set holds ${type}`);
    }
  }
}

/**
 * The two Microsoft sources against each other: every 2021 CSDL name (property, navigation, enum member) must still
 * be a current name, and no two 2021 enum members share a value. What Graph removed since shows here.
 */
function checkSources(out: string[], model: Model, m: Metadata): void {
  for (const [name, type] of Object.entries(m.csdl.types)) {
    const current = m.typeMappings.entityTypes[name] ?? m.typeMappings.complexTypes[name];
    if (!current) {
      out.push(`metadata: ${name} is in the 2021 CSDL but not in the current names`);
      continue;
    }
    const props = Array.isArray(type.properties) ? type.properties.map((p) => p.name) : [];
    for (const p of props) if (!(current.properties ?? []).includes(p)) out.push(`metadata: ${name}.${p} is in the 2021 CSDL but not in the current names`);
    for (const n of type.navigationProperties) {
      if (!current.navigationProperties.includes(n.name)) out.push(`metadata: ${name}.${n.name} is in the 2021 CSDL but not in the current names`);
    }
  }
  for (const [name, e] of Object.entries(m.csdl.enumTypes)) {
    const current = model.enumMembers(name);
    for (const member of e.members) if (!current.includes(member.name)) out.push(`metadata: enum ${name}.${member.name} is in the 2021 CSDL but not in the current names`);
    if (new Set(e.members.map((x) => x.value)).size !== e.members.length) out.push(`metadata: enum ${name} repeats a value in the 2021 CSDL`);
  }
}

/** Every disagreement between the subject and the metadata, allowed or not, sorted and without repeats. */
export function findDisagreements(subject: ModelSubject, metadata: Metadata): string[] {
  const out: string[] = [];
  const model = new Model(metadata);
  checkSchema(out, model, subject);
  checkNormalize(out, model, subject);
  checkEmulator(out, model, subject);
  checkSources(out, model, metadata);
  const seen = new Set<string>();
  for (const r of subject.routes) {
    if (seen.has(`${r.method} ${r.route}`)) continue;
    seen.add(`${r.method} ${r.route}`);
    checkRoute(out, model, r);
  }
  return [...new Set(out)].sort();
}

/** The result of the check: disagreements not allowed, and allowances that match nothing. Both must be empty. */
export function checkModel(subject: ModelSubject, metadata: Metadata): { unexpected: string[]; staleAllowances: string[] } {
  const found = findDisagreements(subject, metadata);
  return {
    unexpected: found.filter((d) => !ALLOWED.has(d)),
    staleAllowances: [...ALLOWED.keys()].filter((a) => !found.includes(a)),
  };
}
