// Typed documents for the frontend example. Regenerate with
//   npx graphql-codegen --config examples/frontend/codegen.ts
// from the repository root (`--config codegen.ts` from examples/frontend works
// too: every path below is resolved against this file, not the working
// directory; the preset itself is found through the working directory's
// node_modules). src/gql/ is generated: never edit it by hand;
// test/examples/frontend.test.ts fails while it is stale.
import * as path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = (relative: string): string => path.join(__dirname, relative);

const config: CodegenConfig = {
  overwrite: true,
  schema: here('../../schema.graphql'),
  documents: here('operations/*.graphql'),
  // A mistyped glob must fail loudly rather than generate no operations (the default, made explicit).
  ignoreNoDocuments: false,
  generates: {
    [here('src/gql/')]: {
      preset: 'client',
      presetConfig: {
        // Masking pays off when components own fragments; a framework-free
        // client reads fields straight from the result instead.
        fragmentMasking: false,
        // Writes src/gql/persisted-documents.json ({ "sha256:<hex>": "<document text>" }), the manifest the
        // gateway loads as TRUSTED_DOCUMENTS, and puts each document's id on it as `__meta__.hash`, where the
        // page's Apollo Client and urql read it (src/browser/persisted.ts) to send the id instead of the text.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        // String unions instead of TS enums: no runtime objects to import, and
        // values stay GraphQL's names ('ROOTED_DEVICE'), as sent on the wire.
        enumsAsTypes: true,
        useTypeImports: true,
        // Unknown scalars would silently become `any`.
        strictScalars: true,
        scalars: {
          ID: 'string',
          // Graph's exact string (7 fractional digits and the offset), not a Date.
          DateTimeOffset: 'string',
        },
      },
    },
  },
};

export default config;
