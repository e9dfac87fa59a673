import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { renderCardScan, type SingleScan } from '../helpers/id-scans.js';
import { encodeTiffPages, rgbaToGrey } from '../helpers/id-scans-formats.js';
import { REPO_ROOT } from '../helpers/synth.js';

/**
 * A scanner's multi-page TIFF through the CLI: every page is OCR'd and judged as its own ID-card
 * copy, located by `page` (the property office's "one file per household" scans).
 */

let dir: string;
let home: string;
let cards: SingleScan[];

interface Finding {
  rule: string;
  detector: string | null;
  severity: string;
  location: { path: string; page?: number };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-tiff-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'piaudit-tiff-home-'));
  cards = [await renderCardScan({ seed: 61, side: 'front', annotated: true }), await renderCardScan({ seed: 62, side: 'front' })];
  const pages = cards.map(({ canvas: c }) => ({ grey: rgbaToGrey(c.getContext('2d').getImageData(0, 0, c.width, c.height).data, c.width, c.height), width: c.width, height: c.height }));
  writeFileSync(path.join(dir, 'household-0301.tif'), encodeTiffPages(pages));
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

test('each page of a multi-page TIFF is a copy of its own: its ID critical, its purpose judged, located by page', () => {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/piaudit.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none', '--as-of', '2025-01-01', '--no-cache'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config') },
  });
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as { findings: Finding[]; scan: { errors: unknown[] } };
  expect(report.scan.errors).toEqual([]);
  const ids = report.findings.filter((f) => f.detector === 'cn-id' && f.rule === 'pi-unmasked');
  expect(ids.map((f) => [f.location.page, f.severity])).toEqual([
    [1, 'critical'],
    [2, 'critical'],
  ]);
  // Page 1 carries a purpose annotation, page 2 none.
  const copies = report.findings.filter((f) => f.rule.startsWith('id-copy'));
  expect(copies.map((f) => [f.rule, f.location.page]).sort()).toEqual([
    ['id-copy-no-purpose', 2],
    ['id-copy-stored', 1],
  ]);
  for (const c of cards) expect(r.stdout).not.toContain(c.person.id);
}, 120_000);
