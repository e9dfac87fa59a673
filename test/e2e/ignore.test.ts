/**
 * Ignore files, default excludes and path filters, through the BUILT CLI: .gitignore and
 * .piauditignore hide paths (and the summary counts them), --no-ignore scans them, node_modules/ and
 * .git/ are skipped by default, --exclude / --include filter, --max-file-size skips with a reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparePlants,
  describeComparison,
  DocBuilder,
  ensureBuilt,
  makePerson,
  makeRng,
  parseReport,
  runCli,
  validateReport,
  type JsonReport,
  type Plant,
} from '../helpers/synth.js';

const T = 30_000;
const SCAN = ['scan', '.', '-f', 'json', '--as-of', '2025-01-01'];

/** How a file of the tree is expected to be treated by default. */
type Fate = 'visible' | 'gitignored' | 'piauditignored' | 'default-excluded';

interface TreeFile {
  rel: string;
  fate: Fate;
  plants: Plant[];
}

describe('ignore files and filters', () => {
  let root: string;
  let files: TreeFile[];
  /** Paths an ignore file hides directly (a hidden directory counts once). */
  let hiddenTopLevel: string[];

  const plantsOf = (pred: (f: TreeFile) => boolean): Plant[] => files.filter(pred).flatMap((f) => f.plants);
  const scan = (extra: string[] = []): JsonReport => {
    const r = runCli([...SCAN, ...extra], { cwd: root });
    expect(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`).toBe(true);
    const rep = parseReport<JsonReport>(r);
    expect(validateReport(rep)).toEqual([]);
    return rep;
  };
  const pathsWithFindings = (rep: JsonReport): string[] => [...new Set(rep.findings.map((f) => f.location.path))].sort();
  const relsOf = (pred: (f: TreeFile) => boolean): string[] => files.filter(pred).map((f) => f.rel).sort();

  beforeAll(() => {
    ensureBuilt();
    root = mkdtempSync(path.join(os.tmpdir(), 'piaudit-ignore-'));
    const rng = makeRng(8080);
    files = [];
    const add = (rel: string, fate: Fate, lines = 1): void => {
      const d = new DocBuilder();
      d.line('# synthetic test data');
      for (let i = 0; i < lines; i++) {
        const p = makePerson(rng);
        d.text(`用户 ${p.name} 身份证 `).plant(p.id, 'cn-id', 'unmasked').text(' 手机 ').plant(p.mobile, 'cn-mobile', 'unmasked').text(' 卡号 ').plant(p.card, 'bank-card', 'unmasked').endLine();
      }
      const full = path.join(root, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, d.toString());
      files.push({ rel, fate, plants: d.placed(rel).plants });
    };
    const raw = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };

    raw('.gitignore', '# build output and local secrets\n*.secret.log\nbuild/\n');
    raw('.piauditignore', '# vendor uploads are audited elsewhere\nuploads/\nexport-old.csv\n');
    raw('sub/.gitignore', 'local.txt\n');
    raw('.git/HEAD', 'ref: refs/heads/main\n');
    add('app.log', 'visible', 2);
    add('data.csv', 'visible');
    add('big.log', 'visible', 30); // > 1 KiB
    add('sub/keep.txt', 'visible');
    add('debug.secret.log', 'gitignored');
    add('build/out.txt', 'gitignored');
    add('sub/local.txt', 'gitignored');
    add('uploads/a.txt', 'piauditignored');
    add('uploads/nested/b.txt', 'piauditignored');
    add('export-old.csv', 'piauditignored');
    add('node_modules/some-pkg/README.md', 'default-excluded');
    add('.git/logs/HEAD', 'default-excluded');
    hiddenTopLevel = ['debug.secret.log', 'build', 'sub/local.txt', 'uploads', 'export-old.csv'];
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('by default: ignored and default-excluded files are not reported, visible ones are, exactly', () => {
    const rep = scan();
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate === 'visible'));
    const cmp = comparePlants(rep.findings, plantsOf((f) => f.fate === 'visible'));
    expect(describeComparison(cmp)).toBe('');
  }, T);

  it('summary.ignoredByFiles counts the paths the ignore files hid (a hidden directory at least once)', () => {
    const rep = scan();
    const hiddenFiles = files.filter((f) => f.fate === 'gitignored' || f.fate === 'piauditignored').length;
    expect(rep.summary.ignoredByFiles).toBeGreaterThanOrEqual(hiddenTopLevel.length);
    expect(rep.summary.ignoredByFiles).toBeLessThanOrEqual(hiddenFiles);
  }, T);

  it('the terminal report says loudly how many paths were hidden and how to scan them', () => {
    const r = runCli(['scan', '.', '--as-of', '2025-01-01'], { cwd: root });
    expect(r.code).toBe(1);
    const n = parseReport<JsonReport>(runCli(SCAN, { cwd: root })).summary.ignoredByFiles;
    expect(r.stdout).toMatch(new RegExp(`\\b${n}\\b[^\\n]*(gitignore|piauditignore)`));
    expect(r.stdout).toMatch(/--no-ignore/);
  }, T);

  it('--no-ignore finds the files hidden by .gitignore and .piauditignore (but still skips node_modules and .git)', () => {
    const rep = scan(['--no-ignore']);
    expect(rep.summary.ignoredByFiles).toBe(0);
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate !== 'default-excluded'));
    const cmp = comparePlants(rep.findings, plantsOf((f) => f.fate !== 'default-excluded'));
    expect(describeComparison(cmp)).toBe('');
  }, T);

  it('--no-default-excludes scans node_modules/ and .git/ too', () => {
    const rep = scan(['--no-default-excludes']);
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate === 'visible' || f.fate === 'default-excluded'));
    const cmp = comparePlants(rep.findings, plantsOf((f) => f.fate === 'visible' || f.fate === 'default-excluded'));
    expect(describeComparison(cmp)).toBe('');
  }, T);

  it("--exclude '*.csv' leaves out CSV files at any depth", () => {
    const rep = scan(['--exclude', '*.csv', '--no-ignore']);
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate !== 'default-excluded' && !f.rel.endsWith('.csv')));
  }, T);

  it("--include '*.log' scans only .log files (ignore files still apply)", () => {
    const rep = scan(['--include', '*.log']);
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate === 'visible' && f.rel.endsWith('.log')));
    expect(rep.scan.filesScanned).toBe(relsOf((f) => f.fate === 'visible' && f.rel.endsWith('.log')).length);
  }, T);

  it('--max-file-size 1K lists the big file in scan.skipped with a reason and does not report its values', () => {
    const rep = scan(['--max-file-size', '1K']);
    const skipped = rep.scan.skipped.find((s) => s.path === 'big.log');
    expect(skipped?.reason).toMatch(/size|larger/i);
    expect(pathsWithFindings(rep)).toEqual(relsOf((f) => f.fate === 'visible' && f.rel !== 'big.log'));
  }, T);
});
