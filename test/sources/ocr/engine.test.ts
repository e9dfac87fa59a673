import { idCardPageJudge } from '../../../src/analyzers/id-copy/page-judge.js';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Canvas } from '@napi-rs/canvas';
import { correctOcrText } from '../../../src/detectors/ocr-digits.js';
import type { OcrPage } from '../../../src/model/document.js';
import { createOcrEngine, type PiauditOcrEngine } from '../../../src/sources/ocr/engine.js';
import { encode, renderCardScan, type SingleScan } from '../../helpers/id-scans.js';
import { encodeBmp } from '../../helpers/id-scans-formats.js';
import { withExifOrientation } from './exif-helper.js';

/** A PNG claiming the given size, with a few bytes of pixel data only (a decompression bomb's shape). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The page text with OCR confusions corrected and whitespace removed, as the ID test reads it. */
function flat(page: OcrPage): string {
  return correctOcrText(page.text, 20250101).replace(/\s+/g, '');
}

let engine: PiauditOcrEngine;
let front: SingleScan;

beforeAll(async () => {
  engine = await createOcrEngine({ workers: 1, judge: idCardPageJudge });
  front = await renderCardScan({ seed: 11, side: 'front' });
});

afterAll(async () => {
  await engine?.terminate();
});

describe('createOcrEngine', () => {
  test('one Chinese worker and one digits worker when asked for one', () => {
    expect(engine.workers).toBe(1);
  });

  test('a start that cannot finish in time fails with a clear message', async () => {
    await expect(createOcrEngine({ workers: 1, startTimeoutMs: 1 })).rejects.toThrow(/did not start within/);
  });
});

describe('recognize: formats', () => {
  const formats = ['png', 'jpg', 'webp', 'bmp', 'tif', 'gif'] as const;
  test.each(formats)('%s: the ID number and its label are read', async (format) => {
    const data = await encode(front.canvas, format, 88);
    const page = await engine.recognize(data);
    expect(flat(page)).toContain(front.person.id);
    expect(flat(page)).toMatch(/身份号码|公民身份/);
    expect(page.width).toBe(front.canvas.width);
    expect(page.height).toBe(front.canvas.height);
    expect(page.rotation).toBe(0);
    expect(page.confidence).toBeGreaterThan(50);
  });

  test('gif: the first frame is read (the second is blank)', async () => {
    // encode('gif') writes a second, white frame: text found means the first frame was used.
    const page = await engine.recognize(await encode(front.canvas, 'gif'));
    expect(page.words.length).toBeGreaterThan(5);
  });
});

describe('recognize: words and boxes', () => {
  test('the number is one word whose box lies on the card, in its lower half', async () => {
    const page = await engine.recognize(await encode(front.canvas, 'png'));
    const word = page.words.find((w) => correctOcrText(w.text, 20250101).includes(front.person.id));
    expect(word).toBeDefined();
    const [x, y, w, h] = word!.bbox;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(page.width + 2);
    expect(y).toBeGreaterThan(page.height / 2);
    expect(y + h).toBeLessThanOrEqual(page.height + 2);
    expect(w).toBeGreaterThan(h * 4);
  });

  test('text lines are made of the words, in order', async () => {
    const page = await engine.recognize(await encode(front.canvas, 'jpg'));
    let from = 0;
    for (const w of page.words) {
      const at = page.text.indexOf(w.text, from);
      expect(at).toBeGreaterThanOrEqual(0);
      from = at + w.text.length;
    }
  });
});

describe('recognize: orientation and size', () => {
  const turns = [90, 180, 270] as const;
  test.each(turns)('a card turned by %i° is turned back and read', async (rotation) => {
    const scan = await renderCardScan({ seed: 11, side: 'front', rotation });
    const page = await engine.recognize(await encode(scan.canvas, 'jpg', 90));
    expect(flat(page)).toContain(scan.person.id);
    // Boxes stay in the pixels of the file as stored.
    expect(page.width).toBe(scan.canvas.width);
    for (const w of page.words) {
      expect(w.bbox[0] + w.bbox[2]).toBeLessThanOrEqual(page.width + 2);
      expect(w.bbox[1] + w.bbox[3]).toBeLessThanOrEqual(page.height + 2);
    }
  });

  test('a JPEG stored sideways with an EXIF orientation is read upright; sizes as displayed', async () => {
    const stored = await renderCardScan({ seed: 11, side: 'front', rotation: 270 });
    // Orientation 6: "turn 90° clockwise to display", which undoes the 270° turn of the pixels.
    const data = withExifOrientation(await encode(stored.canvas, 'jpg', 90), 6);
    const page = await engine.recognize(data);
    expect(flat(page)).toContain(stored.person.id);
    expect(page.rotation).toBe(0);
    expect(page.width).toBe(stored.canvas.height);
    expect(page.height).toBe(stored.canvas.width);
  });

  test('a small scan is enlarged and a large one reduced, boxes in original pixels', async () => {
    for (const scale of [0.55, 2.4]) {
      const scan = await renderCardScan({ seed: 12, side: 'front', scale });
      const page = await engine.recognize(await encode(scan.canvas, 'jpg', 90));
      expect(flat(page)).toContain(scan.person.id);
      const word = page.words.find((w) => w.text.includes(scan.person.id.slice(0, 10)));
      expect(word!.bbox[1]).toBeGreaterThan(scan.canvas.height / 2);
      expect(word!.bbox[1]).toBeLessThan(scan.canvas.height);
    }
  });
});

describe('recognize: bad input', () => {
  const cases: Array<[string, () => Promise<Buffer>]> = [
    ['not an image', async () => Buffer.from('just some text, no picture')],
    ['a JPEG cut inside its header', async () => (await encode(front.canvas, 'jpg')).subarray(0, 300)],
    ['a PNG signature followed by junk', async () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)])],
    ['a WebP header with junk', async () => Buffer.concat([Buffer.from('RIFF\u0000\u0001\u0000\u0000WEBPVP8 ', 'latin1'), Buffer.alloc(200, 3)])],
    ['a TIFF header with nothing behind it', async () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0])],
  ];
  test.each(cases)('%s: rejected with a message that carries no content; the engine goes on', async (_why, make) => {
    const data = await make();
    const err = await engine.recognize(data).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message.length).toBeLessThan(200);
    expect(err!.message).not.toMatch(/[\u4e00-\u9fff]/);
    const page = await engine.recognize(await encode(front.canvas, 'jpg'));
    expect(flat(page)).toContain(front.person.id);
  });

  test('an image too large is refused from its header, before decoding', async () => {
    const err = await engine.recognize(pngHeader(30_000, 30_000)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/too large to OCR \(30000 x 30000 pixels\)/);
    const bmp = encodeBmp(new Uint8Array(4), 2, 2);
    bmp.writeInt32LE(20_000, 18);
    bmp.writeInt32LE(-20_000, 22);
    await expect(engine.recognize(bmp)).rejects.toThrow(/too large to OCR/);
  });

  test('an aborted signal stops before any work', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(engine.recognize(await encode(front.canvas, 'png'), { signal: ac.signal })).rejects.toThrow();
  });
});

describe('recognize: concurrency', () => {
  test('several images at once all come back, each with its own text', async () => {
    const scans: SingleScan[] = [];
    for (let seed = 20; seed < 24; seed++) scans.push(await renderCardScan({ seed, side: 'front' }));
    const pages = await Promise.all(scans.map(async (s) => engine.recognize(await encode(s.canvas as Canvas, 'jpg', 90))));
    pages.forEach((p, i) => expect(flat(p)).toContain(scans[i].person.id));
  });
});
