/**
 * Issue 6: `piaudit init [dir]` writes a commented default config, refuses to overwrite one
 * unless --force, and what it writes loads and validates with zero problems (against our
 * validator and against schema/config.schema.json). Only temp folders are written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run, type RunIO } from '../../src/cli/run.js';
import { loadConfigFile } from '../../src/config/file.js';
import { mergeSettings, scanOptionsOf } from '../../src/config/merge.js';
import { CONFIG_KEYS } from '../../src/config/settings.js';
import { configTemplate } from '../../src/config/template.js';
import { REPO_ROOT } from '../helpers/synth.js';

let tmp: string;
let out = '';
let err = '';
const io = (cwd: string): RunIO => ({ stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false, env: { HOME: tmp }, cwd });
const cli = async (args: string[], cwd: string): Promise<number> => {
  out = '';
  err = '';
  return run(args, io(cwd));
};

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-init-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('piaudit init', () => {
  test('writes piaudit.config.json into the current folder and says where', async () => {
    const dir = mkdtempSync(path.join(tmp, 'cwd-'));
    expect(await cli(['init'], dir)).toBe(0);
    expect(out).toBe('piaudit: wrote piaudit.config.json\n');
    expect(readFileSync(path.join(dir, 'piaudit.config.json'), 'utf8')).toBe(configTemplate());
  });

  test('writes into the folder given, creating it', async () => {
    const dir = path.join(tmp, 'new-project', 'sub');
    expect(await cli(['init', dir], tmp)).toBe(0);
    expect(out).toBe(`piaudit: wrote ${path.relative(tmp, path.join(dir, 'piaudit.config.json'))}\n`);
    expect(readFileSync(path.join(dir, 'piaudit.config.json'), 'utf8')).toContain('"failOn": "low"');
  });

  test('refuses to overwrite an existing file (exit code 2), and --force overwrites it', async () => {
    const dir = mkdtempSync(path.join(tmp, 'existing-'));
    const file = path.join(dir, 'piaudit.config.json');
    writeFileSync(file, '{ "failOn": "high" }');
    expect(await cli(['init'], dir)).toBe(2);
    expect(err).toBe(`piaudit: init: ${file} already exists (use --force to overwrite it)\n`);
    expect(readFileSync(file, 'utf8')).toBe('{ "failOn": "high" }');
    expect(await cli(['init', '--force'], dir)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(configTemplate());
  });

  test('refuses a path that is a file', async () => {
    const file = path.join(tmp, 'plain.txt');
    writeFileSync(file, 'x');
    expect(await cli(['init', file], tmp)).toBe(2);
    expect(err).toBe(`piaudit: init: ${file} is not a folder\n`);
  });
});

describe('the written file', () => {
  test('has a comment and a value for every key', () => {
    const text = configTemplate();
    for (const key of CONFIG_KEYS) expect(text, key).toMatch(new RegExp(`  // .+\\n  "${key}": `));
  });

  test('loads with zero problems and changes nothing from the defaults', async () => {
    const dir = mkdtempSync(path.join(tmp, 'load-'));
    writeFileSync(path.join(dir, 'piaudit.config.json'), configTemplate());
    const cfg = await loadConfigFile(path.join(dir, 'piaudit.config.json'), dir);
    expect(cfg.settings).toEqual({
      include: [], exclude: [], ignoreFiles: true, defaultExcludes: true, failOn: 'low', minSeverity: 'info', maskThreshold: 10000,
      webRoots: [], ocr: true, cache: true, databases: [], schemas: [], sample: 1000, full: false, rules: {}, retention: { enabled: true },
    });
    const o = scanOptionsOf(mergeSettings({}, () => false, cfg.settings), cfg);
    expect(o.includeBase).toBeUndefined(); // empty lists anchor nothing
    expect(o.ruleSeverity).toBeUndefined();
    expect(o.webRoots).toBeUndefined(); // the built-in web roots
    expect(Object.values(o)).not.toContain(undefined); // unset keys are left out for library callers
  });

  test('validates against schema/config.schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema', 'config.schema.json'), 'utf8'));
    const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (o: object) => { compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown } };
    const validate = new AjvCtor({ allErrors: true, strict: false }).compile(schema);
    const errors: ParseError[] = [];
    const data = parseJsonc(configTemplate(), errors, { allowTrailingComma: true });
    expect(errors).toEqual([]);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    // The schema refuses what the validator refuses (a sample).
    for (const bad of [{ failOn: 'severe' }, { colour: true }, { rules: { 'pi-maskd': 'off' } }, { databases: ['postgres://u:secret@db.example.com/app'] }, { retention: { logs: { maxAge: '6 months' } } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
