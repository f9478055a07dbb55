// Manifests read once at start (contract §13): both formats, both id spellings, and every start refusal with
// its exact message (the file, the id, what is wrong).
import { readFileSync } from 'node:fs';
import { Kind, print, type ValidationRule } from 'graphql';
import { ConfigError, type TrustedDocumentsConfig } from '../../src/config';
import { loadTrustedDocuments, type TrustedDocumentList } from '../../src/trusted-documents';
import { sha256Hex } from '../../src/trusted-documents/ids';
import { APOLLO, CODEGEN, prepareOptions, scratch } from './support';

const HASH = {
  getRegistration: '013a707781999ad30d0f5b3754fe59045c5f73bd6717cfe990f60b9100a3f0e7',
  listRegistrations: 'd25ec4e623c343e5e09113efa001ee693977b173e82d45cf39fd6622fbba92a1',
  getInstallStatus: '84e724b19e53a607d220bc07ddc2b6c060f9db91f7606c62a6adfd51daa9f08f',
  createRegistration: '7a3f02f23549079ef1f0b3497d8f4c1fed934885cdcebd3193c9ddcb5c0dd53a',
  createInstallStatus: 'ac0142bd45248d1ec9ac0cee05f5b3f40d4c437fba73d95c0c90be7f0b52f40f',
};

const INFO = 'query GatewayInfo { gatewayInfo { version emulator } }';

function config(paths: string[], mode: TrustedDocumentsConfig['mode'] = 'audit'): TrustedDocumentsConfig {
  return { paths, mode, bypassSecret: undefined };
}

function load(paths: string[], env: Record<string, string> = {}): TrustedDocumentList {
  return loadTrustedDocuments(config(paths), prepareOptions(env));
}

/** The message of the ConfigError loading throws. */
function refusal(paths: string[], env: Record<string, string> = {}): string {
  try {
    load(paths, env);
  } catch (error) {
    if (error instanceof ConfigError && error.variable === 'TRUSTED_DOCUMENTS') return error.message;
    throw error;
  }
  throw new Error('the manifests were accepted');
}

describe('loading manifests', () => {
  const files = scratch();
  afterAll(() => files.cleanup());

  it("reads graphql-codegen's persisted-documents.json; both spellings of a hash name one document", () => {
    const list = load([CODEGEN]);
    const manifest = JSON.parse(readFileSync(CODEGEN, 'utf8')) as Record<string, string>;
    for (const hash of [HASH.getRegistration, HASH.listRegistrations, HASH.getInstallStatus]) {
      const document = list.byId.get(hash)!;
      expect(list.byId.get(hash)).toBe(document);
      expect(document.sha256).toBe(hash);
      expect(document.text).toBe(manifest[`sha256:${hash}`] ?? manifest[hash]);
      expect(list.byText.get(document.text)).toBe(document);
    }
    expect(list.byId.get(HASH.getRegistration)!.operationName).toBe('GetManagedAppRegistration');
    expect(list.byId.size).toBe(3);
  });

  it("reads Apollo's persisted query manifest and runs the operation it names", () => {
    const list = load([APOLLO]);
    expect([...list.byId.values()].map((d) => [d.id, d.operationName, d.operation.operation])).toEqual([
      [HASH.getInstallStatus, 'GetMobileAppInstallStatus', 'query'],
      [HASH.createRegistration, 'CreateManagedAppRegistration', 'mutation'],
      [HASH.createInstallStatus, 'CreateMobileAppInstallStatus', 'mutation'],
    ]);
  });

  it('prepares each document once: the parsed document and its operation are kept', () => {
    const list = load([CODEGEN, APOLLO]);
    expect(list.byText.size).toBe(5);
    // The same text in both files is one prepared document.
    const shared = list.byId.get(HASH.getInstallStatus)!;
    expect(shared.file).toBe(CODEGEN);
    expect(shared.document.definitions.map((d) => d.kind)).toEqual([Kind.OPERATION_DEFINITION, Kind.FRAGMENT_DEFINITION]);
    expect(shared.operation).toBe(shared.document.definitions[0]);
    expect(print(shared.document)).toContain('fragment InstallStatusSummary on MobileAppInstallStatus');
    expect(Object.isFrozen(shared)).toBe(true);
  });

  it('takes any other id as it is, and finds its document by its hash too', () => {
    const file = files.write('relay.json', { GatewayInfo_1: INFO });
    const list = load([file]);
    expect(list.byId.get('GatewayInfo_1')!.text).toBe(INFO);
    expect(list.byId.get(sha256Hex(INFO))).toBe(list.byId.get('GatewayInfo_1'));
    expect(list.byId.get('gatewayinfo_1')).toBeUndefined();
  });

  it('accepts one id given the same text by two manifests', () => {
    const a = files.write('same-a.json', { GatewayInfo_1: INFO });
    const b = files.write('same-b.json', { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'GatewayInfo_1', name: 'GatewayInfo', type: 'query', body: INFO }] });
    expect(load([a, b]).byId.get('GatewayInfo_1')!.file).toBe(a);
  });

  it("checks documents that differ only in their operations' names once (the start's cost is validation)", () => {
    let checks = 0;
    const counting: ValidationRule = () => {
      checks += 1;
      return {};
    };
    const options = prepareOptions();
    const texts = ['A', 'B', 'C'].map((name) => `query ${name}($id: ID!) { managedAppRegistration(id: $id) { id } }`);
    const file = files.write('renamed.json', Object.fromEntries(texts.map((text, i) => [`Doc_${i}`, text])));
    const list = loadTrustedDocuments(config([file]), { ...options, limitRules: [...options.limitRules, counting] });
    expect([...list.byText.values()].map((d) => [d.id, d.operationName])).toEqual([
      ['Doc_0', 'A'],
      ['Doc_1', 'B'],
      ['Doc_2', 'C'],
    ]);
    expect(checks).toBe(1);
  });

  it('keeps the bypass secret only as its digest', () => {
    const list = loadTrustedDocuments({ paths: [CODEGEN], mode: 'enforce', bypassSecret: 'a-bypass-secret-16+' }, prepareOptions());
    expect(list.mode).toBe('enforce');
    expect(list.bypassDigest!.length).toBe(32);
    expect(JSON.stringify(list)).not.toContain('a-bypass-secret');
  });
});

