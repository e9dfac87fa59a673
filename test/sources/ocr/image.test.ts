import { idCardPageJudge } from '../../../src/analyzers/id-copy/page-judge.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { correctOcrText } from '../../../src/detectors/ocr-digits.js';
import type { DocumentItem, ExtractContext, OcrEngine, TextPart } from '../../../src/model/document.js';
import { extractImage, isImage } from '../../../src/sources/image.js';
import { createOcrEngine } from '../../../src/sources/ocr/engine.js';
import { encode, renderCardScan, type SingleScan } from '../../helpers/id-scans.js';
import { encodeBmp, encodeTiffPages, rgbaToGrey } from '../../helpers/id-scans-formats.js';

async function collect(gen: AsyncGenerator<DocumentItem>): Promise<DocumentItem[]> {
  const out: DocumentItem[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

let engine: OcrEngine;
let card: SingleScan;
let ctx: ExtractContext;

beforeAll(async () => {
  engine = await createOcrEngine({ workers: 1, judge: idCardPageJudge });
  card = await renderCardScan({ seed: 41, side: 'front', annotated: true });
  ctx = { ocr: async () => engine };
});

afterAll(async () => {
  await engine?.terminate();
});

describe('isImage', () => {
  test.each([
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])],
    ['gif', Buffer.from('GIF89a\u0001\u0000', 'latin1')],
    ['webp', Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1')],
    ['bmp', encodeBmp(new Uint8Array(4), 2, 2).subarray(0, 30)],
    ['tif', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['tif', Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
  ])('%s by its magic bytes', (format, head) => {
    expect(isImage(head)).toBe(format);
  });

  test.each([
    ['text', Buffer.from('hello world')],
    ['a text starting with BM', Buffer.from('BMW 320i, 2019, blue; mileage 45000 km')],
    ['a PDF', Buffer.from('%PDF-1.7\n')],
    ['a zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
    ['empty', Buffer.alloc(0)],
  ])('not %s', (_why, head) => {
    expect(isImage(head)).toBeUndefined();
  });
});

describe('extractImage', () => {
  test('OCR off: the image is skipped, not read', async () => {
    const items = await collect(extractImage(await encode(card.canvas, 'jpg'), 'card.jpg', {}));
    expect(items).toEqual([{ type: 'skip', reason: 'OCR off (--no-ocr)' }]);
  });

  test('one OCR text part for the whole image, with visual info and word boxes', async () => {
    const data = await encode(card.canvas, 'jpg', 90);
    const items = await collect(extractImage(data, 'card.jpg', ctx));
    expect(items).toHaveLength(1);
    expect(items[0].type).toBe('text');
    const part = (items[0] as { type: 'text'; part: TextPart }).part;
    expect(part.origin).toBe('ocr');
    expect(part.record).toBe('part');
    expect(part.visual).toMatchObject({ kind: 'image', width: card.canvas.width, height: card.canvas.height, rotation: 0 });
    expect(part.visual!.confidence).toBeGreaterThan(50);

    const text = correctOcrText(part.text, 20250101);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(card.person.id));
    expect(line).toBeGreaterThanOrEqual(0);
    const col = lines[line].indexOf(card.person.id) + 1;
    const where = part.refine!(line + 1, col);
    expect(where?.bbox).toHaveLength(4);
    const [x, y, w, h] = where!.bbox!;
    expect(y).toBeGreaterThan(card.canvas.height / 2);
    expect(x + w).toBeLessThanOrEqual(card.canvas.width + 2);
    expect(h).toBeGreaterThan(5);
    // Past the end of a line: no word.
    expect(part.refine!(line + 1, lines[line].length + 5)).toBeUndefined();
  });

  test('a multi-page TIFF: one text part per page, located by page', async () => {
    const other = await renderCardScan({ seed: 42, side: 'front' });
    const grey = (c: SingleScan['canvas']) => ({ grey: rgbaToGrey(c.getContext('2d').getImageData(0, 0, c.width, c.height).data, c.width, c.height), width: c.width, height: c.height });
    const data = encodeTiffPages([grey(card.canvas), grey(other.canvas)]);
    const items = await collect(extractImage(data, 'scans.tif', ctx));
    const parts = items.flatMap((i) => (i.type === 'text' ? [i.part] : []));
    expect(parts.map((p) => p.at.page)).toEqual([1, 2]);
    expect(correctOcrText(parts[0].text, 20250101)).toContain(card.person.id);
    expect(correctOcrText(parts[1].text, 20250101)).toContain(other.person.id);
    expect(parts.every((p) => p.visual?.kind === 'image')).toBe(true);
  });

  test('an undecodable image becomes an error entry without content', async () => {
    const broken = Buffer.concat([(await encode(card.canvas, 'jpg')).subarray(0, 200), Buffer.from('仅供办理入住登记使用 11010519491231002X')]);
    const items = await collect(extractImage(broken, 'broken.jpg', ctx));
    expect(items).toHaveLength(1);
    expect(items[0].type).toBe('error');
    const message = (items[0] as { message: string }).message;
    expect(message).toMatch(/^jpg image could not be read by OCR/);
    expect(message).not.toMatch(/[\u4e00-\u9fff]|11010519491231002X/);
  });

  test('bytes of no image format become an error entry', async () => {
    const items = await collect(extractImage(Buffer.from('not an image at all'), 'x.png', ctx));
    expect(items).toEqual([{ type: 'error', message: 'not a readable image (unknown format)' }]);
  });

  test('an engine that fails to start becomes an error entry, not a crash', async () => {
    const failing: ExtractContext = { ocr: async () => Promise.reject(new Error('OCR engine failed to start: test')) };
    const items = await collect(extractImage(await encode(card.canvas, 'png'), 'card.png', failing));
    expect(items).toEqual([{ type: 'error', message: 'png image could not be read by OCR: OCR engine failed to start: test' }]);
  });

  test('an image without text yields nothing', async () => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const blank = createCanvas(400, 300);
    const g = blank.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 400, 300);
    expect(await collect(extractImage(await encode(blank, 'png'), 'blank.png', ctx))).toEqual([]);
  });
});
