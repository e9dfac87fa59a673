/**
 * The PDF source (issue 4): text layer by page with lines rebuilt and split numbers rejoined,
 * Chromium's radical code points mapped, form fields, scans sent to OCR, encrypted / corrupt /
 * truncated files as error items. PDFs are built in memory with pdf-lib and a CJK font from the
 * Debian package fonts-wqy-zenhei (test/helpers/pdf-fixtures.ts); values are synthetic.
 */
import fs, { readdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentItem, ExtractContext, OcrEngine, OcrPage, TextPart } from '../../src/model/document.js';
import { extractPdf } from '../../src/sources/pdf.js';
import { pdfHeaderOffset } from '../../src/sources/magic.js';

const isPdf = (head: Uint8Array): boolean => pdfHeaderOffset(head) !== -1;
import { buildLines } from '../../src/sources/pdf/lines.js';
import { mapRadicals, radicalEntries } from '../../src/sources/pdf/radicals.js';
import { A4, advance, buildFormPdf, buildPdf, chromiumPath, chromiumPdf, encryptPdf, greyJpeg, haveCjkFont, htmlPage, jpegSize, linesPage, type Draw } from '../helpers/pdf-fixtures.js';
import { deriveRadicalTable, haveNotoCjk } from '../helpers/pdf-radicals.js';
import { makeCard, makeCnId, makeMobile, makeName, makeRng } from '../helpers/synth.js';

/** Built-ins as they were before pdf.js was first loaded in this worker. */
const NATIVE = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse, toString: Function.prototype.toString };

async function collect(data: Uint8Array, ctx: ExtractContext = {}): Promise<DocumentItem[]> {
  const out: DocumentItem[] = [];
  for await (const item of extractPdf(data, ctx)) out.push(item);
  return out;
}

/** A synthetic ID whose check character is X (one in eleven are). */
function idEndingInX(rng: ReturnType<typeof makeRng>): string {
  for (;;) {
    const id = makeCnId(rng);
    if (id.endsWith('X')) return id;
  }
}

const parts = (items: DocumentItem[]): TextPart[] => items.flatMap((i) => (i.type === 'text' ? [i.part] : []));
const messages = (items: DocumentItem[]): string[] => items.flatMap((i) => (i.type === 'error' ? [i.message] : []));

/** A fake OCR engine: records what it was given and reads back `text` with one box per word. */
function fakeOcr(text: string, opts: { failOn?: number } = {}) {
  const calls: Buffer[] = [];
  const engine: OcrEngine = {
    async recognize(image: Buffer): Promise<OcrPage> {
      calls.push(image);
      if (opts.failOn === calls.length) throw new Error('engine crashed');
      const words = text.split(/\s+/).filter(Boolean).map((w, i) => ({ text: w, bbox: [10 + i * 100, 20, 90, 30] as [number, number, number, number], confidence: 90 }));
      return { text, words, width: 2067, height: 2923, confidence: 88, rotation: 0 };
    },
    async terminate() {},
  };
  let created = 0;
  const ctx: ExtractContext = {
    ocr: async () => {
      created++;
      return engine;
    },
  };
  return { ctx, calls, created: () => created };
}

