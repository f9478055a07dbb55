// The examples in README.md and the guides in docs/ work as pasted: every unmarked GraphQL block and every unmarked
// curl command (test/docs/snippets.test.ts holds the rule that every other block is run elsewhere or marked).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NOT_IN_CURRENT_GRAPH_BETA } from '../../src/server/live-graph-notice';
import { codeBlocks, documentationFiles, isGenericallyRun, readDoc, REFERENCE_DOCUMENTS } from '../docs/markdown';
import { startStack, type Stack } from '../helpers/stack';

const BLOCKS = documentationFiles()
  .filter((file) => !REFERENCE_DOCUMENTS.has(file))
  .flatMap((file) => codeBlocks(file))
  .filter(isGenericallyRun);
const OPERATIONS = BLOCKS.filter((b) => b.language === 'graphql').map((b) => [`${b.file}:${b.line}`, b.text] as const);
const CURLS = BLOCKS.filter((b) => b.language === 'sh').map((b) => [`${b.file}:${b.line}`, b.text] as const);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('the documentation\'s examples work as pasted', () => {
  it('has examples of both mutations', () => {
    const operations = OPERATIONS.map(([, text]) => text).join('\n');
    expect([operations.includes('createManagedAppRegistration'), operations.includes('createMobileAppInstallStatus')]).toEqual([true, true]);
    expect(CURLS.map(([where]) => where.split(':')[0]).filter((file) => file === 'README.md')).toEqual(['README.md']);
    expect(CURLS.length).toBeGreaterThanOrEqual(3);
  });

  it.each(OPERATIONS)('GraphQL example at %s', async (_where, operation) => {
    const res = await stack.gql(operation);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data!).every((v) => v !== null)).toBe(true);
  });

  it.each(CURLS)('curl example at %s', async (_where, curl) => {
    const command = curl.replace(/\\\n\s*/g, ' ').replace('http://localhost:4000', new URL(stack.url).origin);
    const { stdout } = await promisify(execFile)('bash', ['-c', command]);
    const body = JSON.parse(stdout) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).every((v) => v !== null)).toBe(true);
  });
});

describe('README.md example', () => {
  const [curl, answer] = codeBlocks('README.md').filter((b) => b.text.startsWith('curl ') || b.marker === 'run by test/integration/readme.test.ts');

  it('answers what the README shows, but for the id the emulator makes', async () => {
    expect([curl!.marker, answer!.marker]).toEqual([undefined, 'run by test/integration/readme.test.ts']);
    const command = curl!.text.replace(/\\\n\s*/g, ' ').replace('http://localhost:4000', new URL(stack.url).origin);
    const { stdout } = await promisify(execFile)('bash', ['-c', command]);
    const shown = JSON.parse(answer!.text) as { data: { createManagedAppRegistration: { id: string } } };
    const got = JSON.parse(stdout) as { data: { createManagedAppRegistration: { id: string } } };
    expect(got.data.createManagedAppRegistration.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect({ data: { createManagedAppRegistration: { ...got.data.createManagedAppRegistration, id: shown.data.createManagedAppRegistration.id } } }).toEqual(shown);
  });
});

describe('docs/schema.md "What current Graph beta serves"', () => {
  const schemaGuide = readDoc('docs/schema.md');
  const section = schemaGuide.slice(schemaGuide.indexOf('## What current Graph beta serves'));
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
