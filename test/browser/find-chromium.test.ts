// Which Chromium the browser tests use, and what they say without one. Runs without a browser.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findChromium, requiredMessage, skipLine } from './support';

let dir: string;
let fake: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'find-chromium-'));
  fake = path.join(dir, 'chromium');
  await writeFile(fake, '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('CHROMIUM_PATH wins when set', () => {
  expect(findChromium({ CHROMIUM_PATH: fake })).toEqual({ found: true, executablePath: fake });
});

test('a CHROMIUM_PATH that does not exist is reported as such, not replaced by /usr/bin/chromium', () => {
  const lookup = findChromium({ CHROMIUM_PATH: path.join(dir, 'missing') });
  expect(lookup).toEqual({ found: false, executablePath: path.join(dir, 'missing'), fromEnv: true });
  if (lookup.found) throw new Error('expected no Chromium');
  expect(skipLine(lookup)).toBe(`browser tests skipped: no Chromium at ${path.join(dir, 'missing')} (from CHROMIUM_PATH)`);
  expect(requiredMessage(lookup)).toBe(`browser tests required (REQUIRE_BROWSER_TESTS=1) but no Chromium at ${path.join(dir, 'missing')} (from CHROMIUM_PATH)`);
});

test('unset or empty CHROMIUM_PATH means /usr/bin/chromium', () => {
  for (const env of [{}, { CHROMIUM_PATH: '' }]) expect(findChromium(env).executablePath).toBe('/usr/bin/chromium');
});

test("without CHROMIUM_PATH and without Debian's Chromium, the line says how to point elsewhere", () => {
  const absent = path.join(dir, 'usr-bin-chromium');
  const lookup = findChromium({}, absent);
  expect(lookup).toEqual({ found: false, executablePath: absent, fromEnv: false });
  if (lookup.found) throw new Error('expected no Chromium');
  expect(skipLine(lookup)).toBe(`browser tests skipped: no Chromium at ${absent} (set CHROMIUM_PATH)`);
  expect(findChromium({}, fake)).toEqual({ found: true, executablePath: fake });
});
