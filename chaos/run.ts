// `npm run chaos`: the full fault campaign, its table on stdout and in
// .chaos/latest.json; exit 1 when an invariant or check is not 0.
import { projectRoot } from './project-assets'; // first: places the assets src/ reads at load time
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFlags, positiveInt, UsageError } from './args';
import { runCampaign } from './campaign';
import { seedFrom } from './prng';
import { formatReport } from './report';

const USAGE = `usage: npm run chaos -- [--creates N] [--seed S] [--concurrency C] [--graph-connections K]
  --creates N            creates to send (default 1000)
  --seed S               seed of the fault and create plans (default 42; any text is hashed)
  --concurrency C        creates in flight at once (default 16)
  --graph-connections K  the gateway's GRAPH_CONNECTIONS (default: its own, 64); below C it stresses the pool`;

async function main(): Promise<number> {
  let creates: number;
  let seed: number;
  let concurrency: number;
  let graphConnections: number | undefined;
  try {
    const flags = parseFlags(process.argv.slice(2), ['creates', 'seed', 'concurrency', 'graph-connections']);
    creates = positiveInt(flags, 'creates', 1000);
    seed = seedFrom(flags.get('seed') ?? '42');
    concurrency = positiveInt(flags, 'concurrency', 16, 1024);
    graphConnections = flags.has('graph-connections') ? positiveInt(flags, 'graph-connections', 64, 4096) : undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  process.stdout.write(`chaos: seed ${seed}, ${creates} creates, concurrency ${concurrency}\n`);
  const result = await runCampaign({ creates, seed, concurrency, graphConnections });
  process.stdout.write(`${formatReport(result)}\n`);
  const file = path.join(projectRoot(), '.chaos', 'latest.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`written: ${path.relative(process.cwd(), file) || file}\n`);
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
