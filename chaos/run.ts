// `npm run chaos`: the full fault campaign, its table on stdout and in
// .chaos/latest.json; exit 1 when an invariant or check is not 0.
import path from 'node:path';
import { Flags } from '../test/helpers/flags';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript, writeResult } from '../test/helpers/runner';
import { runCampaign } from './campaign';
import { runKeyedCampaign } from './keyed-campaign';
import { formatKeyedReport } from './keyed-report';
import { seedFrom } from './prng';
import { formatReport } from './report';

const USAGE = `usage: npm run chaos -- [--creates N] [--keyed-creates M] [--seed S] [--concurrency C] [--graph-connections K] [--write-limit W]
  --creates N            creates to send (default 1000)
  --keyed-creates M      keyed creates of the bulk and keyed-repeat campaign (default 600; 0 skips it)
  --seed S               seed of the fault and create plans (default 42; any text is hashed)
  --concurrency C        creates in flight at once (default 16)
  --graph-connections K  the gateway's GRAPH_CONNECTIONS (default: its own, 64); below C it stresses the pool
  --write-limit W        the gateway's GRAPH_WRITE_LIMIT per GRAPH_WRITE_WINDOW_MS=1000 (default: unset, shaping off)`;

async function main(): Promise<number> {
  const flags = Flags.parse(process.argv.slice(2), { values: ['creates', 'keyed-creates', 'seed', 'concurrency', 'graph-connections', 'write-limit'] });
  const creates = flags.int('creates', 1000);
  const keyedCreates = flags.int('keyed-creates', 600, { min: 0 });
  const seed = seedFrom(flags.get('seed') ?? '42');
  const concurrency = flags.int('concurrency', 16, { max: 1024 });
  const graphConnections = flags.has('graph-connections') ? flags.int('graph-connections', 64, { max: 4096 }) : undefined;
  const writeLimit = flags.has('write-limit') ? flags.int('write-limit', 0, { max: 1_000_000 }) : undefined;
  process.stdout.write(`chaos: seed ${seed}, ${creates} creates, concurrency ${concurrency}\n`);
  const result = await runCampaign({ creates, seed, concurrency, graphConnections, writeLimit });
  process.stdout.write(`${formatReport(result)}\n`);
  writeResult(path.join(PROJECT_ROOT, '.chaos', 'latest.json'), result);
  if (keyedCreates === 0) return result.passed ? 0 : 1;
  const keyed = await runKeyedCampaign({ creates: keyedCreates, seed });
  process.stdout.write(`\n${formatKeyedReport(keyed)}\n`);
  writeResult(path.join(PROJECT_ROOT, '.chaos', 'latest-keyed.json'), keyed);
  return result.passed && keyed.passed ? 0 : 1;
}

runScript('chaos', USAGE, main);
