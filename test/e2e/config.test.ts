/**
 * Issue 6, through the BUILT CLI (`node bin/piaudit.js`): a piaudit.config.json found upwards from
 * the scanned folder changes the JSON report and the exit code — `rules: {"pi-masked": "off"}`
 * drops masked findings, `exclude` (relative to the config file's folder) hides a folder, `failOn`
 * moves the exit code — and typed flags still win. Everything is written in a temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, makeCnId, makeMobile, makeRng, maskMobile, parseReport, runCli, validateReport, type JsonReport } from '../helpers/synth.js';

const SCAN = ['scan', '-f', 'json', '--as-of', '2025-01-01'];

describe('piaudit.config.json end to end', () => {
  let root: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    // 0600: the files are not world-readable, so exposed-permissions stays out of these reports.
    writeFileSync(path.join(root, rel), text, { mode: 0o600 });
  };
  const scan = (args: string[], cwd = root): { code: number | null; report: JsonReport & { scan: { config?: string } }; stderr: string } => {
    const r = runCli([...SCAN, ...args], { cwd });
    const report = parseReport<JsonReport & { scan: { config?: string } }>(r);
    expect(validateReport(report)).toEqual([]);
    return { code: r.code, report, stderr: r.stderr };
  };
  const rules = (rep: JsonReport): string[] => rep.findings.map((f) => `${f.location.path} ${f.rule} ${f.severity}`).sort();

  beforeAll(() => {
    ensureBuilt();
    root = mkdtempSync(path.join(os.tmpdir(), 'piaudit-e2e-config-'));
    const rng = makeRng(6006);
    write('sub/app.log', `# synthetic test data\nlogin ok mobile ${makeMobile(rng)}\nsms sent to ${maskMobile(makeMobile(rng))}\n`);
    write('sub/generated/dump.txt', `# synthetic test data\nholder id ${makeCnId(rng)}\n`);
    write(
      'piaudit.config.json',
      `// team policy (synthetic)
{
  "rules": { "pi-masked": "off" },
  "failOn": "high",
  // relative to this file's folder, not to the scanned folder
  "exclude": ["sub/generated/**"],
}
`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('without the config: masked findings, the generated dump, exit 1', () => {
    const r = scan(['sub', '--no-config']);
    expect(rules(r.report)).toEqual(['sub/app.log pi-masked info', 'sub/app.log pi-unmasked medium', 'sub/generated/dump.txt pi-unmasked high']);
    expect(r.report.scan.config).toBeUndefined();
    expect(r.code).toBe(1);
  });

  test('with the config found above the scanned folder: no pi-masked, no excluded folder, failOn high → exit 0', () => {
    const r = scan(['sub']);
    expect(rules(r.report)).toEqual(['sub/app.log pi-unmasked medium']);
    expect(r.report.scan.config).toBe(path.join(root, 'piaudit.config.json'));
    expect(r.code).toBe(0);
  });

  test('scanning from inside the subfolder finds the same config, and its globs still anchor at its folder', () => {
    const r = scan(['.'], path.join(root, 'sub'));
    expect(rules(r.report)).toEqual(['app.log pi-unmasked medium']);
    expect(r.code).toBe(0);
  });

  test('a typed --fail-on beats the config; -v names the config on stderr', () => {
    const r = scan(['sub', '--fail-on', 'medium', '-v']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('piaudit: using piaudit.config.json');
  });

  test('--config FILE elsewhere: its globs are relative to its own folder', () => {
    write('conf/strict.json', '{ "failOn": "medium", "exclude": ["../sub/app.log"] }');
    // "../sub/app.log" leaves the config folder: it matches nothing, so app.log is still scanned.
    const r = scan(['sub', '--config', 'conf/strict.json']);
    expect(rules(r.report)).toEqual(['sub/app.log pi-masked info', 'sub/app.log pi-unmasked medium', 'sub/generated/dump.txt pi-unmasked high']);
    expect(r.report.scan.config).toBe(path.join(root, 'conf/strict.json'));
    expect(r.code).toBe(1);
  });

  test('databases listed in the config alone scan the databases only, as --db alone does', () => {
    // An unreachable server: an error entry, nothing readable, exit 2; the folder itself is not walked.
    write('conf/db-only.json', '{ "databases": ["postgres://audit@127.0.0.1:1/crm"] }');
    const r = scan(['--config', 'conf/db-only.json']);
    expect(r.report.scan.roots).toEqual(['postgres://audit@127.0.0.1:1/crm']);
    expect(r.report.findings).toEqual([]);
    expect(r.report.scan.errors.length).toBeGreaterThan(0);
    expect(r.report.scan.errors.every((e: { path: string }) => e.path.startsWith('postgres://'))).toBe(true);
    expect(r.code).toBe(2);
  });

  test('--staged uses the config at the repository top level: its exclude applies, its databases are not scanned', () => {
    const repo = path.join(root, 'repo');
    const rng = makeRng(6007);
    write('repo/piaudit.config.json', '{ "exclude": ["fixtures"], "databases": ["postgres://db.invalid/app"], "failOn": "medium" }');
    write('repo/src/app.txt', `# synthetic test data\nmobile ${makeMobile(rng)}\n`);
    write('repo/fixtures/people.txt', `# synthetic test data\nid ${makeCnId(rng)}\n`);
    const git = (args: string[]) => {
      const g = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      expect(g.status, g.stderr).toBe(0);
    };
    git(['init', '-q']);
    git(['add', '.']);
    const r = scan(['--staged'], path.join(repo, 'src'));
    expect(rules(r.report)).toEqual(['app.txt pi-unmasked medium']);
    expect(r.report.scan.config).toBe(path.join(repo, 'piaudit.config.json'));
    expect(r.report.scan.roots).toEqual(['(staged)']);
    expect(r.code).toBe(1);
  });

  test('a missing --config file and a bad config both exit 2 with a message naming the problem', () => {
    const missing = runCli([...SCAN, 'sub', '--config', 'nope.json'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('piaudit: --config: nope.json does not exist\n');
    write('bad/piaudit.config.json', '{\n  "rules": {\n    "pi-masked": "of"\n  }\n}\n');
    write('bad/x.txt', 'nothing here\n');
    const bad = runCli([...SCAN, 'bad'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('piaudit: bad/piaudit.config.json: "rules.pi-masked" must be one of off, critical, high, medium, low, info; did you mean "off"? (line 3)\n');
    expect(bad.stdout).toBe('');
  });
});
