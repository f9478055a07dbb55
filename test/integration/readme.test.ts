import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { NOT_IN_CURRENT_GRAPH_BETA } from '../../src/server/live-graph-notice';
import { startStack, type Stack } from '../helpers/stack';

const README = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

function blocks(language: string): string[] {
  const found: string[] = [];
  const re = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  for (let m = re.exec(README); m !== null; m = re.exec(README)) found.push(m[1]!);
  return found;
}

const OPERATIONS = blocks('graphql');
const CURLS = blocks('sh').filter((b) => b.startsWith('curl '));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('README examples work as pasted', () => {
  it('has examples of both mutations', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(2);
    expect(CURLS.length).toBeGreaterThanOrEqual(2);
    expect(OPERATIONS.join('\n')).toContain('createManagedAppRegistration');
    expect(OPERATIONS.join('\n')).toContain('createMobileAppInstallStatus');
  });

  it.each(OPERATIONS.map((op, i) => [i, op] as const))('GraphQL example %i', async (_i, operation) => {
    const res = await stack.gql(operation);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data!).every((v) => v !== null)).toBe(true);
  });

  it.each(CURLS.map((c, i) => [i, c] as const))('curl example %i', async (_i, curl) => {
    const command = curl.replace(/\\\n\s*/g, ' ').replace('http://localhost:4000', new URL(stack.url).origin);
    const { stdout } = await promisify(execFile)('bash', ['-c', command]);
    const body = JSON.parse(stdout) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).every((v) => v !== null)).toBe(true);
  });
});

describe('README "What current Graph beta serves"', () => {
  const section = README.slice(README.indexOf('### What current Graph beta serves'), README.indexOf('## Configuration'));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  const routeOf = (row: string): string => /\| `((?:GET|POST) [^`]+)` \|/.exec(row)![1]!;

  it('marks as not in current metadata exactly the calls the start-up warning names', () => {
    const marked = rows.filter((r) => r.includes('**not in current metadata')).map(routeOf);
    expect(marked.sort()).toEqual(NOT_IN_CURRENT_GRAPH_BETA.map((o) => `${o.method} ${o.route}`).sort());
  });

  it('has one row per Graph call the gateway makes (5 creates, 6 reads)', () => {
    expect(rows.map(routeOf)).toHaveLength(new Set(rows.map(routeOf)).size);
    expect(rows).toHaveLength(11);
  });
});
