// Every fenced code block in README.md and the guides in docs/ is either run by a test or says why not:
// - unmarked `graphql` blocks and `sh` blocks that are one curl command are run, all of them, by
//   test/integration/readme.test.ts against a live gateway;
// - a block preceded by `<!-- run by test/<file>.test.ts -->` is run by that test, which reads that document;
// - a block preceded by `<!-- not run: <reason> -->` is not run, for the reason given.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/project';
import { codeBlocks, documentationFiles, isGenericallyRun, REFERENCE_DOCUMENTS, type CodeBlock } from './markdown';

/** What is wrong with a block's marking, or undefined when it is run or says why not. */
function problem(block: CodeBlock): string | undefined {
  if (isGenericallyRun(block)) return undefined;
  const where = `${block.file}:${block.line} (${block.language || 'no language'})`;
  if (block.marker === undefined) return `${where}: neither run by a test nor marked <!-- not run: reason -->`;
  const notRun = /^not run: (\S.*)$/.exec(block.marker);
  if (notRun !== null) return undefined;
  const runBy = /^run by (test\/\S+\.test\.ts)$/.exec(block.marker);
  if (runBy === null) return `${where}: the marker "${block.marker}" is neither "not run: <reason>" nor "run by test/<file>.test.ts"`;
  const test = join(PROJECT_ROOT, runBy[1]!);
  if (!existsSync(test)) return `${where}: ${runBy[1]} does not exist`;
  if (!readFileSync(test, 'utf8').includes(block.file)) return `${where}: ${runBy[1]} does not read ${block.file}`;
  return undefined;
}

describe('code blocks in the documentation', () => {
  const blocks = documentationFiles()
    .filter((file) => !REFERENCE_DOCUMENTS.has(file))
    .flatMap((file) => codeBlocks(file));

  test('each is run by a test or marked as not run, with a reason', () => {
    expect(blocks.map(problem).filter((p) => p !== undefined)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(20);
  });

  test('the rule is not vacuous: an unmarked shell block, a bare marker and a stray "run by" are each refused', () => {
    const sample = codeBlocks(
      'docs/x.md',
      '```sh\nnpm start\n```\n\n<!-- not run -->\n```ts\nx\n```\n<!-- run by test/docs/nothing.test.ts -->\n```sh\nls\n```\n<!-- not run: needs a tenant -->\n```sh\naz login\n```\n```graphql\n{ a }\n```\n',
    );
    expect(sample.map(problem)).toEqual([
      'docs/x.md:1 (sh): neither run by a test nor marked <!-- not run: reason -->',
      'docs/x.md:6 (ts): the marker "not run" is neither "not run: <reason>" nor "run by test/<file>.test.ts"',
      'docs/x.md:10 (sh): test/docs/nothing.test.ts does not exist',
      undefined,
      undefined,
    ]);
  });
});
