import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
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
