// TRUSTED_DOCUMENTS, TRUSTED_DOCUMENTS_MODE, TRUSTED_DOCUMENTS_BYPASS_SECRET (contract §13): parsed by loadConfig,
// every refusal a ConfigError with its exact message.
import { ConfigError, loadConfig } from '../../src/config';

function refusal(env: Record<string, string>): { variable: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { variable: error.variable, message: error.message };
    throw error;
  }
  throw new Error('loadConfig accepted the settings');
}

describe('trusted documents settings (contract §13)', () => {
  it('are off when TRUSTED_DOCUMENTS is unset or blank', () => {
    expect(loadConfig({}).trustedDocuments).toBeUndefined();
    expect(loadConfig({ TRUSTED_DOCUMENTS: '  ' }).trustedDocuments).toBeUndefined();
  });

  it('default to audit with no bypass', () => {
    const config = loadConfig({ TRUSTED_DOCUMENTS: 'a.json' });
    expect(config.trustedDocuments).toEqual({ paths: ['a.json'], mode: 'audit', bypassSecret: undefined });
    expect(Object.isFrozen(config.trustedDocuments)).toBe(true);
    expect(Object.isFrozen(config.trustedDocuments!.paths)).toBe(true);
  });

  it('read the paths in order, trimmed, each once', () => {
    expect(loadConfig({ TRUSTED_DOCUMENTS: ' a.json, /srv/b.json ,a.json' }).trustedDocuments!.paths).toEqual(['a.json', '/srv/b.json']);
  });

  it.each(['audit', 'enforce', 'ids-only'])('read TRUSTED_DOCUMENTS_MODE=%s', (mode) => {
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json', TRUSTED_DOCUMENTS_MODE: mode }).trustedDocuments!.mode).toBe(mode);
  });

  it('read the bypass secret', () => {
    const bypassSecret = 'a-bypass-secret-16+';
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json', TRUSTED_DOCUMENTS_BYPASS_SECRET: bypassSecret }).trustedDocuments!.bypassSecret).toBe(bypassSecret);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['an unknown mode', { TRUSTED_DOCUMENTS_MODE: 'strict' }, 'TRUSTED_DOCUMENTS_MODE', 'TRUSTED_DOCUMENTS_MODE: must be one of audit, enforce, ids-only, got "strict"'],
    ['a mode in another case', { TRUSTED_DOCUMENTS_MODE: 'Enforce' }, 'TRUSTED_DOCUMENTS_MODE', 'TRUSTED_DOCUMENTS_MODE: must be one of audit, enforce, ids-only, got "Enforce"'],
    [
      'an empty path',
      { TRUSTED_DOCUMENTS: 'a.json,,b.json' },
      'TRUSTED_DOCUMENTS',
      'TRUSTED_DOCUMENTS: must be comma-separated paths of manifest files such as persisted-documents.json,apq-manifest.json; an entry is empty in "a.json,,b.json"',
    ],
    [
      'a short bypass secret',
      { TRUSTED_DOCUMENTS_BYPASS_SECRET: 'short' },
      'TRUSTED_DOCUMENTS_BYPASS_SECRET',
      'TRUSTED_DOCUMENTS_BYPASS_SECRET: must be at least 16 characters long (it was 5)',
    ],
  ])('refuse %s, naming the variable', (_, env, variable, message) => {
    expect(refusal({ TRUSTED_DOCUMENTS: 'a.json', ...env })).toEqual({ variable, message });
  });

  it.each<[string, string]>([
    ['TRUSTED_DOCUMENTS_MODE', 'enforce'],
    ['TRUSTED_DOCUMENTS_BYPASS_SECRET', 'a-bypass-secret-16+'],
  ])('refuse %s without TRUSTED_DOCUMENTS: it would protect or open nothing', (variable, value) => {
    expect(refusal({ [variable]: value })).toEqual({
      variable,
      message: `${variable}: is set but TRUSTED_DOCUMENTS is not: set TRUSTED_DOCUMENTS to the manifest files, or unset ${variable}`,
    });
  });

  it('never show the bypass secret in a refusal', () => {
    expect(refusal({ TRUSTED_DOCUMENTS_BYPASS_SECRET: 'a-bypass-secret-16+' }).message).not.toContain('a-bypass-secret');
  });
});
