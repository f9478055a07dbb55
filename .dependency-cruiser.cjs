// The gateway's layers (docs: style.md "Layout"), checked by test/unit/layers.test.ts on every
// `npm test`. From the top: main → server → resolvers → creates and loaders → replies → graph → errors;
// creates also use idempotency; normalize is pure (resolvers and replies call it); observability, config
// and errors are leaves the others use, as are redis/, tokens/ and caller/ (the request's caller, read
// once); auth/ sits beside graph/, below the server that builds it.
// Type-only imports count: a type cycle ties the modules as tightly as a value cycle.

/** Every folder of src/ except the ones named. */
const except = (...folders) => `^src/(?!(?:${folders.join('|')})/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'server-is-the-top',
      comment: 'Only main.ts (and the server itself) may import src/server: nothing below knows it exists.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/server/', '^src/main\\.ts$'] },
      to: { path: '^src/server/' },
    },
    {
      name: 'graph-knows-no-graphql',
      comment: 'graph/ talks to Microsoft Graph: no GraphQL, no Apollo, no resolvers, loaders, normalize or generated types.',
      severity: 'error',
      from: { path: '^src/graph/' },
      to: {
        path: [
          '^src/(server|resolvers|loaders|normalize|schema|__generated__|emulator)/',
          '(^|/)node_modules/(graphql|@apollo|dataloader)/',
        ],
      },
    },
    {
      name: 'normalize-is-pure',
      comment: 'normalize/ converts values: it imports its own folder, errors/ and (as types) the generated types, nothing else.',
      severity: 'error',
      from: { path: '^src/normalize/' },
      to: { pathNot: ['^src/normalize/', '^src/errors/', '^src/__generated__/'] },
    },
    {
      name: 'normalize-uses-generated-types-only-as-types',
      severity: 'error',
      from: { path: '^src/normalize/' },
      to: { path: '^src/__generated__/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'errors-is-a-leaf',
      comment: 'errors/ is the contract table and its error type: it imports only itself (no GraphQL either).',
      severity: 'error',
      from: { path: '^src/errors/' },
      to: { pathNot: '^src/errors/' },
    },
    {
      name: 'logger-is-a-leaf',
      comment: 'The logger is used by every layer, so it imports none of them (only pino and the LogLevel type).',
      severity: 'error',
      from: { path: '^src/observability/logger\\.ts$' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'redis-is-a-leaf',
      comment: 'The Redis connection (src/redis) is shared by idempotency/ and graph/ (the write budget): it knows neither.',
      severity: 'error',
      from: { path: '^src/redis/' },
      to: { path: '^src/', pathNot: '^src/redis/' },
    },
    {
      name: 'caller-is-low',
      comment: 'The caller (src/caller), read once per request, is passed to graph/, idempotency/, auth/ and resolvers: it reads tokens (tokens/) and knows none of them.',
      severity: 'error',
      from: { path: '^src/caller/' },
      to: { path: '^src/', pathNot: '^src/(caller|tokens|errors)/' },
    },
    {
      name: 'config-is-a-leaf',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'observability-is-below-everything-it-observes',
      comment: 'Logs, metrics and traces know no layer above them.',
      severity: 'error',
      from: { path: '^src/observability/' },
      to: { path: except('observability', 'config', 'errors', '__generated__') },
    },
    {
      name: 'loaders-below-resolvers',
      severity: 'error',
      from: { path: '^src/loaders/' },
      to: { path: '^src/(resolvers|schema)/' },
    },
    {
      name: 'resolvers-have-no-transport',
      comment: 'Resolvers (and creates, loaders and replies below them) call ctx.graph: no undici, no Graph client, transport or retry internals.',
      severity: 'error',
      from: { path: '^src/(resolvers|loaders|creates|replies)/' },
      to: { path: ['(^|/)node_modules/undici/', '^src/graph/(client|transport|policy|telemetry|batch|paging)\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'creates-and-replies-below-graphql',
      comment:
        'creates/ runs a create (contract §9, §10) and replies/ reads a Graph reply into a model, for resolvers and loaders: neither knows GraphQL, the resolvers, the loaders or the server.',
      severity: 'error',
      from: { path: '^src/(creates|replies)/' },
      to: {
        path: ['^src/(server|resolvers|loaders|schema|__generated__|emulator)/', '(^|/)node_modules/(graphql|@apollo|dataloader)/'],
      },
    },
    {
      name: 'idempotency-knows-no-layers-above',
      comment: 'idempotency/ applies contract §10 to any create: it knows the contract codes and config, not Graph, GraphQL or the server.',
      severity: 'error',
      from: { path: '^src/idempotency/' },
      to: {
        path: [
          '^src/(graph|server|resolvers|loaders|normalize|schema|__generated__|emulator)/',
          '(^|/)node_modules/(graphql|@apollo|dataloader|undici)/',
        ],
      },
    },
    {
      name: 'trusted-documents-knows-config-errors-and-graphql',
      comment:
        'trusted-documents/ prepares the allow-list of contract §13 and decides per request: it imports config, errors and graphql only; the server passes in the schema and the query limits, and acts on each decision.',
      severity: 'error',
      from: { path: '^src/trusted-documents/' },
      to: { path: except('trusted-documents', 'config', 'errors') },
    },
    {
      name: 'tokens-is-a-leaf',
      comment: 'tokens/ reads a bearer token without verifying it, for auth/, graph/ and idempotency/ alike: it knows none of them (errors/ at most).',
      severity: 'error',
      from: { path: '^src/tokens/' },
      to: { path: '^src/', pathNot: '^src/(tokens|errors)/' },
    },
    {
      name: 'auth-knows-only-what-it-checks-with',
      comment:
        "auth/ checks and exchanges the caller's token (contract §12): it uses config, errors, observability, tokens/ and caller/ (the request's caller, whose Graph authorization it produces); no other layer, no GraphQL.",
      severity: 'error',
      from: { path: '^src/auth/' },
      to: {
        path: [except('auth', 'caller', 'config', 'errors', 'observability', 'tokens'), '(^|/)node_modules/(graphql|@apollo|dataloader)/'],
      },
    },
    {
      name: 'emulator-stands-alone',
      comment: 'The emulator shares no code with the client it tests, so it cannot share a bug with it.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: except('emulator') },
    },
    {
      name: 'emulator-graph-knows-no-entra',
      comment: "The emulator's Graph model serves any bearer token; the Entra ID stand-in is composed beside it (emulator.ts), never reached from it.",
      severity: 'error',
      from: { path: '^src/emulator/graph/' },
      to: { path: '^src/emulator/entra/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
