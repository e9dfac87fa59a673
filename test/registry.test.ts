import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_DETECTORS as NUMERIC_DETECTORS } from '../src/detectors/index.js';
import { DETECTOR_IDS } from '../src/model/ids.js';

// Integrity of the registries and of the pipeline's shape (style.md practice 12).
const SRC = path.resolve(import.meta.dirname, '../src');
const STAGES = ['sources', 'detectors', 'analyzers', 'rules', 'postprocess', 'reports'];
const SHARED = ['model', 'util'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('detector registry', () => {
  test('every detector file is registered under its file name, ids unique and in the contract', () => {
    const detectorFiles = readdirSync(path.join(SRC, 'detectors'))
      .filter((f) => f.endsWith('.ts') && readFileSync(path.join(SRC, 'detectors', f), 'utf8').match(/define(?:Text)?Detector\(\{/))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const ids = NUMERIC_DETECTORS.map((d) => d.id);
    expect([...ids].sort()).toEqual(detectorFiles);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(DETECTOR_IDS).toContain(id);
  });

  test('every detector has titles and keywords', () => {
    for (const d of NUMERIC_DETECTORS) {
      expect(d.title.zh && d.title.en, d.id).toBeTruthy();
      expect(d.keywords.length, d.id).toBeGreaterThan(0);
      for (const k of d.keywords) expect(k, `${d.id} keywords are lower-case`).toBe(k.toLowerCase());
    }
  });
});

describe('pipeline shape', () => {
  test('a stage imports only model/, util/ and earlier stages', () => {
    const bad: string[] = [];
    for (const [i, stage] of STAGES.entries()) {
      const allowed = new Set([...SHARED, ...STAGES.slice(0, i + 1)]);
      for (const f of files(path.join(SRC, stage))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
          const target = path.relative(SRC, path.resolve(path.dirname(f), m[1])).split(path.sep)[0];
          if (!allowed.has(target)) bad.push(`${path.relative(SRC, f)} imports ${m[1]}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('only bin/ calls process.exit', () => {
    const offenders = files(SRC).filter((f) => /process\.exit\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  test('model/ holds types and constants only: no I/O imports', () => {
    for (const f of files(path.join(SRC, 'model'))) expect(readFileSync(f, 'utf8'), f).not.toMatch(/from 'node:/);
  });
});
