import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { isMicrosoftGraphHost, NOT_IN_CURRENT_GRAPH_BETA, warnAboutUndocumentedOperations } from '../../src/server/live-graph-notice';
import { LIVE_GRAPH_OPERATIONS as OPERATIONS, LIVE_GRAPH_WARNING } from '../helpers/live-graph';

function capture(): { lines: Array<Record<string, unknown>>; log: ReturnType<typeof createLogger> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const l of chunk.toString('utf8').split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, log: createLogger('info', sink) };
}

describe('isMicrosoftGraphHost', () => {
  it.each([
    ['https://graph.microsoft.com/beta', true],
    ['https://GRAPH.Microsoft.com/beta', true],
    ['https://graph.microsoft.com./beta', true],
    ['https://canary.graph.microsoft.com/beta', true],
    ['https://graph.microsoft.us/beta', true],
    ['https://dod-graph.microsoft.us/beta', true],
    ['https://graph.microsoft.de/beta', true],
    ['https://microsoftgraph.chinacloudapi.cn/beta', true],
    ['https://graph.microsoft.com:443/beta', true],
    ['http://127.0.0.1:4100/beta', false],
    ['http://localhost:4100/beta', false],
    ['https://graph.microsoft.com.contoso.example/beta', false],
    ['https://evilgraph.microsoft.com/beta', false],
    ['https://proxy.contoso.example/graph.microsoft.com/beta', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isMicrosoftGraphHost(url)).toBe(expected);
  });
});

describe('warnAboutUndocumentedOperations', () => {
  it('writes one warning naming every operation current Graph beta no longer documents', () => {
    const { lines, log } = capture();
    expect(warnAboutUndocumentedOperations('https://graph.microsoft.us/beta', log)).toBe(true);
    log.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', graphBaseUrl: 'https://graph.microsoft.us/beta', notInCurrentGraphBeta: OPERATIONS, msg: LIVE_GRAPH_WARNING });
    expect(NOT_IN_CURRENT_GRAPH_BETA).toHaveLength(OPERATIONS.length);
  });

  it('says nothing for the emulator or any other host', () => {
    const { lines, log } = capture();
    expect(warnAboutUndocumentedOperations('http://127.0.0.1:4100/beta', log)).toBe(false);
    log.flush();
    expect(lines).toEqual([]);
  });
});
