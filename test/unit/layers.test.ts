import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const BIN = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** Runs dependency-cruiser with the project's rules over `cwd`/src; the violations, sorted. */
function cruise(cwd: string): Promise<Violation[]> {
  return new Promise((resolve, reject) => {
    // It exits non-zero when it finds violations; the JSON report is on stdout either way.
    execFile(process.execPath, [BIN, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let report: { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
      try {
        report = JSON.parse(stdout) as typeof report;
      } catch {
        reject(error ?? new Error(`dependency-cruiser printed no report: ${stderr}`));
        return;
      }
      const violations = report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
      resolve(violations.sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`)));
    });
  });
}

describe('layering (.dependency-cruiser.cjs)', () => {
  it('src/ keeps every rule', async () => {
    expect(await cruise(ROOT)).toEqual([]);
  }, 60_000);

  describe('each rule catches its breach', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'layers-'));
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }),
        'src/main.ts': "import './nowhere';\n",
        'src/server/s.ts': 'export type S = 1;\n',
        'src/errors/e.ts': "import 'graphql';\nexport type E = 1;\n",
        'src/observability/logger.ts': "import type { E } from '../errors/e';\nexport type L = E;\n",
        'src/observability/o.ts': "import type { G } from '../graph/g';\nexport type O = G;\n",
        'src/normalize/m.ts': "import type { L } from '../observability/logger';\nimport { T } from '../__generated__/t';\nexport type M = L | T;\n",
        'src/__generated__/t.ts': 'export type T = 1;\n',
        'src/graph/g.ts': "import 'graphql';\nimport type { M } from '../normalize/m';\nexport type G = M;\n",
        'src/loaders/l.ts': "import type { S } from '../server/s';\nimport type { R } from '../resolvers/r';\nexport type L = S | R;\n",
        'src/resolvers/r.ts': "import 'undici';\nimport '../graph/client';\nexport type R = 1;\n",
        'src/graph/client.ts': 'export {};\n',
        'src/creates/c.ts': "import 'graphql';\nimport '../graph/client';\nimport type { R } from '../resolvers/r';\nexport type C = R;\n",
        'src/replies/p.ts': "import type { L } from '../loaders/l';\nexport type P = L;\n",
        'src/emulator/em.ts': "import type { G } from '../graph/g';\nexport type Em = G;\n",
        'src/emulator/graph/eg.ts': "import type { En } from '../entra/en';\nexport type Eg = En;\n",
        'src/emulator/entra/en.ts': 'export type En = 1;\n',
        'src/config/a.ts': "import type { B } from './b';\nexport type A = B;\n",
        'src/config/b.ts': "import type { A } from './a';\nimport type { E } from '../errors/e';\nexport type B = A | E;\n",
        'src/caller/c.ts': "import type { G } from '../graph/g';\nexport type C = G;\n",
        'src/trusted-documents/t.ts': "import type { E } from '../errors/e';\nimport '../graph/client';\nexport type T = E;\n",
        'src/redis/c.ts': "import type { E } from '../errors/e';\nexport type C = E;\n",
        'src/idempotency/i.ts': "import 'undici';\nimport type { G } from '../graph/g';\nimport type { E } from '../errors/e';\nexport type I = G | E;\n",
        // errors/ is allowed; observability is not.
        'src/tokens/t.ts': "import type { E } from '../errors/e';\nimport type { L } from '../observability/logger';\nexport type Tk = E | L;\n",
        // tokens/, caller/, config, errors and observability are allowed; resolvers, graph/ and GraphQL are not.
        'src/auth/au.ts':
          "import 'graphql';\nimport '../graph/client';\nimport type { Tk } from '../tokens/t';\nimport type { A } from '../config/a';\nimport type { O } from '../observability/o';\nimport type { R } from '../resolvers/r';\nexport type Au = Tk | A | O | R;\n",
      };
      for (const [name, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), text);
      }
      await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reports exactly the planted breaches', async () => {
      const violations = (await cruise(dir)).map((v) => ({ ...v, to: v.to.replace(/^.*node_modules\//, 'node_modules/') }));
      expect(violations).toEqual([
        { rule: 'auth-knows-only-what-it-checks-with', from: 'src/auth/au.ts', to: 'node_modules/graphql/index.js' },
        { rule: 'auth-knows-only-what-it-checks-with', from: 'src/auth/au.ts', to: 'src/graph/client.ts' },
        { rule: 'auth-knows-only-what-it-checks-with', from: 'src/auth/au.ts', to: 'src/resolvers/r.ts' },
        { rule: 'caller-is-low', from: 'src/caller/c.ts', to: 'src/graph/g.ts' },
        { rule: 'config-is-a-leaf', from: 'src/config/b.ts', to: 'src/errors/e.ts' },
        { rule: 'creates-and-replies-below-graphql', from: 'src/creates/c.ts', to: 'node_modules/graphql/index.js' },
        { rule: 'creates-and-replies-below-graphql', from: 'src/creates/c.ts', to: 'src/resolvers/r.ts' },
        { rule: 'creates-and-replies-below-graphql', from: 'src/replies/p.ts', to: 'src/loaders/l.ts' },
        { rule: 'emulator-graph-knows-no-entra', from: 'src/emulator/graph/eg.ts', to: 'src/emulator/entra/en.ts' },
        { rule: 'emulator-stands-alone', from: 'src/emulator/em.ts', to: 'src/graph/g.ts' },
        { rule: 'errors-is-a-leaf', from: 'src/errors/e.ts', to: 'node_modules/graphql/index.js' },
        { rule: 'graph-knows-no-graphql', from: 'src/graph/g.ts', to: 'node_modules/graphql/index.js' },
        { rule: 'graph-knows-no-graphql', from: 'src/graph/g.ts', to: 'src/normalize/m.ts' },
        { rule: 'idempotency-knows-no-layers-above', from: 'src/idempotency/i.ts', to: 'node_modules/undici/index.js' },
        { rule: 'idempotency-knows-no-layers-above', from: 'src/idempotency/i.ts', to: 'src/graph/g.ts' },
        { rule: 'loaders-below-resolvers', from: 'src/loaders/l.ts', to: 'src/resolvers/r.ts' },
        { rule: 'logger-is-a-leaf', from: 'src/observability/logger.ts', to: 'src/errors/e.ts' },
        { rule: 'no-cycles', from: 'src/config/a.ts', to: 'src/config/b.ts' },
        { rule: 'no-unresolvable', from: 'src/main.ts', to: './nowhere' },
        { rule: 'normalize-is-pure', from: 'src/normalize/m.ts', to: 'src/observability/logger.ts' },
        { rule: 'normalize-uses-generated-types-only-as-types', from: 'src/normalize/m.ts', to: 'src/__generated__/t.ts' },
        { rule: 'observability-is-below-everything-it-observes', from: 'src/observability/o.ts', to: 'src/graph/g.ts' },
        { rule: 'redis-is-a-leaf', from: 'src/redis/c.ts', to: 'src/errors/e.ts' },
        { rule: 'resolvers-have-no-transport', from: 'src/creates/c.ts', to: 'src/graph/client.ts' },
        { rule: 'resolvers-have-no-transport', from: 'src/resolvers/r.ts', to: 'node_modules/undici/index.js' },
        { rule: 'resolvers-have-no-transport', from: 'src/resolvers/r.ts', to: 'src/graph/client.ts' },
        { rule: 'server-is-the-top', from: 'src/loaders/l.ts', to: 'src/server/s.ts' },
        { rule: 'tokens-is-a-leaf', from: 'src/tokens/t.ts', to: 'src/observability/logger.ts' },
        { rule: 'trusted-documents-knows-config-errors-and-graphql', from: 'src/trusted-documents/t.ts', to: 'src/graph/client.ts' },
      ]);
    }, 60_000);
  });
});
