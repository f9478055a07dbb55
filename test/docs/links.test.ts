// Every relative link in README.md and docs/*.md names a file of this checkout, and every #anchor a heading of it.
import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { PROJECT_ROOT } from '../helpers/project';
import { anchors, documentationFiles, readDoc, relativeLinks, slug } from './markdown';

describe('the Markdown helpers', () => {
  test('slug follows GitHub: lower case, punctuation dropped, spaces to hyphens', () => {
    expect([slug('What current Graph beta serves'), slug("The gateway's credential"), slug('With `AUTH_MODE=obo`'), slug('_entities × 45 (2026-12-07)')]).toEqual([
      'what-current-graph-beta-serves',
      'the-gateways-credential',
      'with-auth_modeobo',
      '_entities--45-2026-12-07',
    ]);
  });

  test('anchors skip code blocks and number repeats', () => {
    expect([...anchors('# A\n```sh\n# not a heading\n```\n## A\n### B `c`\n')]).toEqual(['a', 'a-1', 'b-c']);
  });

  test('links: relative ones only, none inside code', () => {
    const text = '[a](docs/a.md) [b](https://x.org) `[c](c.md)` ![d](img/d.png)\n```md\n[e](e.md)\n```\n[f](#top)';
    expect(relativeLinks('X.md', text).map((l) => [l.line, l.target])).toEqual([
      [1, 'docs/a.md'],
      [1, 'img/d.png'],
      [5, '#top'],
    ]);
  });
});

describe('links in the documentation', () => {
  const files = documentationFiles();
  const links = files.flatMap((file) => relativeLinks(file));

  test('the README links every guide in docs/', () => {
    const fromReadme = new Set(relativeLinks('README.md').map((l) => l.target.split('#')[0]));
    const guides = files.filter((f) => f.startsWith('docs/'));
    expect(guides.filter((guide) => !fromReadme.has(guide))).toEqual([]);
  });

  test('every relative link names a file or folder of the checkout, and every anchor a heading of it', () => {
    const broken: string[] = [];
    for (const { file, line, target } of links) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? join(PROJECT_ROOT, file) : normalize(join(PROJECT_ROOT, dirname(file), decodeURIComponent(path)));
      const where = `${file}:${line}: ${target}`;
      if (relative(PROJECT_ROOT, resolved).startsWith('..') || !existsSync(resolved)) broken.push(`${where} (no such file)`);
      else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readDoc(relative(PROJECT_ROOT, resolved))).has(anchor)) {
        broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(links.length).toBeGreaterThan(20);
  });
});
