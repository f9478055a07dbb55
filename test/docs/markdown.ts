// The user documentation as the tests read it: README.md and every docs/*.md, their fenced code blocks (with the
// marker comment that may precede each), their relative links and their headings' anchors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/project';

/** README.md and docs/*.md, as paths relative to the checkout. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(PROJECT_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/**
 * The reference documents: the contract and the Graph facts are specifications, not guides; their code blocks are
 * quoted shapes and wire formats, never commands to paste, so the run-or-marked rule does not apply to them.
 */
export const REFERENCE_DOCUMENTS: ReadonlySet<string> = new Set(['docs/api-contract.md', 'docs/graph-facts.md']);

export function readDoc(file: string): string {
  return readFileSync(join(PROJECT_ROOT, file), 'utf8');
}

export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word ('' when none). */
  readonly language: string;
  /** The block's text, with its final line break. */
  readonly text: string;
  /**
   * The HTML comment on the closest non-blank line above the fence, if any: `not run: <reason>` or
   * `run by <test file>`.
   */
  readonly marker: string | undefined;
}

/** Blocks test/integration/readme.test.ts runs: every unmarked GraphQL operation and single curl command. */
export function isGenericallyRun(block: CodeBlock): boolean {
  return block.marker === undefined && (block.language === 'graphql' || (block.language === 'sh' && /^curl /.test(block.text)));
}

const FENCE = /^(\s*)(```+|~~~+)\s*([^\s`]*)/;

/** Every fenced code block of a Markdown text, nested list indentation included. */
export function codeBlocks(file: string, text: string = readDoc(file)): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence!); j++) body.push(lines[j]!.slice(indent!.length));
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const comment = k >= 0 ? /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[k]!) : null;
    blocks.push({ file, line: i + 1, language: open[3]!, text: body.map((l) => `${l}\n`).join(''), marker: comment?.[1] });
    i = j;
  }
  return blocks;
}

/** The lines of a Markdown text with those of fenced code blocks (fences included) blanked. */
function outsideFences(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const open = FENCE.exec(line);
    if (fence === undefined && open !== null) {
      fence = open[2];
      return '';
    }
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence)) fence = undefined;
      return '';
    }
    return line;
  });
}

/** The text outside fenced code blocks and inline code, line breaks kept (so line numbers stay right). */
export function prose(text: string): string {
  return outsideFences(text)
    .map((line) => line.replace(/`+[^`]*`+/g, ''))
    .join('\n');
}

export interface Link {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** Inline links and images whose target is not a URL with a scheme (https:, mailto:…). */
export function relativeLinks(file: string, text: string = readDoc(file)): Link[] {
  const links: Link[] = [];
  prose(text)
    .split('\n')
    .forEach((line, index) => {
      for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        const target = m[1]!;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ file, line: index + 1, target });
      }
    });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown text's headings make, repeats numbered as GitHub numbers them (`x`, `x-1`, `x-2`). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const m of outsideFences(text).join('\n').matchAll(/^#{1,6} +(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}
