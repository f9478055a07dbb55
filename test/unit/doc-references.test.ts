// Every "§" a comment, test or guide cites must resolve to a heading in docs/: `contract §N` is
// docs/api-contract.md, `graph-facts §N` is docs/graph-facts.md (also spelt `api-contract.md §N`,
// `graph-facts.md §N`, with lists `§3, §5`, `§6/§7`, `§1 and §3` and ranges `§1.1–1.4`). A section number
// with no document before it is refused too, so a reader never has to guess which document is meant;
// inside docs/ a bare number means the document it is written in.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
/** Where citations are looked for: the code and its notes, not node_modules, dist or generated code. */
const SCANNED = ['src', 'test', 'chaos', 'soak', 'bench', 'docs', 'README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '__generated__']);
const TEXT_FILE = /\.(?:ts|js|mjs|cjs|md|graphql)$/;
/** This file's own examples are made-up citations. */
const SELF = relative(ROOT, __filename);

type Doc = 'contract' | 'graph-facts';
const DOC_FILES: Record<Doc, string> = { contract: 'docs/api-contract.md', 'graph-facts': 'docs/graph-facts.md' };

const SECTION = String.raw`\d+(?:\.\d+)*`;
/** One cited section, or a range of them: §3, §1.5, §1.1–1.4, §1–§3. */
const REF = String.raw`§${SECTION}(?:[–-]§?${SECTION})?`;
/** A list of references: §3, §5 · §6/§7 · §1 and §3. */
const REFS = String.raw`${REF}(?:(?:\s*[,/]\s*|\s+(?:and|or)\s+)${REF})*`;
const NAME = String.raw`\`?((?:api-)?contract|graph-facts)(?:\.md)?\`?`;

interface Citation {
  readonly doc: Doc;
  readonly section: string;
  /** 1-based line of the citation in its file. */
  readonly line: number;
}

interface Scan {
  readonly citations: Citation[];
  /** Lines holding a section number with no document named before it. */
  readonly unnamed: number[];
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** §1.1–1.4 → 1.1, 1.2, 1.3, 1.4; a range whose ends differ above the last number yields its ends only. */
function expand(from: string, to: string | undefined): string[] {
  if (to === undefined) return [from];
  const a = from.split('.').map(Number);
  const b = to.split('.').map(Number);
  const sameParent = a.length === b.length && a.slice(0, -1).every((n, i) => n === b[i]);
  const first = a[a.length - 1] as number;
  const last = b[b.length - 1] as number;
  if (!sameParent || last < first) return [from, to];
  const parent = a.slice(0, -1);
  return Array.from({ length: last - first + 1 }, (_, i) => [...parent, first + i].join('.'));
}

function refsOf(list: string, doc: Doc, line: number): Citation[] {
  return [...list.matchAll(new RegExp(String.raw`§(${SECTION})(?:[–-]§?(${SECTION}))?`, 'g'))].flatMap((m) =>
    expand(m[1] as string, m[2]).map((section) => ({ doc, section, line })),
  );
}

/** The citations in one file's text; `home` is the document a bare number means (only inside docs/). */
function scanText(text: string, home?: Doc): Scan {
  const citations: Citation[] = [];
  let rest = text;
  for (const m of text.matchAll(new RegExp(String.raw`(?<![\w-])${NAME}\s+(${REFS})`, 'gi'))) {
    const doc: Doc = (m[1] as string).toLowerCase() === 'graph-facts' ? 'graph-facts' : 'contract';
    citations.push(...refsOf(m[2] as string, doc, lineAt(text, m.index)));
    // Blank the match out (keeping line breaks) so what is left holds only unnamed numbers.
    rest = rest.slice(0, m.index) + m[0].replace(/[^\n]/g, ' ') + rest.slice(m.index + m[0].length);
  }
  const unnamed: number[] = [];
  for (const m of rest.matchAll(new RegExp(REFS, 'g'))) {
    const line = lineAt(rest, m.index);
    if (home === undefined) unnamed.push(line);
    else citations.push(...refsOf(m[0], home, line));
  }
  return { citations, unnamed };
}

/** The section numbers of a document's headings: `## 6. Errors` → 6, `### 1.5 Paths` → 1.5. */
function sectionsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{2,6} +(\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1] as string));
}

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (TEXT_FILE.test(path) && !path.includes('/')) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(child);
    return TEXT_FILE.test(entry.name) ? [child] : [];
  });
}

function homeOf(file: string): Doc | undefined {
  return (Object.keys(DOC_FILES) as Doc[]).find((doc) => DOC_FILES[doc] === file);
}

