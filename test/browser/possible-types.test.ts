// The page's Apollo cache is told every interface's and union's members (examples/frontend/src/browser/possible-types.ts).
// That list is written by hand, so check it against schema.graphql: a member added to the schema and missing here
// would make Apollo Client drop `...RegistrationSummary` fields for that type when it reads from its cache.
// Runs without a browser.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Kind, parse } from 'graphql';
import { POSSIBLE_TYPES } from '../../examples/frontend/src/browser/possible-types';

const SDL = readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');

/** Every interface and union of the SDL with its members, sorted, read from the AST (no federation build needed). */
function possibleTypesOf(sdl: string): Record<string, string[]> {
  const members = new Map<string, Set<string>>();
  const add = (supertype: string, subtype: string): void => {
    members.set(supertype, (members.get(supertype) ?? new Set()).add(subtype));
  };
  for (const definition of parse(sdl).definitions) {
    if (definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION) members.set(definition.name.value, members.get(definition.name.value) ?? new Set());
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      for (const implemented of definition.interfaces ?? []) add(implemented.name.value, definition.name.value);
    }
    if (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION) {
      for (const member of definition.types ?? []) add(definition.name.value, member.name.value);
    }
  }
  return Object.fromEntries([...members].map(([supertype, subtypes]) => [supertype, [...subtypes].sort()]));
}

function sorted(map: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([supertype, subtypes]) => [supertype, [...subtypes].sort()]));
}

test('POSSIBLE_TYPES lists exactly the interfaces and unions of schema.graphql and their members', () => {
  expect(sorted(POSSIBLE_TYPES)).toEqual(possibleTypesOf(SDL));
});

test('the check notices a member the list lacks', () => {
  const extended = `${SDL}\ntype MacManagedAppRegistration implements ManagedAppRegistration { id: ID! }\n`;
  expect(sorted(POSSIBLE_TYPES)).not.toEqual(possibleTypesOf(extended));
  expect(possibleTypesOf(extended).ManagedAppRegistration).toContain('MacManagedAppRegistration');
});
