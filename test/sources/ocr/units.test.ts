import { describe, expect, test } from 'vitest';
import { jpegExifOrientation } from '../../../src/sources/ocr/exif.js';
import { sniffImageFormat } from '../../../src/sources/ocr/format.js';
import { applyExifOrientation, crop, rotate, scale, toPgm, unrotatePoint, type GrayImage, type QuarterTurn } from '../../../src/sources/ocr/gray-image.js';
import { bandReplacement, findDigitRuns, mergeBandReading } from '../../../src/sources/ocr/number-band.js';
import { layoutText, locateWords, wordAt } from '../../../src/sources/ocr/page-text.js';
import { parseTsv, type TsvLine } from '../../../src/sources/ocr/tsv.js';
import { makeCnId, makeRng } from '../../helpers/synth.js';
import { withExifOrientation } from './exif-helper.js';

const AS_OF = 20250101;
const rng = makeRng(77);
const ID = makeCnId(rng);

/** A 3x2 image with distinct pixels: 1 2 3 / 4 5 6. */
const small: GrayImage = { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), width: 3, height: 2 };

describe('gray-image', () => {
  test('quarter turns are clockwise and four of them are the identity', () => {
    expect([...rotate(small, 90).data]).toEqual([4, 1, 5, 2, 6, 3]);
    expect(rotate(small, 90)).toMatchObject({ width: 2, height: 3 });
    expect([...rotate(small, 180).data]).toEqual([6, 5, 4, 3, 2, 1]);
    expect([...rotate(small, 270).data]).toEqual([3, 6, 2, 5, 1, 4]);
    expect(rotate(rotate(rotate(rotate(small, 90), 90), 90), 90).data).toEqual(small.data);
  });

  test.each([90, 180, 270] as QuarterTurn[])('unrotatePoint undoes a %i° turn (pixel centres)', (t) => {
    const turned = rotate(small, t);
    for (let y = 0; y < turned.height; y++)
      for (let x = 0; x < turned.width; x++) {
        const [ox, oy] = unrotatePoint(x + 0.5, y + 0.5, t, small.width, small.height);
        expect(small.data[Math.floor(oy) * small.width + Math.floor(ox)]).toBe(turned.data[y * turned.width + x]);
      }
  });

  test('crop clamps to the image; scale keeps flat areas flat', () => {
    expect(crop(small, -1, 1, 2, 9)).toEqual({ data: Uint8Array.from([4]), width: 1, height: 1 });
    expect(crop(small, -5, 0, 2, 2).width).toBe(0);
    const flat: GrayImage = { data: new Uint8Array(100).fill(200), width: 10, height: 10 };
    const up = scale(flat, 2.5);
    expect(up.width).toBe(25);
    expect(up.data.every((v) => v === 200)).toBe(true);
  });

  test('PGM header', () => {
    const pgm = toPgm(small);
    expect(Buffer.from(pgm.subarray(0, 11)).toString('latin1')).toBe('P5\n3 2\n255\n');
    expect([...pgm.subarray(11)]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test.each([
    [1, [1, 2, 3, 4, 5, 6], 3],
    [2, [3, 2, 1, 6, 5, 4], 3],
    [3, [6, 5, 4, 3, 2, 1], 3],
    [6, [4, 1, 5, 2, 6, 3], 2],
    [8, [3, 6, 2, 5, 1, 4], 2],
  ])('EXIF orientation %i', (o, pixels, width) => {
    const out = applyExifOrientation(small, o);
    expect([...out.data]).toEqual(pixels);
    expect(out.width).toBe(width);
  });
});

describe('exif and format sniffing', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 2]);
  test('orientation tag read from APP1; absent means 1', () => {
    expect(jpegExifOrientation(jpeg)).toBe(1);
    for (const o of [3, 6, 8]) expect(jpegExifOrientation(withExifOrientation(jpeg, o))).toBe(o);
    expect(jpegExifOrientation(withExifOrientation(jpeg, 6).subarray(0, 20))).toBe(1);
  });

  test('a netpbm header is an image for leptonica; random bytes are not', () => {
    expect(sniffImageFormat(Buffer.from('P5\n3 2\n255\n'))).toBe('pnm');
    expect(sniffImageFormat(Buffer.from('Pizza'))).toBeUndefined();
  });
});

