/**
 * Issue 6: precedence. A flag the user typed beats the config file; the config beats the built-in
 * default; a flag left at its default never hides a config value. First the merge itself (pure),
 * then through `run` (in-process CLI) on synthetic files in a temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import { mergeSettings, type SettingSource } from '../../src/config/merge.js';
import type { ConfigKey, ConfigSettings } from '../../src/config/settings.js';
import { makeMobile, makeRng, maskMobile, TEST_KEY } from '../helpers/synth.js';

describe('mergeSettings', () => {
  const flags: ConfigSettings = { failOn: 'low', minSeverity: 'info', include: [], exclude: ['cli/**'], sample: 1000, ocr: true };
  test.each<{ name: string; given: ConfigKey[]; config?: ConfigSettings; key: ConfigKey; value: unknown; from: SettingSource }>([
    { name: 'no config: the default', given: [], key: 'failOn', value: 'low', from: 'default' },
    { name: 'config beats the default', given: [], config: { failOn: 'high' }, key: 'failOn', value: 'high', from: 'config' },
    { name: 'a typed flag beats the config', given: ['failOn'], config: { failOn: 'high' }, key: 'failOn', value: 'low', from: 'cli' },
    { name: 'a typed flag with no config', given: ['exclude'], key: 'exclude', value: ['cli/**'], from: 'cli' },
    { name: 'a typed repeatable flag replaces the config list', given: ['exclude'], config: { exclude: ['cfg/**'] }, key: 'exclude', value: ['cli/**'], from: 'cli' },
    { name: 'an untyped list flag (default []) does not hide the config list', given: [], config: { include: ['src/**'] }, key: 'include', value: ['src/**'], from: 'config' },
    { name: 'a boolean false in the config beats the default true', given: [], config: { ocr: false }, key: 'ocr', value: false, from: 'config' },
    { name: 'config-only keys (rules)', given: [], config: { rules: { 'pi-masked': 'off' } }, key: 'rules', value: { 'pi-masked': 'off' }, from: 'config' },
    { name: 'unset everywhere: absent', given: [], config: {}, key: 'maxFileSize', value: undefined, from: 'default' },
  ])('$name', ({ given, config, key, value, from }) => {
    const m = mergeSettings(flags, (k) => given.includes(k), config);
    expect(m.settings[key]).toEqual(value);
    expect(m.from[key]).toBe(from);
  });
});

describe('precedence through the CLI', () => {
  let root: string;
  let out = '';
  let err = '';
  const io = () => ({
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (err += s),
    isTTY: false,
    env: { PIAUDIT_KEY: TEST_KEY, HOME: path.join(root, 'home'), LANG: 'C.UTF-8' },
    cwd: root,
  });
  const scan = async (args: string[], cfg?: object): Promise<{ code: number; report: { findings: Array<{ rule: string; severity: string; location: { path: string } }>; scan: { config?: string } } }> => {
    if (cfg) writeFileSync(path.join(root, 'piaudit.config.json'), JSON.stringify(cfg));
    else rmSync(path.join(root, 'piaudit.config.json'), { force: true });
    out = '';
    err = '';
    const code = await run(['scan', '-f', 'json', '--as-of', '2025-01-01', ...args], io());
    expect(err).not.toMatch(/internal error/);
    return { code, report: JSON.parse(out) };
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'piaudit-config-precedence-'));
    mkdirSync(path.join(root, 'home'));
    mkdirSync(path.join(root, 'data'));
    const rng = makeRng(606);
    // An unmasked mobile (pi-unmasked, medium) and a well-masked one (pi-masked, info).
    writeFileSync(path.join(root, 'data', 'app.log'), `# synthetic test data\nuser mobile ${makeMobile(rng)}\nmasked ${maskMobile(makeMobile(rng))}\n`, { mode: 0o600 });
    writeFileSync(path.join(root, 'data', 'other.log'), `# synthetic test data\ncontact ${makeMobile(rng)}\n`, { mode: 0o600 });
    process.env.XDG_CACHE_HOME = path.join(root, 'home', 'cache');
    process.env.XDG_CONFIG_HOME = path.join(root, 'home', 'config');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('no config: the default --fail-on low fails on the medium finding', async () => {
    const r = await scan([]);
    expect(r.code).toBe(1);
    expect(r.report.scan.config).toBeUndefined();
  });

  test('config failOn beats the default', async () => {
    expect((await scan([], { failOn: 'high' })).code).toBe(0);
  });

  test('a typed --fail-on beats the config', async () => {
    expect((await scan(['--fail-on', 'medium'], { failOn: 'high' })).code).toBe(1);
  });

  test('--no-config ignores the file', async () => {
    expect((await scan(['--no-config'], { failOn: 'none' })).code).toBe(1);
  });

  test('config minSeverity beats the default; a typed flag beats the config', async () => {
    const cfg = { minSeverity: 'medium', failOn: 'none' };
    expect((await scan([], cfg)).report.findings.map((f) => f.severity).sort()).toEqual(['medium', 'medium']);
    expect((await scan(['--min-severity', 'info'], cfg)).report.findings.map((f) => f.severity).sort()).toEqual(['info', 'medium', 'medium']);
  });

  test('config exclude applies unless --exclude is typed', async () => {
    const cfg = { exclude: ['data/other.log'], failOn: 'none' };
    const paths = (r: Awaited<ReturnType<typeof scan>>) => [...new Set(r.report.findings.map((f) => f.location.path))].sort();
    expect(paths(await scan([], cfg))).toEqual(['data/app.log']);
    expect(paths(await scan(['--exclude', 'app.log'], cfg))).toEqual(['data/other.log']);
  });

  test('config rules: off drops the rule, a severity replaces it; the report names the config', async () => {
    const r = await scan([], { rules: { 'pi-masked': 'off', 'pi-unmasked': 'low' }, failOn: 'medium' });
    expect(r.report.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['pi-unmasked:low', 'pi-unmasked:low']);
    expect(r.code).toBe(0);
    expect(r.report.scan.config).toBe(path.join(root, 'piaudit.config.json'));
  });

  test('verbose mode says which config is in use, on stderr', async () => {
    await scan(['-v'], { failOn: 'none' });
    expect(err).toContain('piaudit: using piaudit.config.json\n');
    await scan([], { failOn: 'none' });
    expect(err).not.toContain('using');
  });

  test('a bad config stops the scan with exit code 2 and names the key and line', async () => {
    writeFileSync(path.join(root, 'piaudit.config.json'), '{\n  // team policy\n  "failOn": "severe"\n}\n');
    out = '';
    err = '';
    expect(await run(['scan', '-f', 'json'], io())).toBe(2);
    expect(err).toBe('piaudit: piaudit.config.json: "failOn" must be one of critical, high, medium, low, info, none (line 3)\n');
    expect(out).toBe('');
  });
});
