import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gb11643Check } from '../../src/util/checksums/gb11643.js';
import { luhnCheckDigit } from '../../src/util/checksums/luhn.js';
import { daysInMonth } from '../../src/util/checksums/dates.js';
import { listAreaCodes } from '../../src/detectors/data/area-codes.js';
import { listBinEntries } from '../../src/detectors/data/bank-bins.js';
import { MOBILE_SEGMENTS } from '../../src/detectors/data/mobile-segments.js';
import { detectText } from '../helpers/detect.js';

const areas = listAreaCodes().filter((c) => !c.startsWith('9'));
const bins = listBinEntries();

const validId = fc
  .record({
    area: fc.constantFrom(...areas),
    y: fc.integer({ min: 1900, max: 2024 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, y, m, d, seq }) => {
    const body = area + String(y) + String(m).padStart(2, '0') + String(Math.min(d, daysInMonth(y, m))).padStart(2, '0') + String(seq).padStart(3, '0');
    return body + gb11643Check(body);
  });

const validMobile = fc
  .record({ seg: fc.constantFrom(...MOBILE_SEGMENTS), rest: fc.stringMatching(/^\d{8}$/) })
  .map(({ seg, rest }) => (seg.prefix + rest).slice(0, 11));

const validCard = fc
  .record({ bin: fc.constantFrom(...bins), fill: fc.stringMatching(/^\d{19}$/), pick: fc.nat() })
  .map(({ bin, fill, pick }) => {
    const len = bin.lengths[pick % bin.lengths.length];
    const body = (bin.prefix + fill).slice(0, len - 1);
    return body + luhnCheckDigit(body);
  });

/** Text around a value that keeps its boundaries: Chinese, spaces, punctuation. */
const before = fc.constantFrom('', ' ', '号码：', 'user=', '"v":"', '（', '，', '\t', 'abc ');
const after = fc.constantFrom('', ' ', '。', '"', '）', ',', '\n', ' end');

describe('generated valid values are always found', () => {
  test('resident IDs', () => {
    fc.assert(
      fc.property(validId, before, after, (id, pre, post) => {
        const found = detectText(pre + id + post).filter((c) => c.detector === 'cn-id');
        expect(found.map((c) => c.value)).toEqual([id]);
      }),
      { numRuns: 500 },
    );
  });

  test('mobiles', () => {
    fc.assert(
      fc.property(validMobile, before, after, (m, pre, post) => {
        expect(detectText(pre + m + post).map((c) => [c.detector, c.value])).toEqual([['cn-mobile', m]]);
      }),
      { numRuns: 500 },
    );
  });

  test('bank cards (that are not also valid resident IDs)', () => {
    fc.assert(
      fc.property(validCard, before, after, (card, pre, post) => {
        const found = detectText(pre + card + post);
        expect(found.length).toBe(1);
        if (found[0].detector === 'cn-id') return; // decisions.md: a valid ID wins over a card
        expect([found[0].detector, found[0].value]).toEqual(['bank-card', card]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('random digit strings are rarely reported', () => {
  test.each([11, 15, 16, 17, 18, 19])('%i random digits', (len) => {
    const samples = fc.sample(fc.stringMatching(new RegExp(`^[1-9]\\d{${len - 1}}$`)), { numRuns: 20_000, seed: 20261123 + len });
    const hits = samples.filter((s) => detectText(`v ${s} `).length > 0).length;
    const rate = hits / samples.length;
    // 11 digits: a random 1xxxxxxxxxx in an assigned segment IS a valid number (≈ 1 in 15 here); others must be rare.
    const bar = len === 11 ? 0.1 : 0.01;
    console.log(`random ${len}-digit strings reported: ${(rate * 100).toFixed(3)} %`);
    expect(rate).toBeLessThan(bar);
  });
});
