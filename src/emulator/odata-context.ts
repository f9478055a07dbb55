// @odata.context values: '<service root>/$metadata#<path to the entity set>' (+ '/$entity' for one entity).

/** An absolute @odata.context URL for a fragment such as "users('u')/managedAppRegistrations". */
export function contextUrl(serviceRoot: string, fragment: string): string {
  return `${serviceRoot}/$metadata#${fragment}`;
}

/** A key in OData URL syntax: "('a''b')" — quotes doubled, the rest percent-encoded. */
export function keyOf(id: string): string {
  return `('${encodeURIComponent(id).replace(/'/g, "''")}')`;
}
