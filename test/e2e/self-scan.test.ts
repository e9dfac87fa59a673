import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/synth.js';

/**
 * The project scans its own sources the way a user's pre-commit hook would: every example value in
 * them is a documented example (info), marked inline with piaudit-ignore, or a standard's example,
 * so the self-scan passes the default `--fail-on low`. A new unmarked example fails this test.
 */
describe('self-scan', () => {
  test('src, rules, scripts and the README scan clean at the default threshold', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), 'scan', 'src', 'rules', 'scripts', 'README.md', '--format', 'json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const report = JSON.parse(run.stdout) as { findings: Array<{ severity: string; location: { path: string; line?: number }; rule: string }> };
    const failing = report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.location.path}:${f.location.line}`);
    expect(failing).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(0); // the examples are still found, at info
    expect(run.status).toBe(0);
  });
});
