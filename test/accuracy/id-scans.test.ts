/**
 * OCR accuracy on synthetic ID-card scans (issue 4): the seeded set of test/helpers/id-scans.ts
 * (60 cards: fronts, backs, both sides on A4 pages, ~70 % with a purpose annotation, varied scale,
 * JPEG quality, noise, skew, some turned by 90/180/270°; 10 decoys) goes through the OCR engine,
 * the OCR digit correction and the ID-copy classifier, as the pipeline does.
 *
 * Floors: exact ID-number reads >= 95 % of the images showing a front; annotation detection
 * >= 95 % of the annotated cards, with false annotations on <= 5 % of the others; side >= 90 %.
 * Needs the Debian package fonts-noto-cjk (the generator's fonts).
 */
import { idCardPageJudge } from '../../src/analyzers/id-copy/page-judge.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyIdCopy } from '../../src/analyzers/id-copy/classify.js';
import { correctOcrText } from '../../src/detectors/ocr-digits.js';
import { createOcrEngine, type PiauditOcrEngine } from '../../src/sources/ocr/engine.js';
import { generateIdScans, type IdScanTruth } from '../helpers/id-scans.js';

const AS_OF = 20250101;

let dir: string;
let truths: IdScanTruth[];
let engine: PiauditOcrEngine;
let generateSeconds = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-id-scans-'));
  const t0 = performance.now();
  truths = await generateIdScans(dir);
  generateSeconds = (performance.now() - t0) / 1000;
  engine = await createOcrEngine({ judge: idCardPageJudge });
}, 180_000);

afterAll(async () => {
  await engine?.terminate();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)} % (${n}/${d})` : 'n/a';
}

describe('OCR accuracy on synthetic ID-card scans', () => {
  test('ID numbers, purpose annotations and sides are read; figures printed', async () => {
    const t0 = performance.now();
    const pages = await Promise.all(truths.map((t) => engine.recognize(readFileSync(path.join(dir, t.file)))));
    const seconds = (performance.now() - t0) / 1000;

    let idShown = 0;
    let idExact = 0;
    let annotated = 0;
    let annotationFound = 0;
    let unannotated = 0;
    let falseAnnotations = 0;
    let sideRight = 0;
    let purposeRight = 0;
    let decoyIds = 0;
    const misses: string[] = [];
    pages.forEach((page, i) => {
      const t = truths[i];
      const text = correctOcrText(page.text, AS_OF);
      const flat = text.replace(/\s+/g, '');
      const c = classifyIdCopy(text);
      if (t.id) {
        idShown++;
        if (flat.includes(t.id)) idExact++;
        else misses.push(`${t.file}: ID not read exactly`);
      }
      if (t.kind === 'decoy' && /[1-9]\d{16}[\dX]/.test(flat)) decoyIds++;
      if (t.kind !== 'decoy') {
        if (t.annotation) {
          annotated++;
          if (c.annotation) annotationFound++;
          else misses.push(`${t.file}: annotation missed`);
          if (c.annotation?.purpose === t.annotation.purpose) purposeRight++;
        } else {
          unannotated++;
          if (c.annotation) {
            falseAnnotations++;
            misses.push(`${t.file}: annotation claimed`);
          }
        }
      }
      const expected = t.kind === 'decoy' ? undefined : t.kind;
      if (c.side === expected) sideRight++;
      else misses.push(`${t.file}: side ${c.side ?? 'none'} instead of ${expected ?? 'none'}`);
    });

    const s = engine.stats;
    console.log(
      [
        `ID-card scans: ${truths.length} images (generated in ${generateSeconds.toFixed(1)} s), OCR ${seconds.toFixed(1)} s = ${(truths.length / seconds).toFixed(2)} images/s with ${engine.workers} workers`,
        `  exact ID-number reads: ${pct(idExact, idShown)}`,
        `  annotation detection: ${pct(annotationFound, annotated)}; false annotations ${pct(falseAnnotations, unannotated)}; stated purpose read exactly ${pct(purposeRight, annotated)}`,
        `  side classification: ${pct(sideRight, truths.length)}`,
        `  engine: ${s.bandReads} digit-band reads, ${s.orientationChecks} orientation checks, ${s.turnedPages} pages turned, ${s.secondLooks} second looks (annotation or number missing)`,
        ...misses.map((m) => `  miss: ${m}`),
      ].join('\n'),
    );

    expect(idExact / idShown).toBeGreaterThanOrEqual(0.95);
    expect(annotationFound / annotated).toBeGreaterThanOrEqual(0.95);
    expect(falseAnnotations / unannotated).toBeLessThanOrEqual(0.05);
    expect(sideRight / truths.length).toBeGreaterThanOrEqual(0.9);
    expect(decoyIds).toBe(0);
  }, 240_000);
});
