import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateIdScans, type IdScanTruth } from '../helpers/id-scans.js';
import { REPO_ROOT } from '../helpers/synth.js';

/**
 * A property office's folder of scanned ID cards, through the built CLI (issue 4): copies without
 * a purpose annotation, annotated copies, the same card stored twice, decoys; then a re-scan from
 * the cache. The synthetic cards come from test/helpers/id-scans.ts (valid checksums, invented people).
 */

interface Finding {
  rule: string;
  detector: string | null;
  severity: string;
  location: { path: string; bbox?: number[] };
  evidence?: string;
  message: string;
}

let dir: string;
let home: string;
let truth: IdScanTruth[];

function scan(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none', '--as-of', '2025-01-01', ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config') },
  });
  expect(r.status, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout) as { findings: Finding[]; scan: { cachedDocuments?: number; skipped: Array<{ path: string; reason: string }>; errors: unknown[] } }, output: r.stdout + r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-idcopies-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'piaudit-home-'));
  truth = await generateIdScans(dir, { seed: 1039, cards: 6, decoys: 2 }); // seed 1039: 3 cards with a purpose annotation, 3 without
  rmSync(path.join(dir, 'manifest.json'), { force: true }); // the ground truth holds full values: not part of the scanned folder
  // The same card stored a second time under another name (a copy in a download folder).
  const front = truth.find((t) => t.kind === 'front' && t.rotation === 0)!;
  copyFileSync(path.join(dir, front.file), path.join(dir, `copy-of-${front.file}`));
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('ID-card copies through the CLI', () => {
  let first: ReturnType<typeof scan>;
  beforeAll(() => {
    first = scan();
  }, 120_000);

  test('each card is judged by its purpose annotation; decoys are not copies', () => {
    const copies = first.report.findings.filter((f) => f.rule === 'id-copy-no-purpose' || f.rule === 'id-copy-stored');
    const byFile = new Map(copies.map((f) => [f.location.path, f.rule]));
    for (const t of truth) {
      if (t.kind === 'decoy') expect(byFile.has(t.file), t.file).toBe(false);
      else expect(byFile.get(t.file), t.file).toBe(t.annotation ? 'id-copy-stored' : 'id-copy-no-purpose');
    }
    expect(copies.find((f) => f.rule === 'id-copy-no-purpose')?.severity ?? 'high').toBe('high');
  });

  test('the number on a card is critical, located by its word box', () => {
    const ids = first.report.findings.filter((f) => f.detector === 'cn-id' && f.location.path.startsWith('scan-'));
    expect(ids.length).toBeGreaterThan(0);
    for (const f of ids) {
      expect(f.severity).toBe('critical');
      expect(f.location.bbox).toHaveLength(4);
    }
  });

  test('the same card stored twice is one id-copy-duplicate naming both copies', () => {
    const dup = first.report.findings.filter((f) => f.rule === 'id-copy-duplicate');
    expect(dup).toHaveLength(1);
    const front = truth.find((t) => t.kind === 'front' && t.rotation === 0)!;
    expect(dup[0].message).toContain(front.file);
    expect(dup[0].message).toContain(`copy-of-${front.file}`);
  });

  test('no full value in the output', () => {
    for (const t of truth) if (t.id) expect(first.output.includes(t.id)).toBe(false);
  });

  test('a re-scan comes from the cache, with the same findings; the cache holds no value', () => {
    const second = scan();
    expect(second.report.scan.cachedDocuments).toBe(readdirSync(dir).length);
    expect(second.report.findings).toEqual(first.report.findings);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name));
    };
    walk(path.join(home, 'cache'));
    for (const f of files) for (const t of truth) if (t.id) expect(readFileSync(f, 'utf8').includes(t.id)).toBe(false);
  }, 60_000);

  test('retention counts the same records from the cache as from a fresh scan, whatever severities the report keeps', () => {
    // --min-severity critical keeps only the IDs read on the cards; retention still counts every copy.
    const fresh = scan('--no-cache', '--min-severity', 'critical');
    const before = scan('--min-severity', 'critical'); // fills the cache under this option set
    const cached = scan('--min-severity', 'critical');
    expect(cached.report.scan.cachedDocuments).toBe(readdirSync(dir).length);
    const retention = (r: typeof fresh) => (r.report as unknown as { summary: { retention?: unknown } }).summary.retention;
    expect(retention(fresh)).toBeDefined();
    expect(retention(before)).toEqual(retention(fresh));
    expect(retention(cached)).toEqual(retention(fresh));
  }, 120_000);

  test('--no-ocr lists the images as skipped and reads none', () => {
    const r = scan('--no-ocr', '--no-cache');
    expect(r.report.findings).toEqual([]);
    expect(r.report.scan.skipped.length).toBe(readdirSync(dir).length);
    expect(r.report.scan.skipped.every((s) => /OCR off/.test(s.reason))).toBe(true);
  });
});
