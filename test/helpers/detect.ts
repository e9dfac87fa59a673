import { detect, prepareDetectors } from '../../src/detectors/index.js';
import type { Candidate } from '../../src/model/candidate.js';

/** The as-of date the detector tests pin (births after it are impossible). */
export const AS_OF = 20250101;

/** Loads the lazily-imported detector parts (libphonenumber for landlines) once. */
export async function detectorsReady(): Promise<void> {
  await prepareDetectors({ bytes: Buffer.from('010-62345678\n'), firstLine: 1, firstCol: 0 });
}

/** Runs the detect stage over one string as a single window, the way a source would hand it over. */
export function detectText(text: string, asOf = AS_OF): Candidate[] {
  return detect({ bytes: Buffer.from(text, 'utf8'), firstLine: 1, firstCol: 0 }, { path: 'test.txt', kind: 'text' }, { asOf }).candidates;
}
