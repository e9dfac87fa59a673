/**
 * PDFs built in memory for the PDF source's tests and benchmark, with pdf-lib + @pdf-lib/fontkit.
 * Only synthetic values go in (test/helpers/synth.ts). Nothing is written to disk, except by
 * `chromiumPdf`, which prints through a temp folder it removes.
 *
 * The CJK font is WenQuanYi Zen Hei from the Debian package fonts-wqy-zenhei: it ships only as a
 * TrueType collection (.ttc), which fontkit opens as a collection pdf-lib cannot embed, so
 * `cjkFontBytes` cuts one face out of it into a plain .ttf (face 1, "WenQuanYi Zen Hei Mono": the
 * same outlines without the embedded bitmap tables). Its glyph outlines are TrueType (glyf), which
 * pdf-lib subsets reliably; Noto CJK's CFF outlines are four times bigger and slower to subset.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';

export const CJK_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
/** The apt package holding CJK_FONT_PATH. */
export const CJK_FONT_PACKAGE = 'fonts-wqy-zenhei';

export function haveCjkFont(): boolean {
  return existsSync(CJK_FONT_PATH);
}

let fontCache: Uint8Array | undefined;

/** One face of a TrueType collection as a standalone sfnt (.ttf) file. */
export function ttcFace(ttc: Buffer, face: number): Uint8Array {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return new Uint8Array(ttc);
  const count = ttc.readUInt32BE(8);
  if (face >= count) throw new Error(`collection has ${count} faces`);
  const start = ttc.readUInt32BE(12 + 4 * face);
  const numTables = ttc.readUInt16BE(start + 4);
  const tables: { tag: string; checksum: number; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const r = start + 12 + 16 * i;
    tables.push({ tag: ttc.toString('latin1', r, r + 4), checksum: ttc.readUInt32BE(r + 4), offset: ttc.readUInt32BE(r + 8), length: ttc.readUInt32BE(r + 12) });
  }
  const headerLen = 12 + 16 * numTables;
  const total = tables.reduce((n, t) => n + ((t.length + 3) & ~3), headerLen);
  const out = Buffer.alloc(total);
  ttc.copy(out, 0, start, start + 12); // sfnt version + numTables + search fields, unchanged
  let at = headerLen;
  tables.forEach((t, i) => {
    const r = 12 + 16 * i;
    out.write(t.tag, r, 'latin1');
    out.writeUInt32BE(t.checksum, r + 4);
    out.writeUInt32BE(at, r + 8);
    out.writeUInt32BE(t.length, r + 12);
    ttc.copy(out, at, t.offset, t.offset + t.length);
    at += (t.length + 3) & ~3;
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function cjkFontBytes(): Uint8Array {
  fontCache ??= ttcFace(readFileSync(CJK_FONT_PATH), 1);
  return fontCache;
}

/** A piece of text drawn at (x, y) in PDF points from the bottom-left corner. */
export interface Draw {
  text: string;
  x: number;
  y: number;
  size?: number;
}

export type PageSpec =
  | { draws: Draw[]; width?: number; height?: number }
  /** A page holding an image (a scan) drawn over the whole page, and maybe a caption. */
  | { jpeg: Uint8Array; draws?: Draw[]; width?: number; height?: number };

export interface BuildOptions {
  /** Leave out the Info dictionary (Producer, dates): its strings would need encrypting too. */
  noInfo?: boolean;
}

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];

export async function buildPdf(pages: PageSpec[], opts: BuildOptions = {}): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const doc = await PDFDocument.create({ updateMetadata: !opts.noInfo });
  doc.registerFontkit(fontkit);
  const needsFont = pages.some((p) => p.draws?.length);
  const font = needsFont ? await doc.embedFont(cjkFontBytes(), { subset: true }) : undefined;
  for (const spec of pages) {
    const page = doc.addPage([spec.width ?? A4[0], spec.height ?? A4[1]]);
    if ('jpeg' in spec) {
      const img = await doc.embedJpg(spec.jpeg);
      page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    }
    for (const d of spec.draws ?? []) page.drawText(d.text, { x: d.x, y: d.y, size: d.size ?? 12, font });
  }
  return doc.save({ useObjectStreams: false });
}

/** Lines of text drawn top-down at the left margin, one text item per line. */
export function linesPage(lines: string[], size = 11): PageSpec {
  const top = A4[1] - 60;
  return { draws: lines.map((text, i) => ({ text, x: 50, y: top - i * size * 1.6, size })) };
}

/** A text width estimate good enough to place the next item of a line (monospace-ish CJK font). */
export function advance(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? size : size * 0.5;
  return w;
}

/** A tiny valid JPEG (grey), made with @napi-rs/canvas, for scan pages. */
export async function greyJpeg(width = 400, height = 250): Promise<Uint8Array> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ddd';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#222';
  ctx.fillRect(20, 20, width / 3, height / 2);
  return new Uint8Array(await canvas.encode('jpeg', 85));
}

