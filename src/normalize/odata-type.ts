import type { ManagedAppRegistrationTypename, MobileAppIdentifierModel } from './models';

const NAMESPACE = 'microsoft.graph.';

/**
 * Names already worked out, by `@odata.type` as sent: Graph sends a handful of distinct values, each on every
 * entity, so the slicing is done once per value, not per entity. Bounded so that odd values cannot grow it.
 */
const NAMES = new Map<string, string>();
const NAMES_MAX = 64;

/** Graph's type name without '#' and namespace ('#microsoft.graph.x' and 'microsoft.graph.x' both give 'x'); null when absent. */
export function graphTypeName(odataType: unknown): string | null {
  if (typeof odataType !== 'string' || odataType === '') return null;
  const known = NAMES.get(odataType);
  if (known !== undefined) return known;
  const unhashed = odataType.startsWith('#') ? odataType.slice(1) : odataType;
  const name = unhashed.startsWith(NAMESPACE) ? unhashed.slice(NAMESPACE.length) : unhashed;
  if (NAMES.size < NAMES_MAX) NAMES.set(odataType, name);
  return name;
}

const REGISTRATION_TYPENAMES: Readonly<Record<string, ManagedAppRegistrationTypename>> = {
  androidManagedAppRegistration: 'AndroidManagedAppRegistration',
  iosManagedAppRegistration: 'IosManagedAppRegistration',
  windowsManagedAppRegistration: 'WindowsManagedAppRegistration',
};

/** The concrete GraphQL type of a registration; the base type or an unknown subtype is Generic. */
export function registrationTypename(odataType: unknown): ManagedAppRegistrationTypename {
  const name = graphTypeName(odataType);
  return (name !== null && Object.hasOwn(REGISTRATION_TYPENAMES, name) && REGISTRATION_TYPENAMES[name]) || 'GenericManagedAppRegistration';
}

export type IdentifierKind = 'android' | 'ios' | 'mac' | 'windows';

/** Graph's type for each identifier kind of the input (graph-facts §2). */
export const IDENTIFIER_GRAPH_TYPES: Readonly<Record<IdentifierKind, string>> = {
  android: 'androidMobileAppIdentifier',
  ios: 'iosMobileAppIdentifier',
  mac: 'macAppIdentifier',
  windows: 'windowsAppIdentifier',
};

/** The registration subtype an identifier kind implies; mac has none in Graph. */
export const REGISTRATION_GRAPH_TYPE_BY_KIND: Readonly<Record<IdentifierKind, string>> = {
  android: 'androidManagedAppRegistration',
  ios: 'iosManagedAppRegistration',
  mac: 'managedAppRegistration',
  windows: 'windowsManagedAppRegistration',
};

/** The entity-level form Graph writes: '#microsoft.graph.x'. */
export function entityOdataType(name: string): string {
  return `#${NAMESPACE}${name}`;
}

/** The nested (complex value) form Graph's examples write: 'microsoft.graph.x'. */
export function complexOdataType(name: string): string {
  return `${NAMESPACE}${name}`;
}

/** Builds the identifier model from Graph's type name and the value's properties. */
export function identifierModel(name: string | null, pick: (key: string) => string | null): MobileAppIdentifierModel {
  switch (name) {
    case 'androidMobileAppIdentifier':
      return { __typename: 'AndroidMobileAppIdentifier', packageId: pick('packageId') };
    case 'iosMobileAppIdentifier':
      return { __typename: 'IosMobileAppIdentifier', bundleId: pick('bundleId') };
    case 'macAppIdentifier':
      return { __typename: 'MacAppIdentifier', bundleId: pick('bundleId') };
    case 'windowsAppIdentifier':
      return { __typename: 'WindowsAppIdentifier', windowsAppId: pick('windowsAppId') };
    default:
      return { __typename: 'OtherMobileAppIdentifier', graphType: name };
  }
}