describe('tsv and page text', () => {
  const tsv = [
    '1\t1\t0\t0\t0\t0\t0\t0\t800\t500\t-1\t',
    '5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t95\t公民',
    '5\t1\t1\t1\t1\t2\t52\t10\t40\t20\t94\t身份',
    '5\t1\t1\t1\t1\t3\t100\t10\t300\t20\t90\t' + ID,
    '5\t1\t1\t1\t2\t1\t10\t40\t60\t20\t80\tPhone:',
    '5\t1\t1\t1\t2\t2\t80\t40\t90\t20\t80\t138',
    '5\t1\t1\t1\t2\t3\t175\t40\t90\t20\t80\t0013',
  ].join('\n');

  test('lines of words; Chinese joined without spaces, Latin and numbers with', () => {
    const lines = parseTsv(tsv);
    expect(lines.map((l) => l.words.length)).toEqual([3, 3]);
    const page = layoutText(lines, (x, y, w, h) => [x * 2, y * 2, w * 2, h * 2]);
    expect(page.text).toBe(`公民身份${ID}\nPhone: 138 0013`);
    expect(page.words[2].bbox).toEqual([200, 20, 600, 40]);
    const i = wordAt(page.spans, 1, 5 + 3);
    expect(page.words[i!].text).toBe(ID);
    expect(locateWords(page.text, page.words)).toEqual(page.spans);
  });
});

describe('number bands', () => {
  const word = (text: string, x: number, w = text.length * 10) => ({ text, x, y: 100, w, h: 20, confidence: 60 });

  test('a misread ID after its label is a run, even with few digits left', () => {
    const lines: TsvLine[] = [{ words: [word('公民身份号码', 0, 120), word('13010和0殊716', 140)] }];
    const [run] = findDigitRuns(lines, AS_OF);
    expect(run).toMatchObject({ line: 0, idLike: true, text: '13010和0殊716' });
    // The band reaches as far as 18 digits would, past the characters that were read.
    expect(run.box.w).toBeGreaterThanOrEqual(13 * 20);
  });

  test('an exact valid ID needs no second read; a long number elsewhere does', () => {
    const lines: TsvLine[] = [{ words: [word(ID, 0)] }, { words: [word('订单', 0, 40), word('20240105123456789012', 50)] }];
    const runs = findDigitRuns(lines, AS_OF);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ line: 1, idLike: false });
  });

  test('a label glued to the digits in one word: the run starts after the label', () => {
    const lines: TsvLine[] = [{ words: [word(`号码${ID.slice(0, 10)}8${ID.slice(11)}`, 0, 300)] }];
    const [run] = findDigitRuns(lines, AS_OF);
    expect(run.start).toBe(2);
    expect(run.box.x).toBeGreaterThan(0);
    mergeBandReading(lines, run, ID, 91);
    expect(lines[0].words.map((w) => w.text)).toEqual(['号码', ID]);
  });

  test('replacement: the one valid ID in the band wins; an ID-like run takes nothing else', () => {
    const idRun = { line: 0, start: 0, end: 18, text: ID.slice(0, 17) + '7', idLike: true, box: { x: 0, y: 0, w: 10, h: 10 } };
    expect(bandReplacement(idRun, `2024\n${ID}\n`, AS_OF)).toBe(ID);
    expect(bandReplacement(idRun, `77${ID}1`, AS_OF)).toBe(ID);
    expect(bandReplacement(idRun, '111111111111111111', AS_OF)).toBeUndefined();
    const numberRun = { ...idRun, text: '2O240105123456789O12', idLike: false };
    expect(bandReplacement(numberRun, '20240105123456789012', AS_OF)).toBe('20240105123456789012');
    expect(bandReplacement(numberRun, '2024', AS_OF)).toBeUndefined();
  });
});
