// `npm run chaos`: the full fault campaign, its table on stdout and in
// .chaos/latest.json; exit 1 when an invariant or check is not 0.
import path from 'node:path';
import { PROJECT_ROOT } from '../test/helpers/project';
import { parseFlags, positiveInt, readOptions } from './args';
import { runCampaign } from './campaign';
import { seedFrom } from './prng';
import { formatReport } from './report';
import { writeResult } from './write-result';

const USAGE = `usage: npm run chaos -- [--creates N] [--seed S] [--concurrency C] [--graph-connections K]
  --creates N            creates to send (default 1000)
  --seed S               seed of the fault and create plans (default 42; any text is hashed)
  --concurrency C        creates in flight at once (default 16)
  --graph-connections K  the gateway's GRAPH_CONNECTIONS (default: its own, 64); below C it stresses the pool`;

async function main(): Promise<number> {
  const parsed = readOptions(USAGE, () => {
    const flags = parseFlags(process.argv.slice(2), ['creates', 'seed', 'concurrency', 'graph-connections']);
    return {
      creates: positiveInt(flags, 'creates', 1000),
      seed: seedFrom(flags.get('seed') ?? '42'),
      concurrency: positiveInt(flags, 'concurrency', 16, 1024),
      graphConnections: flags.has('graph-connections') ? positiveInt(flags, 'graph-connections', 64, 4096) : undefined,
    };
  });
  if ('exit' in parsed) return parsed.exit;
  const { creates, seed, concurrency, graphConnections } = parsed.options;
  process.stdout.write(`chaos: seed ${seed}, ${creates} creates, concurrency ${concurrency}\n`);
  const result = await runCampaign({ creates, seed, concurrency, graphConnections });
  process.stdout.write(`${formatReport(result)}\n`);
  writeResult(path.join(PROJECT_ROOT, '.chaos', 'latest.json'), result);
  return result.passed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
