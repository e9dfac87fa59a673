import { defineTextDetector, type LineMatch } from './define.js';
import { keywordTriggers } from './keyword-triggers.js';
import { findPassports, PASSPORT_KEYWORDS } from './find/letter-ids.js';
import { findMrz } from './find/mrz.js';

/**
 * Passport numbers (reference §5.6: PRC E/G/P/S/D series, HKSAR K, MSAR MA), which carry no check
 * digit in print and so need a keyword; and machine-readable zones (ICAO 9303, §5.7), whose 7-3-1
 * check digits make them certain without one. An MRZ reveals number, nationality, birth date and sex
 * even when the visual zone of a scan is masked.
 */
export const cnPassport = defineTextDetector({
  id: 'cn-passport',
  entity: 'PASSPORT_NUMBER',
  title: { zh: '护照号码', en: 'passport number' },
  keywords: PASSPORT_KEYWORDS,
  triggers: [...keywordTriggers(PASSPORT_KEYWORDS), '<<'],
  columnLabels: ['护照', '護照', 'passport', 'passport_no', 'passportno', 'hzhm'],
  readCell(cell) {
    const [m] = findPassports(cell, true);
    return m && m.index === 0 && m.length === cell.length ? { value: m.value, masked: m.masked, confidence: 0.7, facts: {} } : undefined;
  },
  findInLine(line, ctx) {
    const out: LineMatch[] = findPassports(line, ctx.inLine(PASSPORT_KEYWORDS)).map((m) => ({
      index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: 0.7, facts: {},
    }));
    if (line.includes('<<')) {
      for (const m of findMrz(line)) {
        if (!m.valid || !m.documentCode.startsWith('P') && m.documentCode !== '') continue;
        out.push({ index: m.index, length: m.length, value: m.docNumber, masked: false, confidence: 0.95, facts: {} });
      }
    }
    return out;
  },
  examples: {
    valid: [
      { text: '护照号码：E12345678', value: 'E12345678' },
      { text: 'passport_no=EA1234567', value: 'EA1234567' },
      { text: 'EA12345676CHN9001011M3001019<<<<<<<<<<<<<<04', value: 'EA1234567' },
    ],
    invalid: [
      { text: 'order E12345678 shipped', reason: 'no passport keyword: the printed number has no check digit' },
      { text: 'EA12345677CHN9001011M3001019<<<<<<<<<<<<<<04', reason: 'MRZ check digit fails' },
    ],
    masked: [{ text: '护照号码：E12****78', value: 'E12****78' }],
  },
});
