// Shared by the trusted-documents tests: the gateway's real schema and query limits, wired as the server will
// wire them (src/server/limits.ts's rules and cost, passed in: trusted-documents/ may not import the server).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { buildGatewaySchema, readPackageAssets } from '../../src/schema/load';
import { maxAliasesRule, maxDepthRule, operationCost } from '../../src/server/limits';
import type { PrepareOptions } from '../../src/trusted-documents';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const CODEGEN = path.join(FIXTURES, 'persisted-documents.json');
export const APOLLO = path.join(FIXTURES, 'apollo-manifest.json');

export const schema = buildGatewaySchema(readPackageAssets(ROOT).sdl);

/** The options the server passes, from a config with the defaults (or `env`). */
export function prepareOptions(env: Record<string, string> = {}): PrepareOptions {
  const config = loadConfig(env);
  return {
    schema,
    maxTokens: config.maxQueryTokens,
    limitRules: [maxDepthRule(config.maxQueryDepth), maxAliasesRule(config.maxAliases)],
    cost: { max: config.maxQueryCost, of: (operation, fragments, variables) => operationCost(operation, fragments, variables, config.defaultPageSize) },
  };
}

/** A scratch directory for manifests written by a test; removed by the returned cleanup. */
export function scratch(): { dir: string; write(name: string, content: unknown): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'trusted-documents-'));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
