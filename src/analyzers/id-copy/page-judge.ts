import type { PageJudge } from '../../model/document.js';
import { correctOcrText } from '../../detectors/ocr-digits.js';
import { isCleanId } from '../../sources/ocr/number-band.js';
import { classifyIdCopy, isAnnotationLine } from './classify.js';

/**
 * An ID card read without a purpose annotation, or a front without a valid number, gets a second,
 * sparse-text look from the OCR engine. Page layout analysis (PSM 3) now and then files part of a
 * card under "image" and skips it: a stamp written across the photo and the address, even the
 * number line; reporting an annotated copy as unannotated, or missing its number, would be a wrong
 * finding. The engine (a source) gets this judge from the pipeline instead of importing analyzers.
 */
export const idCardPageJudge: PageJudge = {
  needsSecondLook(text: string, asOfYmd: number): boolean {
    const c = classifyIdCopy(text);
    if (c.side === undefined) return false;
    if (c.annotation === undefined) return true;
    if (c.side === 'back') return false;
    const flat = correctOcrText(text, asOfYmd).replace(/\s+/g, '').toUpperCase();
    for (const m of flat.matchAll(/[1-9]\d{16}[\dX]/g)) if (isCleanId(m[0], asOfYmd)) return false;
    return true;
  },
  isAnnotationLine,
};
