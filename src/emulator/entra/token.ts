// `npm run token`: prints a user token (an access token for the gateway's API) from a running emulator's Entra ID
// stand-in, for `Authorization: Bearer …` with AUTH_MODE=obo; with `--federated`, a federated token its app
// registration trusts, for AZURE_FEDERATED_TOKEN_FILE. AUTHORITY_HOST is the stand-in's origin (`npm start` prints the
// whole command).

const USAGE = `Usage: AUTHORITY_HOST=<origin> npm run token [-- --user <userPrincipalName> | --federated | --help]

Prints a token from the Entra ID stand-in of a gateway started with AUTH_MODE=obo and no GRAPH_BASE_URL
(its first log lines print the AUTHORITY_HOST to use).

  (no option)                  a user token for the gateway's API: send it as "Authorization: Bearer <token>"
  --user <userPrincipalName>   the user token of another seeded person
  --federated                  a federated token (audience api://AzureADTokenExchange) from the issuer the stand-in
                               runs and trusts: write it to the file AZURE_FEDERATED_TOKEN_FILE names
  --help                       this text
`;

interface TokenRequest {
  readonly path: string;
  readonly body: Record<string, string>;
  readonly field: 'access_token' | 'token';
}

function requestOf(argv: readonly string[]): TokenRequest | string {
  if (argv.includes('--federated')) {
    if (argv.includes('--user')) return '--federated and --user do not go together: a federated token names the workload, not a user.';
    return { path: '/_emulator/entra/federated-token', body: {}, field: 'token' };
  }
  const at = argv.indexOf('--user');
  const user = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (user === undefined || user.startsWith('--'))) return '--user needs a userPrincipalName, e.g. --user MeganB@contoso.onmicrosoft.com.';
  const unknown = argv.find((arg, i) => arg.startsWith('--') && arg !== '--user' && !(i === at + 1 && at >= 0));
  if (unknown !== undefined) return `Unknown option ${unknown}.`;
  return { path: '/_emulator/entra/user-token', body: user === undefined ? {} : { userPrincipalName: user }, field: 'access_token' };
}

const START_OBO = 'start the gateway with AUTH_MODE=obo and no GRAPH_BASE_URL (npm start then prints the AUTHORITY_HOST to use)';

async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const request = requestOf(argv);
  if (typeof request === 'string') {
    process.stderr.write(`${request}\n\n${USAGE}`);
    return 2;
  }
  const authorityHost = env.AUTHORITY_HOST?.trim();
  if (!authorityHost) {
    process.stderr.write('AUTHORITY_HOST must be the emulator\'s origin, e.g. AUTHORITY_HOST=http://127.0.0.1:41234 npm run token (npm start with AUTH_MODE=obo prints it).\n');
    return 1;
  }
  let res: Response;
  try {
    res = await fetch(`${authorityHost.replace(/\/+$/, '')}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`No emulator answered at ${authorityHost} (${cause}): ${START_OBO}.\n`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 200 && typeof body.error !== 'string') {
    // Not the stand-in's error body (OAuth's `error` string): a gateway, Graph's emulator without the stand-in, or another server.
    process.stderr.write(`No Entra ID stand-in answers at ${authorityHost} (HTTP ${res.status}): ${START_OBO}.\n`);
    return 1;
  }
  const token = body[request.field];
  if (res.status !== 200 || typeof token !== 'string') {
    process.stderr.write(`The Entra ID stand-in at ${authorityHost} answered ${res.status}: ${String(body.error_description ?? 'no token')}\n`);
    return 1;
  }
  process.stdout.write(`${token}\n`);
  return 0;
}

void main(process.argv.slice(2), process.env).then((code) => process.exit(code));
