import { describe, expect, test } from 'vitest';
import { correctOcrText, resolveOcrId } from '../../src/detectors/ocr-digits.js';
import { gb11643Check } from '../../src/util/checksums/gb11643.js';
import { isValidCnId, makeCnId, makeRng } from '../helpers/synth.js';

const AS_OF = 20250101;
const rng = makeRng(4711);
/** Synthetic IDs (valid check character, real birth date, known area code). */
const ids = Array.from({ length: 8 }, () => makeCnId(rng));
const withX = (() => {
  for (;;) {
    const id = makeCnId(rng);
    if (id.endsWith('X')) return id;
  }
})();

/** Replaces the characters at `positions` of `id` by `letters` (one letter per position). */
function garble(id: string, positions: number[], letters: string): string {
  const c = id.split('');
  positions.forEach((p, i) => {
    c[p] = letters[i];
  });
  return c.join('');
}

describe('correctOcrText', () => {
  test('all synthetic IDs are valid to begin with', () => {
    for (const id of [...ids, withX]) expect(isValidCnId(id)).toBe(true);
  });

  // Each case puts a confusable letter where the ID has the matching digit.
  const letterFor: Record<string, string> = { '0': 'O', '1': 'l', '2': 'Z', '5': 'S', '8': 'B', '6': 'G', '9': 'g', '3': 'B', '7': 'Z' };
  const cases = ids.flatMap((id) => {
    const positions = [...id.slice(0, 17)].map((d, i) => (letterFor[d] ? i : -1)).filter((i) => i >= 0);
    return positions.slice(0, 2).map((p) => ({ id, garbled: garble(id, [p], letterFor[id[p]]) }));
  });

  test.each(cases)('one confusable letter in $garbled is corrected', ({ id, garbled }) => {
    const text = `公民身份号码 ${garbled}`;
    const out = correctOcrText(text, AS_OF);
    expect(out).toBe(`公民身份号码 ${id}`);
    expect(out.length).toBe(text.length);
  });

  test('several letters at once (O, l, B) when the reading is unique', () => {
    const id = ids[0];
    const positions = [...id.slice(0, 17)].map((d, i) => (letterFor[d] ? i : -1)).filter((i) => i >= 0).slice(0, 3);
    const garbled = garble(id, positions, positions.map((p) => letterFor[id[p]]).join(''));
    expect(correctOcrText(`id ${garbled} end`, AS_OF)).toBe(`id ${id} end`);
  });

  test('the check character read as ×, x or χ becomes X; a lower-case x alone too', () => {
    for (const look of ['×', 'x', 'χ']) expect(correctOcrText(`号码${withX.slice(0, 17)}${look}`, AS_OF)).toBe(`号码${withX}`);
  });

  test('separators inside the run are kept and the columns stay', () => {
    const id = ids[1];
    const p = [...id].findIndex((d, i) => i >= 6 && i < 14 && letterFor[d]);
    const garbled = garble(id, [p], letterFor[id[p]]);
    const spaced = `${garbled.slice(0, 6)} ${garbled.slice(6, 14)} ${garbled.slice(14)}`;
    expect(correctOcrText(spaced, AS_OF)).toBe(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`);
  });

  const untouched: Array<[string, string]> = [
    ['a valid ID', `号码 ${ids[2]}`],
    ['a digit misread as another digit (no letter): never guessed', `号码 ${ids[2].slice(0, 10)}${(Number(ids[2][10]) + 1) % 10}${ids[2].slice(11)}`],
    ['letters that resolve to a wrong check character', `号码 ${garble(ids[3].slice(0, 17) + (ids[3][17] === '0' ? '1' : '0'), [0], 'l')}`],
    ['a word, not a number (too few true digits)', 'OSlBZOSlBZOSlBZOSl'],
    ['glued to a longer token', `A${garble(ids[4], [3], 'O')}`],
    ['inside a longer number', `${garble(ids[4], [3], 'O')}7`],
    ['15 characters', '11O1O5491231OO2'],
    ['a mobile-shaped run (no check digit to validate a guess)', '手机 l3800l38000'],
    ['empty', ''],
  ];
  test.each(untouched)('leaves %s alone', (_why, text) => {
    expect(correctOcrText(text, AS_OF)).toBe(text);
  });

  test('a birth date after asOf does not validate', () => {
    const body = `110105${'2030'}0101${'001'}`;
    const id = body + gb11643Check(body);
    expect(correctOcrText(garble(id, [2], 'O'), AS_OF)).toBe(garble(id, [2], 'O'));
    expect(correctOcrText(garble(id, [2], 'O'), 20310101)).toBe(id);
  });

  test('accepts a Date as asOf', () => {
    const id = ids[5];
    const p = [...id.slice(0, 17)].findIndex((d) => letterFor[d]);
    expect(correctOcrText(garble(id, [p], letterFor[id[p]]), new Date(Date.UTC(2025, 0, 1)))).toBe(id);
  });

  test('text outside the run keeps its UTF-16 length (astral characters before it)', () => {
    const id = ids[6];
    const p = [...id.slice(0, 17)].findIndex((d) => letterFor[d]);
    const text = `𠀋 ${garble(id, [p], letterFor[id[p]])}`;
    const out = correctOcrText(text, AS_OF);
    expect(out).toBe(`𠀋 ${id}`);
    expect(out.length).toBe(text.length);
  });
});

describe('resolveOcrId', () => {
  test('a run of 19 characters never resolves', () => {
    expect(resolveOcrId(ids[0] + '1', AS_OF)).toBeUndefined();
  });

  test('a confusable letter at the check position reads as its digit', () => {
    const id = [...ids, ...Array.from({ length: 40 }, () => makeCnId(rng))].find((v) => v.endsWith('0'))!;
    expect(resolveOcrId(id.slice(0, 17) + 'Q', AS_OF)).toBe(id);
  });

  test('two-way letters: refused when two readings validate, accepted when one does', () => {
    // S is 5 or 8 and Z is 2 or 7: in the sequence part (no date or area constraint) some IDs have
    // two readings that both carry the right check character.
    let ambiguous: { id: string; garbled: string } | undefined;
    let unique: { id: string; garbled: string } | undefined;
    const pool = makeRng(99);
    for (let k = 0; k < 5000 && !(ambiguous && unique); k++) {
      const id = makeCnId(pool);
      if (!/[58]/.test(id[14]) || !/[27]/.test(id[15])) continue;
      const garbled = garble(id, [14, 15], 'SZ');
      const readings = ['5', '8'].flatMap((a) => ['2', '7'].map((b) => id.slice(0, 14) + a + b + id.slice(16))).filter((v) => isValidCnId(v));
      if (readings.length > 1) ambiguous ??= { id, garbled };
      else unique ??= { id, garbled };
    }
    expect(ambiguous && unique).toBeTruthy();
    expect(resolveOcrId(ambiguous!.garbled, AS_OF)).toBeUndefined();
    expect(correctOcrText(ambiguous!.garbled, AS_OF)).toBe(ambiguous!.garbled);
    expect(resolveOcrId(unique!.garbled, AS_OF)).toBe(unique!.id);
  });
});
