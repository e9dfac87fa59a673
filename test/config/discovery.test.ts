/**
 * Issue 6: where piaudit.config.json is looked for. Upwards from the scanned folder, stopping at
 * the filesystem root and at the home folder; `--config FILE` (which must exist) and `--no-config`.
 * Every file lives in a temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findConfigFile, resolveConfig, searchStart } from '../../src/config/file.js';
import { FatalError } from '../../src/model/errors.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-config-find-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = path.join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('findConfigFile', () => {
  test('finds the file in the folder itself', () => {
    const root = tree('itself', { 'piaudit.config.json': '{}' });
    expect(findConfigFile(root, { home: '/nonexistent-home' })).toBe(path.join(root, 'piaudit.config.json'));
  });

  test('walks up nested folders to the nearest file', () => {
    const root = tree('nested', { 'piaudit.config.json': '{}', 'a/b/c/file.txt': 'x' });
    expect(findConfigFile(path.join(root, 'a/b/c'), { home: '/nonexistent-home' })).toBe(path.join(root, 'piaudit.config.json'));
  });

  test('the nearest file wins over one further up', () => {
    const root = tree('nearest', { 'piaudit.config.json': '{}', 'pkg/piaudit.config.json': '{}', 'pkg/src/x.txt': 'x' });
    expect(findConfigFile(path.join(root, 'pkg/src'), { home: '/nonexistent-home' })).toBe(path.join(root, 'pkg/piaudit.config.json'));
  });

  test('stops at the filesystem root when there is none', () => {
    const root = tree('none', { 'deep/er/x.txt': 'x' });
    // Nothing between the temp folder and / holds a piaudit.config.json (tests never write one there).
    expect(findConfigFile(path.join(root, 'deep/er'), { home: '/nonexistent-home' })).toBeUndefined();
  });

  test('does not read the home folder\'s file, nor look above home', () => {
    const home = tree('home', { 'piaudit.config.json': '{}', 'projects/app/x.txt': 'x' });
    expect(findConfigFile(path.join(home, 'projects/app'), { home })).toBeUndefined();
  });

  test("reads the home folder's file when the home folder itself is scanned", () => {
    const home = tree('home2', { 'piaudit.config.json': '{}' });
    expect(findConfigFile(home, { home })).toBe(path.join(home, 'piaudit.config.json'));
  });

  test('a project below home still finds its own file', () => {
    const home = tree('home3', { 'piaudit.config.json': '{}', 'projects/app/piaudit.config.json': '{}', 'projects/app/src/x.txt': 'x' });
    expect(findConfigFile(path.join(home, 'projects/app/src'), { home })).toBe(path.join(home, 'projects/app/piaudit.config.json'));
  });

  test('a folder named piaudit.config.json is not a config file', () => {
    const root = tree('dirname', { 'piaudit.config.json/x': 'x' });
    expect(findConfigFile(root, { home: '/nonexistent-home' })).toBeUndefined();
  });
});

describe('searchStart: the scanned folder', () => {
  test.each([
    { name: 'no path: cwd', first: undefined, expected: '' },
    { name: 'stdin: cwd', first: '-', expected: '' },
    { name: 'a folder', first: 'src', expected: 'src' },
    { name: 'a file: its folder', first: 'src/app.log', expected: 'src' },
    { name: 'a glob: its folder that exists', first: 'src/**/*.log', expected: 'src' },
    { name: 'a missing path: its nearest existing folder', first: 'src/missing/deeper', expected: 'src' },
  ])('$name', ({ first, expected }) => {
    const root = tree('start', { 'src/app.log': 'x' });
    expect(searchStart(first, root)).toBe(path.join(root, expected));
  });
});

describe('resolveConfig', () => {
  test('--config FILE loads that file, wherever it is', async () => {
    const root = tree('explicit', { 'conf/team.json': '{ "failOn": "high" }' });
    const c = await resolveConfig({ file: 'conf/team.json' }, { cwd: root, home: '/nonexistent-home' });
    expect(c?.file).toBe(path.join(root, 'conf/team.json'));
    expect(c?.dir).toBe(path.join(root, 'conf'));
    expect(c?.settings).toEqual({ failOn: 'high' });
  });

  test('--config FILE that does not exist is an error (exit code 2)', async () => {
    const root = tree('explicit-missing', {});
    const err = await resolveConfig({ file: 'nope.json' }, { cwd: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FatalError);
    expect((err as FatalError).message).toBe('--config: nope.json does not exist');
  });

  test('--no-config ignores a file that is there', async () => {
    const root = tree('noconfig', { 'piaudit.config.json': '{ "failOn": "none" }' });
    expect(await resolveConfig({ none: true }, { cwd: root })).toBeUndefined();
  });

  test('discovery loads the nearest file and validates it', async () => {
    const root = tree('discover', { 'piaudit.config.json': '{ "failOn": "nope" }', 'sub/x.txt': 'x' });
    // Outside the working folder, the file is named by its absolute path.
    await expect(resolveConfig({ searchFrom: path.join(root, 'sub') }, { cwd: path.join(root, 'sub'), home: '/nonexistent-home' })).rejects.toThrow(
      `${path.join(root, 'piaudit.config.json')}: "failOn" must be one of critical, high, medium, low, info, none; did you mean "none"? (line 1)`,
    );
  });
});
