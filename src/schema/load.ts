import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { type GraphQLSchema, parse } from 'graphql';
import { resolvers } from '../resolvers';

/** schema.graphql at the package root: one level above both src/ and dist/. */
export const SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'schema.graphql');

/** The schema's SDL, read from disk. */
export function readSchemaSdl(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** The executable Federation 2 subgraph schema. */
export function buildGatewaySchema(sdl: string = readSchemaSdl()): GraphQLSchema {
  // The generated Resolvers type is structurally what buildSubgraphSchema
  // takes; its GraphQLResolverMap is looser about enum maps and scalars.
  return buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
