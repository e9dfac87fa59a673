import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makePerson, makeRng, REPO_ROOT } from '../helpers/synth.js';

/** Several report formats from one scan (`-f json,html,sarif,csv --output-dir DIR`), issue 6. */
const person = makePerson(makeRng(606));
let dir: string;

function piaudit(args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), 'scan', ...args], { cwd: dir, encoding: 'utf8' });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-formats-'));
  writeFileSync(path.join(dir, 'users.log'), `login ok idcard=${person.id} mobile=${person.mobile}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('several formats at once', () => {
  test('one file per format in the folder, private, value-free, the same findings', () => {
    const r = piaudit(['users.log', '-f', 'json,html,sarif,csv,terminal', '--output-dir', 'out', '--fail-on', 'none']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const files = readdirSync(path.join(dir, 'out')).sort();
    expect(files).toEqual(['piaudit-report.csv', 'piaudit-report.html', 'piaudit-report.json', 'piaudit-report.sarif', 'piaudit-report.txt']);
    for (const f of files) {
      const file = path.join(dir, 'out', f);
      expect(statSync(file).mode & 0o077, f).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text.includes(person.id) || text.includes(person.mobile), f).toBe(false);
    }
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'piaudit-report.json'), 'utf8'));
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out', 'piaudit-report.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(json.findings.length);
    expect(json.findings.length).toBeGreaterThan(1);
  });

  test('several formats without --output-dir is a usage error (exit 2)', () => {
    const r = piaudit(['users.log', '-f', 'json,html']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--output-dir');
  });
});
