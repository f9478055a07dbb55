import { GraphQLError, type ASTVisitor, type OperationTypeNode, type ValidationContext } from 'graphql';

const PLURAL: Readonly<Record<OperationTypeNode, string>> = { query: 'queries', mutation: 'mutations', subscription: 'subscriptions' };

/**
 * Refuses an operation of a type the schema has no root type for (here a
 * `subscription`: the schema has none) as a validation error, so it is a
 * request error, GRAPHQL_VALIDATION_FAILED (contract §1), before anything
 * runs. graphql-js 16 has no such rule and only finds out when executing
 * ("Schema is not configured to execute subscription operation."), which
 * reached clients as INTERNAL_SERVER_ERROR with an error-level log line.
 * Given to Apollo and the lean path alike (server/apollo.ts); the lean path
 * leaves documents that fail validation to Apollo, which answers them.
 */
export function supportedOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (schema.getRootType(node.operation) !== undefined) return;
      const served = (Object.keys(PLURAL) as OperationTypeNode[]).filter((type) => schema.getRootType(type) !== undefined).map((type) => PLURAL[type]);
      context.reportError(
        new GraphQLError(`The ${node.operation} operation is not supported by the schema: this gateway answers ${served.join(' and ')} only.`, { nodes: node }),
      );
    },
  };
}
