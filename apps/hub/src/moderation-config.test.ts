import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModerationSettings } from './moderation-config';
import { loadConfig } from './config';

describe('the moderation settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-moderation-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('defaults to the built-in resources (988, the Physician Support Line, 911) and 90 days', () => {
    const settings = loadConfig({}).moderation;
    const details = settings.crisisResources.map((resource) => resource.detail).join(' ');
    expect(details).toMatch(/988/);
    expect(details).toMatch(/1-888-409-0141/);
    expect(details).toMatch(/911/);
    expect(settings.crisisExtraPatterns).toEqual([]);
    expect(settings.recordRetentionMs).toBe(90 * 24 * 60 * 60_000);
  });

  it('reads the deployment\'s patterns, resources and retention through the environment', () => {
    const settings = loadConfig({
      CRISIS_PATTERNS_FILE: write('patterns.json', ['\\bunalive\\b']),
      CRISIS_RESOURCES_FILE: write('resources.json', [{ name: 'Local line', detail: 'Call 555', href: null }]),
      MODERATION_RECORD_RETENTION_DAYS: '30',
    }).moderation;
    expect(settings.crisisExtraPatterns).toEqual(['\\bunalive\\b']);
    expect(settings.crisisResources).toEqual([{ name: 'Local line', detail: 'Call 555', href: null }]);
    expect(settings.recordRetentionMs).toBe(30 * 24 * 60 * 60_000);
  });

  it('refuses to start on a missing file, malformed JSON or a pattern that does not compile', () => {
    expect(() => loadModerationSettings({ crisisPatternsFile: path.join(dir, 'missing.json'), retentionDays: 90 })).toThrow(/CRISIS_PATTERNS_FILE/);
    expect(() => loadModerationSettings({ crisisResourcesFile: write('bad.json', '{nope'), retentionDays: 90 })).toThrow(/CRISIS_RESOURCES_FILE/);
    expect(() => loadModerationSettings({ crisisPatternsFile: write('uncompilable.json', ['(']), retentionDays: 90 })).toThrow();
  });
});
