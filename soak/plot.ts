// `npm run soak:plot -- [CSV] [OUT.png] [LABEL]`: the RSS curve of a soak (`npm run soak` writes
// .chaos/soak-latest.csv and .chaos/soak-latest.json) drawn as an SVG and, through the headless Chromium the
// browser tests use (CHROMIUM_PATH, else /usr/bin/chromium), a PNG. The warm-up and the ±10 % band around RSS at
// its end (the soak's bound) are shaded, so an operator sees at a glance whether memory levels off.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../test/helpers/project';
import { runScript } from '../test/helpers/runner';

const USAGE = 'usage: npm run soak:plot -- [CSV (default .chaos/soak-latest.csv)] [OUT.png (default .chaos/soak-latest.png)] [LABEL, e.g. "Node 24.22.3"]';

interface Sample {
  readonly t: number;
  readonly rss: number;
}

interface SoakSummary {
  readonly warmupSeconds: number;
  readonly baselineRssBytes: number;
  readonly endRssBytes: number;
  readonly ratio: number;
  readonly slopeBytesPerMinute: number;
  readonly gatewayEnv: Record<string, string>;
}

function samplesOf(csv: string): Sample[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([t, rss]) => ({ t: Number(t), rss: Number(rss) }));
}

/** The plot as an SVG document: time in minutes across, RSS in MiB up. */
export function soakSvg(samples: readonly Sample[], summary: SoakSummary, title: string): string {
  const width = 900;
  const height = 420;
  const left = 70;
  const right = 20;
  const top = 50;
  const bottom = 50;
  const maxT = Math.max(...samples.map((s) => s.t));
  const maxRss = Math.ceil((Math.max(...samples.map((s) => s.rss)) * 1.15) / 25) * 25;
  const x = (t: number): number => left + ((width - left - right) * t) / maxT;
  const y = (mib: number): number => height - bottom - ((height - top - bottom) * mib) / maxRss;
  const baseline = summary.baselineRssBytes / 1048576;
  const points = samples.map((s) => `${x(s.t).toFixed(1)},${y(s.rss).toFixed(1)}`).join(' ');
  const yTicks = Array.from({ length: maxRss / 25 + 1 }, (_v, i) => i * 25);
  const xTicks = Array.from({ length: Math.floor(maxT / 300) + 1 }, (_v, i) => i * 300);
  const text = (tx: number, ty: number, s: string, anchor = 'middle'): string => `<text x="${tx}" y="${ty}" text-anchor="${anchor}">${s}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
${text(width / 2, 22, title)}
<rect x="${x(0)}" y="${top}" width="${x(summary.warmupSeconds) - x(0)}" height="${height - top - bottom}" fill="#eeeeee"/>
${text((x(0) + x(summary.warmupSeconds)) / 2, top + 16, 'warm-up')}
<rect x="${x(summary.warmupSeconds)}" y="${y(baseline * 1.1)}" width="${x(maxT) - x(summary.warmupSeconds)}" height="${y(baseline) - y(baseline * 1.1)}" fill="#dff0d8"/>
${text(x(maxT) - 6, y(baseline * 1.1) - 6, `bound: +10 % of ${baseline.toFixed(1)} MiB`, 'end')}
${yTicks.map((v) => `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#dddddd"/>${text(left - 8, y(v) + 4, String(v), 'end')}`).join('\n')}
${xTicks.map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${height - bottom}" y2="${height - bottom + 5}" stroke="black"/>${text(x(t), height - bottom + 20, String(t / 60))}`).join('\n')}
<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="black"/>
<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="black"/>
${text(width / 2, height - 10, 'minutes of load')}
<text x="18" y="${height / 2}" text-anchor="middle" transform="rotate(-90 18 ${height / 2})">RSS (MiB)</text>
<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="2"/>
${text(width - right - 6, height - bottom - 12, `end ÷ end of warm-up: ${summary.ratio.toFixed(3)}; slope after warm-up ${(summary.slopeBytesPerMinute / 1048576).toFixed(2)} MiB/min`, 'end')}
</svg>
`;
}

async function main(): Promise<number> {
  const csvPath = process.argv[2] ?? path.join(PROJECT_ROOT, '.chaos', 'soak-latest.csv');
  const pngPath = process.argv[3] ?? path.join(PROJECT_ROOT, '.chaos', 'soak-latest.png');
  const summary = JSON.parse(readFileSync(csvPath.replace(/\.csv$/, '.json'), 'utf8')) as SoakSummary & { nodeVersion?: string; seconds: number; connections: number };
  const label = process.argv[4] === undefined ? '' : `, ${process.argv[4]}`;
  const title = `npm run soak: gateway RSS under ${summary.seconds / 60} minutes of mixed load (${summary.connections} connections${label})`;
  const svg = soakSvg(samplesOf(readFileSync(csvPath, 'utf8')), summary, title);
  const svgPath = pngPath.replace(/\.png$/, '.svg');
  writeFileSync(svgPath, svg);
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (set CHROMIUM_PATH): the SVG is at ${svgPath}`);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 420 } });
    await page.setContent(svg);
    await page.screenshot({ path: pngPath });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${svgPath}\n${pngPath}\n`);
  return 0;
}

if (require.main === module) runScript('soak-plot', USAGE, main);
