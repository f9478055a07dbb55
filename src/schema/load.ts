import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { type GraphQLSchema, parse } from 'graphql';
import { resolvers } from '../resolvers';

/** What the gateway takes from its package: the SDL (schema.graphql) and the version (package.json). */
export interface PackageAssets {
  readonly sdl: string;
  readonly version: string;
}

/**
 * Reads schema.graphql and package.json's version from the package root. Only whoever starts the gateway knows
 * where that is (main.ts: one level above dist/; the test harness: the checkout), so it is a parameter.
 */
export function readPackageAssets(packageRoot: string): PackageAssets {
  const sdl = readFileSync(path.join(packageRoot, 'schema.graphql'), 'utf8');
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return { sdl, version };
}

/** The executable Federation 2 subgraph schema. */
export function buildGatewaySchema(sdl: string): GraphQLSchema {
  // The generated Resolvers type is structurally what buildSubgraphSchema
  // takes; its GraphQLResolverMap is looser about enum maps and scalars.
  return buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
