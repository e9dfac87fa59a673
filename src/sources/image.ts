/**
 * Images (png, jpg/jpeg, webp, bmp, tif/tiff with every page, gif first frame) through OCR: one
 * text part per image, or per page of a TIFF (located by `page`), located by the image's path and,
 * for a value, the box of the word holding it. The OCR engine comes from the scan (created on the
 * first image, shared); with OCR off the image is listed as skipped. Messages never carry image
 * content.
 */
import type { DocumentItem, ExtractContext } from '../model/document.js';
import { sniffImageFormat } from './ocr/format.js';
import { locateWords, wordAt } from './ocr/page-text.js';
import { MAX_TIFF_PAGES, tiffPageOffsets, tiffWithFirstPage } from './ocr/tiff-pages.js';

/** The image format of a file by its first bytes (`png`, `jpg`, `gif`, `webp`, `bmp`, `tif`, `pnm`). */
export function isImage(head: Buffer): string | undefined {
  return sniffImageFormat(head);
}

/**
 * `name` is the file's name for context only: the pipeline puts the path into locations and error
 * entries itself, so messages here say what went wrong, not where.
 */
export async function* extractImage(data: Buffer, name: string, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  void name;
  if (!ctx.ocr) {
    yield { type: 'skip', reason: 'OCR off (--no-ocr)' };
    return;
  }
  const format = isImage(data);
  if (!format) {
    yield { type: 'error', message: 'not a readable image (unknown format)' };
    return;
  }
  // A multi-page TIFF is read page by page (see tiff-pages.ts); other formats are one page.
  const pages = format === 'tif' ? tiffPageOffsets(data) : [];
  if (pages.length <= 1) {
    yield* ocrPage(data, format, undefined, ctx);
    return;
  }
  for (let k = 0; k < Math.min(pages.length, MAX_TIFF_PAGES); k++) {
    if (ctx.signal?.aborted) return;
    // Page 1 is the file itself (a read-ahead may already be reading exactly these bytes).
    yield* ocrPage(k === 0 ? data : tiffWithFirstPage(data, pages[k]), format, k + 1, ctx);
  }
  if (pages.length > MAX_TIFF_PAGES) yield { type: 'skip', reason: `TIFF pages after ${MAX_TIFF_PAGES} not read` };
}

/** One image (or one page of a TIFF) through OCR: a text part, an error item, or nothing when blank. */
async function* ocrPage(data: Buffer, format: string, pageNo: number | undefined, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  const at = pageNo === undefined ? {} : { page: pageNo };
  let page;
  try {
    const engine = await ctx.ocr!();
    page = await engine.recognize(data, { signal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) return;
    yield { type: 'error', message: `${format} image could not be read by OCR: ${reason(err)}`, ...(pageNo === undefined ? {} : { at }) };
    return;
  }
  if (!page.text.trim()) return;
  const spans = locateWords(page.text, page.words);
  yield {
    type: 'text',
    part: {
      text: page.text,
      at,
      origin: 'ocr',
      record: 'part',
      visual: { kind: 'image', width: page.width, height: page.height, confidence: page.confidence, rotation: page.rotation },
      refine: (line, col) => {
        const i = wordAt(spans, line, col);
        return i === undefined ? undefined : { bbox: page.words[i].bbox };
      },
    },
  };
}

/** The error's own message, which for OCR failures never holds recognised text. */
function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 160 ? `${msg.slice(0, 160)}…` : msg;
}
