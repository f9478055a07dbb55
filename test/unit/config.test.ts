import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.cursorSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config).toEqual({
      cursorSecret: config.cursorSecret,
      defaultPageSize: 50,
      maxPageSize: 100,
      port: 4000,
      host: undefined,
      graphBaseUrl: undefined,
      graph: {
        timeoutMs: 30000,
        connections: 64,
        retryMax: 3,
        retryBudgetMs: 60000,
        retryBaseDelayMs: 500,
        maxResponseBytes: 16777216,
        queueMax: 1000,
        batchConcurrency: 4,
      },
      maxBulkItems: 100,
      maxQueryDepth: 15,
      maxAliases: 30,
      maxQueryCost: 20000,
      batchedRequests: false,
      maxBatchedOperations: 10,
      maxHeaderBytes: 16384,
      fastPath: true,
      metricsEnabled: true,
      metricsPath: '/metrics',
      metricsPort: undefined,
      shutdownGraceMs: 10000,
      logLevel: 'info',
      development: false,
      introspection: true,
      explorer: { kind: 'sandbox', introspectionForProduction: false },
      maxBodyBytes: 1048576,
      emulatorPort: 0,
      corsAllowedOrigins: '*',
      corsMaxAgeS: 600,
      documentCacheBytes: 16777216,
      maxQueryTokens: 10000,
      redis: undefined,
      idempotency: { ttlS: 86400, maxEntries: 100000, maxBytes: 67108864 },
      // Off: GRAPH_BASE_URL is unset, so the gateway is on its emulator (contract §11).
      writeBudget: { limit: 0, windowMs: 20000, tenantLimit: 0, waitMs: 10000 },
      auth: { mode: 'forward' },
      trustedDocuments: undefined,
      tracing: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.writeBudget)).toBe(true);
    expect(Object.isFrozen(config.graph)).toBe(true);
    expect(Object.isFrozen(config.idempotency)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      GRAPH_BASE_URL: 'https://graph.microsoft.com/beta/',
      GRAPH_TIMEOUT_MS: '1000',
      GRAPH_CONNECTIONS: '8',
      GRAPH_RETRY_MAX: '0',
      GRAPH_RETRY_BUDGET_MS: '5000',
      GRAPH_RETRY_BASE_DELAY_MS: '10',
      GRAPH_MAX_RESPONSE_BYTES: '2048',
      SHUTDOWN_GRACE_MS: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      MAX_REQUEST_BODY_BYTES: '4096',
      EMULATOR_PORT: '4100',
      DEFAULT_PAGE_SIZE: '10',
      MAX_PAGE_SIZE: '20',
      CURSOR_SECRET: 'a-cursor-secret-of-32-characters-or-more',
      CORS_ALLOWED_ORIGINS: ' https://App.Contoso.com:443, http://localhost:5173,https://app.contoso.com ',
      CORS_MAX_AGE_S: '7200',
      REDIS_URL: 'redis://:s3cret@redis.internal:6380/2',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      IDEMPOTENCY_TTL_S: '3600',
      IDEMPOTENCY_MAX_ENTRIES: '500',
      IDEMPOTENCY_MAX_BYTES: '1048576',
      GRAPH_BATCH_CONCURRENCY: '2',
      MAX_BULK_ITEMS: '40',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      graphBaseUrl: 'https://graph.microsoft.com/beta',
      graph: { timeoutMs: 1000, connections: 8, retryMax: 0, retryBudgetMs: 5000, retryBaseDelayMs: 10, maxResponseBytes: 2048, batchConcurrency: 2 },
      maxBulkItems: 40,
      shutdownGraceMs: 0,
      logLevel: 'warn',
      development: false,
      introspection: false,
      explorer: { kind: 'off', introspectionForProduction: false },
      maxBodyBytes: 4096,
      emulatorPort: 4100,
      defaultPageSize: 10,
      maxPageSize: 20,
      cursorSecret: 'a-cursor-secret-of-32-characters-or-more',
      // As a browser sends Origin: lower case, default port dropped, duplicates once.
      corsAllowedOrigins: ['https://app.contoso.com', 'http://localhost:5173'],
      corsMaxAgeS: 7200,
      redis: { url: 'redis://:s3cret@redis.internal:6380/2', commandTimeoutMs: 250 },
      idempotency: { ttlS: 3600, maxEntries: 500, maxBytes: 1048576 },
    });
    expect(Object.isFrozen(config.redis)).toBe(true);
  });

  describe('the write budget (contract §11)', () => {
    it.each([
      'https://graph.microsoft.com/beta',
      'https://GRAPH.microsoft.com./v1.0',
      'https://graph.microsoft.us/beta',
      'https://dod-graph.microsoft.us/beta',
      'https://microsoftgraph.chinacloudapi.cn/beta',
    ])("has Intune's limits by default on the Microsoft Graph host of %s", (url) => {
      expect(loadConfig({ GRAPH_BASE_URL: url }).writeBudget).toEqual({ limit: 100, windowMs: 20000, tenantLimit: 200, waitMs: 10000 });
    });

    it.each(['http://127.0.0.1:4100', 'https://graph.contoso.com/beta', 'https://graph.microsoft.com.contoso.com/beta'])('is off by default on %s', (url) => {
      expect(loadConfig({ GRAPH_BASE_URL: url }).writeBudget).toEqual({ limit: 0, windowMs: 20000, tenantLimit: 0, waitMs: 10000 });
    });

    it('reads its four variables, on any host', () => {
      const env = { GRAPH_WRITE_LIMIT: '20', GRAPH_WRITE_WINDOW_MS: '2000', GRAPH_TENANT_WRITE_LIMIT: '30', GRAPH_WRITE_WAIT_MS: '15000' };
      expect(loadConfig(env).writeBudget).toEqual({ limit: 20, windowMs: 2000, tenantLimit: 30, waitMs: 15000 });
      expect(loadConfig({ ...env, GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' }).writeBudget).toEqual({ limit: 20, windowMs: 2000, tenantLimit: 30, waitMs: 15000 });
    });

    it('takes 0 as off on a Microsoft Graph host', () => {
      expect(loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/beta', GRAPH_WRITE_LIMIT: '0', GRAPH_TENANT_WRITE_LIMIT: '0' }).writeBudget).toEqual({
        limit: 0,
        windowMs: 20000,
        tenantLimit: 0,
        waitMs: 10000,
      });
    });

    it.each([
      ['GRAPH_WRITE_LIMIT', '-1', 'GRAPH_WRITE_LIMIT: must be a whole number from 0 to 1000000, got "-1"'],
      ['GRAPH_WRITE_LIMIT', 'many', 'GRAPH_WRITE_LIMIT: must be a whole number from 0 to 1000000, got "many"'],
      ['GRAPH_TENANT_WRITE_LIMIT', '1.5', 'GRAPH_TENANT_WRITE_LIMIT: must be a whole number from 0 to 1000000, got "1.5"'],
      ['GRAPH_WRITE_WINDOW_MS', '999', 'GRAPH_WRITE_WINDOW_MS: must be a whole number from 1000 to 3600000, got "999"'],
      ['GRAPH_WRITE_WINDOW_MS', '2500', 'GRAPH_WRITE_WINDOW_MS: must be a whole number of seconds in milliseconds (e.g. 20000), got "2500"'],
      ['GRAPH_WRITE_WAIT_MS', '600001', 'GRAPH_WRITE_WAIT_MS: must be a whole number from 0 to 600000, got "600001"'],
    ])('refuses %s=%s naming it', (name, value, message) => {
      expect(() => loadConfig({ [name]: value })).toThrow(message);
    });
  });

  it.each(['redis://localhost', 'redis://localhost:6379', 'redis://localhost:6379/', 'redis://localhost:6379/15', 'rediss://user:pw@cache.contoso.com:6380/0'])(
    'takes REDIS_URL=%s as it is',
    (url) => {
      expect(loadConfig({ REDIS_URL: url }).redis).toEqual({ url, commandTimeoutMs: 1000 });
    },
  );

  it.each(['localhost', '0.0.0.0', '::', '::1', '127.0.0.1', 'gateway.internal', 'gateway-1.contoso.com.', ' 10.0.0.7 '])('takes HOST=%j', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host.trim());
  });

  describe('tracing (OTEL_*)', () => {
    it.each<[Record<string, string>, unknown]>([
      [{}, undefined],
      [{ OTEL_SERVICE_NAME: 'gw' }, undefined],
      [{ OTEL_TRACES_EXPORTER: 'console' }, { exporter: 'console', otlpUrl: undefined, serviceName: 'intune-graphql-gateway' }],
      [{ OTEL_TRACES_EXPORTER: 'OTLP', OTEL_SERVICE_NAME: ' gw ' }, { exporter: 'otlp', otlpUrl: undefined, serviceName: 'gw' }],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, { exporter: 'otlp', otlpUrl: 'http://collector:4318/v1/traces', serviceName: 'intune-graphql-gateway' }],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otel/' }, { exporter: 'otlp', otlpUrl: 'http://collector:4318/otel/v1/traces', serviceName: 'intune-graphql-gateway' }],
      [
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.contoso.com/ingest' },
        { exporter: 'otlp', otlpUrl: 'https://traces.contoso.com/ingest', serviceName: 'intune-graphql-gateway' },
      ],
      [{ OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, { exporter: 'console', otlpUrl: undefined, serviceName: 'intune-graphql-gateway' }],
      [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, undefined],
      [{ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_EXPORTER: 'otlp' }, undefined],
      [{ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' }, { exporter: 'otlp', otlpUrl: undefined, serviceName: 'intune-graphql-gateway' }],
    ])('%j → %j', (env, tracing) => {
      const config = loadConfig(env);
      expect(config.tracing).toEqual(tracing);
      if (tracing !== undefined) expect(Object.isFrozen(config.tracing)).toBe(true);
    });
  });

  it('turns the lean path off when Apollo usage reporting is on, and refuses both explicitly on', () => {
    expect(loadConfig({}).fastPath).toBe(true);
    expect(loadConfig({ APOLLO_KEY: 'service:graph:key' }).fastPath).toBe(false);
    expect(() => loadConfig({ APOLLO_KEY: 'service:graph:key', GRAPHQL_FAST_PATH: 'true' })).toThrow(
      'GRAPHQL_FAST_PATH: cannot be true while APOLLO_KEY is set: Apollo usage reporting would miss the operations the lean path runs',
    );
  });

  it('allows every origin outside production and none in production unless CORS_ALLOWED_ORIGINS is set', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).corsAllowedOrigins).toBe('*');
    expect(loadConfig({ NODE_ENV: 'production' }).corsAllowedOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: '*' }).corsAllowedOrigins).toBe('*');
    expect(loadConfig({ NODE_ENV: 'production', CORS_ALLOWED_ORIGINS: 'https://app.contoso.com' }).corsAllowedOrigins).toEqual(['https://app.contoso.com']);
  });

  it.each<[Record<string, string>, string]>([
    [{ METRICS_PATH: '/graphql', METRICS_PORT: '9464' }, '/graphql'],
    [{ METRICS_PATH: '/healthz', METRICS_ENABLED: 'false' }, '/healthz'],
    [{ METRICS_PATH: '/graphql/metrics' }, '/graphql/metrics'],
    [{ METRICS_PATH: '/explorers' }, '/explorers'],
  ])('takes %j: metrics off, on their own port, or on a path the gateway does not serve', (env, path) => {
    expect(loadConfig(env).metricsPath).toBe(path);
  });

  it.each<[Record<string, string>, string, string]>([
    [{ PORT: '4000', METRICS_PORT: '4000' }, 'METRICS_PORT', 'METRICS_PORT: 4000 is also PORT; metrics need a port of their own (or leave METRICS_PORT unset to serve them on PORT at METRICS_PATH)'],
    [{ METRICS_PORT: '4000' }, 'METRICS_PORT', 'METRICS_PORT: 4000 is also PORT; metrics need a port of their own (or leave METRICS_PORT unset to serve them on PORT at METRICS_PATH)'],
    [{ EMULATOR_PORT: '4000' }, 'EMULATOR_PORT', 'EMULATOR_PORT: 4000 is also PORT; the embedded emulator needs a port of its own (0 picks a free one)'],
    [{ PORT: '8080', METRICS_PORT: '9464', EMULATOR_PORT: '9464' }, 'EMULATOR_PORT', 'EMULATOR_PORT: 9464 is also METRICS_PORT; the embedded emulator needs a port of its own (0 picks a free one)'],
  ])('refuses %j: two listeners on one port', (env, variable, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(variable, message.slice(variable.length + 2)));
  });

  it.each<Record<string, string>>([
    { PORT: '0', METRICS_PORT: '0', EMULATOR_PORT: '0' },
    { METRICS_PORT: '4000', METRICS_ENABLED: 'false' },
    { EMULATOR_PORT: '4000', GRAPH_BASE_URL: 'http://127.0.0.1:4100' },
    { PORT: '8080', METRICS_PORT: '9464', EMULATOR_PORT: '4100' },
  ])('takes %j: no two listeners on one port', (env) => {
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('caps the default page size at the maximum', () => {
    expect(loadConfig({ MAX_PAGE_SIZE: '20' }).defaultPageSize).toBe(20);
    expect(() => loadConfig({ MAX_PAGE_SIZE: '20', DEFAULT_PAGE_SIZE: '21' })).toThrow('DEFAULT_PAGE_SIZE: must be a whole number from 1 to 20, got "21"');
  });

  it.each(['', ' ', 'development', 'production', 'test', ' test '])('takes NODE_ENV=%j', (value) => {
    expect(() => loadConfig({ NODE_ENV: value })).not.toThrow();
  });

  it('turns on stack traces only for NODE_ENV=development', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).development).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).development).toBe(false);
  });

  it('lets introspection and the landing page be set explicitly', () => {
    // GRAPHQL_LANDING_PAGE, the older switch, reads as EXPLORER=sandbox (true) or off (false).
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_LANDING_PAGE: '1' })).toMatchObject({
      introspection: true,
      explorer: { kind: 'sandbox', introspectionForProduction: false },
    });
    expect(loadConfig({ GRAPHQL_LANDING_PAGE: 'false' }).explorer).toEqual({ kind: 'off', introspectionForProduction: false });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'no' }).introspection).toBe(false);
  });

  describe('EXPLORER (contract §14)', () => {
    it.each([
      [{}, { kind: 'sandbox', introspectionForProduction: false }, true],
      [{ NODE_ENV: 'production' }, { kind: 'off', introspectionForProduction: false }, false],
      [{ EXPLORER: 'graphiql' }, { kind: 'graphiql', introspectionForProduction: false }, true],
      [{ EXPLORER: ' off ' }, { kind: 'off', introspectionForProduction: false }, true],
      // Set explicitly in production, an explorer turns introspection on (it needs the schema), and the start log says so.
      [{ NODE_ENV: 'production', EXPLORER: 'graphiql' }, { kind: 'graphiql', introspectionForProduction: true }, true],
      [{ NODE_ENV: 'production', EXPLORER: 'sandbox' }, { kind: 'sandbox', introspectionForProduction: true }, true],
      [{ NODE_ENV: 'production', EXPLORER: 'sandbox', GRAPHQL_INTROSPECTION: 'true' }, { kind: 'sandbox', introspectionForProduction: false }, true],
      [{ NODE_ENV: 'production', EXPLORER: 'off' }, { kind: 'off', introspectionForProduction: false }, false],
    ] as const)('%j → %j, introspection %s', (env, explorer, introspection) => {
      const config = loadConfig(env);
      expect({ explorer: config.explorer, introspection: config.introspection }).toEqual({ explorer, introspection });
      expect(Object.isFrozen(config.explorer)).toBe(true);
    });

    it.each([
      [{ EXPLORER: 'playground' }, 'EXPLORER: must be one of sandbox, graphiql, off, got "playground"'],
      [{ EXPLORER: 'GraphiQL' }, 'EXPLORER: must be one of sandbox, graphiql, off, got "GraphiQL"'],
      [{ EXPLORER: 'graphiql', GRAPHQL_LANDING_PAGE: 'true' }, 'GRAPHQL_LANDING_PAGE: is replaced by EXPLORER (sandbox, graphiql or off) and cannot be set with it: unset GRAPHQL_LANDING_PAGE'],
      [{ EXPLORER: 'graphiql', GRAPHQL_INTROSPECTION: 'false' }, 'GRAPHQL_INTROSPECTION: is false, but EXPLORER=graphiql needs the schema: unset GRAPHQL_INTROSPECTION, or set EXPLORER=off'],
      [{ NODE_ENV: 'production', EXPLORER: 'sandbox', GRAPHQL_INTROSPECTION: 'no' }, 'GRAPHQL_INTROSPECTION: is false, but EXPLORER=sandbox needs the schema: unset GRAPHQL_INTROSPECTION, or set EXPLORER=off'],
    ])('refuses %j', (env, message) => {
      // The exact message (an Error given to toThrow compares the whole message).
      expect(() => loadConfig(env)).toThrow(new Error(message));
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT: must be a whole number from 0 to 65535, got "abc"'],
    ['PORT', '70000', 'PORT: must be a whole number from 0 to 65535, got "70000"'],
    ['GRAPH_TIMEOUT_MS', '0', 'GRAPH_TIMEOUT_MS: must be a whole number from 1 to 600000, got "0"'],
    ['GRAPH_TIMEOUT_MS', '1.5', 'GRAPH_TIMEOUT_MS: must be a whole number from 1 to 600000, got "1.5"'],
    ['GRAPH_CONNECTIONS', '-1', 'GRAPH_CONNECTIONS: must be a whole number from 1 to 4096, got "-1"'],
    ['GRAPH_RETRY_MAX', '11', 'GRAPH_RETRY_MAX: must be a whole number from 0 to 10, got "11"'],
    ['GRAPH_RETRY_BUDGET_MS', 'soon', 'GRAPH_RETRY_BUDGET_MS: must be a whole number from 1 to 3600000, got "soon"'],
    ['SHUTDOWN_GRACE_MS', '1e3', 'SHUTDOWN_GRACE_MS: must be a whole number from 0 to 600000, got "1e3"'],
    ['NODE_ENV', 'prod', 'NODE_ENV: must be unset or one of development, production, test (exactly so spelled), got "prod"'],
    ['NODE_ENV', 'Production', 'NODE_ENV: must be unset or one of development, production, test (exactly so spelled), got "Production"'],
    ['NODE_ENV', 'staging', 'NODE_ENV: must be unset or one of development, production, test (exactly so spelled), got "staging"'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    ['GRAPH_BASE_URL', 'graph.microsoft.com', 'GRAPH_BASE_URL: must be an absolute http(s) URL such as https://graph.microsoft.com/beta, got "graph.microsoft.com"'],
    ['GRAPH_BASE_URL', 'ftp://graph.microsoft.com/beta', 'GRAPH_BASE_URL: must use http or https, got "ftp://graph.microsoft.com/beta"'],
    ['GRAPH_BASE_URL', 'https://graph.microsoft.com/beta?x=1', 'GRAPH_BASE_URL: must not have a query, fragment or credentials, got "https://graph.microsoft.com/beta?x=1"'],
    ['GRAPH_INTROSPECTION', 'x', null],
    ['GRAPHQL_INTROSPECTION', 'maybe', 'GRAPHQL_INTROSPECTION: must be true or false, got "maybe"'],
    ['CURSOR_SECRET', 'short', 'CURSOR_SECRET: must be at least 32 characters long (it was 5)'],
    ['METRICS_PATH', 'metrics', 'METRICS_PATH: must be a path such as /metrics, got "metrics"'],
    ['METRICS_PATH', '/graphql', 'METRICS_PATH: "/graphql" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT'],
    ['METRICS_PATH', '/healthz', 'METRICS_PATH: "/healthz" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT'],
    ['METRICS_PATH', '/readyz', 'METRICS_PATH: "/readyz" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT'],
    ['METRICS_PATH', '/explorer', 'METRICS_PATH: "/explorer" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT'],
    ['METRICS_PATH', '/explorer/metrics', 'METRICS_PATH: "/explorer/metrics" is a path the gateway serves on its port (/graphql, /healthz, /readyz, /explorer/…); choose another path such as /metrics, or serve metrics on a port of their own with METRICS_PORT'],
    ['METRICS_PORT', 'x', 'METRICS_PORT: must be a whole number from 0 to 65535, got "x"'],
    ['MAX_PAGE_SIZE', '1000', 'MAX_PAGE_SIZE: must be a whole number from 1 to 999, got "1000"'],
    ['CORS_ALLOWED_ORIGINS', 'app.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "app.contoso.com" is not a URL'],
    ['CORS_ALLOWED_ORIGINS', 'http://localhost:5173/', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "http://localhost:5173/" is not scheme://host[:port] (no path, not even a trailing /)'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.contoso.com/app', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "https://app.contoso.com/app" is not scheme://host[:port] (no path, not even a trailing /)'],
    ['CORS_ALLOWED_ORIGINS', 'https://user@app.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "https://user@app.contoso.com" is not scheme://host[:port] (no path, not even a trailing /)'],
    ['CORS_ALLOWED_ORIGINS', 'ftp://files.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "ftp://files.contoso.com" is not http or https'],
    ['CORS_ALLOWED_ORIGINS', 'https://a.contoso.com,,https://b.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "" is empty'],
    ['CORS_ALLOWED_ORIGINS', 'https://a.contoso.com,*', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "*" is a wildcard inside a list (use * alone)'],
    ['CORS_ALLOWED_ORIGINS', 'https://*.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "https://*.contoso.com" has a wildcard: only exact origins (list each one) or * alone are supported'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.contoso.com,http://localhost:*', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "http://localhost:*" has a wildcard: only exact origins (list each one) or * alone are supported'],
    ['CORS_ALLOWED_ORIGINS', '*.contoso.com', 'CORS_ALLOWED_ORIGINS: must be * or comma-separated origins such as https://app.contoso.com,http://localhost:5173; "*.contoso.com" has a wildcard: only exact origins (list each one) or * alone are supported'],
    ['CORS_MAX_AGE_S', '0', 'CORS_MAX_AGE_S: must be a whole number from 1 to 86400, got "0"'],
    ['MAX_REQUEST_BODY_BYTES', '10', 'MAX_REQUEST_BODY_BYTES: must be a whole number from 1024 to 67108864, got "10"'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (scheme redis or rediss), got "localhost:6379"'],
    ['REDIS_URL', 'redis', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (not a URL), got "redis"'],
    ['REDIS_URL', 'http://localhost:6379', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (scheme redis or rediss), got "http://localhost:6379"'],
    ['REDIS_URL', 'redis://:s3cret@localhost:6379/db', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (the path is a database number), got "redis://***@localhost:6379/db"'],
    ['REDIS_URL', 'redis://localhost:6379/0?timeout=1', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (no query or fragment), got "redis://localhost:6379/0?timeout=1"'],
    ['REDIS_URL', 'redis:///0', 'REDIS_URL: must be a URL such as redis://localhost:6379/0 (no host), got "redis:///0"'],
    ['REDIS_COMMAND_TIMEOUT_MS', '0', 'REDIS_COMMAND_TIMEOUT_MS: must be a whole number from 1 to 60000, got "0"'],
    ['IDEMPOTENCY_TTL_S', '0', 'IDEMPOTENCY_TTL_S: must be a whole number from 1 to 2592000, got "0"'],
    ['IDEMPOTENCY_TTL_S', '1d', 'IDEMPOTENCY_TTL_S: must be a whole number from 1 to 2592000, got "1d"'],
    ['IDEMPOTENCY_MAX_ENTRIES', '0', 'IDEMPOTENCY_MAX_ENTRIES: must be a whole number from 1 to 10000000, got "0"'],
    ['IDEMPOTENCY_MAX_BYTES', '1024', 'IDEMPOTENCY_MAX_BYTES: must be a whole number from 65536 to 4294967296, got "1024"'],
    ['GRAPH_BATCH_CONCURRENCY', '0', 'GRAPH_BATCH_CONCURRENCY: must be a whole number from 1 to 64, got "0"'],
    ['MAX_BULK_ITEMS', '1001', 'MAX_BULK_ITEMS: must be a whole number from 1 to 1000, got "1001"'],
    ['HOST', 'http://0.0.0.0', 'HOST: must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got "http://0.0.0.0"'],
    ['HOST', '[::1]', 'HOST: must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got "[::1]"'],
    ['HOST', '0.0.0.0:4000', 'HOST: must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got "0.0.0.0:4000"'],
    ['HOST', 'my_host', 'HOST: must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got "my_host"'],
    ['HOST', '-gateway', 'HOST: must be a host name or an IP address such as localhost, 0.0.0.0 or :: (IPv6 without brackets), got "-gateway"'],
    ['OTEL_TRACES_EXPORTER', 'zipkin', 'OTEL_TRACES_EXPORTER: must be one of otlp, console, none, got "zipkin"'],
    ['OTEL_TRACES_EXPORTER', 'otlp,console', 'OTEL_TRACES_EXPORTER: must be one of otlp, console, none, got "otlp,console"'],
    ['OTEL_SDK_DISABLED', 'maybe', 'OTEL_SDK_DISABLED: must be true or false, got "maybe"'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL such as http://localhost:4318, got "collector:4318"'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://collector:4317', 'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL such as http://localhost:4318, got "grpc://collector:4317"'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'https://user:s3cret@', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http(s) URL such as http://localhost:4318, got "https://***@"'],
  ])('%s=%s is refused with a message naming the variable', (name, value, message) => {
    if (message === null) {
      expect(() => loadConfig({ [name]: value })).not.toThrow();
      return;
    }
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(name);
    expect((caught as ConfigError).message).toBe(message);
  });
});