describe('pdfHeaderOffset', () => {
  it('finds %PDF- within the first 1024 bytes', () => {
    expect(isPdf(Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(isPdf(Buffer.concat([Buffer.alloc(900, 0x20), Buffer.from('%PDF-1.4')]))).toBe(true);
    expect(isPdf(Buffer.concat([Buffer.alloc(1100, 0x20), Buffer.from('%PDF-1.4')]))).toBe(false);
    expect(isPdf(Buffer.from('PK\u0003\u0004'))).toBe(false);
    expect(isPdf(new Uint8Array(0))).toBe(false);
    expect(pdfHeaderOffset(Buffer.concat([Buffer.alloc(900, 0x20), Buffer.from('%PDF-1.4')]))).toBe(900);
  });
});

describe('buildLines (geometry only)', () => {
  const item = (str: string, x: number, y: number, size = 10, width = str.length * size * 0.5) => ({ str, transform: [size, 0, 0, size, x, y], width, height: size, fontName: 'f' });

  it('orders lines top-down and runs left-to-right whatever the stream order', () => {
    const lines = buildLines([item('B', 40, 700), item('A', 10, 700), item('C', 10, 680)], {});
    expect(lines).toEqual(['A B', 'C']);
  });

  it('keeps sub/superscripts on their line', () => {
    expect(buildLines([item('x', 10, 700), item('2', 16, 703, 6), item('next', 10, 686)], {})).toEqual(['x2', 'next']);
  });

  it('drops a fake-bold double draw', () => {
    expect(buildLines([item('粗体', 10, 700, 10, 20), item('粗体', 10.3, 700, 10, 20)], {})).toEqual(['粗体']);
  });

  it('reads rotated text as its own line', () => {
    const rotated = { str: '竖排', transform: [0, 10, -10, 0, 300, 100], width: 20, height: 10, fontName: 'f' };
    expect(buildLines([item('正文', 10, 700, 10, 20), rotated], {})).toEqual(['正文', '竖排']);
  });

  it('keeps a typed space between Chinese words, and table cells apart', () => {
    // Chromium draws "张三 身份证" as two runs 0.22 em apart (the width of a space in Noto CJK).
    expect(buildLines([item('张三', 10, 700, 10, 20), item('身份证', 32.2, 700, 10, 30), item('北京', 200, 700, 10, 20)], {})).toEqual(['张三 身份证 北京']);
  });

  it('adds no spaces inside a justified (letter-spaced) Chinese line', () => {
    const chars = [...'身份证号码登记'];
    const spaced = chars.map((ch, i) => item(ch, 10 + i * 14, 700, 10, 10)); // 0.4 em between ideographs
    expect(buildLines([...spaced, item('张三', 10 + chars.length * 14 + 20, 700, 10, 20)], {})).toEqual(['身份证号码登记 张三']);
  });

  it('removes control characters (glyph ids of a font without a Unicode map)', () => {
    expect(buildLines([item('\u0000\u0001ab\u0003', 10, 700)], {})).toEqual(['ab']);
  });
});

describe('mapRadicals', () => {
  it('maps Kangxi and supplement radicals to the simplified ideographs Chromium meant', () => {
    expect(mapRadicals('⼾籍 居⺠ ⻔牌 ⻓期 ⾦额')).toBe('户籍 居民 门牌 长期 金额');
    const plain = '户籍地址：北京市';
    expect(mapRadicals(plain)).toBe(plain);
  });

  it.skipIf(!haveNotoCjk())('matches the table re-derived from the Noto CJK fonts (fonts-noto-cjk)', async () => {
    const derived = await deriveRadicalTable();
    expect(new Map(radicalEntries())).toEqual(derived);
  }, 120_000);
});

describe.skipIf(!haveCjkFont())('extractPdf (needs apt package fonts-wqy-zenhei)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('yields one text-layer part per page with 1-based page numbers', async () => {
    const rng = makeRng(401);
    const people = Array.from({ length: 3 }, () => ({ name: makeName(rng), id: makeCnId(rng), mobile: makeMobile(rng) }));
    const pdf = await buildPdf(people.map((p, i) => linesPage([`第${i + 1}页 租赁合同`, `承租人：${p.name}`, `身份证号码：${p.id}`, `联系电话：${p.mobile}`])));
    const items = await collect(pdf);
    expect(items.every((i) => i.type === 'text')).toBe(true);
    const ps = parts(items);
    expect(ps.map((p) => p.at)).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
    ps.forEach((p, i) => {
      expect(p.origin).toBe('text-layer');
      expect(p.record).toBe('lines');
      expect(p.visual).toBeUndefined();
      expect(p.text.split('\n')).toEqual([`第${i + 1}页 租赁合同`, `承租人：${people[i].name}`, `身份证号码：${people[i].id}`, `联系电话：${people[i].mobile}`]);
    });
  });

  it('rejoins numbers split across text items, digit boxes included, on the line of their label', async () => {
    const rng = makeRng(402);
    const [a, b, c, d] = [makeCnId(rng), makeCnId(rng), makeCnId(rng), idEndingInX(rng)];
    const card = makeCard(rng);
    const size = 12;
    const y = (row: number) => 760 - row * 30;
    const label = '身份证号码：';
    const x0 = 50 + advance(label, size);
    const draws: Draw[] = [
      // Row 0: the value drawn BEFORE its label in the stream, cut in two with a hairline gap.
      { text: a.slice(10), x: x0 + advance(a.slice(0, 10), size) + 0.15 * size, y: y(0), size },
      { text: a.slice(0, 10), x: x0, y: y(0), size },
      { text: label, x: 50, y: y(0), size },
      // Row 1: cut in two, touching.
      { text: '证件号', x: 50, y: y(1), size },
      { text: b.slice(0, 6), x: 50 + advance('证件号', size), y: y(1), size },
      { text: b.slice(6), x: 50 + advance('证件号', size) + advance(b.slice(0, 6), size), y: y(1), size },
      // Row 2: one digit per box, a form's grid.
      { text: '公民身份号码', x: 50, y: y(2), size },
      ...[...c].map((ch, i) => ({ text: ch, x: 150 + i * 20, y: y(2), size })),
      // Row 3: grid whose last box holds the X check character.
      ...[...d].map((ch, i) => ({ text: ch, x: 150 + i * 22, y: y(3), size })),
      // Row 4: a bank card drawn in four groups with real gaps stays as groups.
      ...card.match(/.{1,4}/g)!.map((g, i) => ({ text: g, x: 150 + i * 45, y: y(4), size })),
      // Row 5: two different numbers a word apart must not fuse.
      { text: '电话', x: 50, y: y(5), size },
      { text: '13800000000', x: 80, y: y(5), size },
      { text: '2024', x: 80 + advance('13800000000', size) + size, y: y(5), size },
    ];
    const [part] = parts(await collect(await buildPdf([{ draws }])));
    const lines = part.text.split('\n');
    expect(lines[0]).toBe(`${label}${a}`);
    expect(lines[1]).toBe(`证件号${b}`);
    expect(lines[2]).toBe(`公民身份号码 ${c}`);
    expect(lines[3]).toBe(d);
    expect(lines[4]).toBe(card.match(/.{1,4}/g)!.join(' '));
    expect(lines[5]).toBe('电话 13800000000 2024');
  });

  it('maps radical code points (as Chromium prints Noto CJK) to ideographs', async () => {
    const pdf = await buildPdf([linesPage(['⼾籍地址：北京市朝阳区', '居⺠身份证', '⻔牌号：12号'])]);
    const [part] = parts(await collect(pdf));
    expect(part.text).toBe('户籍地址：北京市朝阳区\n居民身份证\n门牌号：12号');
  });

  it('reads filled-in form fields as a record, labelled by tooltip and located by field name', async () => {
    const rng = makeRng(403);
    const id = makeCnId(rng);
    const mobile = makeMobile(rng);
    const pdf = await buildFormPdf(
      [
        { name: 'id_number', value: id, tooltip: '身份证号码' },
        { name: 'phone', value: mobile },
      ],
      '入住登记表',
    );
    const ps = parts(await collect(pdf));
    expect(ps[0].text).toBe('入住登记表');
    const form = ps[1];
    expect(form).toMatchObject({ at: { page: 1 }, origin: 'text-layer', record: 'part' });
    expect(form.text).toBe(`身份证号码：${id}\nphone：${mobile}`);
    expect(form.refine?.(1, 7)).toEqual({ field: 'id_number' });
    expect(form.refine?.(2, 7)).toEqual({ field: 'phone' });
  });

  it('sends a page without a text layer to OCR as a JPEG and yields its read with page and word boxes', async () => {
    const rng = makeRng(404);
    const id = makeCnId(rng);
    const pdf = await buildPdf([linesPage(['附件：身份证复印件']), { jpeg: await greyJpeg() }]);
    const ocr = fakeOcr(`公民身份号码 ${id}\n仅供租房使用`);
    const items = await collect(pdf, ocr.ctx);
    expect(ocr.calls).toHaveLength(1);
    const jpeg = ocr.calls[0];
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const size = jpegSize(jpeg)!;
    // A4 at ~250 dpi: long side between the minimum and the cap.
    expect(Math.max(size.width, size.height)).toBeGreaterThanOrEqual(1600);
    expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(4000);
    expect(size.height / size.width).toBeCloseTo(A4[1] / A4[0], 1);
    const ps = parts(items);
    expect(ps).toHaveLength(2);
    const scan = ps[1];
    expect(scan).toMatchObject({ at: { page: 2 }, origin: 'ocr', record: 'part', visual: { kind: 'pdf-page', width: 2067, height: 2923, confidence: 88, rotation: 0 } });
    expect(scan.text).toContain(id);
    // The ID is the second word: its box; a column in the first word gets the first box.
    expect(scan.refine?.(1, 8)).toEqual({ bbox: [110, 20, 90, 30] });
    expect(scan.refine?.(1, 1)).toEqual({ bbox: [10, 20, 90, 30] });
    expect(scan.refine?.(2, 1)).toEqual({ bbox: [210, 20, 90, 30] });
    expect(scan.refine?.(1, 7)).toBeUndefined(); // the space between words
  });

  it('skips scan pages when OCR is off, OCRs scans with a caption too, and ignores blank pages', async () => {
    const jpeg = await greyJpeg();
    const pdf = await buildPdf([{ jpeg }, { draws: [] }, linesPage(['正文']), { jpeg, draws: [{ text: '第4页', x: 500, y: 20, size: 9 }] }]);
    const items = await collect(pdf);
    expect(items).toEqual([
      { type: 'skip', reason: 'page 1 has no text layer; OCR off', at: { page: 1 } },
      { type: 'text', part: expect.objectContaining({ text: '正文', at: { page: 3 } }) },
      { type: 'text', part: expect.objectContaining({ text: '第4页', at: { page: 4 } }) },
      { type: 'skip', reason: 'page 4 is mostly an image; OCR off', at: { page: 4 } },
    ]);
    // With OCR on, the scan with a caption gets both its text layer and its OCR read.
    const ocr = fakeOcr('公民身份号码');
    const withOcr = parts(await collect(pdf, ocr.ctx));
    expect(withOcr.map((p) => [p.at.page, p.origin])).toEqual([[1, 'ocr'], [3, 'text-layer'], [4, 'text-layer'], [4, 'ocr']]);
  });

  it('goes on with the next page when OCR of one page fails', async () => {
    const pdf = await buildPdf([{ jpeg: await greyJpeg() }, { jpeg: await greyJpeg() }]);
    const ocr = fakeOcr('姓名 张三', { failOn: 1 });
    const items = await collect(pdf, ocr.ctx);
    expect(items[0]).toEqual({ type: 'error', message: 'page 1: OCR failed: engine crashed', at: { page: 1 } });
    expect(parts(items).map((p) => p.at)).toEqual([{ page: 2 }]);
    expect(ocr.created()).toBe(2);
  });

  it('reports a PDF that needs a password, and reads one encrypted with an owner password only', async () => {
    const rng = makeRng(405);
    const id = makeCnId(rng);
    const plain = await buildPdf([linesPage([`身份证号码：${id}`]), linesPage(['第二页'])], { noInfo: true });
    const locked = await collect(await encryptPdf(plain, 'user-secret'));
    expect(locked).toEqual([{ type: 'error', message: 'PDF is encrypted (password required)' }]);
    const restricted = parts(await collect(await encryptPdf(plain, '')));
    expect(restricted.map((p) => p.text)).toEqual([`身份证号码：${id}`, '第二页']);
  });

  it('reports corrupt, truncated and empty PDFs without their content', async () => {
    const rng = makeRng(406);
    const id = makeCnId(rng);
    const pdf = await buildPdf([linesPage([`身份证号码：${id}`])]);
    const cases: [string, Uint8Array][] = [
      ['garbage', Buffer.concat([Buffer.from(`%PDF-1.7\n${id}\n`), Buffer.alloc(3000, 0x41)])],
      ['truncated', pdf.subarray(0, Math.floor(pdf.length * 0.5))],
      ['header only', Buffer.from('%PDF-1.4\n')],
      ['empty', new Uint8Array(0)],
    ];
    for (const [what, data] of cases) {
      const items = await collect(data);
      expect(items, what).toHaveLength(1);
      expect(items[0].type, what).toBe('error');
      const msg = messages(items)[0];
      expect(msg, what).toMatch(/^corrupt PDF: /);
      expect(msg, what).not.toContain(id);
      expect(msg, what).not.toMatch(/\d{6}/);
    }
    expect(messages(await collect(new Uint8Array(0)))).toEqual(['corrupt PDF: empty file']);
  });

  it('reports a broken page and keeps the pages before it', async () => {
    const { PDFDocument, PDFNumber } = await import('pdf-lib');
    const doc = await PDFDocument.load(await buildPdf([linesPage(['第一页']), linesPage(['第二页'])]));
    doc.context.assign(doc.getPage(1).ref, PDFNumber.of(0)); // the page tree's second kid is not a page
    const items = await collect(await doc.save({ useObjectStreams: false }));
    expect(parts(items).map((p) => p.text)).toEqual(['第一页']);
    expect(items[1]).toMatchObject({ type: 'error', at: { page: 2 } });
    expect(messages(items)[0]).toMatch(/^page 2: reading the page failed: /);
  });

  it('leaves the caller’s buffer intact (pdf.js would detach it), prints nothing, writes no file', async () => {
    const pdf = await buildPdf([linesPage(['正文 1']), { jpeg: await greyJpeg() }]);
    const data = Buffer.from(pdf);
    const before = Buffer.from(data);
    const written: string[] = [];
    const deny = (name: string) => (..._args: unknown[]) => {
      written.push(name);
      throw new Error(`${name} is not allowed in the PDF source`);
    };
    const writers = ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync', 'copyFile', 'copyFileSync', 'rename', 'renameSync'] as const;
    for (const w of writers) vi.spyOn(fs, w).mockImplementation(deny(w) as never);
    for (const w of ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'copyFile', 'rename'] as const) vi.spyOn(fs.promises, w).mockImplementation(deny(`promises.${w}`) as never);
    const realOpen = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      if (flags !== undefined && flags !== 'r' && flags !== fs.constants.O_RDONLY) written.push(`openSync ${String(flags)}`);
      return realOpen(p, flags ?? 'r', mode);
    }) as never);
    syncBuiltinESMExports(); // so named imports of node:fs see the spies too
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const logs = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const cwdBefore = readdirSync('.');
    try {
      const ocr = fakeOcr('扫描件');
      const items = await collect(data, ocr.ctx);
      expect(parts(items).map((p) => p.at.page)).toEqual([1, 2]);
      // Corrupt input too: pdf.js would warn on stderr at its default verbosity.
      await collect(Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'), Buffer.alloc(200, 0x20)]));
    } finally {
      vi.restoreAllMocks();
      syncBuiltinESMExports();
    }
    expect(written).toEqual([]);
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    for (const l of logs) expect(l).not.toHaveBeenCalled();
    expect(readdirSync('.')).toEqual(cwdBefore);
    expect(data.equals(before)).toBe(true);
  });

  it('puts back the built-ins pdf.js’s core-js replaces (JSON 11x slower otherwise)', async () => {
    await collect(await buildPdf([linesPage(['正文'])]));
    expect(Array.prototype.push).toBe(NATIVE.push);
    expect(JSON.stringify).toBe(NATIVE.stringify);
    expect(JSON.parse).toBe(NATIVE.parse);
    expect(Function.prototype.toString).toBe(NATIVE.toString);
    // What pdf.js needs on Node 20 stays.
    expect(typeof (Promise as unknown as { withResolvers: unknown }).withResolvers).toBe('function');
  });

  it('stops when the scan is aborted', async () => {
    const pdf = await buildPdf([linesPage(['第一页']), linesPage(['第二页'])]);
    const ac = new AbortController();
    const seen: DocumentItem[] = [];
    await expect(
      (async () => {
        for await (const item of extractPdf(pdf, { signal: ac.signal })) {
          seen.push(item);
          ac.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toHaveLength(1);
  });
});

describe.skipIf(!chromiumPath() || !haveNotoCjk())('a PDF printed by Chromium (needs apt packages chromium, fonts-noto-cjk)', () => {
  it('reads IDs whole, typed spaces kept, radical code points mapped, pages numbered', async () => {
    const rng = makeRng(407);
    const people = Array.from({ length: 4 }, () => ({ name: makeName(rng), id: makeCnId(rng), mobile: makeMobile(rng) }));
    const lines = people.map((p) => `户籍地址：北京市朝阳区 居民 ${p.name} 身份证号码：${p.id} 联系电话：${p.mobile}`);
    const pdf = await chromiumPdf(htmlPage(lines, { pageBreaks: 2 }));
    const ps = parts(await collect(pdf));
    expect(ps.map((p) => p.at)).toEqual([{ page: 1 }, { page: 2 }]);
    const text = ps.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/[\u2e80-\u2fdf]/u);
    expect(text.split('\n')).toEqual(lines);
  }, 120_000);
});