describe('scanText', () => {
  test.each<[string, Array<[Doc, string]>, number[]]>([
    ['see contract §6.', [['contract', '6']], []],
    ['(Contract §5)', [['contract', '5']], []],
    ['api-contract.md §6, §7', [['contract', '6'], ['contract', '7']], []],
    ['`api-contract.md` §1', [['contract', '1']], []],
    ['graph-facts §4.1', [['graph-facts', '4.1']], []],
    ['`graph-facts.md` §1.1, §1.3, §3.1', [['graph-facts', '1.1'], ['graph-facts', '1.3'], ['graph-facts', '3.1']], []],
    ['graph-facts §1.1–1.4, §2', [['graph-facts', '1.1'], ['graph-facts', '1.2'], ['graph-facts', '1.3'], ['graph-facts', '1.4'], ['graph-facts', '2']], []],
    ['graph-facts §1–§3', [['graph-facts', '1'], ['graph-facts', '2'], ['graph-facts', '3']], []],
    ['graph-facts §1.6–2.1', [['graph-facts', '1.6'], ['graph-facts', '2.1']], []],
    ['contract §6/§7', [['contract', '6'], ['contract', '7']], []],
    ['graph-facts §1 and §3', [['graph-facts', '1'], ['graph-facts', '3']], []],
    ['contract §3; graph-facts §11', [['contract', '3'], ['graph-facts', '11']], []],
    ['contract §3; §11', [['contract', '3']], [1]],
    ['contracts §6', [], [1]],
    ['GraphQL over HTTP §Accept', [], []],
  ])('%s', (text, citations, unnamed) => {
    const scan = scanText(text);
    expect(scan.citations.map((c) => [c.doc, c.section])).toEqual(citations);
    expect(scan.unnamed).toEqual(unnamed);
  });

  test('a number with no document before it is reported by line, except inside docs/', () => {
    const text = 'contract §6\nthe §6 code\nsee §4.1 and §4.2\n';
    expect(scanText(text)).toEqual({ citations: [{ doc: 'contract', section: '6', line: 1 }], unnamed: [2, 3] });
    expect(scanText(text, 'graph-facts').citations).toEqual([
      { doc: 'contract', section: '6', line: 1 },
      { doc: 'graph-facts', section: '6', line: 2 },
      { doc: 'graph-facts', section: '4.1', line: 3 },
      { doc: 'graph-facts', section: '4.2', line: 3 },
    ]);
  });
});

describe('sectionsOf', () => {
  test('reads numbered headings of every level below the title, and nothing else', () => {
    const markdown = '# 1. Title\n## 1. One\n### 1.5 Paths\n#### 10.4 Item\n## Sources\n1. a list item\n##2. no space\n';
    expect([...sectionsOf(markdown)]).toEqual(['1', '1.5', '10.4']);
  });
});

describe('the docs/ citations in this repository', () => {
  const sections = Object.fromEntries(
    (Object.keys(DOC_FILES) as Doc[]).map((doc) => [doc, sectionsOf(readFileSync(join(ROOT, DOC_FILES[doc]), 'utf8'))]),
  ) as Record<Doc, Set<string>>;
  const files = SCANNED.flatMap(filesUnder).filter((file) => file !== SELF);
  const scans = files.map((file) => ({ file, ...scanText(readFileSync(join(ROOT, file), 'utf8'), homeOf(file)) }));
  const citations = scans.flatMap(({ file, citations: found }) => found.map((c) => ({ file, ...c })));

  test('every cited section is a heading of its document', () => {
    const missing = citations
      .filter((c) => !sections[c.doc].has(c.section))
      .map((c) => `${c.file}:${c.line}: ${c.doc} §${c.section} is no heading of ${DOC_FILES[c.doc]}`);
    expect(missing).toEqual([]);
    // Not vacuous: src/ cites both documents, and the contract's error table (§6) and Graph's error body (§4.1).
    const inSrc = new Set(citations.filter((c) => c.file.startsWith('src/')).map((c) => `${c.doc} §${c.section}`));
    expect([inSrc.has('contract §6'), inSrc.has('graph-facts §4.1')]).toEqual([true, true]);
  });

  test('every section number outside docs/ names its document', () => {
    const unnamed = scans.flatMap(({ file, unnamed: lines }) => lines.map((line) => `${file}:${line}`));
    expect(unnamed).toEqual([]);
  });

  test('both documents have the fourteen sections of the contract and the eleven of the Graph facts', () => {
    expect([...sections.contract].filter((s) => !s.includes('.'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14']);
    expect([...sections['graph-facts']].filter((s) => !s.includes('.'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
  });

  test('the README cites no section: it is for users, and the guides in docs/ link the documents', () => {
    const readme = scans.find((scan) => scan.file === 'README.md')!;
    expect([readme.citations, readme.unnamed]).toEqual([[], []]);
    const guides = scans.filter(({ file }) => file.startsWith('docs/') && homeOf(file) === undefined);
    expect(guides.some(({ citations: found }) => found.some((c) => c.doc === 'contract'))).toBe(true);
  });
});
