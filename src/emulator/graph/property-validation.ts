// Checks a create body against an entity type the way Graph's OData reader would: every key must be a property of the
// type, every value must convert to the property's type, and nothing is stored when anything fails.
import type { GraphRecord } from '../types';
import { badRequest } from './responses';
import { isDateTimeOffset } from './date-time';
import { APP_IDENTIFIER_TYPES, type EdmType, type EntityTypeDef, type PropertyDef } from './entity-model';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** True for instance or property annotations ('@odata.context', 'x@odata.type'): OData readers skip them. */
export function isAnnotation(key: string): boolean {
  return key.includes('@');
}

/** Strips the optional leading '#' of an @odata.type value. */
export function typeNameOf(odataType: string): string {
  return odataType.startsWith('#') ? odataType.slice(1) : odataType;
}

/**
 * Picks the entity type a create body asks for: its @odata.type (with or without '#') when present, else the base.
 * Throws a 400 naming the accepted types otherwise.
 */
export function resolveEntityType(
  body: Record<string, unknown>,
  types: ReadonlyMap<string, EntityTypeDef>,
  baseName: string,
): EntityTypeDef {
  const sent = body['@odata.type'];
  if (sent === undefined) return types.get(baseName) as EntityTypeDef; // baseName is always one of `types`
  const def = typeof sent === 'string' ? types.get(typeNameOf(sent)) : undefined;
  if (def === undefined) {
    throw badRequest(
      `Invalid '@odata.type' ${literal(sent)}: expected '#${baseName}' or a type derived from it (${[...types.keys()]
        .map((t) => `#${t}`)
        .join(', ')}).`,
    );
  }
  return def;
}

/** Validates every non-annotation key of `body` against `def`; keys in `ignored` (service-set) pass unchecked. */
export function validateProperties(body: Record<string, unknown>, def: EntityTypeDef, ignored: readonly string[]): void {
  for (const [key, value] of Object.entries(body)) {
    if (isAnnotation(key) || ignored.includes(key)) continue;
    const property = def.properties.find((p) => p.name === key);
    if (property) {
      validateValue(property, value);
    } else if (def.navigation.includes(key)) {
      throw badRequest(
        `The navigation property '${key}' of type '${def.name}' cannot be written inline by this create request.`,
      );
    } else {
      throw unknownProperty(key, def.name);
    }
  }
}

/** The record Graph would store: every property of `def` in order, the sent value or the property's default. */
export function fillProperties(body: Record<string, unknown>, def: EntityTypeDef): GraphRecord {
  const record: GraphRecord = {};
  for (const property of def.properties) {
    record[property.name] = property.name in body ? body[property.name] : structuredClone(property.defaultValue);
  }
  return record;
}

function validateValue(property: PropertyDef, value: unknown): void {
  const { name, type } = property;
  if (value === null) {
    if (property.nullable) return;
    const t = edmTypeName(type);
    throw badRequest(
      `A null value was found for the property named '${name}', which has the expected type '${t}[Nullable=False]'. ` +
        `The expected type '${t}[Nullable=False]' does not allow null values.`,
    );
  }
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw cannotConvert(name, value, type);
      return;
    case 'int32':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
        throw cannotConvert(name, value, type);
      }
      return;
    case 'dateTimeOffset':
      if (typeof value !== 'string' || !isDateTimeOffset(value)) throw cannotConvert(name, value, type);
      return;
    case 'enum':
      if (typeof value !== 'string' || !type.members.includes(value)) throw cannotConvert(name, value, type);
      return;
    case 'enumCollection':
      validateEnumCollection(name, value, type);
      return;
    case 'mobileAppIdentifier':
      validateAppIdentifier(name, value);
      return;
  }
}

function validateEnumCollection(name: string, value: unknown, type: EdmType & { kind: 'enumCollection' }): void {
  if (!Array.isArray(value)) {
    throw badRequest(`Invalid value for property '${name}': expected a JSON array for the type '${edmTypeName(type)}'.`);
  }
  for (const element of value) {
    if (element === null) {
      throw badRequest(
        `Invalid value for property '${name}': a null value was found in a collection of type '${edmTypeName(type)}', ` +
          'which does not allow null elements.',
      );
    }
    if (typeof element !== 'string' || !type.members.includes(element)) {
      throw cannotConvert(name, element, { kind: 'enum', name: type.name, members: type.members });
    }
  }
}

function validateAppIdentifier(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`Invalid value for property '${name}': expected a JSON object of type 'microsoft.graph.mobileAppIdentifier'.`);
  }
  const identifier = value as Record<string, unknown>;
  const sentType = identifier['@odata.type'];
  const known = [...APP_IDENTIFIER_TYPES.keys()].join(', ');
  if (sentType === undefined) {
    throw badRequest(
      `Invalid value for property '${name}': mobileAppIdentifier is abstract, so '@odata.type' is required (one of ${known}).`,
    );
  }
  const typeName = typeof sentType === 'string' ? typeNameOf(sentType) : undefined;
  if (typeName === undefined || !APP_IDENTIFIER_TYPES.has(typeName)) {
    throw badRequest(`Invalid value for property '${name}': '@odata.type' ${literal(sentType)} is not one of ${known}.`);
  }
  const idProperty = APP_IDENTIFIER_TYPES.get(typeName);
  for (const [key, inner] of Object.entries(identifier)) {
    if (isAnnotation(key)) continue;
    if (key !== idProperty) throw unknownProperty(key, typeName);
    // The identifier properties are Nullable="false" (graph-facts §2).
    validateValue({ name: `${name}.${key}`, type: { kind: 'string' }, nullable: false, defaultValue: undefined }, inner);
  }
}

function unknownProperty(key: string, typeName: string): Error {
  return badRequest(
    `The property '${key}' does not exist on type '${typeName}'. ` +
      'Make sure to only use property names that are defined by the type or mark the type as open type.',
  );
}

function cannotConvert(name: string, value: unknown, type: EdmType): Error {
  return badRequest(
    `Invalid value for property '${name}': cannot convert the literal ${literal(value)} to the expected type '${edmTypeName(type)}'.`,
  );
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : `'${JSON.stringify(value)}'`;
}

/** The type as Graph's errors (and its CSDL, with the 'microsoft.' prefix) spell it. */
export function edmTypeName(type: EdmType): string {
  switch (type.kind) {
    case 'string':
      return 'Edm.String';
    case 'int32':
      return 'Edm.Int32';
    case 'dateTimeOffset':
      return 'Edm.DateTimeOffset';
    case 'enum':
      return type.name;
    case 'enumCollection':
      return `Collection(${type.name})`;
    case 'mobileAppIdentifier':
      return 'microsoft.graph.mobileAppIdentifier';
  }
}
