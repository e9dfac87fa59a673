/**
 * Where the OCR language data lives: the `4.0.0_best_int` folder of the installed npm packages
 * @tesseract.js-data/chi_sim, /eng and /osd. Each worker loads one language, so each gets its own
 * package folder as `langPath`; nothing is copied, downloaded or written (see worker-main.ts).
 * best_int rather than 4.0.0: half the start-up time and memory, and no less accurate on ID cards.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrLanguage } from './worker-client.js';

export const LANG_DATA_VARIANT = '4.0.0_best_int';

/** The folder holding `<lang>.traineddata.gz`; throws with the package to install when missing. */
export function languageDataDir(lang: OcrLanguage): string {
  const pkg = `@tesseract.js-data/${lang}`;
  let dir: string;
  try {
    dir = path.join(path.dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), LANG_DATA_VARIANT);
  } catch {
    throw new Error(`OCR language data missing: the npm package ${pkg} is not installed`);
  }
  if (!existsSync(path.join(dir, `${lang}.traineddata.gz`))) throw new Error(`OCR language data missing: ${pkg} has no ${LANG_DATA_VARIANT}/${lang}.traineddata.gz`);
  return dir;
}