describe('start refusals: the file, the id, what is wrong', () => {
  const files = scratch();
  afterAll(() => files.cleanup());
  const hash = sha256Hex(INFO);
  const notHash = '0'.repeat(64);

  it.each<[string, string]>([
    ['a wrong sha256: id', `sha256:${notHash}`],
    ['a wrong bare hex id', notHash],
    ['the right hash in upper case', hash.toUpperCase()],
    ['the right hash behind SHA256:', `SHA256:${hash}`],
    ['sha256: with something else after it', 'sha256:GatewayInfo'],
  ])('%s', (_, id) => {
    const file = files.write('bad-id.json', { [id]: INFO });
    expect(refusal([file])).toBe(
      `TRUSTED_DOCUMENTS: ${file}: document ${JSON.stringify(id)} is not the SHA-256 of its text: a SHA-256 id must be "sha256:${hash}" or "${hash}" (64 lowercase hex digits of the text exactly as in the manifest)`,
    );
  });

  it.each<[string, string, Record<string, string>, string]>([
    ['a document that does not parse', 'query { gatewayInfo {', {}, 'does not parse: Syntax Error: Expected Name, found <EOF>. (line 1, column 22)'],
    ['a document not valid against the schema', 'query Nope { nope }', {}, 'is not valid against the schema: Cannot query field "nope" on type "Query".'],
    ['a subscription (the schema has none)', 'subscription S { gatewayInfo { version } }', {}, 'is not valid against the schema: Schema is not configured to execute subscription operation.'],
    [
      'an operation deeper than MAX_QUERY_DEPTH',
      'query D { managedAppRegistration(id: "x") { appIdentifier { __typename } } }',
      { MAX_QUERY_DEPTH: '2' },
      "is over the gateway's query limits: The operation is 3 fields deep; the limit is 2 (MAX_QUERY_DEPTH).",
    ],
    [
      'more aliases than MAX_ALIASES',
      'query A { a: gatewayInfo { version } b: gatewayInfo { version } }',
      { MAX_ALIASES: '1' },
      "is over the gateway's query limits: The operation has 2 aliases; the limit is 1 (MAX_ALIASES).",
    ],
    [
      'more tokens than MAX_QUERY_TOKENS',
      `query T { ${Array.from({ length: 60 }, (_, i) => `f${i}: __typename`).join(' ')} }`,
      { MAX_QUERY_TOKENS: '100' },
      "is over the gateway's query limits: it has more than 100 tokens (MAX_QUERY_TOKENS)",
    ],
    [
      'a cost over MAX_QUERY_COST that reads no variable',
      'query C { managedAppRegistrations(first: 50) { nodes { id } } }',
      { MAX_QUERY_COST: '10' },
      "is over the gateway's query limits: it costs 52; the limit is 10 (MAX_QUERY_COST)",
    ],
    [
      'two operations and nothing to pick one',
      'query A { gatewayInfo { version } } query B { gatewayInfo { emulator } }',
      {},
      'has 2 operations and nothing says which one runs (a persisted-documents.json document must hold exactly one)',
    ],
    ['only fragments', 'fragment F on GatewayInfo { version }', {}, 'has no operation (only fragments)'],
  ])('%s', (_, text, env, what) => {
    const file = files.write('bad-document.json', { Doc_1: text });
    expect(refusal([file], env)).toBe(`TRUSTED_DOCUMENTS: ${file}: document "Doc_1" ${what}`);
  });

  it('leaves a cost that reads a variable to the request (only then is it known)', () => {
    const file = files.write('variable-cost.json', { Doc_1: 'query C($n: Int) { managedAppRegistrations(first: $n) { nodes { id } } }' });
    expect(load([file], { MAX_QUERY_COST: '10', DEFAULT_PAGE_SIZE: '50' }).byId.get('Doc_1')!.operationName).toBe('C');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a name that is no operation of the body', { id: 'Doc_1', name: 'Other', type: 'query', body: INFO }, 'has no operation named "Other" (the manifest\'s "name")'],
    ['a type that is not the operation\'s', { id: 'Doc_1', name: 'GatewayInfo', type: 'mutation', body: INFO }, 'is a query, but the manifest\'s "type" says mutation'],
    ['no body', { id: 'Doc_1', name: 'GatewayInfo', type: 'query' }, 'has no "body" (the document text, a string)'],
    ['no name', { id: 'Doc_1', type: 'query', body: INFO }, 'has no "name" (the operation to run, a non-empty string)'],
    ['an unknown type', { id: 'Doc_1', name: 'GatewayInfo', type: 'Query', body: INFO }, 'has "type" "Query"; it must be query, mutation or subscription'],
  ])('an Apollo manifest entry with %s', (_, operation, what) => {
    const file = files.write('bad-apollo.json', { format: 'apollo-persisted-query-manifest', version: 1, operations: [operation] });
    expect(refusal([file])).toBe(`TRUSTED_DOCUMENTS: ${file}: document "Doc_1" ${what}`);
  });

  it.each<[string, string, string]>([
    ['two operations of one name', 'query A { gatewayInfo { version } } query A { gatewayInfo { emulator } }', 'There can be only one operation named "A".'],
    ['an anonymous operation beside another (its text the other with a name cut out)', 'query  { gatewayInfo { version } } query A { gatewayInfo { emulator } }', 'This anonymous operation must be the only defined operation.'],
  ])('%s, after a valid document of the same shape with other names', (_, body, message) => {
    const file = files.write('same-shape.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: 'Doc_1', name: 'A', type: 'query', body: 'query B { gatewayInfo { version } } query A { gatewayInfo { emulator } }' },
        { id: 'Doc_2', name: 'A', type: 'query', body },
      ],
    });
    expect(refusal([file])).toBe(`TRUSTED_DOCUMENTS: ${file}: document "Doc_2" is not valid against the schema: ${message}`);
  });

  it('two manifests giving one id two texts', () => {
    const a = files.write('a.json', { GatewayInfo_1: INFO });
    const b = files.write('b.json', { GatewayInfo_1: 'query GatewayInfo { gatewayInfo { version } }' });
    expect(refusal([a, b])).toBe(`TRUSTED_DOCUMENTS: ${b}: document "GatewayInfo_1" has another text than the document "GatewayInfo_1" in ${a}: one id must name one text`);
  });

  it('one Apollo manifest giving one id two texts', () => {
    const file = files.write('twice.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: 'Doc_1', name: 'GatewayInfo', type: 'query', body: INFO },
        { id: 'Doc_1', name: 'GatewayInfo', type: 'query', body: 'query GatewayInfo { gatewayInfo { version } }' },
      ],
    });
    expect(refusal([file])).toBe(`TRUSTED_DOCUMENTS: ${file}: document "Doc_1" has another text than the document "Doc_1" earlier in the same file: one id must name one text`);
  });

  it.each<[string, string, (file: string) => string]>([
    ['not JSON', '{ "a": ', () => 'is not JSON (Unexpected end of JSON input)'],
    ['a JSON array', '[]', () => 'is neither a persisted-documents.json object ({ "<id>": "<document text>" }) nor an Apollo persisted query manifest'],
    ['another format', '{ "format": "relay", "version": 1 }', () => 'has "format" "relay"; the only format read is "apollo-persisted-query-manifest"'],
    ['another Apollo version', '{ "format": "apollo-persisted-query-manifest", "version": 2, "operations": [] }', () => 'is an Apollo persisted query manifest of version 2; only version 1 is read'],
    ['no operations', '{ "format": "apollo-persisted-query-manifest", "version": 1 }', () => 'is an Apollo persisted query manifest without an "operations" array'],
    ['an operation without id', '{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "body": "{ __typename }" }] }', () => 'operations[0] has no "id" (a non-empty string)'],
    ['a text that is not a string', '{ "Doc_1": 42 }', () => 'document "Doc_1" is not a string (persisted-documents.json maps each id to its document text)'],
    ['an empty id', '{ "": "{ __typename }" }', () => 'has an empty id'],
  ])('a file that is %s', (_, content, what) => {
    const file = files.write('bad-file.json', content);
    expect(refusal([file])).toBe(`TRUSTED_DOCUMENTS: ${file}: ${what(file)}`);
  });

  it('a file that cannot be read', () => {
    const file = `${files.dir}/missing.json`;
    expect(refusal([file])).toBe(`TRUSTED_DOCUMENTS: ${file}: cannot be read (ENOENT)`);
  });
});
