/**
 * EXPLORER (api-contract.md §14): which page GET /graphql answers to a browser.
 * `sandbox` is Apollo Sandbox (the browser loads it from Apollo's CDN);
 * `graphiql` is the GraphiQL built into dist/explorer/ and served by the
 * gateway itself (no internet needed); `off` is no page. Parsed once by
 * loadConfig; each refusal names its variable.
 */
import { bool, ConfigError, oneOf, type Env } from './env';

export const EXPLORERS = ['sandbox', 'graphiql', 'off'] as const;
export type ExplorerKind = (typeof EXPLORERS)[number];

export interface ExplorerConfig {
  readonly kind: ExplorerKind;
  /**
   * True when an explorer was asked for explicitly under NODE_ENV=production and
   * GRAPHQL_INTROSPECTION was left unset: introspection is on because of it, and
   * the start log says so.
   */
  readonly introspectionForProduction: boolean;
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The explorer asked for, if any. GRAPHQL_LANDING_PAGE, the older switch, still
 * reads as `sandbox` (true) or `off` (false); with EXPLORER also set it is refused,
 * since the two could say different things.
 */
function explicitExplorer(env: Env): ExplorerKind | undefined {
  const explorer = raw(env, 'EXPLORER') === undefined ? undefined : oneOf(env, 'EXPLORER', EXPLORERS, 'off');
  if (raw(env, 'GRAPHQL_LANDING_PAGE') === undefined) return explorer;
  if (explorer !== undefined) {
    throw new ConfigError('GRAPHQL_LANDING_PAGE', 'is replaced by EXPLORER (sandbox, graphiql or off) and cannot be set with it: unset GRAPHQL_LANDING_PAGE');
  }
  return bool(env, 'GRAPHQL_LANDING_PAGE', false) ? 'sandbox' : 'off';
}

/** EXPLORER, and what introspection defaults to with it (an explorer needs the schema). */
export function explorerConfig(env: Env, production: boolean): { readonly explorer: ExplorerConfig; readonly introspection: boolean } {
  const asked = explicitExplorer(env);
  const kind = asked ?? (production ? 'off' : 'sandbox');
  const wantsSchema = asked !== undefined && asked !== 'off';
  if (wantsSchema && raw(env, 'GRAPHQL_INTROSPECTION') !== undefined && !bool(env, 'GRAPHQL_INTROSPECTION', true)) {
    throw new ConfigError('GRAPHQL_INTROSPECTION', `is false, but EXPLORER=${asked} needs the schema: unset GRAPHQL_INTROSPECTION, or set EXPLORER=off`);
  }
  const introspection = bool(env, 'GRAPHQL_INTROSPECTION', !production || wantsSchema);
  const introspectionForProduction = production && wantsSchema && raw(env, 'GRAPHQL_INTROSPECTION') === undefined;
  return { explorer: Object.freeze({ kind, introspectionForProduction }), introspection };
}
