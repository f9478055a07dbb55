import { type ASTNode, type Source, parse, visit } from 'graphql';

/**
 * The argument path ("input.lastSyncDateTime") of the value node that starts
 * at `start` in the operation's source, or null when it is not inside an
 * argument. graphql-js reports bad literal values with their location only;
 * this names the argument, as it does for variables.
 */
export function argumentPathAt(source: Source, start: number): string | null {
  let found: string | null = null;
  const names: string[] = [];
  let document;
  try {
    document = parse(source);
  } catch {
    return null;
  }
  visit(document, {
    enter(node: ASTNode) {
      if (node.kind === 'Argument' || node.kind === 'ObjectField') names.push(node.name.value);
      if (found === null && names.length > 0 && node.loc?.start === start && node.kind !== 'Argument' && node.kind !== 'ObjectField' && node.kind !== 'Name') {
        found = names.join('.');
      }
    },
    leave(node: ASTNode) {
      if (node.kind === 'Argument' || node.kind === 'ObjectField') names.pop();
    },
  });
  return found;
}