// ---------------------------------------------------------------------------------------------
// Encryption (pdf-lib cannot encrypt and qpdf is not installed): the PDF standard security
// handler, revision 2 (40-bit RC4), ISO 32000-1 §7.6.3, algorithms 1, 2, 3 and 4. Enough for
// pdf.js to ask for a password (non-empty user password) or to open and decrypt silently (empty
// user password, owner password only: the common "restrictions only" PDF).

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = new Uint8Array(256).map((_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

function padPassword(pw: string): Buffer {
  return Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);
}

/**
 * Re-save `pdf` encrypted with RC4-40. `userPassword` '' makes a PDF anyone can open (pdf.js then
 * decrypts with the empty password); a non-empty one makes a PDF that needs the password.
 * The input must come from `buildPdf(…, { noInfo: true })`: only streams are encrypted here, and
 * a pdf-lib document without Info has no strings outside streams.
 */
export async function encryptPdf(pdf: Uint8Array, userPassword: string, ownerPassword = 'owner-secret'): Promise<Uint8Array> {
  const { PDFDocument, PDFRawStream, PDFName, PDFHexString, PDFNumber, PDFArray, PDFDict } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const P = -44; // print allowed, modify/copy/annotate not: a typical restrictions-only PDF
  const fileId = md5(Buffer.from('piaudit-test-pdf'));
  // Algorithm 3: the O entry.
  const ownerKey = md5(padPassword(ownerPassword)).subarray(0, 5);
  const O = rc4(ownerKey, padPassword(userPassword));
  // Algorithm 2: the file key from the user password.
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(P);
  const fileKey = md5(padPassword(userPassword), O, pBytes, fileId).subarray(0, 5);
  // Algorithm 4: the U entry.
  const U = rc4(fileKey, PAD);

  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    // Algorithm 1: per-object key from the file key, object number and generation.
    const objKey = Buffer.alloc(5 + 5);
    Buffer.from(fileKey).copy(objKey);
    objKey.writeUIntLE(ref.objectNumber, 5, 3);
    objKey.writeUIntLE(ref.generationNumber, 8, 2);
    const key = md5(objKey).subarray(0, 10);
    const enc = rc4(key, obj.contents);
    ctx.assign(ref, PDFRawStream.of(obj.dict, enc));
  }
  const encrypt = PDFDict.withContext(ctx);
  encrypt.set(PDFName.of('Filter'), PDFName.of('Standard'));
  encrypt.set(PDFName.of('V'), PDFNumber.of(1));
  encrypt.set(PDFName.of('R'), PDFNumber.of(2));
  encrypt.set(PDFName.of('O'), PDFHexString.of(O.toString('hex')));
  encrypt.set(PDFName.of('U'), PDFHexString.of(U.toString('hex')));
  encrypt.set(PDFName.of('P'), PDFNumber.of(P));
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  const id = PDFArray.withContext(ctx);
  id.push(PDFHexString.of(fileId.toString('hex')));
  id.push(PDFHexString.of(fileId.toString('hex')));
  ctx.trailerInfo.ID = id;
  return doc.save({ useObjectStreams: false });
}


/** A text field of a fillable form: its value lives in the AcroForm, not in the page's text. */
export interface FormField {
  name: string;
  value: string;
  /** The field's tooltip (/TU), which forms use as the human label. */
  tooltip?: string;
}

/** One page with a fillable form, its fields filled in (values must be Latin: Helvetica appearance). */
export async function buildFormPdf(fields: FormField[], caption: string): Promise<Uint8Array> {
  const { PDFDocument, PDFName, PDFHexString } = await import('pdf-lib');
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(cjkFontBytes(), { subset: true });
  const page = doc.addPage(A4);
  page.drawText(caption, { x: 50, y: A4[1] - 60, size: 14, font });
  const form = doc.getForm();
  fields.forEach((f, i) => {
    const tf = form.createTextField(f.name);
    tf.setText(f.value);
    tf.addToPage(page, { x: 150, y: A4[1] - 120 - i * 40, width: 300, height: 24 });
    // pdf-lib keeps field and widget apart; Acrobat merges them and pdf.js reads /TU off the widget.
    if (f.tooltip) for (const w of tf.acroField.getWidgets()) w.dict.set(PDFName.of('TU'), PDFHexString.fromText(f.tooltip));
  });
  return doc.save({ useObjectStreams: false });
}

/** Width and height of a JPEG, from its SOF marker. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return undefined;
}

/** Chromium's binary when installed (Debian package chromium), for PDFs printed the way users print them. */
export function chromiumPath(): string | undefined {
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (existsSync(p)) return p;
  return undefined;
}

/**
 * `html` printed to PDF by headless Chromium, the way a browser's "Save as PDF" does. Chromium
 * runs with a throw-away profile and HOME in a temp folder, removed afterwards.
 */
export async function chromiumPdf(html: string): Promise<Uint8Array> {
  const chromium = chromiumPath();
  if (!chromium) throw new Error('chromium is not installed');
  const { mkdtempSync, writeFileSync, readFileSync: read, rmSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-chromium-'));
  try {
    const page = path.join(dir, 'page.html');
    const out = path.join(dir, 'out.pdf');
    writeFileSync(page, html);
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${page}`];
    const r = spawnSync(chromium, args, { env: { ...process.env, HOME: dir }, stdio: 'ignore', timeout: 120_000 });
    if (!existsSync(out)) throw new Error(`chromium did not print (exit ${r.status})`);
    return new Uint8Array(read(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTML page of lines in Noto Sans CJK SC, the font Chromium prints Chinese with on Debian. */
export function htmlPage(lines: string[], opts: { pageBreaks?: number } = {}): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = lines.map((l, i) => `<p>${esc(l)}</p>${opts.pageBreaks && (i + 1) % opts.pageBreaks === 0 ? '<div style="break-after:page"></div>' : ''}`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif;font-size:10pt} p{margin:2px 0}</style></head><body>${body}</body></html>`;
}
