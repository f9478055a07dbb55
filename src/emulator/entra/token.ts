// `npm run token`: prints a user token (an access token for the gateway's API) from a running emulator's Entra ID
// stand-in, for `Authorization: Bearer …` with AUTH_MODE=obo. AUTHORITY_HOST is the stand-in's origin (`npm start`
// prints the whole command); `--user <userPrincipalName>` picks another seeded person.

async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const authorityHost = env.AUTHORITY_HOST?.trim();
  if (!authorityHost) {
    process.stderr.write('AUTHORITY_HOST must be the emulator\'s origin, e.g. AUTHORITY_HOST=http://127.0.0.1:41234 npm run token (npm start with AUTH_MODE=obo prints it).\n');
    return 1;
  }
  const at = argv.indexOf('--user');
  const userPrincipalName = at >= 0 ? argv[at + 1] : undefined;
  let res: Response;
  try {
    res = await fetch(`${authorityHost.replace(/\/+$/, '')}/_emulator/entra/user-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(userPrincipalName === undefined ? {} : { userPrincipalName }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`No emulator answered at ${authorityHost} (${cause}); is the gateway running with AUTH_MODE=obo and no GRAPH_BASE_URL?\n`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; error_description?: unknown };
  if (res.status !== 200 || typeof body.access_token !== 'string') {
    process.stderr.write(`The Entra ID stand-in at ${authorityHost} answered ${res.status}: ${String(body.error_description ?? 'no token')}\n`);
    return 1;
  }
  process.stdout.write(`${body.access_token}\n`);
  return 0;
}

void main(process.argv.slice(2), process.env).then((code) => process.exit(code));
